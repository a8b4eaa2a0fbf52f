// Serves a GraphQL schema over HTTP with Apollo Server on Express: limits (document size before
// parsing, depth, aliases, no batching), masked internal errors, HTTP statuses per the
// GraphQL-over-HTTP spec (4xx for a client's mistake, 503/504 for an outage or a deadline),
// liveness and readiness probes, a request deadline, and a graceful stop that finishes in-flight
// requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import cors from 'cors';
import { checkDocumentLimits, type DocumentLimits } from './document-limits';
import { classifyFault, FAULT_MESSAGE, FAULT_STATUS, RETRY_AFTER_SECONDS, type Fault } from './faults';
import { inputTextPlugin } from './input-text';
import { addressKey, rememberAddress } from './fair-use/client';
import { createBudgets, type Budgets } from './fair-use/budgets';
import { chargeOutside } from './fair-use/outside';
import { fairUsePlugin, MIN_COST, type FairUseOptions } from './fair-use/plugin';
import { logger, type Logger } from './observability/logger';
import { metricsRoute, type MetricsExposure } from './observability/metrics-route';
import { requestLog, requestRecordPlugin, withRequestContext } from './observability/request-log';
import { traceRequests } from './observability/tracing';
import { redactionPlugin } from './redaction';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationContext } from 'graphql';

export interface ServeOptions<C extends BaseContext> {
  /** A schema to execute, or a gateway that plans over subgraphs. */
  schema?: GraphQLSchema;
  gateway?: GatewayInterface;
  context: (req: express.Request) => Promise<C>;
  port: number;
  host: string;
  maxDepth: number;
  maxAliases: number;
  /** Most points an operation may request (MAX_QUERY_COST; fair-use/cost.ts). */
  maxCost?: number;
  /** Pricing and client budgets (fair-use/plugin.ts): the SDL declaring costs, budgets where clients enter, the widget-key hook, TRUST_PROXY. */
  fairUse?: Omit<FairUseOptions, 'maxCost' | 'log'> & { trustProxy?: boolean | number | string };
  plugins?: ApolloServerPlugin<C>[];
  /** Path of the GraphQL endpoint (default /graphql). */
  path?: string;
  /** Extra HTTP routes (exports, widgets) mounted beside /graphql; `budgets` is the client budget store, when budgets apply. */
  routes?: (app: express.Express, shared: { budgets?: Budgets }) => void;
  log?: (message: string, error?: unknown) => void;
  /** Where request lines go (default: the process's logger). */
  logger?: Logger;
  /** /metrics: on this server's port (token or loopback only) or on its own (METRICS_PORT); absent: on this port, loopback only. */
  metrics?: MetricsExposure;
  /** What /readyz checks besides "not draining" (each database's `select 1`). */
  readiness?: ReadinessCheck[];
  /** Longest wait for each readiness check (READINESS_TIMEOUT_MS). */
  readinessTimeoutMs?: number;
  /** Whole-request deadline of the GraphQL endpoint (REQUEST_TIMEOUT_MS). */
  requestTimeoutMs?: number;
  /** In-flight requests get this long after stop() before their connections are closed. */
  shutdownGraceMs?: number;
  /** Token, operation, fragment-spread and directive limits checked before parsing. */
  documentLimits?: DocumentLimits;
  /** Introspection and field suggestions in errors (GRAPHQL_INTROSPECTION; off in production). */
  introspection?: boolean;
  /** Largest request body read (MAX_BODY_BYTES); a larger Content-Length is refused 413 before reading. */
  maxBodyBytes?: number;
}

/**
 * Default of MAX_BODY_BYTES. Reading and JSON-parsing a 1 MB body holds the event loop for several
 * milliseconds; a flood of them doubled every other client's p99 (test/common/http-server.test.ts).
 */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

/** Defaults of MAX_TOKENS, MAX_OPERATIONS, MAX_FRAGMENT_SPREADS, MAX_DIRECTIVES (config.ts). */
const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxTokens: 5_000, maxOperations: 10, maxFragmentSpreads: 200, maxDirectives: 50 };

export interface RunningServer {
  url: string;
  port: number;
  /** Marks the server as draining: /readyz answers 503 from now on. stop() does this first. */
  drain(): void;
  stop(): Promise<void>;
}

/** The default of MAX_QUERY_COST (config.ts): above the dashboard's one-request navigation (README "Cost and budgets"). */
const DEFAULT_MAX_COST = 1_000_000;

