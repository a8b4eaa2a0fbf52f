-- Whether cache `which` was built for `for_what` and nothing it depends on changed since
-- (casework_note_change.sql). Internal: owner only.
create or replace function casework_cache_is_fresh(which text, for_what text)
returns boolean
language sql stable set search_path = pg_catalog, public as $$
select not exists (select 1 from casework_change c where c.consumer = which)
   and exists (select 1 from casework_cache_state s where s.consumer = which and s.built_for = for_what)
$$;

revoke all on function casework_cache_is_fresh(text, text) from public;
