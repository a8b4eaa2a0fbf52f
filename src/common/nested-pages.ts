// One page of a nested list for many parents in a single statement: the rows of every parent are
// ranked by the sort key with a window function, and totals come from the same scan.
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { decodeCursor, encodeCursor, type Page } from './connection';

export interface NestedPageSpec {
  /**
   * Selects `parent`, `id` and the sort key columns `k0`, `k1`, … (text, never null) of the rows
   * of these parents (distinct rows: a row is one item of one parent's list).
   */
  base: (knex: Knex, parents: string[]) => Knex.QueryBuilder;
  /** Number of sort key columns; the last one must be unique within a parent (an id). */
  keyLength: number;
  first: number;
  after?: string | null;
  /** Also read these columns of `table` for each item (joined on `key` = the item's id). */
  rows?: JoinedRows & {
    /** And of a row each item's row refers to (`from`: the item's foreign key column), prefixed `prefix`. */
    related?: (JoinedRows & { from: string; prefix: string })[];
  };
}

interface JoinedRows {
  table: string;
  key: string;
  columns: readonly string[];
}

/** The prefix of the joined row's columns in a result row (`e__<column>`). */
export const ROW_PREFIX = 'e__';

/** A page of ids, with the joined rows of its items when the spec asked for them. */
export interface IdPage extends Page<string> {
  rows?: Record<string, unknown>[];
}

export async function nestedPages(em: EntityManager, parents: readonly string[], spec: NestedPageSpec): Promise<IdPage[]> {
  const knex = em.getKnex();
  const keys = Array.from({ length: spec.keyLength }, (_, i) => `k${i}`);
  const afterKey = spec.after ? decodeCursor(spec.after, spec.keyLength) : null;
  const cols = keys.map((k) => knex.ref(`base.${k}`));
  const ranked = knex
    .select('base.*', knex.raw(`row_number() over (partition by base.parent order by ${keys.map(() => '??').join(', ')}) as rn`, cols))
    .from('base');
  if (afterKey) ranked.whereRaw(`(${keys.map(() => '??').join(', ')}) > (${keys.map(() => '?').join(', ')})`, [...cols, ...afterKey] as never[]);
  const query = knex
    .with('base', spec.base(knex, [...parents]))
    .with('ranked', ranked)
    .select('totals.parent', 'totals.total', ...keys.map((k) => `ranked.${k}`), 'ranked.id', 'ranked.rn')
    .from(knex.select('parent').count({ total: '*' }).from('base').groupBy('parent').as('totals'))
    .leftJoin('ranked', function () {
      this.on('ranked.parent', '=', 'totals.parent').andOn('ranked.rn', '<=', knex.raw('?', [spec.first + 1]));
    })
    .orderBy([{ column: 'totals.parent' }, { column: 'ranked.rn' }]);
  if (spec.rows) {
    const { table, key, columns, related = [] } = spec.rows;
    query.leftJoin(`${table} as e`, `e.${key}`, 'ranked.id').select(columns.map((c) => knex.ref(`e.${c}`).as(`${ROW_PREFIX}${c}`)));
    related.forEach((r, i) => {
      query.leftJoin(`${r.table} as r${i}`, `r${i}.${r.key}`, `e.${r.from}`).select(r.columns.map((c) => knex.ref(`r${i}.${c}`).as(`${r.prefix}${c}`)));
    });
  }
  const rows = await em.execute<Record<string, unknown>[]>(query);
  const byParent = new Map<string, { ids: string[]; keys: string[]; rows: Record<string, unknown>[]; total: number }>();
  for (const row of rows) {
    const parent = String(row.parent);
    let entry = byParent.get(parent);
    if (!entry) {
      entry = { ids: [], keys: [], rows: [], total: Number(row.total) };
      byParent.set(parent, entry);
    }
    if (row.id != null) {
      entry.ids.push(row.id as string);
      entry.keys.push(encodeCursor(keys.map((k) => row[k])));
      entry.rows.push(row);
    }
  }
  return parents.map((parent) => {
    const entry = byParent.get(parent) ?? { ids: [], keys: [], rows: [], total: 0 };
    const hasNextPage = entry.ids.length > spec.first;
    return {
      ...(spec.rows ? { rows: entry.rows.slice(0, spec.first) } : {}),
      items: entry.ids.slice(0, spec.first),
      cursors: entry.keys.slice(0, spec.first),
      hasNextPage,
      hasPreviousPage: Boolean(spec.after),
      totalCount: entry.total,
    };
  });
}
