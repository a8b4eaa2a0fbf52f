// The SQL floor: workloads 1–4 answered by hand-written SQL through pg, one statement each that
// builds the whole JSON answer in PostgreSQL (the same rows, orders and page sizes as the API), so
// the only work left to Node is to pass the text on. Served by a tiny HTTP endpoint in the runner
// (lib/floor-server.ts) so that the HTTP part is comparable. Workload 6 spans two databases: one
// statement on the registry builds the answer with a marker where each count goes, one on
// casework counts every group (the service's own counting function), and Node applies the
// service's disclosure rule (statisticsOf) and puts the counts in place of the markers.
import type { Pool } from 'pg';
import { statisticsOf } from '../../src/casework/aggregates/aggregate.service';
import { networkKey, partyKey, type GroupCounts } from '../../src/casework/releases/publish';
import { normaliseForSearch } from '../../src/common/text';
import { escapeLike } from '../../src/common/text';
import { SECTOR_OF, typesOfSectors, type Sector } from '../../src/registry/institutions/institution-kinds';

/** What a floor query may use besides the registry's pool. */
export interface FloorContext {
  casework: Pool;
  /** The disclosure threshold the service applies. */
  k: number;
}

export type FloorQuery = (pool: Pool, variables: Record<string, any>, today: string, context: FloorContext) => Promise<string>;

const SECTORS = `sectors(type, sector) as (values ${Object.entries(SECTOR_OF)
  .map(([t, s]) => `('${t}', '${s}')`)
  .join(', ')})`;
const IN_FORCE = (p: string, day: string) =>
  `${p}.status in ('ACTIVE', 'ENDED') and ${p}.valid_from <= ${day} and (${p}.valid_to is null or ${p}.valid_to >= ${day})`;
const PLATFORM = `platform as (
  select n.id, n.name from network n
  where n.kind = 'REGIONAL_COOPERATION_PLATFORM' and n.voivodeship_code = $1
  order by coalesce(n.established_on, (select min(m.joined_on) from membership m where m.network_id = n.id)) asc nulls last, n.id asc
  limit 1)`;
const MEMBERS = `members as (
  select m.id, m.role, m.joined_on, i.id as iid, i.name, i.type::text as type, row_number() over (order by i.name, m.id::text) as rn
  from membership m join institution i on i.id = m.institution_id
  where m.network_id = (select id from platform) and m.joined_on <= $2 and (m.left_on is null or m.left_on >= $2))`;

async function one(pool: Pool, sql: string, params: unknown[]): Promise<string> {
  const { rows } = await pool.query<{ body: string }>(sql, params);
  return rows[0]?.body ?? '{"data":null}';
}

const dashboard: FloorQuery = (pool, v, today) =>
  one(
    pool,
    `with ${SECTORS},
  counts as (
    select i.type::text as type, count(*)::int as n from institution i
    where i.municipality_code like $3 and i.status <> 'CLOSED' group by i.type),
  ${PLATFORM},
  ${MEMBERS}
select json_build_object('data', json_build_object('voivodeship', json_build_object(
  'code', v.code,
  'name', v.name,
  'institutionCounts', (select json_build_object(
      'total', coalesce(sum(c.n), 0),
      'byType', coalesce(json_agg(json_build_object('type', c.type, 'sector', s.sector, 'count', c.n) order by c.type), '[]'),
      'bySector', (select coalesce(json_agg(json_build_object('sector', x.sector, 'count', x.n) order by x.sector), '[]')
                   from (select s2.sector, sum(c2.n)::int as n from counts c2 join sectors s2 on s2.type = c2.type group by s2.sector) x))
    from counts c join sectors s on s.type = c.type),
  'platform', (select json_build_object('id', p.id, 'name', p.name, 'members', json_build_object(
      'totalCount', (select count(*) from members),
      'edges', (select coalesce(json_agg(json_build_object('node', json_build_object('id', m.id, 'role', m.role, 'joinedOn', m.joined_on,
                  'institution', json_build_object('id', m.iid, 'name', m.name, 'type', m.type, 'sector', s.sector))) order by m.rn), '[]')
                from members m join sectors s on s.type = m.type where m.rn <= 100)))
    from platform p))))::text as body
from voivodeship v where v.code = $1`,
    [v.code, today, `${escapeLike(v.code)}%`],
  );

