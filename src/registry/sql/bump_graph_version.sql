-- A version of the cooperation graph that changes whenever a transaction writes institutions,
-- partnerships, their parties or memberships, so analytics can cache per version. The bump is a
-- deferred constraint trigger: it runs at commit, once per transaction (a transaction-local setting
-- remembers it), so the version row is locked only for the instant before commit, after every other
-- lock of the transaction: writers do not serialise on it for their whole transaction and cannot
-- deadlock through it. The version becomes visible atomically with the data.
-- Constraint triggers cannot be created "or replace" (dropped and created again) nor fire on
-- truncate (a plain statement trigger covers it).
create or replace function bump_graph_version()
returns trigger
language plpgsql as $$
begin
  if coalesce(current_setting('ksr.graph_version_bumped', true), '') <> 'on' then
    perform set_config('ksr.graph_version_bumped', 'on', true);
    update "graph_version" set "version" = "version" + 1, "changed_at" = now() where "id" = 1;
  end if;
  return null;
end
$$;

drop trigger if exists "institution_graph_version" on "institution";
create constraint trigger "institution_graph_version" after insert or update or delete on "institution"
  deferrable initially deferred for each row execute function bump_graph_version();
create or replace trigger "institution_graph_version_truncate" after truncate on "institution" for each statement execute function bump_graph_version();
drop trigger if exists "partnership_graph_version" on "partnership";
create constraint trigger "partnership_graph_version" after insert or update or delete on "partnership"
  deferrable initially deferred for each row execute function bump_graph_version();
create or replace trigger "partnership_graph_version_truncate" after truncate on "partnership" for each statement execute function bump_graph_version();
drop trigger if exists "partnership_party_graph_version" on "partnership_party";
create constraint trigger "partnership_party_graph_version" after insert or update or delete on "partnership_party"
  deferrable initially deferred for each row execute function bump_graph_version();
create or replace trigger "partnership_party_graph_version_truncate" after truncate on "partnership_party" for each statement execute function bump_graph_version();
drop trigger if exists "membership_graph_version" on "membership";
create constraint trigger "membership_graph_version" after insert or update or delete on "membership"
  deferrable initially deferred for each row execute function bump_graph_version();
create or replace trigger "membership_graph_version_truncate" after truncate on "membership" for each statement execute function bump_graph_version();
