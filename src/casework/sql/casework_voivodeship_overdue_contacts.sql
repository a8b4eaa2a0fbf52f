-- Overdue contacts per voivodeship on a date, from the owner-only cache
-- casework_voivodeship_overdue (built for one as_of at a time), as casework_voivodeship_person_counts.
create or replace function casework_voivodeship_overdue_contacts(codes text[], as_of date)
returns table (voivodeship text, n bigint)
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  wanted text[] := array(select distinct c from unnest(codes) as c where c ~ '^[0-9]{2}$');
  stale text[];
begin
  if as_of is null then raise exception 'as_of is required' using errcode = '22023'; end if;
  if current_setting('transaction_read_only') = 'on' then
    return query select * from casework_compute_voivodeship_overdue(wanted, as_of);
    return;
  end if;
  stale := array(select c from unnest(wanted) as c where not casework_cache_is_fresh('voivodeship_overdue/' || c, as_of::text));
  if cardinality(stale) > 0 then
    perform pg_advisory_xact_lock(hashtext('ksr:casework:cache:voivodeship_overdue'));
    stale := array(select c from unnest(wanted) as c where not casework_cache_is_fresh('voivodeship_overdue/' || c, as_of::text));
    if cardinality(stale) > 0 then
      delete from casework_change where consumer = any (array(select 'voivodeship_overdue/' || c from unnest(stale) as c));
      delete from casework_voivodeship_overdue c where c.voivodeship = any (stale);
      insert into casework_voivodeship_overdue select * from casework_compute_voivodeship_overdue(stale, as_of);
      insert into casework_cache_state (consumer, built_for) select 'voivodeship_overdue/' || c, as_of::text from unnest(stale) as c
        on conflict (consumer) do update set built_for = excluded.built_for, built_at = now();
    end if;
  end if;
  return query select c.voivodeship, c.n from casework_voivodeship_overdue c where c.voivodeship = any (wanted);
end
$$;

revoke all on function casework_voivodeship_overdue_contacts(text[], date) from public;
grant execute on function casework_voivodeship_overdue_contacts(text[], date) to ksr_casework_app;
