-- Reintegration paths (src/casework/README.md, "Reintegration paths"): people grouped by the
-- voivodeship, start date and institution type of their first episode, their whole path (all their
-- episodes ordered by start date and id, each mapped to its institution's type in the reference
-- copy, 'UNKNOWN' when the copy does not know it, consecutive repeats collapsed) and their end
-- state (IN_PROGRESS while any episode is open, else the outcome of the last ended one). Internal.
create or replace function casework_compute_path_groups()
returns table (voivodeship text, first_on date, first_type text, steps text[], end_state text, n bigint)
language sql stable set search_path = pg_catalog, public set jit = off set work_mem = '256MB' as $$
with episodes as (
  select p.pseudonym collate "C" as pseudonym, p.key_version collate "C" as key_version, e.id, e.started_on, e.ended_on, e.outcome,
    coalesce(ri.type, 'UNKNOWN') as type, ri.voivodeship::text as voivodeship
  from service_episode e
  join participant p on p.id = e.participant_id
  left join reference_institution ri on ri.id = e.institution_id
), ordered as (
  -- One sort: each person's episodes by start date, then id.
  select x.*, row_number() over w as rn, lag(x.type) over w as previous_type
  from episodes x
  window w as (partition by x.pseudonym, x.key_version order by x.started_on, x.id)
), people as (
  select
    min(o.voivodeship) filter (where o.rn = 1) as voivodeship,
    min(o.started_on) filter (where o.rn = 1) as first_on,
    min(o.type) filter (where o.rn = 1) as first_type,
    array_agg(o.type order by o.started_on, o.id) filter (where o.previous_type is distinct from o.type) as steps,
    case when bool_or(o.ended_on is null) then 'IN_PROGRESS'
         else ((array_agg(o.outcome order by o.ended_on desc, o.started_on desc, o.id desc))[1])::text end as end_state
  from ordered o
  group by o.pseudonym, o.key_version
)
select p.voivodeship, p.first_on, p.first_type, p.steps, p.end_state, count(*) from people p group by 1, 2, 3, 4, 5
$$;

revoke all on function casework_compute_path_groups() from public;
