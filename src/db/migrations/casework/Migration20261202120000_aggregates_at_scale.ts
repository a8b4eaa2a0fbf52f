import { Migration } from '@mikro-orm/migrations';
// Frozen history: the service role's name is copied here, not imported (no code is imported).
const APP_ROLE = 'ksr_casework_app';

// Hand-written: the counting functions at national scale (src/casework/README.md, "Performance").
// The disclosure rules do not change: every function here returns counts, never rows about a person;
// people are counted once by (key_version, pseudonym); the service role may execute the entry
// points, PUBLIC may not; the caches and the change log belong to the owner and are granted to no one.
//
// 1. Groups are identified by a small integer (their index in the request), not by the JSON of
//    their institutions repeated for every institution (~55 KB a row for a voivodeship).
//    `casework_group_person_counts` reads each requested institution's records once through its
//    index; for people served by two or more institutions it pairs their institutions with the
//    groups' pairs, so only those people's records are read in full.
// 2. Voivodeship aggregates group by reference_institution.voivodeship inside SQL: no list of
//    institutions leaves the database, so no voivodeship is refused for its size.
// 3. Voivodeship counts and overdue contacts (per voivodeship) and the reintegration-path cube
//    are kept in owner-only cache tables and rebuilt on the first request after casework data they
//    depend on changed. Statement triggers (with transition tables) on participant,
//    service_episode, monitoring_contact and reference_institution log which caches went stale in
//    casework_change, once per cache and writing transaction: a voivodeship's counts only when a
//    changed row belongs to one of its institutions, the path cube on any change (a path crosses
//    voivodeships). A rebuild deletes the log rows it can see before computing, so a change
//    committed meanwhile keeps its row and causes another rebuild. Rebuilds take an advisory lock
//    (one at a time; concurrent callers wait and then read the fresh cache). In a read-only
//    transaction (a standby) the functions compute directly instead.

const GROUP_COUNTS = 'casework_group_person_counts(integer[], uuid[], integer)';
const GROUP_OVERDUE = 'casework_group_overdue_contacts(integer[], uuid[], date)';
const VOIVODESHIP_COUNTS = 'casework_voivodeship_person_counts(text[])';
const VOIVODESHIP_OVERDUE = 'casework_voivodeship_overdue_contacts(text[], date)';
const PATHS = 'casework_reintegration_paths(text, date, date, text, integer)';
const OLD_COUNTS = 'casework_person_counts(text[], uuid[], integer)';
const INTERNAL = [
  'casework_note_change()',
  'casework_note_reference_change()',
  'casework_cache_is_fresh(text, text)',
  'casework_compute_voivodeship_counts(text[])',
  'casework_compute_voivodeship_overdue(text[], date)',
  'casework_compute_path_groups()',
];

/** Paths are kept in the cube cut to this many steps (longer: true beyond); longer max_steps compute directly. */
const CUBE_STEPS = 16;

/**
 * The counting part of casework_group_person_counts: `person_recs` (grp, id, key_version,
 * pseudonym, categories) holds the records of every counted person within the group's
 * institutions. One outcome per person (IN_PROGRESS while an episode is open, else the last ended
 * episode's by end date, start date, id; NO_EPISODE without episodes), every category of any of
 * their records, the total: as in the privacy migration's casework_person_counts.
 */
const COUNTS_OF_PERSON_RECS = `
  ), persons as (
    select pr.grp,
      case when count(e.id) = 0 then 'NO_EPISODE'
           when bool_or(e.id is not null and e.ended_on is null) then 'IN_PROGRESS'
           else ((array_agg(e.outcome order by e.ended_on desc, e.started_on desc, e.id desc) filter (where e.id is not null))[1])::text
      end as outcome
    from person_recs pr
    left join lateral (
      select x.id, x.started_on, x.ended_on, x.outcome from service_episode x where x.participant_id = pr.id offset 0
    ) e on true
    group by pr.grp, pr.key_version, pr.pseudonym
  ), categories as (
    select distinct pr.grp, pr.key_version, pr.pseudonym, c.category
    from person_recs pr cross join lateral unnest(pr.categories) as c(category)
  )
  select p.grp, 'total'::text, null::text, count(*) from persons p group by p.grp
  union all
  select c.grp, 'category'::text, c.category, count(*) from categories c group by c.grp, c.category
  union all
  select p.grp, 'outcome'::text, p.outcome, count(*) from persons p group by p.grp, p.outcome`;

