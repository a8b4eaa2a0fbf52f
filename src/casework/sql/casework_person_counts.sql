-- The text-keyed entry point of the first privacy migration (the benchmark's SQL floor calls it),
-- through the integer-keyed casework_group_person_counts: the same rows for the same input.
create or replace function casework_person_counts(group_keys text[], institution_ids uuid[], min_institutions integer)
returns table (group_key text, dimension text, value text, n bigint)
language sql stable security definer set search_path = pg_catalog, public as $$
with keyed as (
  select u.k, u.o, dense_rank() over (order by u.k) as g from unnest(group_keys) with ordinality as u(k, o)
), names as (
  select distinct keyed.g, keyed.k from keyed
)
select names.k, c.dimension, c.value, c.n
from casework_group_person_counts((select array_agg(keyed.g::integer order by keyed.o) from keyed), institution_ids, min_institutions) c
join names on names.g = c.group_id
$$;

revoke all on function casework_person_counts(text[], uuid[], integer) from public;
grant execute on function casework_person_counts(text[], uuid[], integer) to ksr_casework_app;
