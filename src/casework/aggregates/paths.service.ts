// Reintegration paths (src/casework/README.md, "Reintegration paths"): people by the sequence of
// institution types they went through, counted in the SECURITY DEFINER function
// casework_reintegration_paths (migration reintegration_paths), which returns counts per path and
// end state, never people; here the filter is checked and the table disclosure-controlled. Paths
// cross institutions, so nobody (an institution's own staff included) gets exact counts.
import { badInput } from '../../common/errors';
import { discloseTable, hidden, shown, type DisclosedCell } from '../../common/disclosure';
import { todayInPoland } from '../../common/dates';
import type { CaseworkContext } from '../context';
import { RELEASE_MAX_STEPS, regionalScope, releaseYears, type ScopePaths } from '../releases/publish';
import { latestRelease, releasedCells } from '../releases/release.service';
import type { StatisticsRelease } from '../releases/release.types';
import { ALL_OUTCOME_GROUPS, OutcomeGroup } from '../episodes/episode-kinds';
import type { ReintegrationPath, ReintegrationPathFilter, ReintegrationPathTable } from './paths.types';

/** Longer paths are cut to their first MAX_STEPS steps and grouped (truncated: true). */
export const MAX_STEPS = 6;

/** The sixteen voivodeships (TERYT): a fixed list, as the registry has it (casework does not import registry code). */
const VOIVODESHIP_CODES = ['02', '04', '06', '08', '10', '12', '14', '16', '18', '20', '22', '24', '26', '28', '30', '32'];

/** A step whose institution is missing from the reference copy. */
const UNKNOWN_TYPE = 'UNKNOWN';

/** Everyone on a path has at least one episode, so NO_EPISODE never occurs. */
export const PATH_OUTCOMES: OutcomeGroup[] = ALL_OUTCOME_GROUPS.filter((o) => o !== OutcomeGroup.NO_EPISODE);

/** One row of the function: people with this (cut) path and this end state. */
export interface PathRow {
  steps: string[];
  truncated: boolean;
  endState: string;
  n: number;
}

interface PathQuery {
  voivodeship: string | null;
  from: string | null;
  to: string | null;
  startsWith: string | null;
}

/** Institution types of the reference copy, read once per request (however many aliases ask). */
const knownTypes = (ctx: CaseworkContext): Promise<string[]> =>
  ctx.loaders
    .get<string, string[]>('casework:referenceTypes', undefined, async (keys) => {
      const rows = await ctx.em.execute<{ type: string }[]>('select distinct type from reference_institution order by type');
      return keys.map(() => rows.map((r) => r.type));
    })
    .load('all');

/**
 * Bad input is BAD_USER_INPUT naming the field. Periods are whole calendar years, the grain of the
 * released cells (an answer is a sum of them): see releasedScopes.
 */
async function resolvePathQuery(ctx: CaseworkContext, filter: ReintegrationPathFilter | null | undefined): Promise<PathQuery> {
  const f = filter ?? {};
  const voivodeship = f.voivodeship ?? null;
  if (voivodeship !== null && !VOIVODESHIP_CODES.includes(voivodeship)) {
    throw badInput('filter.voivodeship', `no voivodeship with TERYT code ${voivodeship} (one of ${VOIVODESHIP_CODES.join(', ')})`);
  }
  const from = f.from ?? null;
  const to = f.to ?? null;
  if (from !== null && !from.endsWith('-01-01'))
    throw badInput('filter.from', 'must be 1 January: released statistics are by calendar year of the first episode');
  if (to !== null && !to.endsWith('-12-31')) throw badInput('filter.to', 'must be 31 December: released statistics are by calendar year of the first episode');
  if (from !== null && to !== null && to < from) throw badInput('filter.to', `must not be before from (${from})`);
  const startsWith = f.startsWith ?? null;
  if (startsWith !== null) {
    if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(startsWith)) throw badInput('filter.startsWith', 'must be an institution type name, e.g. "OPS"');
    const types = [...(await knownTypes(ctx)), UNKNOWN_TYPE];
    if (!types.includes(startsWith)) throw badInput('filter.startsWith', `no institution of type ${startsWith} is known (one of ${types.join(', ')})`);
  }
  return { voivodeship, from, to, startsWith };
}

