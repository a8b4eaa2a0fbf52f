-- The same as casework_note_change for the reference copy of the institutions: the caches of the
-- voivodeships of the changed rows, before and after, go stale.
create or replace function casework_note_reference_change()
returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  codes text[];
begin
  if TG_OP = 'TRUNCATE' then
    delete from public.casework_cache_state s
    where exists (select 1 from unnest(TG_ARGV) as a where s.consumer = a or (a like '%/' and starts_with(s.consumer, a)));
    return null;
  elsif TG_OP = 'INSERT' then
    select array_agg(coalesce(n.voivodeship, '')) into codes from (select distinct voivodeship from new_rows) n;
  elsif TG_OP = 'DELETE' then
    select array_agg(coalesce(o.voivodeship, '')) into codes from (select distinct voivodeship from old_rows) o;
  else
    select array_agg(coalesce(x.voivodeship, '')) into codes
    from (select n.voivodeship from new_rows n union select o.voivodeship from old_rows o) x;
  end if;
  if codes is null then return null; end if;
  insert into public.casework_change (consumer, xid)
  select c, pg_current_xact_id() from (
    select a as c from unnest(TG_ARGV) as a where not (a like '%/')
    union
    select a || v from unnest(TG_ARGV) as a cross join unnest(codes) as v where a like '%/' and v <> ''
  ) x
  on conflict do nothing;
  return null;
end
$$;

create or replace trigger "reference_institution_inserted" after insert on "reference_institution" referencing new table as new_rows for each statement execute function casework_note_reference_change('voivodeship_counts/', 'voivodeship_overdue/', 'paths');
create or replace trigger "reference_institution_updated" after update on "reference_institution" referencing old table as old_rows new table as new_rows for each statement execute function casework_note_reference_change('voivodeship_counts/', 'voivodeship_overdue/', 'paths');
create or replace trigger "reference_institution_deleted" after delete on "reference_institution" referencing old table as old_rows for each statement execute function casework_note_reference_change('voivodeship_counts/', 'voivodeship_overdue/', 'paths');
create or replace trigger "reference_institution_truncated" after truncate on "reference_institution" for each statement execute function casework_note_reference_change('voivodeship_counts/', 'voivodeship_overdue/', 'paths');

revoke all on function casework_note_reference_change() from public;
