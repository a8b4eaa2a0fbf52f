// The widgets' endpoint: GET /widgets/graphql?documentId=sha256:…&variables={…}&key=ksrw_…
// Checks, in order: the document is one of the widgets' stored documents (documents.ts), the key
// exists and is not revoked, the page's origin is one the key allows, the key allows the widget,
// and the variables lie in the key's scope (filled from it when omitted). Then the document runs
// on the registry as the public (public data only), and the answer carries an ETag: a widget
// polls with a conditional GET and gets 304 until the registry changes. A refusal is JSON with a
// stable `extensions.code` and a message in words, with CORS headers so the widget can show it.
import type { MikroORM } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import type express from 'express';
import { execute, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { PUBLIC_CALLER, type Caller } from '../../common/auth';
import { describeInternalError } from '../../common/http-server';
import { costModelOfSchema, requestedCost, type CostModel } from '../../common/fair-use/cost';
import { MIN_COST } from '../../common/fair-use/plugin';
import { requestRecord } from '../../common/observability/request-log';
import type { RequestContext } from '../../common/context';
import { platformOf } from '../networks/network.service';
import { DOCUMENTS_BY_ID, type WidgetDocument } from './documents';
import { WidgetKind } from './widget-key.entities';
import { findWidgetKey, type StoredWidgetKey } from './widget-key.service';

/**
 * Who a widget request is, for budgets and rate limits (the fair-use work): the caller class
 * "widget key" with the key's id. `admit` is called with it before the document runs.
 */
interface WidgetCaller {
  callerClass: 'widget-key';
  keyId: string;
  widget: WidgetKind;
  origin: string;
}

/** A refusal from `admit` (e.g. the key's budget is spent): sent as is. */
interface WidgetRefusal {
  status: number;
  code: string;
  message: string;
  retryAfterSeconds?: number;
}

export interface WidgetEndpointOptions {
  orm: MikroORM;
  schema: GraphQLSchema;
  contextFor: (caller: Caller) => RequestContext;
  /**
   * Budget hook, given the document's cost in points (priced like any GraphQL operation): it may
   * set headers on `res` and returns a refusal to refuse the request (default: admit all).
   */
  admit?: (caller: WidgetCaller, points: number, res: express.Response) => Promise<WidgetRefusal | undefined> | WidgetRefusal | undefined;
  /** The key "demo" on the API's own pages (the /widgets gallery): voivodeship 26, every widget. */
  demoVoivodeship?: string | null;
  log?: (message: string, error?: unknown) => void;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** The page's origin: the Origin header, or the origin of the Referer (same-origin GETs send no Origin). */
function requestOrigin(req: express.Request): string | undefined {
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') return origin;
  const referer = req.headers.referer;
  if (typeof referer !== 'string') return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

const WIDGET_NAMES: Record<WidgetKind, string> = {
  [WidgetKind.MEMBERS]: 'members',
  [WidgetKind.PARTNERS]: 'partners',
  [WidgetKind.NETWORK]: 'network picture',
  [WidgetKind.COUNTS]: 'counts',
};

const models = new WeakMap<GraphQLSchema, CostModel>();
const costModel = (schema: GraphQLSchema): CostModel => {
  let model = models.get(schema);
  if (!model) models.set(schema, (model = costModelOfSchema(schema)));
  return model;
};

const parsed = new Map<string, DocumentNode>();
const parseOnce = (query: string): DocumentNode => {
  let doc = parsed.get(query);
  if (!doc) parsed.set(query, (doc = parse(query)));
  return doc;
};

async function keyFor(options: WidgetEndpointOptions, secret: string, origin: string | undefined, selfOrigin: string): Promise<StoredWidgetKey> {
  if (secret === 'demo' && options.demoVoivodeship) {
    if (origin !== selfOrigin)
      throw new Refusal(403, 'WIDGET_ORIGIN_NOT_ALLOWED', 'the demo key works only on this API’s own pages (/widgets); create a widget key for your site');
    return {
      id: 'demo',
      name: 'demo',
      networkId: null,
      voivodeship: options.demoVoivodeship,
      allowedOrigins: [selfOrigin],
      allowedWidgets: Object.values(WidgetKind),
      revokedAt: null,
    };
  }
  const key = /^ksrw_[A-Za-z0-9_-]{20,80}$/.test(secret) ? await findWidgetKey(options.orm.em.fork(), secret) : undefined;
  if (!key) throw new Refusal(401, 'WIDGET_KEY_INVALID', 'unknown widget key: check the key attribute of the widget');
  if (key.revokedAt) throw new Refusal(403, 'WIDGET_KEY_REVOKED', `this widget key was revoked on ${key.revokedAt.toISOString().slice(0, 10)}`);
  return key;
}

type Scoped = Record<string, string | null>;

/** Fills the document's variables from the key's scope and refuses any outside it. */
async function scopedVariables(
  ctx: RequestContext,
  key: StoredWidgetKey,
  document: WidgetDocument,
  given: Record<string, unknown>,
): Promise<{ variables: Scoped; club: string | null; members: Set<string> | null }> {
  const text = (name: string): string | null => {
    const v = given[name];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string' || v.length > 64) throw new Refusal(400, 'BAD_USER_INPUT', `variable ${name} must be a string`);
    return v;
  };
  const outside = (what: string) =>
    new Refusal(403, 'WIDGET_OUT_OF_SCOPE', `${what} is outside this key's scope (${key.networkId ? 'its network' : `voivodeship ${key.voivodeship}`})`);
  const variables: Scoped = {};
  let network = text('network');
  let voivodeship = text('voivodeship');
  if (network !== null) {
    if (!/^[0-9a-f-]{36}$/i.test(network)) throw new Refusal(400, 'BAD_USER_INPUT', 'variable network must be an id (uuid)');
    if (key.networkId) {
      if (network !== key.networkId) throw outside('that network');
    } else {
      const rows = await ctx.em.getConnection().execute<{ voivodeship_code: string | null }[]>('select voivodeship_code from network where id = ?', [network]);
      if (rows[0]?.voivodeship_code !== key.voivodeship) throw outside('that network');
    }
  }
  if (voivodeship !== null && voivodeship !== key.voivodeship) throw outside(`voivodeship ${voivodeship}`);
  if (document.variables.includes('network')) {
    if (key.networkId) network ??= key.networkId;
    else if (network === null && document.widget === WidgetKind.MEMBERS && key.voivodeship) network = (await platformOf(ctx, key.voivodeship))?.id ?? null;
    if (document.widget === WidgetKind.MEMBERS && network === null)
      throw new Refusal(404, 'NOT_FOUND', 'no network to show: give the widget a network attribute');
    variables.network = network;
  }
  if (document.variables.includes('voivodeship')) {
    // The network picture of a network is the network's; of a voivodeship key without one, the voivodeship's.
    voivodeship ??= document.widget === WidgetKind.NETWORK && network !== null ? null : key.voivodeship;
    if (voivodeship === null && document.widget !== WidgetKind.NETWORK) throw new Refusal(404, 'NOT_FOUND', 'the key’s network has no voivodeship');
    variables.voivodeship = voivodeship;
  }
  const club = text('club');
  let members: Set<string> | null = null;
  if (document.widget === WidgetKind.PARTNERS && key.networkId) {
    const rows = await ctx.em
      .getConnection()
      .execute<{ institution_id: string }[]>(
        `select institution_id from membership where network_id = ? and joined_on <= current_date and (left_on is null or left_on >= current_date)`,
        [key.networkId],
      );
    members = new Set(rows.map((r) => r.institution_id));
  }
  return { variables, club, members };
}

/** The partners widget shows one club (or all of the scope): the coverage answer trimmed to it. */
function trimCoverage(data: Record<string, unknown>, club: string | null, members: Set<string> | null): void {
  const coverage = data.newProfileCoverage as { clubs?: { clubId: string }[] } | undefined;
  if (!coverage?.clubs) return;
  coverage.clubs = coverage.clubs.filter((c) => (club === null || c.clubId === club) && (members === null || members.has(c.clubId)));
}

export function widgetEndpoint(options: WidgetEndpointOptions): express.RequestHandler {
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e));
  return (req, res) => {
    const origin = requestOrigin(req);
    res.set('vary', 'Origin');
    res.set('x-content-type-options', 'nosniff');
    if (origin)
      res
        .set('access-control-allow-origin', origin)
        .set(
          'access-control-expose-headers',
          'ETag, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, RateLimit, RateLimit-Policy, X-Request-Id',
        );
    if (req.method === 'OPTIONS') {
      res
        .set('access-control-allow-methods', 'GET')
        .set('access-control-allow-headers', 'If-None-Match')
        .set('access-control-max-age', '86400')
        .status(204)
        .end();
      return;
    }
    const refuse = (r: Refusal): void => {
      const record = requestRecord(res);
      if (record) record.outcome = r.code;
      if (r.retryAfterSeconds) res.set('retry-after', String(r.retryAfterSeconds));
      res
        .status(r.status)
        .set('cache-control', 'no-store')
        .json({ errors: [{ message: r.message, extensions: { code: r.code } }] });
    };
    void (async () => {
      const documentIdParam = req.query.documentId;
      const document = typeof documentIdParam === 'string' ? DOCUMENTS_BY_ID.get(documentIdParam) : undefined;
      if (!document) throw new Refusal(400, 'PERSISTED_QUERY_NOT_FOUND', 'widget keys run only the widgets’ stored documents: unknown documentId');
      const secret = req.query.key;
      if (typeof secret !== 'string' || secret === '') throw new Refusal(401, 'WIDGET_KEY_MISSING', 'the widget has no key: set its key attribute');
      const selfOrigin = `${req.protocol}://${req.get('host') ?? ''}`;
      const key = await keyFor(options, secret, origin, selfOrigin);
      if (!origin) throw new Refusal(403, 'WIDGET_ORIGIN_REQUIRED', 'the request names no origin (Origin or Referer): widgets run only on web pages');
      if (!key.allowedOrigins.includes(origin)) throw new Refusal(403, 'WIDGET_ORIGIN_NOT_ALLOWED', `this widget key may not be used on ${origin}`);
      if (!key.allowedWidgets.includes(document.widget))
        throw new Refusal(403, 'WIDGET_NOT_ALLOWED', `this widget key does not allow the ${WIDGET_NAMES[document.widget]} widget`);
      let given: Record<string, unknown> = {};
      if (typeof req.query.variables === 'string' && req.query.variables !== '') {
        if (req.query.variables.length > 2000) throw new Refusal(400, 'BAD_USER_INPUT', 'variables too long');
        try {
          given = JSON.parse(req.query.variables) as Record<string, unknown>;
        } catch {
          throw new Refusal(400, 'BAD_USER_INPUT', 'variables must be JSON');
        }
        if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new Refusal(400, 'BAD_USER_INPUT', 'variables must be a JSON object');
      }
      const contextValue = options.contextFor(PUBLIC_CALLER);
      const { variables, club, members } = await scopedVariables(contextValue, key, document, given);
      const parsedDocument = parseOnce(document.query);
      const record = requestRecord(res);
      if (record) record.operationName = `widget_${document.widget.toLowerCase()}`;
      if (options.admit) {
        const points = Math.max(
          MIN_COST,
          requestedCost({ schema: options.schema, model: costModel(options.schema), document: parsedDocument, variables }) ?? MIN_COST,
        );
        const refusal = await options.admit({ callerClass: 'widget-key', keyId: key.id, widget: document.widget, origin }, points, res);
        if (refusal) throw new Refusal(refusal.status, refusal.code, refusal.message, refusal.retryAfterSeconds);
      }
      const result = await execute({ schema: options.schema, document: parsedDocument, variableValues: variables, contextValue });
      if (result.errors?.length) {
        const known = result.errors.map((e) => e.extensions?.code).filter((c): c is string => typeof c === 'string');
        if (known.length !== result.errors.length) log(`widget document ${document.widget} failed: ${result.errors.map((e) => e.message).join('; ')}`);
        throw new Refusal(
          known.includes('NOT_FOUND') ? 404 : known.length === result.errors.length ? 400 : 500,
          known[0] ?? 'INTERNAL_SERVER_ERROR',
          known.length === result.errors.length ? result.errors[0].message : 'Internal server error',
        );
      }
      const data = (result.data ?? {}) as Record<string, unknown>;
      if (document.widget === WidgetKind.PARTNERS) trimCoverage(data, club, members);
      const body = JSON.stringify({ data });
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
      // Revalidated on every poll: a change or a revocation shows at the next one.
      res.set('cache-control', 'no-cache').set('etag', etag);
      const match = req.headers['if-none-match'];
      if (typeof match === 'string' && match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
        res.status(304).end();
        return;
      }
      res.status(200).type('application/json').send(body);
    })().catch((e: unknown) => {
      if (e instanceof Refusal) return refuse(e);
      log(`widget request failed: ${describeInternalError(e)}`);
      refuse(new Refusal(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'));
    });
  };
}
