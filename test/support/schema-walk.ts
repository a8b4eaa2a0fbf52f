// Builds queries from an introspected schema: every root field with arguments filled from a
// candidate value, selecting every field of every type it can reach (to a depth), with
// __typename everywhere so a response can be scanned for the types it returned.
import {
  buildClientSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';

export interface Fill {
  /** The value for every ID argument or input field. */
  id: string;
  pesel: string;
  /** NDJSON lines for an import. */
  line: string;
}

export function schemaFrom(introspection: IntrospectionQuery): GraphQLSchema {
  return buildClientSchema(introspection);
}

/** A literal for an input type, filled from `fill`; required values only for nested inputs. */
export function literal(type: GraphQLInputType, name: string, fill: Fill): string {
  const inner = getNullableType(type);
  // A filter narrows a list to nothing as often as not: leave it out, so the list is walked whole.
  if (name === 'filter' && inner === type) return 'null';
  if (isListType(inner)) return `[${literal(inner.ofType, name, fill)}]`;
  if (isEnumType(inner)) return inner.getValues()[0].name;
  if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields()).map((f) => `${f.name}: ${literal(f.type, f.name, fill)}`);
    return `{ ${fields.join(', ')} }`;
  }
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'ID':
        return JSON.stringify(fill.id);
      case 'Int':
        return '1';
      case 'Float':
        return '1';
      case 'Boolean':
        return 'false';
      case 'LocalDate':
        return '"2024-03-01"';
      case 'String':
        if (name === 'after') return 'null';
        if (/pesel/i.test(name)) return JSON.stringify(fill.pesel);
        if (/lines/i.test(name)) return JSON.stringify(fill.line);
        if (/municipality/i.test(name)) return '"2604062"';
        return '"x"';
      default:
        return '"x"';
    }
  }
  throw new Error(`no literal for ${String(type)}`);
}

const args = (field: GraphQLField<unknown, unknown>, fill: Fill): string =>
  field.args.length ? `(${field.args.map((a) => `${a.name}: ${literal(a.type, a.name, fill)}`).join(', ')})` : '';

/** A selection set for a type: every field, __typename on every object, to `depth` levels. */
export function selection(type: GraphQLNamedType, fill: Fill, depth: number): string {
  if (isUnionType(type)) {
    return `{ __typename ${type
      .getTypes()
      .map((t) => `... on ${t.name} ${selection(t, fill, depth)}`)
      .join(' ')} }`;
  }
  if (!isObjectType(type)) return '';
  const parts = ['__typename'];
  for (const field of Object.values(type.getFields())) {
    const named = getNamedType(field.type);
    if (isObjectType(named) || isUnionType(named)) {
      if (depth > 0) parts.push(`${field.name}${args(field, fill)} ${selection(named, fill, depth - 1)}`);
    } else parts.push(`${field.name}${args(field, fill)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

export interface Operation {
  root: 'query' | 'mutation';
  field: string;
  text: string;
}

/** One operation per root field (the federation fields excepted). */
export function rootOperations(schema: GraphQLSchema, fill: Fill, depth = 6): Operation[] {
  const ops: Operation[] = [];
  for (const [root, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (field.name.startsWith('_')) continue;
      const named = getNamedType(field.type);
      const sel = isObjectType(named) || isUnionType(named) ? selection(named, fill, depth) : '';
      ops.push({ root, field: field.name, text: `${root} { ${field.name}${args(field, fill)} ${sel} }` });
    }
  }
  return ops;
}

/** Every __typename in a response, with the objects that carry it. */
export function objectsByType(value: unknown, out = new Map<string, Record<string, unknown>[]>()): Map<string, Record<string, unknown>[]> {
  if (Array.isArray(value)) for (const v of value) objectsByType(v, out);
  else if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.__typename === 'string') out.set(obj.__typename, [...(out.get(obj.__typename) ?? []), obj]);
    for (const v of Object.values(obj)) objectsByType(v, out);
  }
  return out;
}
