// Results of the analytics, cached in this process per graph version and scope. The version is a
// row bumped at commit by any transaction that writes institutions, partnerships, parties or
// memberships (migration Migration20261124100000): reading it is one tiny statement, and a
// result cached under a version is never stale. Keys carry the database's id, so two databases
// (tests, split services) never share an entry. Each process keeps its own cache; they agree
// because the version lives in the database.
import type { EntityManager } from '@mikro-orm/postgresql';

/** Entries kept (least recently used dropped first); each holds one graph and its metrics. */
const MAX_ENTRIES = 32;

const entries = new Map<string, Promise<unknown>>();
/** The latest version seen per database: entries of older versions are dropped when it moves. */
const latest = new Map<string, string>();

async function graphVersion(em: EntityManager): Promise<{ database: string; version: string }> {
  const [row] = await em.execute<{ database_id: string; version: string }[]>('select database_id, version::text from graph_version where id = 1');
  return { database: row.database_id, version: row.version };
}

/**
 * The cached value of `kind` for `key` at the current graph version, computing it once (callers
 * asking meanwhile share the same promise; a failure is not cached). `compute` gets the version
 * it is filed under ("<database>:<version>").
 */
export async function cached<T>(em: EntityManager, kind: string, key: string, compute: (version: string) => Promise<T>): Promise<T> {
  const { database, version } = await graphVersion(em);
  if (latest.get(database) !== version) {
    latest.set(database, version);
    for (const id of entries.keys()) if (id.startsWith(`${database}:`) && !id.startsWith(`${database}:${version}|`)) entries.delete(id);
  }
  const tag = `${database}:${version}`;
  const id = `${tag}|${kind}|${key}`;
  let entry = entries.get(id) as Promise<T> | undefined;
  if (entry) {
    // Refresh its place in the LRU order.
    entries.delete(id);
  } else {
    entry = compute(tag);
    entry.catch(() => entries.delete(id));
  }
  entries.set(id, entry);
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  return entry;
}

/** Forgets everything (tests that count statements start cold). */
export function clearAnalyticsCache(): void {
  entries.clear();
  latest.clear();
}
