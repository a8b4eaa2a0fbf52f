// Idempotency-Key for mutations (IETF httpapi draft "The Idempotency-Key HTTP Header Field"):
// a client that sends a mutation with `Idempotency-Key: <key>` may retry it with the same key and
// gets the first answer back without a second write. Kept by the subgraph that runs the mutation,
// in its own database (table idempotency_key), so it holds in the all-in-one process and in split
// mode alike (the gateway forwards the header).
//
// Per key, scoped by caller (role, token subject, institution, voivodeship):
//   1. claim: one committed row IN_FLIGHT (its own statement, before the work);
//   2. the work runs (each mutation field in its own transaction, as without a key);
//   3. the answer is stored with the row (DONE), or the row is dropped when the work failed
//      without a result (an internal error: the client may retry with the same key).
// The same key again: the stored answer (same request), IDEMPOTENCY_KEY_REUSED (HTTP 422, another
// request), CONFLICT (HTTP 409, the first is still running). An IN_FLIGHT row older than the
// in-flight timeout (a crashed process) is taken over by a retry of the same request.
//
// Nothing readable is stored: the row's key is an HMAC of scope and key under a server secret, the
// request's fingerprint and the answer's encryption key are derived from the client's key (HKDF),
// so a copy of the table alone says neither who asked nor what was asked or answered (casework
// answers can hold person-level data of the caller's own institution).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { GraphQLError, OperationTypeNode, getOperationAST, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { Role, type Caller } from './auth';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface IdempotencySettings {
  ttlHours: number;
  inFlightTimeoutSeconds: number;
}

/** Keys: 16 to 128 characters of letters, digits and `-_.:~+/=` (a UUID, ULID or base64 value). */
const KEY_SYNTAX = /^[A-Za-z0-9\-_.:~+/=]{16,128}$/;

const headerError = (reason: string): GraphQLError =>
  new GraphQLError(`Idempotency-Key: ${reason}`, { extensions: { code: 'BAD_USER_INPUT', field: 'Idempotency-Key', http: { status: 400 } } });

/**
 * The key of a request's `Idempotency-Key` header: undefined when absent. The draft's form is a
 * structured-field string (`"…"`); a bare token is accepted too. Invalid values are refused (400).
 */
export function parseIdempotencyKey(header: string | readonly string[] | null | undefined): string | undefined {
  if (header == null) return undefined;
  if (typeof header !== 'string') {
    if (header.length > 1) throw headerError('send the header once');
    return parseIdempotencyKey(header[0]);
  }
  let value = header.trim();
  if (value === '') throw headerError('must not be empty');
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (value.length < 16 || value.length > 128) throw headerError('must be 16 to 128 characters long (a UUID is a good key)');
  if (!KEY_SYNTAX.test(value)) throw headerError('may contain only letters, digits and - _ . : ~ + / =');
  return value;
}

/** The result of one GraphQL execution, as JSON. */
export interface StoredResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface IdempotentRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** Errors that say something about the request, not about a fault of ours (kept as they are). */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'UNAUTHENTICATED',
  'IDEMPOTENCY_KEY_REUSED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
]);
const isClientError = (e: GraphQLFormattedError): boolean => typeof e.extensions?.code === 'string' && CLIENT_CODES.has(e.extensions.code);

const refusal = (message: string, extensions: Record<string, unknown>): StoredResult => ({ data: null, errors: [{ message, extensions }] });

/** JSON with object keys sorted: the same variables give the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export const isMutation = (document: DocumentNode, operationName: string | null | undefined): boolean =>
  getOperationAST(document, operationName)?.operation === OperationTypeNode.MUTATION;

interface Claim {
  keyHash: Buffer;
  claim: string;
  secrets: { encryption: Buffer; fingerprint: Buffer };
}

type Begun = { claim: Claim } | { result: StoredResult };

const PURGE_EVERY_MS = 60_000;

/** One subgraph's store of idempotency keys (in its own database). */
export class IdempotencyStore {
  private lastPurge = 0;

  constructor(
    private readonly orm: MikroORM,
    /** The subgraph's name: part of every key's scope. */
    private readonly subgraph: string,
    /** A server-side secret (the subgraph secret): keys the scope's HMAC and salts the key derivation. */
    private readonly secret: Uint8Array,
    private readonly settings: IdempotencySettings,
  ) {}

