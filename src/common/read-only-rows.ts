// Read-only instances for the request-level loaders. MikroORM's hydration (identity map,
// reference wrappers, change-set snapshots) measured ~55 µs an entity here, five to ten times the
// cost of reading the row; a dashboard response reads thousands of rows and writes none. These
// instances are built from the same metadata instead: the same classes (type-graphql and the
// resolvers see no difference), columns converted as the ORM converts them, and many-to-one
// relations as `{ <primary key>: value }` stubs, because resolvers only read a relation's key and
// load the rest through loaders. They are never flushed: writes load managed entities of their own
// (the Loaders of a mutation's transaction are managed).
import { ReferenceKind, type EntityClass, type EntityMetadata, type EntityProperty, type Platform } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

type Row = Record<string, unknown>;
type Assign = (target: Row, row: Row) => void;

export interface RowReader<T> {
  /** The table to select from and its columns by property name (for where and order by). */
  tableName: string;
  /** Every column the instances are built from. */
  columns: readonly string[];
  column(property: string): string;
  /** A raw column value of a many-to-one relation (its foreign key) or of a scalar, by property. */
  read(row: Row, property: string): unknown;
  toEntity(row: Row): T;
}

function convertScalar(prop: EntityProperty, platform: Platform): (value: unknown) => unknown {
  const custom = prop.customType;
  if (custom) return (value): unknown => custom.convertToJSValue(value, platform) as unknown;
  if (prop.runtimeType === 'boolean') return (value) => !!value;
  if (prop.runtimeType === 'Date') return (value) => (value instanceof Date ? value : new Date(value as string));
  return (value) => value;
}

function assignerFor(prop: EntityProperty, platform: Platform, prefix: string): Assign | null {
  if (prop.persist === false || prop.formula) return null;
  if (prop.kind === ReferenceKind.SCALAR) {
    const field = prefix + prop.fieldNames[0];
    const convert = convertScalar(prop, platform);
    const name = prop.name;
    return (target, row) => {
      const value = row[field];
      target[name] = value === null || value === undefined ? null : convert(value);
    };
  }
  if (prop.kind === ReferenceKind.MANY_TO_ONE) {
    if (prop.fieldNames.length !== 1 || prop.targetMeta?.primaryKeys.length !== 1) {
      throw new Error(`read-only rows: ${prop.name} needs a single-column foreign key`);
    }
    const field = prefix + prop.fieldNames[0];
    const [targetKey] = prop.targetMeta.primaryKeys;
    const name = prop.name;
    return (target, row) => {
      const value = row[field];
      target[name] = value === null || value === undefined ? null : { [targetKey]: value };
    };
  }
  // Collections are never read from an entity here (lists resolve through loaders).
  return null;
}

const readers = new WeakMap<EntityMetadata, Map<string, RowReader<unknown>>>();

/**
 * The row reader of an entity class (built once per metadata and prefix, then shared). `prefix`:
 * the result's column names carry it (a row joined into another query).
 */
export function rowReader<T extends object>(em: EntityManager, entity: EntityClass<T>, prefix = ''): RowReader<T> {
  const meta: EntityMetadata = em.getMetadata().get(entity.name);
  let byPrefix = readers.get(meta);
  if (!byPrefix) readers.set(meta, (byPrefix = new Map<string, RowReader<unknown>>()));
  const cached = byPrefix.get(prefix);
  if (cached) return cached as RowReader<T>;
  const platform = em.getPlatform();
  const assigned = meta.props.map((prop) => [prop.name, assignerFor(prop, platform, prefix)] as const).filter(([, a]) => a !== null);
  const assigners = assigned.map(([, a]) => a as Assign);
  // The ORM puts a setter for every column on the entity's prototype (its change tracking, which
  // creates a helper per instance on first write). A prototype in between with plain writable data
  // properties of the same names makes assignment create ordinary own properties instead, while the
  // class's own getters (Institution.sector) and instanceof still work.
  const prototype = Object.create(meta.prototype as object) as object;
  for (const [name] of assigned) Object.defineProperty(prototype, name, { value: null, writable: true, enumerable: false, configurable: true });
  const columns = new Map(meta.props.filter((p) => p.fieldNames?.length === 1).map((p) => [p.name, p.fieldNames[0]]));
  const column = (property: string): string => {
    const found = columns.get(property);
    if (!found) throw new Error(`read-only rows: ${meta.className}.${property} has no single column`);
    return found;
  };
  const used = meta.props.filter((p) => p.persist !== false && !p.formula && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE));
  const reader: RowReader<unknown> = {
    tableName: meta.tableName,
    columns: used.map((p) => p.fieldNames[0]),
    column,
    read: (row, property) => row[prefix + column(property)],
    toEntity(row) {
      const target = Object.create(prototype) as Row;
      for (const assign of assigners) assign(target, row);
      return target;
    },
  };
  byPrefix.set(prefix, reader);
  return reader as RowReader<T>;
}