/** Due dates of graduations (CTE `graduations`: grp, id, ended_on) and the overdue count per group. */
const OVERDUE_OF_GRADUATIONS = `
  ), due as (
    select g.grp, g.id, (g.ended_on + make_interval(months => s.prev))::date as window_start,
      (g.ended_on + make_interval(months => s.months))::date as due_on
    from graduations g cross join (values (0, 3), (3, 6), (6, 9), (9, 12), (12, 18), (18, 24), (24, 30), (30, 36)) as s(prev, months)
  )
  select d.grp, count(*) from due d
  where d.due_on < as_of
    and not exists (select 1 from monitoring_contact c where c.episode_id = d.id and c.contacted_on > d.window_start and c.contacted_on <= d.due_on)
  group by d.grp`;

const GRADUATION = `e.kind in ('CIS_PROGRAMME', 'CLUB_ACTIVITIES') and e.ended_on is not null and e.outcome <> 'DROPPED_OUT'`;

/** Rebuilds cache `consumer` (for `builtFor`) with `rebuild` unless fresh; one rebuild at a time. */
const ensureFresh = (consumer: string, builtFor: string, rebuild: string): string => `
  if not casework_cache_is_fresh('${consumer}', ${builtFor}) then
    perform pg_advisory_xact_lock(hashtext('ksr:casework:cache:${consumer}'));
    if not casework_cache_is_fresh('${consumer}', ${builtFor}) then
      delete from casework_change where consumer = '${consumer}';
      ${rebuild}
      insert into casework_cache_state (consumer, built_for) values ('${consumer}', ${builtFor})
        on conflict (consumer) do update set built_for = excluded.built_for, built_at = now();
    end if;
  end if;`;

/**
 * The same per voivodeship: caches `${prefix}/<code>` of the requested `wanted` codes that are
 * stale are rebuilt together (`rebuild` sees them as `stale`), the others are left alone.
 */
const ensureFreshCodes = (prefix: string, builtFor: string, rebuild: string): string => `
  stale := array(select c from unnest(wanted) as c where not casework_cache_is_fresh('${prefix}/' || c, ${builtFor}));
  if cardinality(stale) > 0 then
    perform pg_advisory_xact_lock(hashtext('ksr:casework:cache:${prefix}'));
    stale := array(select c from unnest(wanted) as c where not casework_cache_is_fresh('${prefix}/' || c, ${builtFor}));
    if cardinality(stale) > 0 then
      delete from casework_change where consumer = any (array(select '${prefix}/' || c from unnest(stale) as c));
      ${rebuild}
      insert into casework_cache_state (consumer, built_for) select '${prefix}/' || c, ${builtFor} from unnest(stale) as c
        on conflict (consumer) do update set built_for = excluded.built_for, built_at = now();
    end if;
  end if;`;

/** Caches rebuilt per voivodeship end in "/" in the triggers' arguments; the others are global. */
const BY_VOIVODESHIP = `a like '%/'`;

