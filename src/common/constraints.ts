// "No duplicate" rules live in the database (unique indexes, exclusion constraints, advisory
// locks). A write that breaks one is answered as the CONFLICT it is, with the rule in words,
// instead of an internal error. Each subgraph names its constraints (`describeConstraints`)
// before serving; an unnamed unique or exclusion violation still maps to a generic CONFLICT.
import type { GraphQLError } from 'graphql';
import { conflict } from './errors';

export interface ConstraintRule {
  /** The input field the client should change. */
  field: string;
  /** What the rule says, for the client. */
  message: string;
}

const rules = new Map<string, ConstraintRule>();

/** Registers what each named constraint means (idempotent). */
export function describeConstraints(described: Record<string, ConstraintRule>): void {
  for (const [name, rule] of Object.entries(described)) rules.set(name, rule);
}

/** SQLSTATEs of a duplicate: unique_violation and exclusion_violation. */
const DUPLICATE_STATES = new Set(['23505', '23P01']);

/** The CONFLICT a duplicate-key or exclusion violation stands for; undefined for any other error. */
function conflictFromConstraint(error: unknown): GraphQLError | undefined {
  if (!(error instanceof Error)) return undefined;
  const { code, constraint } = error as Error & { code?: unknown; constraint?: unknown };
  if (typeof code !== 'string' || !DUPLICATE_STATES.has(code)) return undefined;
  const rule = typeof constraint === 'string' ? rules.get(constraint) : undefined;
  return rule ? conflict(rule.field, rule.message) : conflict('input', 'a record like this already exists (it was probably created by a concurrent request)');
}

/** Runs `work`, answering a duplicate the database refused as CONFLICT. */
export async function mappingConstraints<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    throw conflictFromConstraint(e) ?? e;
  }
}