export const pathLabel = (steps: readonly string[], truncated: boolean): string => [...steps, ...(truncated ? ['…'] : [])].join(' → ');

const cellOf = (c: DisclosedCell) => ({ count: c.count, suppressed: c.suppressed });
const rateOf = (c: DisclosedCell, of: number): number | null => (c.suppressed || c.count === null ? null : Math.round((c.count / of) * 1000) / 1000);

/**
 * Which paths go into the pool (indices), or null when the table cannot be published. Additive
 * secondary suppression as in discloseTable, with two differences: a path may be pooled for a
 * reason other than its count (`unpublishable`), and the pool counts as a part even when empty,
 * so that "nobody took another path" is never published either.
 */
function pooledPaths(counts: readonly number[], unpublishable: readonly boolean[], k: number, several = -1): Set<number> | null {
  const pooled = new Set<number>();
  unpublishable.forEach((pool, i) => {
    if (pool) pooled.add(i);
  });
  const unsafe = (): boolean => {
    const inPool = [...pooled].map((i) => counts[i]);
    // Part `several` (the release's unlisted paths) stands for several paths at once.
    const parts = [...pooled].filter((i) => counts[i] > 0).reduce((n, i) => n + (i === several ? 2 : 1), 0);
    return parts < 2 || inPool.reduce((sum, n) => sum + n, 0) < k;
  };
  while (unsafe()) {
    // The smallest listed path (first in order among equals) joins the pool.
    let next = -1;
    counts.forEach((n, i) => {
      if (!pooled.has(i) && (next === -1 || n < counts[next])) next = i;
    });
    if (next === -1) return null;
    pooled.add(next);
  }
  return pooled;
}

/**
 * The published table (pure; property-tested).
 *
 * - A path's statistic is its people and their outcomes (one each: the parts add up), disclosed
 *   with discloseTable. Where that hides its total (fewer than k people, or all of them stand the
 *   same, which would tell each one's outcome), the path is not listed: it is pooled.
 * - Paths are the additive parts of the total (one path per person). The pool (otherPaths = total
 *   minus the listed paths) must hold people of at least two paths and at least k people, so it
 *   never gives back one path's count, and it is never "nobody": further paths, smallest first,
 *   join it until it does. If that cannot be reached (everyone took one path, or the total is below
 *   k), nothing is listed and total and otherPaths are suppressed.
 */
export function disclosePaths(rows: readonly PathRow[], k: number, maxSteps: number, unreleased = 0): Omit<ReintegrationPathTable, 'release'> {
  const groups = new Map<string, { steps: string[]; truncated: boolean; label: string; people: number; outcomes: Map<string, number> }>();
  for (const row of rows) {
    const key = `${JSON.stringify(row.steps)}|${row.truncated}`;
    let group = groups.get(key);
    if (!group) {
      group = { steps: row.steps, truncated: row.truncated, label: pathLabel(row.steps, row.truncated), people: 0, outcomes: new Map() };
      groups.set(key, group);
    }
    group.people += row.n;
    group.outcomes.set(row.endState, (group.outcomes.get(row.endState) ?? 0) + row.n);
  }
  const ordered = [...groups.values()]
    .sort((a, b) => b.people - a.people || (a.label < b.label ? -1 : a.label > b.label ? 1 : Number(a.truncated) - Number(b.truncated)))
    .map((g) => ({
      ...g,
      byOutcome: discloseTable(
        g.people,
        PATH_OUTCOMES.map((o) => ({ key: o, count: g.outcomes.get(o) ?? 0 })),
        k,
        true,
      ),
    }));
  // People on paths the release does not list: always in the pool, counted as one part of it.
  const parts = unreleased > 0 ? [...ordered.map((g) => g.people), unreleased] : ordered.map((g) => g.people);
  const unpublishable = unreleased > 0 ? [...ordered.map((g) => g.byOutcome.total.suppressed), true] : ordered.map((g) => g.byOutcome.total.suppressed);
  const total = parts.reduce((sum, n) => sum + n, 0);
  // The release's unlisted paths are noisy released cells of many paths: as a part they count as several.
  const pooled = pooledPaths(parts, unpublishable, k, unreleased > 0 ? ordered.length : -1);
  if (pooled === null) return { paths: [], otherPaths: cellOf(hidden()), total: cellOf(hidden()), k, maxSteps };
  const paths: ReintegrationPath[] = ordered
    .filter((_, i) => !pooled.has(i))
    .map((g) => {
      const byOutcome = g.byOutcome.parts.map((p) => ({ outcome: p.key, ...cellOf(p.cell), rate: rateOf(p.cell, g.people) }));
      return {
        steps: g.steps,
        truncated: g.truncated,
        label: g.label,
        people: cellOf(shown(g.people)),
        byOutcome,
        openLabourMarketRate: byOutcome.find((o) => o.outcome === OutcomeGroup.OPEN_LABOUR_MARKET)?.rate ?? null,
      };
    });
  const inPool = [...pooled].reduce((sum, i) => sum + parts[i], 0);
  return { paths, otherPaths: cellOf(shown(inPool)), total: cellOf(shown(total)), k, maxSteps };
}

