// Computes and stores a statistical release: the true counts of every released cell (from
// SECURITY DEFINER functions that return counts, never people), discrete Gaussian noise drawn
// fresh for this release, post-processed to non-negative integers. The cells of a release never
// change afterwards (the table is append-only), so the same question gets the same answer until
// the next release; the next release draws new noise, independent of the cells' contents.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReleaseConfig } from '../config';
import { newId } from '../../common/ids';
import { todayInPoland } from '../../common/dates';
import { ALL_OUTCOME_GROUPS, OutcomeGroup } from '../episodes/episode-kinds';
import { ALL_CATEGORIES } from '../participants/participant-kinds';
import { epsilonOf, partitionThreshold, planTables, type TableName, type TablePlan } from './budget';
import { cryptoUniform, discreteGaussian, type Uniform } from './noise';

/** Outcomes a counted person can have (everyone counted has an episode). */
export const RELEASED_OUTCOMES = ALL_OUTCOME_GROUPS.filter((o) => o !== OutcomeGroup.NO_EPISODE);

/** Paths longer than this are cut (as in the live function). */
export const RELEASE_MAX_STEPS = 6;

/** The share of each release's ρ per table. */
const TABLE_SHARES: Record<TableName, number> = { institution: 1, voivodeship: 1, shared: 2, paths: 1, pathsRegional: 1, overdue: 0.5 };

export interface GroupCounts {
  total: number;
  category: Record<string, number>;
  outcome: Record<string, number>;
}

interface PathCounts {
  steps: string[];
  truncated: boolean;
  people: number;
  outcome: Record<string, number>;
}

export interface ScopePaths {
  total: number;
  paths: PathCounts[];
}

/** True counts of one release, keyed by table and group. */
export interface TrueCells {
  groups: Record<'institution' | 'voivodeship' | 'shared', Map<string, GroupCounts>>;
  paths: Map<string, ScopePaths>;
  /** People with an overdue monitoring contact, by overdueKey. */
  overdue: Map<string, number>;
}

/** A released single count (the overdue table). */
export interface SingleCount {
  total: number;
}

const emptyGroup = (): GroupCounts => ({ total: 0, category: {}, outcome: {} });

/** Group key of a set of institutions: the sorted ids. A bilateral partnership and its pair are one group. */
export const partyKey = (ids: readonly string[]): string => [...new Set(ids.map((i) => i.toLowerCase()))].sort().join(',');
export const networkKey = (id: string): string => `network:${id.toLowerCase()}`;
/** Group key of the overdue table: an institution or a voivodeship. */
export const overdueKey = (kind: 'institution' | 'voivodeship', id: string): string => `${kind}:${id.toLowerCase()}`;
/** Scope of the path tables: '' the whole country, else "<voivodeship>:<year>". */
export const regionalScope = (voivodeship: string, year: number): string => `${voivodeship}:${year}`;

interface GroupRow {
  group_id: number;
  dimension: string;
  value: string;
  n: string;
}

/** The groups as the counting functions take them: (group index, institution) pairs as two array literals. */
function groupPairs(groups: Map<string, string[]>): { keys: string[]; groupIds: string; institutionIds: string; empty: boolean } {
  const keys = [...groups.keys()];
  const groupIds: number[] = [];
  const institutionIds: string[] = [];
  keys.forEach((key, index) => {
    for (const id of groups.get(key) ?? []) {
      groupIds.push(index);
      institutionIds.push(id);
    }
  });
  return { keys, groupIds: `{${groupIds.join(',')}}`, institutionIds: `{${institutionIds.join(',')}}`, empty: groupIds.length === 0 };
}

async function countGroups(
  em: EntityManager,
  groups: Map<string, string[]>,
  min: 1 | 2,
  config: ReleaseConfig,
  maxGroups: number,
): Promise<Map<string, GroupCounts>> {
  const { keys, groupIds, institutionIds, empty } = groupPairs(groups);
  const out = new Map(keys.map((k) => [k, emptyGroup()]));
  if (empty) return out;
  const rows = await em.execute<GroupRow[]>(
    'select group_id, dimension, value, n from casework_release_group_counts(?::int[], ?::uuid[], ?::int, ?::int, ?::int, ?::int)',
    [groupIds, institutionIds, min, config.maxInstitutions, maxGroups, config.maxCategories],
  );
  for (const row of rows) {
    const target = out.get(keys[row.group_id]);
    if (!target) continue;
    const n = Number(row.n);
    if (row.dimension === 'total') target.total = n;
    else if (row.dimension === 'category') target.category[row.value] = n;
    else if (row.dimension === 'outcome') target.outcome[row.value] = n;
  }
  return out;
}

