-- Overdue graduate-monitoring contacts of each group of institutions (named by an integer) on a
-- date. Due dates are 3, 6, 9, 12, 18, 24, 30 and 36 months after completion (date + interval
-- clamps to the month's end, as src/casework/monitoring/schedule.ts does); a due date is met by a
-- contact after the previous one and on or before it. Counts only; the service role may execute it.
create or replace function casework_group_overdue_contacts(group_ids integer[], institution_ids uuid[], as_of date)
returns table (group_id integer, n bigint)
language sql stable security definer set search_path = pg_catalog, public set jit = off as $$
with req as materialized (
  select distinct r.grp, r.institution_id from unnest(group_ids, institution_ids) as r(grp, institution_id)
  where r.grp is not null and r.institution_id is not null
), graduations as (
  select q.grp, e.id, e.ended_on
  from req q
  cross join lateral (select x.id, x.kind, x.ended_on, x.outcome from service_episode x where x.institution_id = q.institution_id offset 0) e
  where e.kind in ('CIS_PROGRAMME', 'CLUB_ACTIVITIES') and e.ended_on is not null and e.outcome <> 'DROPPED_OUT'
), due as (
  select g.grp, g.id, (g.ended_on + make_interval(months => s.prev))::date as window_start,
    (g.ended_on + make_interval(months => s.months))::date as due_on
  from graduations g cross join (values (0, 3), (3, 6), (6, 9), (9, 12), (12, 18), (18, 24), (24, 30), (30, 36)) as s(prev, months)
)
select d.grp, count(*) from due d
where d.due_on < as_of
  and not exists (select 1 from monitoring_contact c where c.episode_id = d.id and c.contacted_on > d.window_start and c.contacted_on <= d.due_on)
group by d.grp
$$;

revoke all on function casework_group_overdue_contacts(integer[], uuid[], date) from public;
grant execute on function casework_group_overdue_contacts(integer[], uuid[], date) to ksr_casework_app;