  private sql<R>(text: string, params: unknown[]): Promise<R[]> {
    return this.orm.em.getConnection().execute<R[]>(text, params, 'all');
  }

  /** Runs `execute` at most once per key (see the file comment); other calls get the stored result. */
  async run(caller: Caller, key: string, request: IdempotentRequest, execute: () => Promise<StoredResult>): Promise<StoredResult> {
    const begun = await this.begin(caller, key, request);
    if ('result' in begun) return begun.result;
    let result: StoredResult | undefined;
    try {
      result = await execute();
      return result;
    } finally {
      await this.finish(begun.claim, result);
    }
  }

  async begin(caller: Caller, key: string, request: IdempotentRequest): Promise<Begun> {
    if (caller.role === Role.PUBLIC) {
      return { result: refusal('Idempotency-Key: needs a signed-in caller (keys are kept per caller)', { code: 'UNAUTHENTICATED', field: 'Idempotency-Key' }) };
    }
    const scope = canonical([this.subgraph, caller.role, caller.subject ?? null, caller.institutionId ?? null, caller.voivodeship ?? null, key]);
    const keyHash = createHmac('sha256', this.secret).update(scope).digest();
    const derived = Buffer.from(hkdfSync('sha256', key, this.secret, `ksr idempotency v1 ${this.subgraph}`, 64));
    const secrets = { encryption: derived.subarray(0, 32), fingerprint: derived.subarray(32) };
    const fingerprint = createHmac('sha256', secrets.fingerprint)
      .update(canonical([request.operationName ?? null, request.query, request.variables ?? {}]))
      .digest();
    this.purgeNowAndThen();
    for (let attempt = 0; attempt < 3; attempt++) {
      const claim = randomUUID();
      const [taken] = await this.sql<{ claim: string }>(
        `insert into idempotency_key as k (key_hash, request_hash, claim, state, locked_until, expires_at)
         values (?, ?, ?, 'IN_FLIGHT', now() + make_interval(secs => ?), now() + make_interval(hours => ?))
         on conflict (key_hash) do update
           set request_hash = excluded.request_hash, claim = excluded.claim, state = 'IN_FLIGHT', response = null,
               locked_until = excluded.locked_until, expires_at = excluded.expires_at, created_at = now()
           where k.expires_at <= now()
              or (k.state = 'IN_FLIGHT' and k.locked_until <= now() and k.request_hash = excluded.request_hash)
         returning k.claim::text as claim`,
        [keyHash, fingerprint, claim, this.settings.inFlightTimeoutSeconds, this.settings.ttlHours],
      );
      if (taken?.claim === claim) return { claim: { keyHash, claim, secrets } };
      const [row] = await this.sql<{ request_hash: Buffer; state: string; response: Buffer | null; retry_after: number }>(
        `select request_hash, state, response, greatest(1, ceil(extract(epoch from locked_until - now())))::int as retry_after
         from idempotency_key where key_hash = ? and expires_at > now()`,
        [keyHash],
      );
      if (!row) continue; // dropped or expired in between: claim again
      if (!row.request_hash.equals(fingerprint)) {
        return {
          result: refusal('Idempotency-Key: this key was already used for a different request (another operation or other variables); use a new key', {
            code: 'IDEMPOTENCY_KEY_REUSED',
            field: 'Idempotency-Key',
          }),
        };
      }
      if (row.state !== 'DONE' || !row.response) {
        return {
          result: refusal('Idempotency-Key: a request with this key is still being processed; retry later', {
            code: 'CONFLICT',
            field: 'Idempotency-Key',
            idempotency: 'IN_FLIGHT',
            retryAfterSeconds: row.retry_after,
          }),
        };
      }
      return { result: this.decrypt(row.response, keyHash, secrets.encryption) };
    }
    throw new Error('idempotency key could not be claimed');
  }

