-- The insider-probing report (src/casework/README.md, "Insider-probing report"). It reads every
-- institution's registrations (it must: the signals compare institutions) and returns aggregate
-- rows only, per institution and month of registration: never a participant, a pseudonym, a day
-- or the other institution of a person. Days are calendar days in Poland. A registration is a
-- participant row (created_at); the report sees what existed at the end of `as_of`.
--  (a) no_episode_after_grace: registered more than `grace_days` days before as_of, no service
--      episode recorded at all;
--  (b) known_elsewhere: the same person (key_version, pseudonym) had been registered at another
--      institution before; of those, no_episode_within_grace: grace period over and no episode
--      recorded within `grace_days` days of the registration; and without_episode: no episode
--      recorded so far (recent registrations included);
--  (c) bursts: institution-days with at least `burst_min` registrations and more than
--      `burst_factor` times the institution's usual rate: the median of its registrations per
--      active day (a day with at least one) over the 365 days before that day, 0 if it had none.
-- Rows are listed only where (a), (b) without an episode or (c) is non-zero; `registrations` is the
-- month's total. Executable by the service role only (the service lets ADMIN callers reach it).
create or replace function casework_privacy_report(from_day date, to_day date, as_of date, grace_days integer, burst_min integer, burst_factor numeric)
returns table (institution_id uuid, month date, registrations bigint, no_episode_after_grace bigint, known_elsewhere bigint, known_elsewhere_no_episode_within_grace bigint, known_elsewhere_without_episode bigint, burst_days bigint, burst_registrations bigint, largest_burst_day bigint)
language sql stable security definer set search_path = pg_catalog, public as $$
with bounds as (
  select ((as_of + 1)::timestamp at time zone 'Europe/Warsaw') as as_of_end
), reg as (
  select p.id, p.institution_id, p.key_version, p.pseudonym, p.created_at,
    (p.created_at at time zone 'Europe/Warsaw')::date as day
  from participant p, bounds b
  where p.created_at < b.as_of_end
), in_window as (
  select r.*,
    r.day < as_of - grace_days as matured,
    exists (select 1 from participant o
      where o.key_version = r.key_version and o.pseudonym = r.pseudonym
        and o.institution_id <> r.institution_id and o.created_at < r.created_at) as elsewhere,
    exists (select 1 from service_episode e, bounds b
      where e.participant_id = r.id and e.created_at < b.as_of_end) as any_episode,
    exists (select 1 from service_episode e
      where e.participant_id = r.id and e.created_at < r.created_at + make_interval(days => grace_days)) as early_episode
  from reg r
  where r.day between from_day and to_day
), monthly as (
  select w.institution_id, date_trunc('month', w.day)::date as month, count(*) as registrations,
    count(*) filter (where w.matured and not w.any_episode) as no_episode_after_grace,
    count(*) filter (where w.elsewhere) as known_elsewhere,
    count(*) filter (where w.elsewhere and w.matured and not w.early_episode) as known_elsewhere_no_episode_within_grace,
    count(*) filter (where w.elsewhere and not w.any_episode) as known_elsewhere_without_episode
  from in_window w
  group by 1, 2
), daily as (
  select r.institution_id, r.day, count(*) as n from reg r group by 1, 2
), bursts as (
  select d.institution_id, date_trunc('month', d.day)::date as month,
    count(*) as burst_days, sum(d.n) as burst_registrations, max(d.n) as largest_burst_day
  from (select * from daily where day between from_day and to_day and n >= burst_min) d
  cross join lateral (
    select coalesce(percentile_cont(0.5) within group (order by p.n), 0) as usual
    from daily p
    where p.institution_id = d.institution_id and p.day >= d.day - 365 and p.day < d.day
  ) b
  where d.n > burst_factor * b.usual
  group by 1, 2
)
select m.institution_id, m.month, m.registrations, m.no_episode_after_grace,
  m.known_elsewhere, m.known_elsewhere_no_episode_within_grace, m.known_elsewhere_without_episode,
  coalesce(b.burst_days, 0), coalesce(b.burst_registrations, 0), coalesce(b.largest_burst_day, 0)
from monthly m
left join bursts b on b.institution_id = m.institution_id and b.month = m.month
where m.no_episode_after_grace > 0 or m.known_elsewhere_no_episode_within_grace > 0
  or m.known_elsewhere_without_episode > 0 or b.burst_days > 0
order by m.month, m.institution_id
$$;

revoke all on function casework_privacy_report(date, date, date, integer, integer, numeric) from public;
grant execute on function casework_privacy_report(date, date, date, integer, integer, numeric) to ksr_casework_app;
