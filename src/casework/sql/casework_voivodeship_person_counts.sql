-- Person counts per voivodeship from the owner-only cache casework_voivodeship_counts, rebuilt for
-- the requested voivodeships whose casework data changed (casework_note_change.sql). A rebuild
-- deletes the log rows it can see before computing, so a change committed meanwhile keeps its row
-- and causes another rebuild; rebuilds take an advisory lock (one at a time; concurrent callers
-- wait and then read the fresh cache). In a read-only transaction (a standby) it computes directly.
create or replace function casework_voivodeship_person_counts(codes text[])
returns table (voivodeship text, dimension text, value text, n bigint)
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
declare
  wanted text[] := array(select distinct c from unnest(codes) as c where c ~ '^[0-9]{2}$');
  stale text[];
begin
  if current_setting('transaction_read_only') = 'on' then
    return query select * from casework_compute_voivodeship_counts(wanted);
    return;
  end if;
  stale := array(select c from unnest(wanted) as c where not casework_cache_is_fresh('voivodeship_counts/' || c, ''));
  if cardinality(stale) > 0 then
    perform pg_advisory_xact_lock(hashtext('ksr:casework:cache:voivodeship_counts'));
    stale := array(select c from unnest(wanted) as c where not casework_cache_is_fresh('voivodeship_counts/' || c, ''));
    if cardinality(stale) > 0 then
      delete from casework_change where consumer = any (array(select 'voivodeship_counts/' || c from unnest(stale) as c));
      delete from casework_voivodeship_counts c where c.voivodeship = any (stale);
      insert into casework_voivodeship_counts select * from casework_compute_voivodeship_counts(stale);
      insert into casework_cache_state (consumer, built_for) select 'voivodeship_counts/' || c, '' from unnest(stale) as c
        on conflict (consumer) do update set built_for = excluded.built_for, built_at = now();
    end if;
  end if;
  return query select c.voivodeship, c.dimension, c.value, c.n from casework_voivodeship_counts c where c.voivodeship = any (wanted);
end
$$;

revoke all on function casework_voivodeship_person_counts(text[]) from public;
grant execute on function casework_voivodeship_person_counts(text[]) to ksr_casework_app;