/** People with an overdue monitoring contact per group, each counted once per group. */
async function countOverdue(em: EntityManager, groups: Map<string, string[]>, day: string, config: ReleaseConfig): Promise<Map<string, number>> {
  const { keys, groupIds, institutionIds, empty } = groupPairs(groups);
  const out = new Map(keys.map((k) => [k, 0]));
  if (empty) return out;
  const rows = await em.execute<{ group_id: number; n: string }[]>(
    'select group_id, n from casework_release_overdue_people(?::int[], ?::uuid[], ?::date, ?::int)',
    [groupIds, institutionIds, day, config.maxInstitutions],
  );
  for (const row of rows) if (keys[row.group_id] !== undefined) out.set(keys[row.group_id], Number(row.n));
  return out;
}

/** The groups a release counts, from the reference copy as it stands (in force on `day`). */
async function releaseGroups(em: EntityManager, day: string) {
  const institutions = await em.execute<{ id: string; voivodeship: string | null }[]>('select id, voivodeship from reference_institution order by id');
  const partnerships = await em.execute<{ party_ids: string[] }[]>(
    `select party_ids from reference_partnership where status = 'ACTIVE' and valid_from <= ? and (valid_to is null or valid_to >= ?) order by id`,
    [day, day],
  );
  const memberships = await em.execute<{ network_id: string; institution_id: string }[]>(
    'select network_id, institution_id from reference_membership where joined_on <= ? and (left_on is null or left_on >= ?) order by network_id, institution_id',
    [day, day],
  );
  const institution = new Map(institutions.map((i) => [i.id, [i.id]]));
  const voivodeship = new Map<string, string[]>();
  for (const i of institutions) if (i.voivodeship) voivodeship.set(i.voivodeship, [...(voivodeship.get(i.voivodeship) ?? []), i.id]);
  const shared = new Map<string, string[]>();
  for (const p of partnerships) {
    const ids = partyKey(p.party_ids).split(',');
    if (ids.length < 2) continue;
    shared.set(ids.join(','), ids);
    // Every pair of parties: the pairwise counts released are those of partners.
    for (let a = 0; a < ids.length; a += 1) for (let b = a + 1; b < ids.length; b += 1) shared.set(`${ids[a]},${ids[b]}`, [ids[a], ids[b]]);
  }
  const members = new Map<string, string[]>();
  for (const m of memberships) members.set(m.network_id, [...(members.get(m.network_id) ?? []), m.institution_id]);
  for (const [network, ids] of members) if (ids.length >= 2) shared.set(networkKey(network), ids);
  return { institution, voivodeship, shared };
}

interface PathRowDb {
  scope: string;
  steps: string[];
  truncated: boolean;
  end_state: string;
  n: string;
}

/** Paths of the whole country and of each voivodeship and calendar year of the first episode. */
async function countPaths(em: EntityManager, voivodeships: readonly string[], years: readonly number[]): Promise<Map<string, ScopePaths>> {
  const scopes = [{ scope: '', voivodeship: null as string | null, from: null as string | null, to: null as string | null }];
  for (const v of voivodeships) for (const y of years) scopes.push({ scope: regionalScope(v, y), voivodeship: v, from: `${y}-01-01`, to: `${y}-12-31` });
  const rows = await em.execute<PathRowDb[]>(
    `select f.scope, r.steps, r.truncated, r.end_state, r.n
     from json_to_recordset(?::json) as f(scope text, voivodeship text, "from" date, "to" date)
     cross join lateral casework_reintegration_paths(f.voivodeship, f."from", f."to", null, ?::int) as r`,
    [JSON.stringify(scopes), RELEASE_MAX_STEPS],
  );
  const out = new Map<string, ScopePaths>(scopes.map((s) => [s.scope, { total: 0, paths: [] }]));
  const index = new Map<string, PathCounts>();
  for (const r of rows) {
    const scope = out.get(r.scope);
    if (!scope) continue;
    const n = Number(r.n);
    scope.total += n;
    const key = `${r.scope}|${JSON.stringify(r.steps)}|${r.truncated}`;
    let path = index.get(key);
    if (!path) {
      path = { steps: r.steps, truncated: r.truncated, people: 0, outcome: {} };
      index.set(key, path);
      scope.paths.push(path);
    }
    path.people += n;
    path.outcome[r.end_state] = (path.outcome[r.end_state] ?? 0) + n;
  }
  return out;
}

