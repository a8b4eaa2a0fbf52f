-- casework_group_overdue_contacts' rules grouped by voivodeship, for the given codes or (null)
-- all. Internal: the cache of casework_voivodeship_overdue_contacts.
create or replace function casework_compute_voivodeship_overdue(codes text[], as_of date)
returns table (voivodeship text, n bigint)
language plpgsql stable set search_path = pg_catalog, public set jit = off as $$
begin
  return query execute $q$
  with graduations as (
    select ri.voivodeship::text as grp, e.id, e.ended_on
    from service_episode e join reference_institution ri on ri.id = e.institution_id
    where ri.voivodeship is not null and ($1::text[] is null or ri.voivodeship = any ($1::text[])) and e.kind in ('CIS_PROGRAMME', 'CLUB_ACTIVITIES') and e.ended_on is not null and e.outcome <> 'DROPPED_OUT'
  ), due as (
    select g.grp, g.id, (g.ended_on + make_interval(months => s.prev))::date as window_start,
      (g.ended_on + make_interval(months => s.months))::date as due_on
    from graduations g cross join (values (0, 3), (3, 6), (6, 9), (9, 12), (12, 18), (18, 24), (24, 30), (30, 36)) as s(prev, months)
  )
  select d.grp, count(*) from due d
  where d.due_on < $2::date
    and not exists (select 1 from monitoring_contact c where c.episode_id = d.id and c.contacted_on > d.window_start and c.contacted_on <= d.due_on)
  group by d.grp
  $q$ using codes, as_of;
end
$$;

revoke all on function casework_compute_voivodeship_overdue(text[], date) from public;
