-- True counts of people per group with every person's contribution bounded, for the release job
-- (src/casework/README.md, "Statistical releases"; the job adds the noise):
-- - A person (key_version, pseudonym) counts only with a service episode, through at most
--   max_institutions of their records (earliest first), and in at most max_groups groups (lowest
--   group id first), with at most max_categories categories (alphabetical first).
-- - One outcome per person and group: IN_PROGRESS while an episode of theirs in the group is open,
--   else the last ended one's.
-- Groups are (group id, institution) pairs; a person counts in a group when at least
-- min_institutions of their kept records are at its institutions. Counts only.
create or replace function casework_release_group_counts(group_ids integer[], institution_ids uuid[], min_institutions integer, max_institutions integer, max_groups integer, max_categories integer)
returns table (group_id integer, dimension text, value text, n bigint)
language sql stable security definer set search_path = pg_catalog, public as $$
with grp as (
  select distinct g.group_id, g.institution_id from unnest(group_ids, institution_ids) as g(group_id, institution_id)
), kept as (
  select r.id, r.institution_id, r.key_version, r.pseudonym, r.categories
  from (
    select p.id, p.institution_id, p.key_version, p.pseudonym, p.categories,
           row_number() over (partition by p.key_version, p.pseudonym order by p.created_at, p.id) as rank
    from participant p
    where exists (select 1 from service_episode e where e.participant_id = p.id)
  ) r
  where r.rank <= max_institutions
), membership as (
  select g.group_id, k.key_version, k.pseudonym, k.id, k.institution_id, k.categories
  from kept k join grp g on g.institution_id = k.institution_id
), person_groups as (
  select m.group_id, m.key_version, m.pseudonym,
         row_number() over (partition by m.key_version, m.pseudonym order by m.group_id) as rank
  from membership m
  group by m.group_id, m.key_version, m.pseudonym
  having count(distinct m.institution_id) >= min_institutions
), counted as (
  select pg.group_id, pg.key_version, pg.pseudonym from person_groups pg where pg.rank <= max_groups
), outcomes as (
  select c.group_id,
    case when bool_or(e.ended_on is null) then 'IN_PROGRESS'
         else ((array_agg(e.outcome order by e.ended_on desc, e.started_on desc, e.id desc))[1])::text end as outcome
  from counted c
  join membership m on m.group_id = c.group_id and m.key_version = c.key_version and m.pseudonym = c.pseudonym
  join service_episode e on e.participant_id = m.id
  group by c.group_id, c.key_version, c.pseudonym
), categories as (
  select x.group_id, x.category
  from (
    select c.group_id, cat.category, dense_rank() over (partition by c.group_id, c.key_version, c.pseudonym order by cat.category) as rank
    from counted c
    join membership m on m.group_id = c.group_id and m.key_version = c.key_version and m.pseudonym = c.pseudonym
    cross join lateral unnest(m.categories) as cat(category)
    group by c.group_id, c.key_version, c.pseudonym, cat.category
  ) x
  where x.rank <= max_categories
)
select c.group_id, 'total'::text, ''::text, count(*) from counted c group by c.group_id
union all
select o.group_id, 'outcome'::text, o.outcome, count(*) from outcomes o group by o.group_id, o.outcome
union all
select x.group_id, 'category'::text, x.category::text, count(*) from categories x group by x.group_id, x.category
$$;

revoke all on function casework_release_group_counts(integer[], uuid[], integer, integer, integer, integer) from public;
grant execute on function casework_release_group_counts(integer[], uuid[], integer, integer, integer, integer) to ksr_casework_app;