export class Migration20261202120000 extends Migration {
  override up(): void {
    // The change log and the caches: the owner's, granted to no one.
    this.addSql(
      `create table "casework_change" ("consumer" text not null, "xid" xid8 not null, "logged_at" timestamptz not null default now(), constraint "casework_change_pkey" primary key ("consumer", "xid"));`,
    );
    this.addSql(
      `create table "casework_cache_state" ("consumer" text not null, "built_for" text not null, "built_at" timestamptz not null default now(), constraint "casework_cache_state_pkey" primary key ("consumer"));`,
    );
    this.addSql(`create table "casework_voivodeship_counts" ("voivodeship" text not null, "dimension" text not null, "value" text null, "n" bigint not null);`);
    this.addSql(`create table "casework_voivodeship_overdue" ("voivodeship" text not null, "n" bigint not null);`);
    this.addSql(
      `create table "casework_path" ("id" int not null, "steps" text[] not null, "longer" boolean not null, constraint "casework_path_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "casework_path_cube" ("voivodeship" text null, "first_month" date not null, "first_type" text not null, "path_id" int not null, "end_state" text not null, "n" bigint not null);`,
    );
    this.addSql(`create index "casework_path_cube_voivodeship_first_month_index" on "casework_path_cube" ("voivodeship", "first_month");`);
    for (const table of [
      'casework_change',
      'casework_cache_state',
      'casework_voivodeship_counts',
      'casework_voivodeship_overdue',
      'casework_path',
      'casework_path_cube',
    ]) {
      this.addSql(`revoke all on "${table}" from public;`);
    }

    // Which caches a write makes stale: one row per cache and writing transaction (a conflict only
    // ever meets the transaction's own row, so writers never wait for each other); a voivodeship's
    // caches only when a changed row belongs to an institution it seats. Runs as the owner for the
    // service role's writes too; a rolled-back savepoint takes its rows with it. TRUNCATE (the
    // owner's alone) drops the caches' state instead.
    this.addSql(`create function casework_note_change() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  changed uuid[];
begin
  if TG_OP = 'TRUNCATE' then
    delete from public.casework_cache_state s
    where exists (select 1 from unnest(TG_ARGV) as a where s.consumer = a or (${BY_VOIVODESHIP} and starts_with(s.consumer, a)));
    return null;
  elsif TG_OP = 'INSERT' then
    select array_agg(distinct n.institution_id) into changed from new_rows n;
  elsif TG_OP = 'DELETE' then
    select array_agg(distinct o.institution_id) into changed from old_rows o;
  else
    select array_agg(distinct x.institution_id) into changed
    from (select n.institution_id from new_rows n union all select o.institution_id from old_rows o) x;
  end if;
  if changed is null then return null; end if;
  insert into public.casework_change (consumer, xid)
  select c, pg_current_xact_id() from (
    select a as c from unnest(TG_ARGV) as a where not (${BY_VOIVODESHIP})
    union
    select a || ri.voivodeship from unnest(TG_ARGV) as a cross join public.reference_institution ri
    where ${BY_VOIVODESHIP} and ri.id = any (changed) and ri.voivodeship is not null
  ) x
  on conflict do nothing;
  return null;
end $$;`);
    // The reference copy: the voivodeships of the changed rows, before and after.
    this.addSql(`create function casework_note_reference_change() returns trigger
language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  codes text[];
begin
  if TG_OP = 'TRUNCATE' then
    delete from public.casework_cache_state s
    where exists (select 1 from unnest(TG_ARGV) as a where s.consumer = a or (${BY_VOIVODESHIP} and starts_with(s.consumer, a)));
    return null;
  elsif TG_OP = 'INSERT' then
    select array_agg(coalesce(n.voivodeship, '')) into codes from (select distinct voivodeship from new_rows) n;
  elsif TG_OP = 'DELETE' then
    select array_agg(coalesce(o.voivodeship, '')) into codes from (select distinct voivodeship from old_rows) o;
  else
    select array_agg(coalesce(x.voivodeship, '')) into codes
    from (select n.voivodeship from new_rows n union select o.voivodeship from old_rows o) x;
  end if;
  if codes is null then return null; end if;
  insert into public.casework_change (consumer, xid)
  select c, pg_current_xact_id() from (
    select a as c from unnest(TG_ARGV) as a where not (${BY_VOIVODESHIP})
    union
    select a || v from unnest(TG_ARGV) as a cross join unnest(codes) as v where ${BY_VOIVODESHIP} and v <> ''
  ) x
  on conflict do nothing;
  return null;
end $$;`);
    const triggers: [string, string, string[]][] = [
      ['participant', 'casework_note_change', ['voivodeship_counts/', 'paths']],
      ['service_episode', 'casework_note_change', ['voivodeship_counts/', 'voivodeship_overdue/', 'paths']],
      ['monitoring_contact', 'casework_note_change', ['voivodeship_overdue/']],
      ['reference_institution', 'casework_note_reference_change', ['voivodeship_counts/', 'voivodeship_overdue/', 'paths']],
    ];
    for (const [table, fn, consumers] of triggers) {
      const call = `${fn}(${consumers.map((c) => `'${c}'`).join(', ')})`;
      // Transition tables allow one event per trigger.
      this.addSql(
        `create trigger "${table}_inserted" after insert on "${table}" referencing new table as new_rows for each statement execute function ${call};`,
      );
      this.addSql(
        `create trigger "${table}_updated" after update on "${table}" referencing old table as old_rows new table as new_rows for each statement execute function ${call};`,
      );
      this.addSql(
        `create trigger "${table}_deleted" after delete on "${table}" referencing old table as old_rows for each statement execute function ${call};`,
      );
      this.addSql(`create trigger "${table}_truncated" after truncate on "${table}" for each statement execute function ${call};`);
    }
    this.addSql(`create function casework_cache_is_fresh(which text, for_what text) returns boolean
language sql stable set search_path = pg_catalog, public as $$
  select not exists (select 1 from casework_change c where c.consumer = which)
     and exists (select 1 from casework_cache_state s where s.consumer = which and s.built_for = for_what)
$$;`);

    // 1. Any groups of institutions, each named by an integer. min_institutions 1: everyone served
    //    by the group; 2: people with records at two or more of its institutions.
    this.addSql(`create function casework_group_person_counts(group_ids integer[], institution_ids uuid[], min_institutions integer)
returns table (group_id integer, dimension text, value text, n bigint)
language plpgsql stable security definer set search_path = pg_catalog, public set jit = off as $fn$
begin
  if min_institutions is null or min_institutions not in (1, 2) then
    raise exception 'min_institutions must be 1 or 2' using errcode = '22023';
  end if;
  return query
  with req as materialized (
    select distinct r.grp, r.institution_id from unnest(group_ids, institution_ids) as r(grp, institution_id)
    where r.grp is not null and r.institution_id is not null
  ), recs as materialized (
    -- min 2: every record of the requested institutions, each institution read once by its index.
    select p.institution_id, p.key_version, p.pseudonym
    from (select distinct q.institution_id from req q) i
    cross join lateral (
      select x.institution_id, x.key_version, x.pseudonym from participant x where x.institution_id = i.institution_id offset 0
    ) p
    where min_institutions = 2
  ), candidates as (
    -- People at two or more of the requested institutions, with those institutions in order.
    select r.key_version, r.pseudonym, array_agg(r.institution_id order by r.institution_id) as institutions
    from recs r group by r.key_version, r.pseudonym having count(*) >= 2
  ), person_pairs as materialized (
    select c.key_version, c.pseudonym, a.i1, b.i2
    from candidates c
    cross join lateral unnest(c.institutions) with ordinality as a(i1, o1)
    cross join lateral unnest(c.institutions) with ordinality as b(i2, o2)
    where a.o1 < b.o2
  ), group_pairs as materialized (
    select a.grp, a.institution_id as i1, b.institution_id as i2
    from req a join req b on b.grp = a.grp and b.institution_id > a.institution_id
    where min_institutions = 2
  ), shared_keys as (
    -- Shared in a group: records at both institutions of one of its pairs. Every institution of
    -- the group where such a person has a record is in one of the matching pairs.
    select distinct g.grp, v.institution_id, pp.key_version, pp.pseudonym
    from person_pairs pp
    join group_pairs g on g.i1 = pp.i1 and g.i2 = pp.i2
    cross join lateral (values (pp.i1), (pp.i2)) as v(institution_id)
  ), person_recs as materialized (
    select q.grp, x.id, x.key_version, x.pseudonym, x.categories
    from req q
    cross join lateral (
      select y.id, y.key_version, y.pseudonym, y.categories from participant y where y.institution_id = q.institution_id offset 0
    ) x
    where min_institutions = 1
    union all
    select k.grp, x.id, x.key_version, x.pseudonym, x.categories
    from shared_keys k
    cross join lateral (
      select y.id, y.key_version, y.pseudonym, y.categories from participant y
      where y.institution_id = k.institution_id and y.key_version = k.key_version and y.pseudonym = k.pseudonym offset 0
    ) x${COUNTS_OF_PERSON_RECS};
end $fn$;`);

    this.addSql(`create function casework_group_overdue_contacts(group_ids integer[], institution_ids uuid[], as_of date)
returns table (group_id integer, n bigint)
language sql stable security definer set search_path = pg_catalog, public set jit = off as $$
  with req as materialized (
    select distinct r.grp, r.institution_id from unnest(group_ids, institution_ids) as r(grp, institution_id)
    where r.grp is not null and r.institution_id is not null
  ), graduations as (
    select q.grp, e.id, e.ended_on
    from req q
    cross join lateral (select x.id, x.kind, x.ended_on, x.outcome from service_episode x where x.institution_id = q.institution_id offset 0) e
    where ${GRADUATION}${OVERDUE_OF_GRADUATIONS}
$$;`);

    // 2. By voivodeship of the institution (reference copy), for the given codes or (null) all.
    // Planned for the codes given (EXECUTE ... USING): one voivodeship reads its institutions' rows
    // through the indexes, all of them scan the tables.
    this.addSql(`create function casework_compute_voivodeship_counts(codes text[])
returns table (voivodeship text, dimension text, value text, n bigint)
language plpgsql stable set search_path = pg_catalog, public set jit = off set work_mem = '128MB' as $fn$
begin
  return query execute $q$
  with recs as not materialized (
    select ri.voivodeship::text as grp, p.id, p.key_version collate "C" as key_version, p.pseudonym collate "C" as pseudonym, p.categories
    from reference_institution ri join participant p on p.institution_id = ri.id
    where ri.voivodeship is not null and ($1::text[] is null or ri.voivodeship = any ($1::text[]))
  ), persons as materialized (
    -- One row per person of each voivodeship, in one sort: an open episode first, else the last ended one.
    select distinct on (r.pseudonym, r.key_version, r.grp) r.grp,
      case when e.id is null then 'NO_EPISODE' when e.ended_on is null then 'IN_PROGRESS' else e.outcome::text end as outcome
    from recs r left join service_episode e on e.participant_id = r.id
    order by r.pseudonym, r.key_version, r.grp, (e.id is not null) desc, (e.ended_on is null) desc, e.ended_on desc, e.started_on desc, e.id desc
  ), categories as (
    select distinct r.grp, r.key_version, r.pseudonym, c.category
    from recs r cross join lateral unnest(r.categories) as c(category)
  )
  select p.grp, 'total'::text, null::text, count(*) from persons p group by p.grp
  union all
  select c.grp, 'category'::text, c.category, count(*) from categories c group by c.grp, c.category
  union all
  select p.grp, 'outcome'::text, p.outcome, count(*) from persons p group by p.grp, p.outcome
  $q$ using codes;
end $fn$;`);

    this.addSql(`create function casework_compute_voivodeship_overdue(codes text[], as_of date)
returns table (voivodeship text, n bigint)
language plpgsql stable set search_path = pg_catalog, public set jit = off as $fn$
begin
  return query execute $q$
  with graduations as (
    select ri.voivodeship::text as grp, e.id, e.ended_on
    from service_episode e join reference_institution ri on ri.id = e.institution_id
    where ri.voivodeship is not null and ($1::text[] is null or ri.voivodeship = any ($1::text[])) and ${GRADUATION}${OVERDUE_OF_GRADUATIONS.replace('< as_of', '< $2::date')}
  $q$ using codes, as_of;
end $fn$;`);

    this.addSql(`create function casework_voivodeship_person_counts(codes text[])
returns table (voivodeship text, dimension text, value text, n bigint)
language plpgsql volatile security definer set search_path = pg_catalog, public as $fn$
declare
  wanted text[] := array(select distinct c from unnest(codes) as c where c ~ '^[0-9]{2}$');
  stale text[];
begin
  if current_setting('transaction_read_only') = 'on' then
    return query select * from casework_compute_voivodeship_counts(wanted);
    return;
  end if;${ensureFreshCodes(
    'voivodeship_counts',
    `''`,
    `delete from casework_voivodeship_counts c where c.voivodeship = any (stale);
      insert into casework_voivodeship_counts select * from casework_compute_voivodeship_counts(stale);`,
  )}
  return query select c.voivodeship, c.dimension, c.value, c.n from casework_voivodeship_counts c where c.voivodeship = any (wanted);
end $fn$;`);

    this.addSql(`create function casework_voivodeship_overdue_contacts(codes text[], as_of date)
returns table (voivodeship text, n bigint)
language plpgsql volatile security definer set search_path = pg_catalog, public as $fn$
declare
  wanted text[] := array(select distinct c from unnest(codes) as c where c ~ '^[0-9]{2}$');
  stale text[];
begin
  if as_of is null then raise exception 'as_of is required' using errcode = '22023'; end if;
  if current_setting('transaction_read_only') = 'on' then
    return query select * from casework_compute_voivodeship_overdue(wanted, as_of);
    return;
  end if;${ensureFreshCodes(
    'voivodeship_overdue',
    'as_of::text',
    `delete from casework_voivodeship_overdue c where c.voivodeship = any (stale);
      insert into casework_voivodeship_overdue select * from casework_compute_voivodeship_overdue(stale, as_of);`,
  )}
  return query select c.voivodeship, c.n from casework_voivodeship_overdue c where c.voivodeship = any (wanted);
end $fn$;`);

    // 3. Reintegration paths (rules of migration reintegration_paths): people grouped by the
    //    voivodeship, start date and institution type of their first episode, their whole path
    //    (consecutive repeats collapsed) and their end state.
    this.addSql(`create function casework_compute_path_groups()
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
$$;`);

    this
      .addSql(`create or replace function casework_reintegration_paths(voivodeship_code text, first_from date, first_to date, first_type text, max_steps integer)
returns table (steps text[], truncated boolean, end_state text, n bigint)
language plpgsql volatile security definer set search_path = pg_catalog, public as $fn$
begin
  -- The cube answers whole months and paths cut to at most ${CUBE_STEPS} steps; anything else, and a
  -- read-only transaction, is computed directly from the episodes.
  if current_setting('transaction_read_only') = 'on'
     or max_steps is null or max_steps < 1 or max_steps > ${CUBE_STEPS}
     or (first_from is not null and extract(day from first_from) <> 1)
     or (first_to is not null and extract(day from first_to + 1) <> 1) then
    return query
      select g.steps[1:max_steps], cardinality(g.steps) > max_steps, g.end_state, sum(g.n)::bigint
      from casework_compute_path_groups() g
      where (voivodeship_code is null or g.voivodeship = voivodeship_code)
        and (first_from is null or g.first_on >= first_from)
        and (first_to is null or g.first_on <= first_to)
        and (casework_reintegration_paths.first_type is null or g.first_type = casework_reintegration_paths.first_type)
      group by 1, 2, 3;
    return;
  end if;${ensureFresh(
    'paths',
    `''`,
    `delete from casework_path_cube;
      delete from casework_path;
      -- The distinct paths (cut to ${CUBE_STEPS} steps) get integer ids: the cube groups by those.
      with g as materialized (
        select x.voivodeship, date_trunc('month', x.first_on)::date as first_month, x.first_type,
          x.steps[1:${CUBE_STEPS}] as steps, cardinality(x.steps) > ${CUBE_STEPS} as longer, x.end_state, x.n
        from casework_compute_path_groups() x
      ), paths as materialized (
        select (row_number() over (order by d.steps, d.longer))::int as id, d.steps, d.longer from (select distinct y.steps, y.longer from g y) d
      ), stored as (
        insert into casework_path (id, steps, longer) select p.id, p.steps, p.longer from paths p
      )
      insert into casework_path_cube (voivodeship, first_month, first_type, path_id, end_state, n)
        select g.voivodeship, g.first_month, g.first_type, p.id, g.end_state, sum(g.n)
        from g join paths p on p.steps = g.steps and p.longer = g.longer
        group by 1, 2, 3, 4, 5;`,
  )}
  return query
    select p.steps[1:max_steps], cardinality(p.steps) > max_steps or p.longer, c.end_state, sum(c.n)::bigint
    from (
      select x.path_id, x.end_state, sum(x.n) as n
      from casework_path_cube x
      where (voivodeship_code is null or x.voivodeship = voivodeship_code)
        and (first_from is null or x.first_month >= first_from)
        and (first_to is null or x.first_month <= first_to)
        and (casework_reintegration_paths.first_type is null or x.first_type = casework_reintegration_paths.first_type)
      group by x.path_id, x.end_state
    ) c
    join casework_path p on p.id = c.path_id
    group by 1, 2, 3;
end $fn$;`);

    // The privacy migration's text-keyed entry point (the benchmark's SQL floor calls it), now
    // through the integer-keyed function: the same rows for the same input.
    this.addSql(`create or replace function casework_person_counts(group_keys text[], institution_ids uuid[], min_institutions integer)
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
$$;`);
    // Replaced by casework_group_overdue_contacts and casework_voivodeship_overdue_contacts.
    this.addSql('drop function if exists casework_overdue_contacts(text[], uuid[], date);');

    for (const fn of [GROUP_COUNTS, GROUP_OVERDUE, VOIVODESHIP_COUNTS, VOIVODESHIP_OVERDUE, PATHS, OLD_COUNTS]) {
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`grant execute on function ${fn} to ${APP_ROLE};`);
    }
    for (const fn of INTERNAL) this.addSql(`revoke all on function ${fn} from public;`);
  }
}