const navigation: FloorQuery = (pool, v, today) =>
  one(
    pool,
    `with ${SECTORS},
  ${PLATFORM},
  ${MEMBERS},
  page as (select * from members where rn <= 100),
  ships as (
    select pp.institution_id as member, p.id, p.kind, p.areas, p.valid_from,
           row_number() over (partition by pp.institution_id order by p.valid_from, p.id::text) as rn,
           count(*) over (partition by pp.institution_id) as total
    from partnership_party pp join partnership p on p.id = pp.partnership_id
    where pp.institution_id in (select iid from page) and ${IN_FORCE('p', '$2')}),
  ship_json as materialized (
    select s.member, s.total, json_agg(json_build_object('node', json_build_object('id', s.id, 'kind', s.kind, 'areas', s.areas, 'validFrom', s.valid_from,
      'parties', (select json_agg(json_build_object('role', pp.role, 'institution', json_build_object('id', i.id, 'name', i.name, 'type', i.type)) order by pp.role, pp.id)
                  from partnership_party pp join institution i on i.id = pp.institution_id where pp.partnership_id = s.id))) order by s.rn) as edges
    from ships s where s.rn <= 10 group by s.member, s.total),
  partners as (
    select x.*, row_number() over (partition by x.member order by x.name, x.id::text) as rn, count(*) over (partition by x.member) as total
    from (select distinct pp.institution_id as member, o.id, o.name, o.type::text as type
          from partnership_party pp join partnership p on p.id = pp.partnership_id
          join partnership_party other on other.partnership_id = p.id and other.institution_id <> pp.institution_id
          join institution o on o.id = other.institution_id
          where pp.institution_id in (select iid from page) and ${IN_FORCE('p', '$2')}) x),
  partner_json as materialized (
    select pa.member, pa.total, json_agg(json_build_object('node', json_build_object('id', pa.id, 'name', pa.name, 'sector', s.sector)) order by pa.rn) as edges
    from partners pa join sectors s on s.type = pa.type where pa.rn <= 10 group by pa.member, pa.total)
select json_build_object('data', json_build_object('voivodeship', json_build_object('platform', (
  select json_build_object('id', p.id, 'name', p.name, 'members', json_build_object(
    'totalCount', (select count(*) from members),
    'edges', (select coalesce(json_agg(json_build_object('node', json_build_object('id', pg.id, 'role', pg.role, 'institution', json_build_object(
                'id', pg.iid, 'name', pg.name, 'type', pg.type,
                'partnerships', json_build_object('totalCount', coalesce(sj.total, 0), 'edges', coalesce(sj.edges, '[]')),
                'partners', json_build_object('totalCount', coalesce(pj.total, 0), 'edges', coalesce(pj.edges, '[]'))))) order by pg.rn), '[]')
              from page pg left join ship_json sj on sj.member = pg.iid left join partner_json pj on pj.member = pg.iid)))
  from platform p))))::text as body`,
    [v.code, today],
  );

const search: FloorQuery = (pool, v) => {
  const f = v.filter as { search: string; voivodeship: string; sectors: Sector[] };
  const words = normaliseForSearch(f.search)
    .split(' ')
    .filter(Boolean)
    .map((w) => `%${escapeLike(w)}%`);
  return one(
    pool,
    `with ${SECTORS},
  hits as (
    select i.id, i.name, i.type::text as type, i.locality, i.municipality_code from institution i
    where i.municipality_code like $1 and i.type::text = any($2::text[]) and i.search_text like all($3::text[])),
  page as (select * from hits order by name, id::text limit $4 + 1)
select json_build_object('data', json_build_object('institutions', json_build_object(
  'totalCount', (select count(*) from hits),
  'pageInfo', json_build_object('hasNextPage', (select count(*) from page) > $4),
  'edges', (select coalesce(json_agg(json_build_object('node', json_build_object('id', p.id, 'name', p.name, 'type', p.type, 'sector', s.sector, 'locality', p.locality,
              'municipality', case when m.code is null then null else json_build_object('code', m.code, 'name', m.name) end)) order by p.name, p.id::text), '[]')
            from (select * from page order by name, id::text limit $4) p join sectors s on s.type = p.type left join municipality m on m.code = p.municipality_code))))::text as body`,
    [`${escapeLike(f.voivodeship)}%`, typesOfSectors(f.sectors), words, v.first],
  );
};

const PARTNERS_OF = (source: string, day: string) => `
    select distinct pp.institution_id as src, o.id, o.name, o.type::text as type
    from partnership_party pp join partnership p on p.id = pp.partnership_id
    join partnership_party other on other.partnership_id = p.id and other.institution_id <> pp.institution_id
    join institution o on o.id = other.institution_id
    where pp.institution_id in (${source}) and ${IN_FORCE('p', day)}`;

const neighbourhood: FloorQuery = (pool, v, today) =>
  one(
    pool,
    `with hop1 as (${PARTNERS_OF('$1', '$2')}),
  p1 as (select h.*, row_number() over (order by h.name, h.id::text) as rn from hop1 h),
  page1 as (select * from p1 where rn <= 50),
  hop2 as (${PARTNERS_OF('select id from page1', '$2')}),
  p2 as (select h.*, row_number() over (partition by h.src order by h.name, h.id::text) as rn, count(*) over (partition by h.src) as total from hop2 h),
  j2 as materialized (select src, total, json_agg(json_build_object('node', json_build_object('id', id, 'name', name, 'type', type)) order by rn) as edges from p2 where rn <= 50 group by src, total)
select json_build_object('data', json_build_object('institution', (
  select json_build_object('id', i.id, 'name', i.name, 'type', i.type, 'partners', json_build_object(
    'totalCount', (select count(*) from hop1),
    'edges', (select coalesce(json_agg(json_build_object('node', json_build_object('id', a.id, 'name', a.name, 'type', a.type,
                'partners', json_build_object('totalCount', coalesce(j.total, 0), 'edges', coalesce(j.edges, '[]')))) order by a.rn), '[]')
              from page1 a left join j2 j on j.src = a.id)))
  from institution i where i.id = $1)))::text as body`,
    [v.id, today],
  );

