import { Migration } from '@mikro-orm/migrations';
// Frozen history: the service role's name is copied here, not imported (no code is imported).
const APP_ROLE = 'ksr_casework_app';

const SIGNATURE = 'casework_reintegration_paths(text, date, date, text, integer)';

// Hand-written: reintegration paths (src/casework/README.md, "Reintegration paths"). A person is
// every participant row with the same (key_version, pseudonym), across institutions; their path is
// all their service episodes ordered by (started_on, id), each mapped to its institution's type in
// the reference copy ('UNKNOWN' when the copy does not know it), with consecutive repeats collapsed
// and cut to max_steps (truncated says the path went on). The end state is IN_PROGRESS while any
// episode is open, else the outcome of the last ended one: the rule of casework_person_counts.
// Filters apply to the person's first episode: the voivodeship of its institution, its start date
// within [first_from, first_to], the type of its institution. Like the privacy migration's
// functions it runs as the owner (row-level security does not apply to it) and returns counts per
// path and end state, never a row of a person; the service role may execute it, PUBLIC may not.
export class Migration20261124090000 extends Migration {
  override up(): void {
    this.addSql(`create function casework_reintegration_paths(voivodeship_code text, first_from date, first_to date, first_type text, max_steps integer)
returns table (steps text[], truncated boolean, end_state text, n bigint)
language sql stable security definer set search_path = pg_catalog, public as $$
  with episodes as (
    select p.key_version, p.pseudonym, e.id, e.started_on, e.ended_on, e.outcome::text as outcome,
      coalesce(ri.type, 'UNKNOWN') as type, ri.voivodeship
    from service_episode e
    join participant p on p.id = e.participant_id
    left join reference_institution ri on ri.id = e.institution_id
  ), ordered as (
    select x.*,
      row_number() over w as rn,
      lag(x.type) over w as previous_type
    from episodes x
    window w as (partition by x.key_version, x.pseudonym order by x.started_on, x.id)
  ), persons as (
    select o.key_version, o.pseudonym from ordered o
    where o.rn = 1
      and (voivodeship_code is null or o.voivodeship = voivodeship_code)
      and (first_from is null or o.started_on >= first_from)
      and (first_to is null or o.started_on <= first_to)
      and (first_type is null or o.type = first_type)
  ), person_episodes as (
    select o.* from ordered o join persons s using (key_version, pseudonym)
  ), paths as (
    select pe.key_version, pe.pseudonym, array_agg(pe.type order by pe.started_on, pe.id) as path
    from person_episodes pe
    where pe.previous_type is distinct from pe.type
    group by pe.key_version, pe.pseudonym
  ), ends as (
    select distinct on (pe.key_version, pe.pseudonym) pe.key_version, pe.pseudonym,
      case when pe.ended_on is null then 'IN_PROGRESS' else pe.outcome end as end_state
    from person_episodes pe
    order by pe.key_version, pe.pseudonym, (pe.ended_on is null) desc, pe.ended_on desc, pe.started_on desc, pe.id desc
  )
  select p.path[1:max_steps], cardinality(p.path) > max_steps, e.end_state, count(*)
  from paths p join ends e using (key_version, pseudonym)
  group by 1, 2, 3
$$;`);
    this.addSql(`revoke all on function ${SIGNATURE} from public;`);
    this.addSql(`grant execute on function ${SIGNATURE} to ${APP_ROLE};`);
  }

  override down(): void {
    this.addSql(`drop function if exists ${SIGNATURE};`);
  }
}
