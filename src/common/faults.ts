// Faults that are ours but not a bug: the database is unreachable, restarting, or the pool has no
// free connection in time (retry later: HTTP 503 SERVICE_UNAVAILABLE with Retry-After), or work
// ran past its bound (statement_timeout, the request deadline: HTTP 504 DEADLINE_EXCEEDED).
import { GraphQLError } from 'graphql';

export type Fault = 'SERVICE_UNAVAILABLE' | 'DEADLINE_EXCEEDED';

/** Seconds a client is asked to wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

export const FAULT_STATUS: Record<Fault, number> = { SERVICE_UNAVAILABLE: 503, DEADLINE_EXCEEDED: 504 };

export const FAULT_MESSAGE: Record<Fault, string> = {
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable (its database cannot be reached): retry later',
  DEADLINE_EXCEEDED: 'The request took longer than the server allows and was stopped: retry later or ask for less',
};

/** Node socket errors of a connection that cannot be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs of an outage: class 08 (connection exception), 57P01 admin shutdown, 57P02 crash
 * shutdown, 57P03 cannot connect now (starting up or shutting down), 53300 too many connections.
 */
const unavailableState = (state: string): boolean => state.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(state);
/** 57014 query canceled (statement_timeout), 25P03 idle-in-transaction timeout. */
const timeoutState = (state: string): boolean => state === '57014' || state === '25P03';

/** Messages of pg, knex and tarn that carry no code (matched on their fixed text only). */
// MikroORM's DriverException prefixes the driver's message with the statement ("<sql> - <message>"):
// the fixed text may follow " - ".
const UNAVAILABLE_MESSAGES = [
  /(^| - )Knex: Timeout acquiring a connection/,
  /(^| - )Connection terminated/,
  /(^| - )Client has encountered a connection error and is not queryable/,
  /(^| - )timeout exceeded when trying to connect/,
  /(^| - )Unable to acquire a connection/,
  /(^| - )connect ECONNREFUSED/,
  // knex, when a statement is sent on a transaction whose connection has just been lost.
  /^Transaction query already complete/,
];

/** Thrown by the request deadline (http-server.ts). */
class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

function classifyOne(error: unknown): Fault | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    name?: unknown;
    code?: unknown;
    sqlState?: unknown;
    message?: unknown;
    extensions?: { code?: unknown; response?: { status?: unknown } };
  };
  if (error instanceof DeadlineExceeded) return 'DEADLINE_EXCEEDED';
  // A subgraph's answer relayed by the gateway (in process: its code; over HTTP: its status).
  const code = e.extensions?.code;
  if (code === 'SERVICE_UNAVAILABLE' || code === 'DEADLINE_EXCEEDED') return code;
  const status = e.extensions?.response?.status;
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  if (status === 504) return 'DEADLINE_EXCEEDED';
  if (e.name === 'KnexTimeoutError') return 'SERVICE_UNAVAILABLE';
  for (const c of [e.sqlState, e.code]) {
    if (typeof c !== 'string') continue;
    if (NETWORK_CODES.has(c)) return 'SERVICE_UNAVAILABLE';
    if (/^[0-9A-Z]{5}$/.test(c)) {
      if (unavailableState(c)) return 'SERVICE_UNAVAILABLE';
      if (timeoutState(c)) return 'DEADLINE_EXCEEDED';
    }
  }
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(e.message as string))) return 'SERVICE_UNAVAILABLE';
  return undefined;
}

/** The fault an error (or anything it wraps: originalError, cause, errors) stands for, if any. */
export function classifyFault(error: unknown, depth = 0): Fault | undefined {
  if (depth > 8 || typeof error !== 'object' || error === null) return undefined;
  const own = classifyOne(error);
  if (own) return own;
  const e = error as { originalError?: unknown; cause?: unknown; errors?: unknown };
  for (const inner of [e.originalError, e.cause]) {
    const found = classifyFault(inner, depth + 1);
    if (found) return found;
  }
  if (Array.isArray(e.errors))
    for (const inner of e.errors) {
      const found = classifyFault(inner, depth + 1);
      if (found) return found;
    }
  return undefined;
}

/**
 * A subgraph error as the in-process gateway passes it on (as JSON, without its original error):
 * a fault keeps its code so that the gateway answers 503/504 as an HTTP subgraph would.
 */
export function faultJson(error: GraphQLError): ReturnType<GraphQLError['toJSON']> {
  const json = error.toJSON();
  const fault = classifyFault(error);
  return fault ? { ...json, extensions: { ...json.extensions, code: fault } } : json;
}