/**
 * The filter as released cells: the whole country over all periods is one table; a voivodeship,
 * a period or both select the regional cells (voivodeship × calendar year of the first episode),
 * so a period must be whole calendar years.
 */
function releasedScopes(q: PathQuery, years: readonly number[]): string[] | null {
  if (q.voivodeship === null && q.from === null && q.to === null) return null;
  if (q.from !== null && !q.from.endsWith('-01-01'))
    throw badInput('filter.from', 'must be 1 January: released statistics are by calendar year of the first episode');
  if (q.to !== null && !q.to.endsWith('-12-31'))
    throw badInput('filter.to', 'must be 31 December: released statistics are by calendar year of the first episode');
  const from = q.from === null ? -Infinity : Number(q.from.slice(0, 4));
  const to = q.to === null ? Infinity : Number(q.to.slice(0, 4));
  const voivodeships = q.voivodeship === null ? VOIVODESHIP_CODES : [q.voivodeship];
  return voivodeships.flatMap((v) => years.filter((y) => y >= from && y <= to).map((y) => regionalScope(v, y)));
}

/** Released paths of the scopes, summed (a sum of released cells spends no budget). */
async function releasedPathRows(ctx: CaseworkContext, q: PathQuery): Promise<{ rows: PathRow[]; total: number; release: StatisticsRelease | null }> {
  const release = await latestRelease(ctx);
  if (!release) return { rows: [], total: 0, release: null };
  const scopes = releasedScopes(q, releaseYears(todayInPoland(release.dataUpTo))) ?? [''];
  const tables = await Promise.all(scopes.map((scope) => releasedCells<ScopePaths>(ctx, scope === '' ? 'paths' : 'pathsRegional', scope)));
  const rows: PathRow[] = [];
  let total = 0;
  for (const t of tables) {
    if (!t?.counts) continue;
    for (const path of t.counts.paths) {
      if (q.startsWith !== null && path.steps[0] !== q.startsWith) continue;
      for (const [endState, n] of Object.entries(path.outcome)) rows.push({ steps: path.steps, truncated: path.truncated, endState, n });
    }
    // With startsWith the total is that of the listed matching paths: the release has no total per first type.
    total += q.startsWith === null ? t.counts.total : t.counts.paths.filter((p) => p.steps[0] === q.startsWith).reduce((sum, p) => sum + p.people, 0);
  }
  return { rows, total, release };
}

export async function reintegrationPaths(ctx: CaseworkContext, filter: ReintegrationPathFilter | null | undefined): Promise<ReintegrationPathTable> {
  const query = await resolvePathQuery(ctx, filter);
  const { rows, total, release } = await releasedPathRows(ctx, query);
  // Paths the release does not list (below its threshold) are pooled with the unlisted ones.
  const listed = rows.reduce((sum, r) => sum + r.n, 0);
  return { ...disclosePaths(rows, ctx.k, RELEASE_MAX_STEPS, Math.max(0, total - listed)), release };
}
