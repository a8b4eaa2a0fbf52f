// Per-request DataLoaders, created on first use and keyed by name and arguments, so every
// relation and nested list costs a fixed number of statements whatever the number of rows.
import { isUuid } from './ids';
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Reference, wrap, type EntityClass, type FilterQuery } from '@mikro-orm/core';
import { rowReader } from './read-only-rows';
import type { ReferenceTables } from './reference-tables';
import { pageSize, type Page } from './connection';
import { nestedPages, ROW_PREFIX, type NestedPageSpec } from './nested-pages';

/** The primary key behind a relation value (a Ref, an entity) or a plain key. */
function primaryKeyOf(value: unknown): string {
  if (Reference.isReference(value)) return String(wrap(value.unwrap(), true).getPrimaryKey());
  if (value !== null && typeof value === 'object') return String(wrap(value, true).getPrimaryKey());
  return String(value);
}

/**
 * `read-only`: entities come back as plain instances of their classes, outside the unit of work
 * (read-only-rows.ts), for requests that only read. `managed`: as ORM entities, for a mutation's
 * transaction, which changes and flushes what it loads.
 */
export type LoaderMode = 'read-only' | 'managed';

export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(
    private readonly em: EntityManager,
    private readonly mode: LoaderMode,
    /** Tables read once at start (reference-tables.ts), served to read-only loads from memory. */
    private readonly reference?: ReferenceTables,
  ) {}

  private referenceFor(entity: EntityClass<object>): ReferenceTables | undefined {
    return this.mode === 'read-only' && this.reference?.has(entity) ? this.reference : undefined;
  }

  /** A loader for `name` with these arguments; the batch function sees all keys of one tick. */
  get<K, V>(name: string, args: unknown, batch: (keys: readonly K[]) => Promise<ArrayLike<V | Error>>): DataLoader<K, V> {
    const id = args === undefined ? name : `${name}:${JSON.stringify(args)}`;
    const found = this.loaders.get(id);
    if (found) return found as DataLoader<K, V>;
    const loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
    this.loaders.set(id, loader);
    return loader;
  }

  /** Forgets every cached value (after a failed or completed write). */
  clearAll(): void {
    for (const loader of this.loaders.values()) loader.clearAll();
  }

  /** Entities by primary key (a missing one loads as null). */
  byKey<T extends object>(entity: EntityClass<T>, key: keyof T & string = 'id' as keyof T & string): DataLoader<string, T | null> {
    return this.get<string, T | null>(`${entity.name}.${key}`, undefined, async (ids) => {
      // A malformed uuid cannot match: answer "not found" instead of a database error.
      const reference = this.referenceFor(entity);
      if (reference) {
        const rows = reference.byKey(entity, key);
        return ids.map((id) => rows.get(id) ?? null);
      }
      const valid = key === 'id' ? ids.filter(isUuid) : [...ids];
      if (!valid.length) return ids.map(() => null);
      if (this.mode === 'read-only') {
        const reader = rowReader(this.em, entity);
        const rows = await this.em.execute<Record<string, unknown>[]>(this.em.getKnex()(reader.tableName).select('*').whereIn(reader.column(key), valid));
        const byId = new Map(rows.map((row) => [String(reader.read(row, key)), reader.toEntity(row)]));
        return ids.map((id) => byId.get(id) ?? null);
      }
      const rows = await this.em.find(entity, { [key]: { $in: valid } } as FilterQuery<T>);
      const byId = new Map(rows.map((row) => [row[key] as string, row]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /**
   * Nested pages of an entity (nested-pages.ts), with the entities. Read-only, the page statement
   * also reads the items' rows: one statement instead of two. The items' own rows are not primed
   * into `byKey`: a cache hit there would change when dependent loaders batch, and with it the
   * number of statements from one run to the next. `include` names many-to-one relations whose
   * rows are read in the same statement and primed into `byKey` of their entity (a membership's
   * institution): only for relations nothing else of the request loads before the page returns.
   */
  async pagesOf<T extends object>(
    entity: EntityClass<T>,
    parents: readonly string[],
    spec: NestedPageSpec,
    options: { key?: keyof T & string; include?: readonly (keyof T & string)[] } = {},
  ): Promise<Page<T>[]> {
    const key = options.key ?? ('id' as keyof T & string);
    if (this.mode !== 'read-only') {
      const pages = await nestedPages(this.em, parents, spec);
      const loader = this.byKey(entity, key);
      return Promise.all(pages.map(async (page) => ({ ...page, items: await loadPresent(loader, page.items) })));
    }
    const plain = rowReader(this.em, entity);
    const joined = rowReader(this.em, entity, ROW_PREFIX);
    const meta = this.em.getMetadata().get(entity.name);
    const related = (options.include ?? []).map((relation, i) => {
      const prop = meta.properties[relation];
      const target = prop.targetMeta!.class as EntityClass<object>;
      const targetKey: string = prop.targetMeta!.primaryKeys[0];
      const prefix = `r${i}__`;
      const reader = rowReader(this.em, target);
      return {
        spec: { table: reader.tableName, key: reader.column(targetKey), columns: reader.columns, from: plain.column(relation), prefix },
        reader: rowReader(this.em, target, prefix),
        loader: this.byKey(target, targetKey as never),
        targetKey,
      };
    });
    const pages = await nestedPages(this.em, parents, {
      ...spec,
      rows: { table: plain.tableName, key: plain.column(key), columns: plain.columns, related: related.map((r) => r.spec) },
    });
    return pages.map(({ rows = [], ...page }) => {
      for (const row of rows) {
        for (const r of related) {
          const id = r.reader.read(row, r.targetKey) as string | null;
          if (id != null) r.loader.prime(id, r.reader.toEntity(row));
        }
      }
      return { ...page, items: rows.map((row) => joined.toEntity(row)) };
    });
  }

  /**
   * One parent's page of a nested list (a connection under each parent): every parent the request
   * asks for with the same `name` and arguments is read in one statement (`pagesOf`). `base`
   * selects `parent`, `id` and the sort keys `k0`, `k1` (nested-pages.ts); `first` is checked here.
   */
  nestedPage<T extends object>(
    entity: EntityClass<T>,
    name: string,
    args: { first?: number | null; after?: string | null; [k: string]: unknown },
    parent: string,
    base: NestedPageSpec['base'],
    options: { include?: readonly (keyof T & string)[] } = {},
  ): Promise<Page<T>> {
    const first = pageSize(args.first);
    const loader = this.get<string, Page<T>>(name, { ...args, first }, (parents) =>
      this.pagesOf(entity, parents, { keyLength: 2, first, after: args.after, base }, options),
    );
    return loader.load(parent);
  }

  /** Entities grouped by a foreign key, for small bounded lists (parties of a partnership). */
  groupedBy<T extends object>(
    entity: EntityClass<T>,
    foreignKey: keyof T & string,
    orderBy: Partial<Record<keyof T, 'asc' | 'desc'>> = {},
  ): DataLoader<string, T[]> {
    return this.get<string, T[]>(`${entity.name}[${foreignKey}]`, undefined, async (ids) => {
      const reference = this.referenceFor(entity);
      if (reference) {
        const groups = reference.groupedBy(entity, foreignKey, orderBy as Record<string, 'asc' | 'desc'>);
        return ids.map((id) => groups.get(id) ?? []);
      }
      if (this.mode === 'read-only') {
        const reader = rowReader(this.em, entity);
        const query = this.em
          .getKnex()(reader.tableName)
          .select('*')
          .whereIn(reader.column(foreignKey), [...ids]);
        for (const [property, direction] of Object.entries(orderBy)) query.orderBy(reader.column(property), direction as 'asc' | 'desc');
        const rows = await this.em.execute<Record<string, unknown>[]>(query);
        const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
        for (const row of rows) groups.get(String(reader.read(row, foreignKey)))?.push(reader.toEntity(row));
        return ids.map((id) => groups.get(id) ?? []);
      }
      const rows = await this.em.find(entity, { [foreignKey]: { $in: [...ids] } } as FilterQuery<T>, {
        orderBy: orderBy as never,
      });
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of rows) {
        groups.get(primaryKeyOf(row[foreignKey]))?.push(row);
      }
      return ids.map((id) => groups.get(id) ?? []);
    });
  }
}

/** Loads many keys and keeps the found ones, in order; a batch error is rethrown. */
export async function loadPresent<V>(loader: DataLoader<string, V | null>, keys: readonly string[]): Promise<V[]> {
  const values = await loader.loadMany(keys);
  const out: V[] = [];
  for (const value of values) {
    if (value instanceof Error) throw value;
    if (value !== null) out.push(value);
  }
  return out;
}