const SAFE_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'CONFLICT',
  'UNAUTHENTICATED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PAYLOAD_TOO_LARGE',
  'IDEMPOTENCY_KEY_REUSED',
  'THROTTLED',
]);

/** Codes of a request refused before execution for the client's mistake: HTTP 400, never 5xx. */
const CLIENT_CODES = new Set(
  [...SAFE_CODES].filter((c) => c !== 'NOT_FOUND' && c !== 'CONFLICT' && c !== 'FORBIDDEN' && c !== 'UNAUTHENTICATED' && c !== 'THROTTLED'),
);

/** graphql-js's own message when parse(…, { maxTokens }) gives up. */
const TOKEN_LIMIT = /Document contains more than (\d+) tokens/;

/** Reports a query over a limit as a validation error (the rule would otherwise throw). */
function reportLimit(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'QUERY_TOO_COMPLEX' } }));
}

/**
 * What an internal error may say in a log. SQL errors from MikroORM/knex carry the statement with
 * its values inlined, and PostgreSQL's detail repeats the row ("Key (x)=(…)"): of those only the
 * class, SQLSTATE and constraint/table/column names are kept; of any other error its class and
 * stack frames, never the message (it may quote input).
 */
export function describeInternalError(error: unknown): string {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  // Not an Error: its type and field names only (the values may carry data).
  if (!(cause instanceof Error))
    return typeof cause === 'object' && cause !== null ? `${cause.constructor?.name ?? 'object'} {${Object.keys(cause).join(', ')}}` : typeof cause;
  const fields = cause as Error & { code?: unknown; sqlState?: unknown; constraint?: unknown; table?: unknown; column?: unknown };
  const sqlState = [fields.sqlState, fields.code].find((c): c is string => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c));
  if (sqlState !== undefined) {
    const names = (['constraint', 'table', 'column'] as const).filter((k) => typeof fields[k] === 'string').map((k) => `${k} ${String(fields[k])}`);
    return [`${cause.name} (SQLSTATE ${sqlState})`, ...names].join(', ');
  }
  const frames = (cause.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [cause.name, ...frames].join('\n');
}

/** Internal errors (SQL, bugs) are logged and reported without detail: they may carry data. */
export function maskErrors(log: (message: string, error?: unknown) => void) {
  // An outage fails every request: one log line a second says so.
  let lastOutageLog = 0;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED: keep the limits' own code.
    if (error instanceof GraphQLError && error.originalError instanceof GraphQLError && error.originalError.extensions.code === 'QUERY_TOO_COMPLEX') {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'QUERY_TOO_COMPLEX' } };
    }
    const tokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null;
    if (tokens) {
      return {
        message: `Document token limit of ${tokens[1]} exceeded: send a smaller document`,
        extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'MAX_TOKENS', max: Number(tokens[1]) },
      };
    }
    // An outage or a deadline: retryable, and said so (the status is set by httpStatusPlugin).
    const fault = classifyFault(error) ?? classifyFault(formatted);
    if (fault) {
      if (fault === 'SERVICE_UNAVAILABLE' && Date.now() - lastOutageLog > 1000 && (lastOutageLog = Date.now()))
        log(`database unavailable while serving a request${formatted.path ? ` at ${formatted.path.join('.')}` : ''}: ${describeInternalError(error)}`);
      return { message: FAULT_MESSAGE[fault], path: formatted.path, locations: formatted.locations, extensions: { code: fault } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && SAFE_CODES.has(code)) return formatted;
    log(`internal error while serving a request${formatted.path ? ` at ${formatted.path.join('.')}` : ''}: ${describeInternalError(error)}`);
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/**
 * Express's own error handler answers a body it cannot read with an HTML page (a stack outside
 * production) and prints the error, whose message quotes the body. Instead: a GraphQL error in
 * JSON with a 4xx status, and a log line naming the kind of failure only.
 */
function requestErrors(log: (message: string, error?: unknown) => void): express.ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    // The deadline answered already; the late answer has nowhere to go.
    if (res.headersSent && res.locals.deadlinePassed === true) return;
    if (res.headersSent) return next(error);
    const { type, status } = error as { type?: unknown; status?: unknown };
    const known = typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string';
    const [code, message, httpStatus] = !known
      ? ['INTERNAL_SERVER_ERROR', 'Internal server error', 500]
      : type === 'entity.too.large'
        ? ['PAYLOAD_TOO_LARGE', `request body too large (limit ${(error as { limit?: number }).limit ?? '?'} bytes, MAX_BODY_BYTES)`, 413]
        : type === 'entity.parse.failed'
          ? ['BAD_REQUEST', 'request body is not valid JSON', 400]
          : ['BAD_REQUEST', `request body could not be read (${type})`, status];
    if (!known) log(`internal error while reading a request: ${describeInternalError(error)}`);
    res.status(httpStatus).json({ errors: [{ message, extensions: { code } }] });
  };
}

