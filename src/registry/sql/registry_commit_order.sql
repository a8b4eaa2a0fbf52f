-- The commit order of the change feed (registry_commit). A deferred constraint trigger runs once
-- per writing transaction, at commit, after its other work: it locks the graph_version row (the
-- same lock the graph-version bump takes at commit, so the two cannot deadlock), then takes the
-- next number of registry_commit_seq. The lock is held until the commit is visible, so numbers are
-- given in commit order and every snapshot sees a prefix of them (gaps only for a transaction that
-- failed after taking its number): a feed read by (seq, change id) misses nothing and repeats
-- nothing, whatever the concurrency. No wall-clock time is involved.
-- Constraint triggers cannot be created "or replace": dropped and created again.
create or replace function registry_commit_order()
returns trigger
language plpgsql as $$
begin
  if coalesce(current_setting('ksr.commit_ordered', true), '') <> 'on' then
    perform set_config('ksr.commit_ordered', 'on', true);
    perform 1 from graph_version where id = 1 for update;
    insert into registry_commit (seq, tx) values (nextval('registry_commit_seq'), pg_current_xact_id());
  end if;
  return null;
end
$$;

drop trigger if exists "registry_change_commit_order" on "registry_change";
create constraint trigger "registry_change_commit_order" after insert on "registry_change"
  deferrable initially deferred for each row execute function registry_commit_order();
