// Typed GraphQL errors: a stable `extensions.code`, and for input errors the offending field,
// named both in the message ("field: reason") and in `extensions.field`.
import { GraphQLError } from 'graphql';

type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'UNAUTHENTICATED' | 'QUERY_TOO_COMPLEX' | 'IDEMPOTENCY_KEY_REUSED';

function error(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const badInput = (field: string, reason: string): GraphQLError => error('BAD_USER_INPUT', `${field}: ${reason}`, { field });

export const notFound = (what: string, id: string, field = 'id'): GraphQLError => error('NOT_FOUND', `${field}: no ${what} with id ${id}`, { field });

export const forbidden = (reason: string): GraphQLError => error('FORBIDDEN', reason);

export const conflict = (field: string, reason: string): GraphQLError => error('CONFLICT', `${field}: ${reason}`, { field });

export const unauthenticated = (reason: string): GraphQLError => error('UNAUTHENTICATED', reason);

/** Credentials that fail verification: the whole request is refused with HTTP 401. */
export const rejectedCredentials = (reason: string): GraphQLError => error('UNAUTHENTICATED', reason, { http: { status: 401 } });

/** For a record edited concurrently: the caller's version (`input.version`) is not the stored one. */
export const staleVersion = (what: string, expected: number, actual: number): GraphQLError =>
  conflict('input.version', `the ${what} was changed by someone else (your version ${expected}, current ${actual}); reload and retry`);