/**
 * HTTP statuses per the GraphQL-over-HTTP spec: a request refused before execution for the
 * client's mistake (limits, a missing operation name) is 400, never 500; an outage of the database
 * 503 with Retry-After, a deadline 504. Also refuses a document whose operation cannot be chosen
 * with its real reason (the planner would otherwise fail on it as an internal error).
 */
function httpStatusPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    async requestDidStart() {
      return {
        // eslint-disable-next-line @typescript-eslint/require-await
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName.slice(0, 100)}"`
            : 'Must provide operationName when the document contains several operations';
          throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
        },
        // eslint-disable-next-line @typescript-eslint/require-await
        async willSendResponse({ response, errors }) {
          if (!errors?.length) return;
          const faults = errors.map((e) => classifyFault(e)).filter((f): f is Fault => f !== undefined);
          if (faults.length > 0) {
            const fault = faults.includes('SERVICE_UNAVAILABLE') ? 'SERVICE_UNAVAILABLE' : 'DEADLINE_EXCEEDED';
            response.http.status = FAULT_STATUS[fault];
            response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
            return;
          }
          const body = response.body;
          if (body.kind !== 'single' || body.singleResult.data !== undefined) return;
          const codes = (body.singleResult.errors ?? []).map((e) => e.extensions?.code);
          const status = response.http.status ?? 200;
          if (codes.length > 0 && codes.every((c) => typeof c === 'string' && CLIENT_CODES.has(c)) && (status >= 500 || status === 200))
            response.http.status = 400;
        },
      };
    },
  };
}

/** Answers 504 DEADLINE_EXCEEDED when a request runs past `ms` (its statements are cut by statement_timeout). */
function requestDeadline(ms: number): express.RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.locals.deadlinePassed = true;
      res
        .status(504)
        .set('retry-after', String(RETRY_AFTER_SECONDS))
        .json({ errors: [{ message: FAULT_MESSAGE.DEADLINE_EXCEEDED, extensions: { code: 'DEADLINE_EXCEEDED', timeoutMs: ms } }] });
    }, ms);
    timer.unref();
    res.on('close', () => clearTimeout(timer));
    next();
  };
}

/** Refuses a document over a size limit before Apollo parses it (document-limits.ts). */
function documentLimitsCheck(limits: DocumentLimits): express.RequestHandler {
  return (req, res, next) => {
    const body: unknown = req.method === 'GET' ? req.query : req.body;
    const query = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { query?: unknown }).query : undefined;
    const exceeded = typeof query === 'string' ? checkDocumentLimits(query, limits) : undefined;
    if (!exceeded) return next();
    res.status(400).json({ errors: [{ message: exceeded.message, extensions: { code: 'QUERY_TOO_COMPLEX', limit: exceeded.limit, max: exceeded.max } }] });
  };
}

/**
 * A body announced larger than the limit is refused from its Content-Length, and the connection
 * closed: its bytes are never read (body-parser would read and discard them all).
 */