  /** Stores the result with the key, or drops the key when the work failed without a result. */
  async finish(claim: Claim, result: StoredResult | undefined): Promise<void> {
    const wrote = result?.data != null && Object.values(result.data).some((v) => v != null);
    const failed = !result || (result.errors ?? []).some((e) => !isClientError(e));
    if (failed && !wrote) {
      await this.sql(`delete from idempotency_key where key_hash = ? and claim = ?`, [claim.keyHash, claim.claim]);
      return;
    }
    const stored: StoredResult = {
      data: result?.data ?? null,
      // Never an internal error's text (it may quote data): as every server masks it.
      ...(result?.errors?.length
        ? {
            errors: result.errors.map((e) =>
              isClientError(e) ? e : { message: 'Internal server error', path: e.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } },
            ),
          }
        : {}),
    };
    await this.sql(`update idempotency_key set state = 'DONE', response = ?, locked_until = now() where key_hash = ? and claim = ?`, [
      this.encrypt(stored, claim.keyHash, claim.secrets.encryption),
      claim.keyHash,
      claim.claim,
    ]);
  }

  /** Drops expired keys, at most once a minute per process, without holding up the request. */
  private purgeNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    void this.purge().catch(() => undefined);
  }

  /** Deletes every expired key; returns how many. */
  async purge(): Promise<number> {
    const rows = await this.sql<{ n: number }>(
      `with gone as (delete from idempotency_key where expires_at <= now() returning 1) select count(*)::int as n from gone`,
      [],
    );
    return rows[0]?.n ?? 0;
  }

  private encrypt(result: StoredResult, keyHash: Buffer, key: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(keyHash);
    const body = Buffer.concat([cipher.update(JSON.stringify(result), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private decrypt(stored: Buffer, keyHash: Buffer, key: Buffer): StoredResult {
    const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(0, 12));
    decipher.setAAD(keyHash);
    decipher.setAuthTag(stored.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(stored.subarray(28)), decipher.final()]).toString('utf8')) as StoredResult;
  }

  /**
   * For a subgraph served over HTTP (split mode): a mutation with the (forwarded) header runs
   * through the store; a replay or refusal is answered without executing.
   */
  plugin<C extends BaseContext & { caller: Caller }>(): ApolloServerPlugin<C> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const store = this;
    return {
      requestDidStart() {
        let claim: Claim | undefined;
        return Promise.resolve({
          async responseForOperation(rc) {
            if (!isMutation(rc.document, rc.request.operationName)) return null;
            let key: string | undefined;
            try {
              key = parseIdempotencyKey(rc.request.http?.headers.get(IDEMPOTENCY_HEADER));
            } catch (e) {
              const error = e as GraphQLError;
              return {
                body: {
                  kind: 'single',
                  singleResult: { data: null, errors: [{ message: error.message, extensions: { code: 'BAD_USER_INPUT', field: 'Idempotency-Key' } }] },
                },
                http: rc.response.http,
              };
            }
            if (!key) return null;
            const begun = await store.begin(rc.contextValue.caller, key, {
              query: rc.request.query ?? rc.source,
              operationName: rc.request.operationName,
              variables: rc.request.variables,
            });
            if ('claim' in begun) {
              claim = begun.claim;
              return null;
            }
            return {
              body: { kind: 'single', singleResult: { data: begun.result.data ?? null, ...(begun.result.errors ? { errors: begun.result.errors } : {}) } },
              http: rc.response.http,
            };
          },
          async willSendResponse(rc) {
            if (!claim) return;
            const current = claim;
            claim = undefined;
            const body = rc.response.body;
            const result = body.kind === 'single' ? { data: body.singleResult.data, errors: body.singleResult.errors } : undefined;
            await store.finish(current, result);
          },
        });
      },
    };
  }
}

/**
 * For the server clients talk to: a refused key answers with its HTTP status (the draft's 422 for
 * a reused key, 409 and Retry-After for one still in flight) instead of 200.
 */
export function idempotencyStatusPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse(rc) {
          const body = rc.response.body;
          if (body.kind !== 'single' || !body.singleResult.errors) return Promise.resolve();
          for (const e of body.singleResult.errors) {
            if (e.extensions?.code === 'IDEMPOTENCY_KEY_REUSED') {
              rc.response.http.status = 422;
            } else if (e.extensions?.code === 'CONFLICT' && e.extensions.idempotency === 'IN_FLIGHT') {
              rc.response.http.status = 409;
              const after = e.extensions.retryAfterSeconds;
              rc.response.http.headers.set('retry-after', String(typeof after === 'number' ? after : 1));
            }
          }
          return Promise.resolve();
        },
      }),
  };
}
