-- Overdue graduate-monitoring contacts for the statistical releases, each person's contribution
-- bounded: a person counts once per group (an institution, or the institutions of a voivodeship)
-- when a graduation of theirs there has a monitoring window past its due date without a contact,
-- through at most max_institutions of their records (earliest first, as in
-- casework_release_group_counts). Counts only.
create or replace function casework_release_overdue_people(group_ids integer[], institution_ids uuid[], as_of date, max_institutions integer)
returns table (group_id integer, n bigint)
language sql stable security definer set search_path = pg_catalog, public as $$
with grp as (
  select distinct g.group_id, g.institution_id from unnest(group_ids, institution_ids) as g(group_id, institution_id)
), kept as (
  select r.id, r.institution_id, r.key_version, r.pseudonym
  from (
    select p.id, p.institution_id, p.key_version, p.pseudonym,
           row_number() over (partition by p.key_version, p.pseudonym order by p.created_at, p.id) as rank
    from participant p
    where exists (select 1 from service_episode e where e.participant_id = p.id)
  ) r
  where r.rank <= max_institutions
), graduations as (
  select k.key_version, k.pseudonym, k.institution_id, e.id, e.ended_on
  from kept k join service_episode e on e.participant_id = k.id
  where e.kind in ('CIS_PROGRAMME', 'CLUB_ACTIVITIES') and e.ended_on is not null and e.outcome <> 'DROPPED_OUT'
), overdue as (
  select distinct g.key_version, g.pseudonym, g.institution_id
  from graduations g
  cross join (values (0, 3), (3, 6), (6, 9), (9, 12), (12, 18), (18, 24), (24, 30), (30, 36)) as s(prev, months)
  where (g.ended_on + make_interval(months => s.months))::date < as_of
    and not exists (
      select 1 from monitoring_contact c
      where c.episode_id = g.id
        and c.contacted_on > (g.ended_on + make_interval(months => s.prev))::date
        and c.contacted_on <= (g.ended_on + make_interval(months => s.months))::date)
)
select q.group_id, count(distinct (o.key_version, o.pseudonym))
from overdue o join grp q on q.institution_id = o.institution_id
group by q.group_id
$$;

revoke all on function casework_release_overdue_people(integer[], uuid[], date, integer) from public;
grant execute on function casework_release_overdue_people(integer[], uuid[], date, integer) to ksr_casework_app;