function bodySizeCheck(maxBytes: number): express.RequestHandler {
  return (req, res, next) => {
    const length = Number(req.headers['content-length']);
    if (!(length > maxBytes)) return next();
    res
      .status(413)
      .set('connection', 'close')
      .json({ errors: [{ message: `request body too large (limit ${maxBytes} bytes, MAX_BODY_BYTES)`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    res.once('finish', () => req.destroy());
  };
}

/** Charges a request whose context could not be made (a bad token) to its address; over budget: 429. */
async function chargeRefused(budgets: Budgets, req: express.Request, res: express.Response): Promise<void> {
  const charge = await chargeOutside(budgets, { class: 'anonymous', id: `ip:${addressKey(req.ip ?? 'unknown')}` }, MIN_COST);
  for (const [name, value] of charge.headers) res.set(name, value);
  if (!charge.admitted)
    throw new GraphQLError(charge.message ?? 'Cost budget exhausted', {
      extensions: { code: 'THROTTLED', retryAfterSeconds: charge.retryAfterSeconds, http: { status: 429 } },
    });
}

/** Resolves with the check's outcome within `ms`: "ok", "timeout" or "error". */
async function probe(check: ReadinessCheck, ms: number): Promise<'ok' | 'timeout' | 'error'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([
      check.check().then(
        () => 'ok' as const,
        () => 'error' as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function serveGraphQL<C extends BaseContext>(options: ServeOptions<C>): Promise<RunningServer> {
  const log = options.log ?? ((m: string) => (options.logger ?? logger()).error(m));
  const requestLogger = (): Logger => options.logger ?? logger();
  const app = express();
  // One store for /graphql and the routes beside it (widgets), so that a client has one budget.
  const budgets = options.fairUse?.budgets ? createBudgets(options.fairUse.budgets, log) : undefined;
  // req.ip: the client's address, from X-Forwarded-For only as far as TRUST_PROXY trusts the proxies.
  app.set('trust proxy', options.fairUse?.trustProxy ?? false);
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<C>({
    ...(options.gateway ? { gateway: options.gateway } : { schema: options.schema as GraphQLSchema }),
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    // No "Did you mean …" in validation errors when introspection is off: they would spell the schema out.
    hideSchemaDetailsFromClientErrors: !(options.introspection ?? true),
    // A safety net behind documentLimitsCheck: the parser stops at the token limit too.
    parseOptions: { maxTokens: (options.documentLimits ?? DEFAULT_DOCUMENT_LIMITS).maxTokens },
    validationRules: [
      maxDepthRule({ n: options.maxDepth, ignoreIntrospection: true, propagateOnRejection: false, onReject: [reportLimit] }),
      maxAliasesRule({ n: options.maxAliases, propagateOnRejection: false, onReject: [reportLimit] }),
    ],
    formatError: maskErrors(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }),
      httpStatusPlugin<C>(),
      ApolloServerPluginInlineTraceDisabled(),
      // No Apollo landing page (it loads Sandbox from a CDN): browsers get GraphiQL from src/web/ide.ts.
      ApolloServerPluginLandingPageDisabled(),
      // Every server (gateway, registry, casework): no input value in any error, no NUL or lone surrogate reaches a resolver.
      inputTextPlugin<C>(),
      redactionPlugin<C>(),
      fairUsePlugin<C>({ ...options.fairUse, store: budgets, maxCost: options.maxCost ?? DEFAULT_MAX_COST, log }),
      requestRecordPlugin<C>(),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();
  let draining = false;
  app.use(traceRequests());
  app.use(requestLog(requestLogger));
  const metricsServer = await metricsRoute(app, options.metrics ?? {}, log);
  const readinessTimeoutMs = options.readinessTimeoutMs ?? 2_000;
  // Liveness: the process runs and its event loop answers. Never touches a database.
  app.get('/livez', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  // Readiness: not draining, and every database answers `select 1` within the timeout.
  const ready: express.RequestHandler = (_req, res, next) => {
    void (async () => {
      const results = await Promise.all((options.readiness ?? []).map(async (c) => [c.name, await probe(c, readinessTimeoutMs)] as const));
      const checks = Object.fromEntries(results);
      const ok = !draining && results.every(([, r]) => r === 'ok');
      res
        .status(ok ? 200 : 503)
        .set('cache-control', 'no-store')
        .json({ status: ok ? 'ready' : draining ? 'draining' : 'unavailable', checks });
    })().catch(next);
  };
  app.get('/readyz', ready);
  // The older name: now the same answer as /readyz.
  app.get('/health', ready);
  options.routes?.(app, { budgets });
  // Widgets on regional platforms' pages call the API from other origins.
  const path = options.path ?? '/graphql';
  app.use(
    path,
    requestDeadline(options.requestTimeoutMs ?? 30_000),
    cors<cors.CorsRequest>(),
    bodySizeCheck(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES),
    express.json({ limit: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES }),
    documentLimitsCheck(options.documentLimits ?? DEFAULT_DOCUMENT_LIMITS),
    withRequestContext,
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          return rememberAddress(await options.context(req), req.ip);
        } catch (refused) {
          // A refused token (401) still costs its client: an attacker guessing tokens spends a budget.
          if (budgets) await chargeRefused(budgets, req, res);
          throw refused;
        }
      },
    }),
  );
  app.use(requestErrors(log));
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return {
    url: `http://${shownHost}:${port}${path}`,
    port,
    drain: () => {
      draining = true;
    },
    stop: async () => {
      draining = true;
      await apollo.stop();
      await budgets?.close();
      await new Promise<void>((resolve) => (metricsServer ? metricsServer.close(() => resolve()) : resolve()));
    },
  };
}
