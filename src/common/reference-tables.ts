// Small tables that only change when the service is deployed (the TERYT register: 16
// voivodeships, 380 counties, 2,477 municipalities) are read once per subgraph instance and served
// from memory by the read-only loaders: a place on every institution of a page, a voivodeship on a
// dashboard, is then no SQL statement at all. They are loaded at start (after migrations and the
// register load), so every request sees the same number of statements. A new register needs a
// restart, as it needs a deployment anyway.
import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { rowReader } from './read-only-rows';

type Row = Record<string, unknown>;

/** The key of a property value: a relation stub's single key, or the value itself. */
const keyOf = (value: unknown): string => (value !== null && typeof value === 'object' ? String(Object.values(value)[0]) : String(value));

export class ReferenceTables {
  private readonly rows = new Map<EntityClass<object>, object[]>();
  private readonly indexes = new Map<string, Map<string, unknown>>();

  private constructor(private readonly entities: readonly EntityClass<object>[]) {}

  /** Reads every row of these tables (as read-only instances). */
  static async load(em: EntityManager, entities: readonly EntityClass<object>[]): Promise<ReferenceTables> {
    const tables = new ReferenceTables(entities);
    for (const entity of entities) {
      const reader = rowReader(em, entity);
      const rows = await em.execute<Record<string, unknown>[]>(em.getKnex()(reader.tableName).select('*'));
      tables.rows.set(
        entity,
        rows.map((row) => reader.toEntity(row)),
      );
    }
    return tables;
  }

  has(entity: EntityClass<object>): boolean {
    return this.entities.includes(entity);
  }

  /** Every row of a reference table (in no particular order). */
  all<T extends object>(entity: EntityClass<T>): readonly T[] {
    const found = this.rows.get(entity);
    if (!found) throw new Error(`${entity.name} is not a reference table`);
    return found as T[];
  }

  /** Rows by a unique property. */
  byKey<T extends object>(entity: EntityClass<T>, key: string): Map<string, T> {
    return this.indexed(`${entity.name}.${key}`, () => new Map(this.all(entity).map((row) => [keyOf((row as Row)[key]), row])));
  }

  /** Rows grouped by a property (a many-to-one relation's key), each group in this order. */
  groupedBy<T extends object>(entity: EntityClass<T>, property: string, orderBy: Record<string, 'asc' | 'desc'>): Map<string, T[]> {
    return this.indexed(`${entity.name}[${property}]:${JSON.stringify(orderBy)}`, () => {
      const order = Object.entries(orderBy);
      const compare = (a: Row, b: Row): number => {
        for (const [p, direction] of order) {
          const [x, y] = [keyOf(a[p]), keyOf(b[p])];
          if (x !== y) return (x < y ? -1 : 1) * (direction === 'desc' ? -1 : 1);
        }
        return 0;
      };
      const groups = new Map<string, T[]>();
      for (const row of [...this.all(entity)].sort((a, b) => compare(a as Row, b as Row))) {
        const group = keyOf((row as Row)[property]);
        const members = groups.get(group);
        if (members) members.push(row);
        else groups.set(group, [row]);
      }
      return groups;
    });
  }

  private indexed<V>(name: string, build: () => Map<string, V>): Map<string, V> {
    let index = this.indexes.get(name) as Map<string, V> | undefined;
    if (!index) this.indexes.set(name, (index = build()));
    return index;
  }
}