/** Every true cell of a release, read in one repeatable-read transaction (one consistent cut of the data). */
export async function trueCells(em: EntityManager, config: ReleaseConfig, day: string, years: readonly number[]): Promise<TrueCells> {
  const groups = await releaseGroups(em, day);
  return {
    groups: {
      institution: await countGroups(em, groups.institution, 1, config, config.maxInstitutions),
      voivodeship: await countGroups(em, groups.voivodeship, 1, config, config.maxInstitutions),
      shared: await countGroups(em, groups.shared, 2, config, config.maxSharedGroups),
    },
    paths: await countPaths(em, [...groups.voivodeship.keys()].sort(), years),
    overdue: await countOverdue(
      em,
      new Map([
        ...[...groups.institution].map(([id, ids]) => [overdueKey('institution', id), ids] as const),
        ...[...groups.voivodeship].map(([code, ids]) => [overdueKey('voivodeship', code), ids] as const),
      ]),
      day,
      config,
    ),
  };
}

/** Draws one noise value for a cell of a table with this σ. */
export type Sampler = (sigma: number) => number;

export const gaussianSampler =
  (u: Uniform): Sampler =>
  (sigma) =>
    discreteGaussian(u, sigma);

const noisy = (u: Sampler, sigma: number, n: number): number => Math.max(0, n + u(sigma));

/** Noise on every cell of the table's public domain: each group's total, every category and every outcome, zeros included. */
function noisyGroup(u: Sampler, sigma: number, g: GroupCounts): GroupCounts {
  return {
    total: noisy(u, sigma, g.total),
    category: Object.fromEntries(ALL_CATEGORIES.map((c) => [c, noisy(u, sigma, g.category[c] ?? 0)])),
    outcome: Object.fromEntries(RELEASED_OUTCOMES.map((o) => [o, noisy(u, sigma, g.outcome[o] ?? 0)])),
  };
}

/**
 * Paths have no public list (any sequence of types may occur): a path is published only when its
 * noisy people count reaches the threshold, so a path that only one person took shows with
 * probability below δ (partition selection). Its end states are then all released, zeros included.
 */
function noisyPaths(u: Sampler, sigma: number, threshold: number, s: ScopePaths): ScopePaths {
  const paths: PathCounts[] = [];
  for (const p of s.paths) {
    const people = noisy(u, sigma, p.people);
    if (people < threshold) continue;
    paths.push({
      steps: p.steps,
      truncated: p.truncated,
      people,
      outcome: Object.fromEntries(RELEASED_OUTCOMES.map((o) => [o, noisy(u, sigma, p.outcome[o] ?? 0)])),
    });
  }
  return { total: noisy(u, sigma, s.total), paths };
}

export interface ReleasePlan {
  tables: TablePlan[];
  pathThreshold: number;
}

export function releasePlan(config: ReleaseConfig): ReleasePlan {
  const tables = planTables(config.rho, config, TABLE_SHARES);
  const pathSigma = Math.max(...tables.filter((t) => t.name === 'paths' || t.name === 'pathsRegional').map((t) => t.sigma));
  return { tables, pathThreshold: partitionThreshold(pathSigma, config.delta) };
}

export interface NoisyCells {
  rows: { table: string; groupKey: string; counts: GroupCounts | ScopePaths | SingleCount }[];
}

/** The noisy cells of a release from its true cells (pure given the uniform source; the attack tests drive it). */
export function addNoise(cells: TrueCells, plan: ReleasePlan, u: Sampler): NoisyCells {
  const sigma = (name: TableName): number => plan.tables.find((t) => t.name === name)?.sigma ?? Number.NaN;
  const rows: NoisyCells['rows'] = [];
  for (const table of ['institution', 'voivodeship', 'shared'] as const) {
    for (const [groupKey, g] of [...cells.groups[table]].sort(([a], [b]) => (a < b ? -1 : 1)))
      rows.push({ table, groupKey, counts: noisyGroup(u, sigma(table), g) });
  }
  for (const [scope, s] of [...cells.paths].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const table: TableName = scope === '' ? 'paths' : 'pathsRegional';
    rows.push({ table, groupKey: scope, counts: noisyPaths(u, sigma(table), plan.pathThreshold, s) });
  }
  for (const [groupKey, n] of [...cells.overdue].sort(([a], [b]) => (a < b ? -1 : 1)))
    rows.push({ table: 'overdue', groupKey, counts: { total: noisy(u, sigma('overdue'), n) } });
  return { rows };
}

