// The breaking-change check (README, "Deprecation policy"): @graphql-inspector/core diffs the
// client-facing schema (the supergraph's API schema) against the committed baseline, and every
// breaking change must touch only what was deprecated, with a dated reason
// ("2026-12-03: use X"), at least three months before.
import { Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { addMonths, isValid, parseISO } from 'date-fns';
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';

const DEPRECATION_MONTHS = 3;

/** The schema clients see: the supergraph without its federation machinery. */
export const apiSchemaOf = (supergraphSdl: string): GraphQLSchema => Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();

export interface Violation {
  path: string;
  message: string;
  /** Why the change is not covered by a deprecation. */
  why: string;
}

const DATED = /^(\d{4}-\d{2}-\d{2}):\s*\S/;

/** The date a deprecation reason starts with, or why it has none. */
export function deprecationDate(reason: string | null | undefined): Date | string {
  if (reason == null) return 'not deprecated';
  const match = DATED.exec(reason);
  if (!match) return `deprecated without a date ("YYYY-MM-DD: reason"): "${reason}"`;
  const date = parseISO(match[1]);
  return isValid(date) ? date : `deprecated with an invalid date: "${match[1]}"`;
}

/** Deprecation reasons of what `path` (Type, Type.field, Type.field.arg, Enum.VALUE) names in `schema`, innermost first. */
function reasonsAt(schema: GraphQLSchema, path: string): (string | null | undefined)[] | undefined {
  const [typeName, member, argName] = path.split('.');
  const type = schema.getType(typeName);
  if (!type || member === undefined) return undefined;
  if (isEnumType(type)) {
    const value = type.getValue(member);
    return value ? [value.deprecationReason] : undefined;
  }
  if (isInputObjectType(type)) {
    const field = type.getFields()[member];
    return field ? [field.deprecationReason] : undefined;
  }
  if (isObjectType(type) || isInterfaceType(type)) {
    const field = type.getFields()[member];
    if (!field) return undefined;
    if (argName === undefined) return [field.deprecationReason];
    const arg = field.args.find((a) => a.name === argName);
    return [arg?.deprecationReason, field.deprecationReason];
  }
  return undefined;
}

/** Every field, argument and input field of `schema` whose type is `typeName`, as paths. */
function referencesTo(schema: GraphQLSchema, typeName: string): string[] {
  const paths: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name === typeName) paths.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (getNamedType(arg.type).name === typeName) paths.push(`${type.name}.${field.name}.${arg.name}`);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) if (getNamedType(field.type).name === typeName) paths.push(`${type.name}.${field.name}`);
    }
  }
  return paths;
}

/** Why the deprecations at `path` do not cover its removal or change, or null when one does. */
function uncovered(old: GraphQLSchema, path: string, today: Date): string | null {
  const reasons = reasonsAt(old, path);
  if (!reasons) return 'not a deprecatable field, argument or enum value';
  let why = 'not deprecated';
  for (const reason of reasons) {
    const date = deprecationDate(reason);
    if (typeof date === 'string') {
      if (reason != null) why = date;
      continue;
    }
    if (addMonths(date, DEPRECATION_MONTHS) <= today) return null;
    why = `deprecated on ${reason!.slice(0, 10)}, less than ${DEPRECATION_MONTHS} months before ${today.toISOString().slice(0, 10)}`;
  }
  return why;
}

/**
 * The breaking changes from `old` to `current` that no deprecation covers. A removed type is
 * covered when every field and argument of the old schema that used it was.
 */
export async function uncoveredBreakingChanges(old: GraphQLSchema, current: GraphQLSchema, today: Date = new Date()): Promise<Violation[]> {
  const changes: Change[] = await diff(old, current);
  const violations: Violation[] = [];
  for (const change of changes) {
    if (change.criticality.level !== CriticalityLevel.Breaking) continue;
    const path = change.path ?? '';
    let why: string | null;
    if (change.type === 'TYPE_REMOVED') {
      const refs = referencesTo(old, path);
      const open = refs.map((ref) => [ref, uncovered(old, ref, today)] as const).filter(([, w]) => w !== null);
      why =
        refs.length === 0
          ? 'a type no field used: nothing could have announced its removal'
          : open.length
            ? `still used by ${open.map(([ref, w]) => `${ref} (${w})`).join(', ')}`
            : null;
    } else {
      why = uncovered(old, path, today);
    }
    if (why !== null) violations.push({ path, message: change.message, why });
  }
  return violations;
}
