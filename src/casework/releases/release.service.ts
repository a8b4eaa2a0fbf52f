// Reads of the latest statistical release, batched per request: one statement for the release,
// one per table for all the groups a request asks about. Nothing here touches person-level rows.
import type { CaseworkContext } from '../context';
import type { GroupCounts, ScopePaths, SingleCount } from './publish';
import type { StatisticsRelease } from './release.types';

interface ReleaseRow {
  id: string;
  published_at: Date;
  data_up_to: Date;
  rho: number;
  parameters: { epsilon?: number };
}

/** The latest release, read once per request (every aggregate of one response comes from the same release). */
export function latestRelease(ctx: CaseworkContext): Promise<StatisticsRelease | null> {
  return ctx.loaders
    .get<string, StatisticsRelease | null>('casework:latestRelease', undefined, async (keys) => {
      const [row] = await ctx.em.execute<ReleaseRow[]>(
        'select id, published_at, data_up_to, rho, parameters from statistics_release order by published_at desc, id desc limit 1',
      );
      const release = row
        ? {
            id: row.id,
            publishedAt: new Date(row.published_at),
            dataUpTo: new Date(row.data_up_to),
            rho: Number(row.rho),
            epsilon: Number(row.parameters.epsilon ?? Number.NaN),
          }
        : null;
      return keys.map(() => release);
    })
    .load('latest');
}

/** One group's released cells, or null when the release has no such group. */
export async function releasedCells<T extends GroupCounts | ScopePaths | SingleCount>(
  ctx: CaseworkContext,
  table: string,
  groupKey: string,
): Promise<{ release: StatisticsRelease; counts: T | null } | null> {
  const release = await latestRelease(ctx);
  if (!release) return null;
  const counts = await ctx.loaders
    .get<string, unknown>('casework:releasedCells', { release: release.id, table }, async (keys) => {
      const rows = await ctx.em.execute<{ group_key: string; counts: unknown }[]>(
        'select group_key, counts from statistics_release_cell where release_id = ? and table_name = ? and group_key = any (?::text[])',
        [release.id, table, `{${keys.map((k) => `"${k.replace(/["\\]/g, '')}"`).join(',')}}`],
      );
      const byKey = new Map(rows.map((r) => [r.group_key, r.counts]));
      return keys.map((k) => byKey.get(k) ?? null);
    })
    .load(groupKey);
  return { release, counts: (counts as T | null) ?? null };
}