export class BudgetExhausted extends Error {}

export interface PublishedRelease {
  id: string;
  publishedAt: Date;
  dataUpTo: Date;
  rho: number;
  cells: number;
}

/** Years the regional path tables cover: from 2015 (the first KIS/CIS data of the network) to this year. */
export const releaseYears = (today: string): number[] => {
  const last = Number(today.slice(0, 4));
  return Array.from({ length: last - 2015 + 1 }, (_, i) => 2015 + i);
};

/**
 * Computes, noises and stores a release in one transaction, after checking the year's budget
 * under a lock (two releases at once would both pass the check otherwise).
 */
export async function publishRelease(em: EntityManager, config: ReleaseConfig, options: { sampler?: Sampler; now?: Date } = {}): Promise<PublishedRelease> {
  const now = options.now ?? new Date();
  const day = todayInPoland(now);
  const plan = releasePlan(config);
  return em.transactional(async (tx) => {
    await tx.execute('set transaction isolation level repeatable read');
    // The service's connections carry a short statement_timeout; a release counts every row.
    if (config.statementTimeoutMs !== undefined) await tx.execute(`set local statement_timeout = ${Math.max(0, Math.floor(config.statementTimeoutMs))}`);
    await tx.execute("select pg_advisory_xact_lock(hashtext('ksr:casework:release'))");
    const [spent] = await tx.execute<{ rho: number | null }[]>(
      `select sum(rho) as rho from statistics_release where published_at >= date_trunc('year', ?::timestamptz at time zone 'Europe/Warsaw') at time zone 'Europe/Warsaw'`,
      [now.toISOString()],
    );
    const spentRho = Number(spent?.rho ?? 0);
    if (spentRho + config.rho > config.rhoPerYear + 1e-9) {
      throw new BudgetExhausted(
        `the privacy budget of ${now.getUTCFullYear()} is spent (ρ ${spentRho.toFixed(3)} of ${config.rhoPerYear}; a release needs ${config.rho}): the latest release stays published`,
      );
    }
    const cells = await trueCells(tx, config, day, releaseYears(day));
    const noisyCells = addNoise(cells, plan, options.sampler ?? gaussianSampler(cryptoUniform()));
    const id = newId();
    const parameters = {
      mechanism: 'discrete Gaussian, zCDP',
      rho: config.rho,
      rhoPerYear: config.rhoPerYear,
      delta: config.delta,
      epsilon: epsilonOf(config.rho, config.delta),
      bounds: { maxInstitutions: config.maxInstitutions, maxSharedGroups: config.maxSharedGroups, maxCategories: config.maxCategories },
      pathThreshold: plan.pathThreshold,
      maxSteps: RELEASE_MAX_STEPS,
      day,
    };
    await tx.execute('insert into statistics_release (id, published_at, data_up_to, rho, parameters, tables) values (?, ?, ?, ?, ?::jsonb, ?::jsonb)', [
      id,
      now.toISOString(),
      now.toISOString(),
      config.rho,
      JSON.stringify(parameters),
      JSON.stringify(plan.tables),
    ]);
    const CHUNK = 2000;
    for (let i = 0; i < noisyCells.rows.length; i += CHUNK) {
      const chunk = noisyCells.rows.slice(i, i + CHUNK).map((r) => ({ release_id: id, table_name: r.table, group_key: r.groupKey, counts: r.counts }));
      await tx.execute(
        `insert into statistics_release_cell (release_id, table_name, group_key, counts)
         select s.release_id, s.table_name, s.group_key, s.counts from json_to_recordset(?::json) as s(release_id uuid, table_name text, group_key text, counts jsonb)`,
        [JSON.stringify(chunk)],
      );
    }
    return { id, publishedAt: now, dataUpTo: now, rho: config.rho, cells: noisyCells.rows.length };
  });
}