/** Marker of a count in the registry's answer: `"@@<group key>"`, replaced by the disclosed statistics. */
const MARKER = /"@@([^"]+)"/g;

const sharedParticipants: FloorQuery = async (pool, v, today, { casework, k }) => {
  const { rows } = await pool.query<{ body: string | null; groups: [string, string[]][] | null }>(
    `with members as (
    select m.id, m.role, i.id as iid, i.name, i.type::text as type, row_number() over (order by i.name, m.id::text) as rn
    from membership m join institution i on i.id = m.institution_id
    where m.network_id = $1 and m.joined_on <= $2 and (m.left_on is null or m.left_on >= $2)),
  page as (select * from members where rn <= 100),
  ships as (
    select pp.institution_id as member, p.id, p.kind, p.status,
           row_number() over (partition by pp.institution_id order by p.valid_from, p.id::text) as rn,
           count(*) over (partition by pp.institution_id) as total
    from partnership_party pp join partnership p on p.id = pp.partnership_id
    where pp.institution_id in (select iid from page) and ${IN_FORCE('p', '$2')}),
  shown as (select * from ships where rn <= 50),
  parties as materialized (
    select s.id, json_agg(json_build_object('institution', json_build_object('id', pp.institution_id)) order by pp.role, pp.id) as parties,
           array_agg(pp.institution_id::text order by pp.role, pp.id) as ids
    from (select distinct id from shown) s join partnership_party pp on pp.partnership_id = s.id group by s.id),
  ship_json as materialized (
    select s.member, s.total, json_agg(json_build_object('node', json_build_object('id', s.id, 'kind', s.kind, 'status', s.status, 'parties', pa.parties,
             'sharedParticipants', '@@' || s.id::text)) order by s.rn) as edges
    from shown s join parties pa on pa.id = s.id group by s.member, s.total)
select (select json_build_object('data', json_build_object('network', (
  select json_build_object('id', n.id, 'name', n.name, 'kind', n.kind, 'sharedParticipants', '@@network', 'members', json_build_object(
    'totalCount', (select count(*) from members),
    'edges', (select coalesce(json_agg(json_build_object('node', json_build_object('id', pg.id, 'role', pg.role, 'institution', json_build_object(
                'id', pg.iid, 'name', pg.name, 'type', pg.type,
                'partnerships', json_build_object('totalCount', coalesce(sj.total, 0), 'edges', coalesce(sj.edges, '[]'))))) order by pg.rn), '[]')
              from page pg left join ship_json sj on sj.member = pg.iid)))
  from network n where n.id = $1)))::text) as body,
  (select json_agg(json_build_array(x.key, x.ids)) from (
     select id::text as key, ids from parties
     union all select 'network', array_agg(iid::text) from members) x) as groups`,
    [v.id, today],
  );
  const body = rows[0]?.body ?? '{"data":null}';
  const groups = rows[0]?.groups ?? [];
  // Shared participants of each group from the latest statistical release: what the casework service reads.
  const groupKeys = new Map(groups.map(([key, list]) => [key, key === 'network' ? networkKey(v.id) : partyKey(list ?? [])]));
  const cells = await casework.query<{ group_key: string; counts: GroupCounts }>(
    `select group_key, counts from statistics_release_cell
     where release_id = (select id from statistics_release order by published_at desc, id desc limit 1) and table_name = 'shared' and group_key = any ($1::text[])`,
    [[...new Set(groupKeys.values())]],
  );
  const byKey = new Map(cells.rows.map((r) => [r.group_key, r.counts]));
  const raw = new Map(
    [...groupKeys].map(([key, groupKey]) => {
      const g = byKey.get(groupKey);
      return [key, g ? { total: g.total, categories: new Map(Object.entries(g.category)), outcomes: new Map(Object.entries(g.outcome)) } : undefined] as const;
    }),
  );
  const empty = { total: 0, categories: new Map<string, number>(), outcomes: new Map<string, number>() };
  return body.replace(MARKER, (_, key: string) => {
    const stats = statisticsOf(raw.get(key) ?? empty, k, false);
    return JSON.stringify(key === 'network' ? { total: stats.total } : { total: stats.total, byOutcome: stats.byOutcome });
  });
};

export const FLOOR: Record<string, FloorQuery> = {
  '1-dashboard': dashboard,
  '2-navigation': navigation,
  '3-search': search,
  '4-neighbourhood': neighbourhood,
  '6-shared-participants': sharedParticipants,
};
