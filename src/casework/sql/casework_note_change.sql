-- Which caches a write makes stale (src/casework/README.md, "Performance"): statement triggers
-- with transition tables on participant, service_episode and monitoring_contact log one
-- casework_change row per cache and writing transaction (a conflict only ever meets the
-- transaction's own row, so writers never wait for each other). The arguments name the caches; one
-- ending in "/" is kept per voivodeship and goes stale only when a changed row belongs to an
-- institution that voivodeship seats. Runs as the owner for the service role's writes too; a
-- rolled-back savepoint takes its rows with it. TRUNCATE (the owner's alone) drops the caches'
-- state instead. Transition tables allow one event per trigger.
create or replace function casework_note_change()
returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  changed uuid[];
begin
  if TG_OP = 'TRUNCATE' then
    delete from public.casework_cache_state s
    where exists (select 1 from unnest(TG_ARGV) as a where s.consumer = a or (a like '%/' and starts_with(s.consumer, a)));
    return null;
  elsif TG_OP = 'INSERT' then
    select array_agg(distinct n.institution_id) into changed from new_rows n;
  elsif TG_OP = 'DELETE' then
    select array_agg(distinct o.institution_id) into changed from old_rows o;
  else
    select array_agg(distinct x.institution_id) into changed
    from (select n.institution_id from new_rows n union all select o.institution_id from old_rows o) x;
  end if;
  if changed is null then return null; end if;
  insert into public.casework_change (consumer, xid)
  select c, pg_current_xact_id() from (
    select a as c from unnest(TG_ARGV) as a where not (a like '%/')
    union
    select a || ri.voivodeship from unnest(TG_ARGV) as a cross join public.reference_institution ri
    where a like '%/' and ri.id = any (changed) and ri.voivodeship is not null
  ) x
  on conflict do nothing;
  return null;
end
$$;

create or replace trigger "participant_inserted" after insert on "participant" referencing new table as new_rows for each statement execute function casework_note_change('voivodeship_counts/', 'paths');
create or replace trigger "participant_updated" after update on "participant" referencing old table as old_rows new table as new_rows for each statement execute function casework_note_change('voivodeship_counts/', 'paths');
create or replace trigger "participant_deleted" after delete on "participant" referencing old table as old_rows for each statement execute function casework_note_change('voivodeship_counts/', 'paths');
create or replace trigger "participant_truncated" after truncate on "participant" for each statement execute function casework_note_change('voivodeship_counts/', 'paths');
create or replace trigger "service_episode_inserted" after insert on "service_episode" referencing new table as new_rows for each statement execute function casework_note_change('voivodeship_counts/', 'voivodeship_overdue/', 'paths');
create or replace trigger "service_episode_updated" after update on "service_episode" referencing old table as old_rows new table as new_rows for each statement execute function casework_note_change('voivodeship_counts/', 'voivodeship_overdue/', 'paths');
create or replace trigger "service_episode_deleted" after delete on "service_episode" referencing old table as old_rows for each statement execute function casework_note_change('voivodeship_counts/', 'voivodeship_overdue/', 'paths');
create or replace trigger "service_episode_truncated" after truncate on "service_episode" for each statement execute function casework_note_change('voivodeship_counts/', 'voivodeship_overdue/', 'paths');
create or replace trigger "monitoring_contact_inserted" after insert on "monitoring_contact" referencing new table as new_rows for each statement execute function casework_note_change('voivodeship_overdue/');
create or replace trigger "monitoring_contact_updated" after update on "monitoring_contact" referencing old table as old_rows new table as new_rows for each statement execute function casework_note_change('voivodeship_overdue/');
create or replace trigger "monitoring_contact_deleted" after delete on "monitoring_contact" referencing old table as old_rows for each statement execute function casework_note_change('voivodeship_overdue/');
create or replace trigger "monitoring_contact_truncated" after truncate on "monitoring_contact" for each statement execute function casework_note_change('voivodeship_overdue/');

revoke all on function casework_note_change() from public;
