// Serves a GraphQL schema over HTTP with Apollo Server on Express: limits (depth, aliases, no
// batching), masked internal errors, a health check, and a graceful stop that finishes
// in-flight requests.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import cors from 'cors';
import { inputTextPlugin } from './input-text';
import { queryCostPlugin } from './query-cost';
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
  /** Most objects an operation may be estimated to return (see query-cost.ts). */
  maxCost?: number;
  plugins?: ApolloServerPlugin<C>[];
  /** Path of the GraphQL endpoint (default /graphql). */
  path?: string;
  /** Extra HTTP routes (exports, widgets) mounted beside /graphql. */
  routes?: (app: express.Express) => void;
  log?: (message: string, error?: unknown) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The default of MAX_QUERY_COST (config.ts). */
export const DEFAULT_MAX_COST = 5_000_000;

const SAFE_CODES = new Set([
  'BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'UNAUTHENTICATED', 'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND',
]);

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
  if (!(cause instanceof Error)) return typeof cause;
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
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Apollo reports every validation error as GRAPHQL_VALIDATION_FAILED: keep the limits' own code.
    if (error instanceof GraphQLError && error.originalError instanceof GraphQLError && error.originalError.extensions.code === 'QUERY_TOO_COMPLEX') {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'QUERY_TOO_COMPLEX' } };
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
    if (res.headersSent) return next(error);
    const { type, status } = error as { type?: unknown; status?: unknown };
    const known = typeof status === 'number' && status >= 400 && status < 500 && typeof type === 'string';
    const [code, message, httpStatus] =
      !known ? ['INTERNAL_SERVER_ERROR', 'Internal server error', 500]
      : type === 'entity.too.large' ? ['PAYLOAD_TOO_LARGE', 'request body too large', 413]
      : type === 'entity.parse.failed' ? ['BAD_REQUEST', 'request body is not valid JSON', 400]
      : ['BAD_REQUEST', `request body could not be read (${type})`, status];
    if (!known) log(`internal error while reading a request: ${describeInternalError(error)}`);
    res.status(httpStatus).json({ errors: [{ message, extensions: { code } }] });
  };
}

export async function serveGraphQL<C extends BaseContext>(options: ServeOptions<C>): Promise<RunningServer> {
  const log = options.log ?? ((m: string, e?: unknown) => console.error(m, e));
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<C>({
    ...(options.gateway ? { gateway: options.gateway } : { schema: options.schema as GraphQLSchema }),
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: false,
    introspection: true,
    validationRules: [
      maxDepthRule({ n: options.maxDepth, ignoreIntrospection: true, propagateOnRejection: false, onReject: [reportLimit] }),
      maxAliasesRule({ n: options.maxAliases, propagateOnRejection: false, onReject: [reportLimit] }),
    ],
    formatError: maskErrors(log),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      // Every server (gateway, registry, casework): no input value in any error, no NUL or lone surrogate reaches a resolver.
      inputTextPlugin<C>(),
      redactionPlugin<C>(),
      queryCostPlugin<C>(options.maxCost ?? DEFAULT_MAX_COST),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  options.routes?.(app);
  // Widgets on regional platforms' pages call the API from other origins.
  const path = options.path ?? '/graphql';
  app.use(path, cors<cors.CorsRequest>(), express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: ({ req }) => options.context(req) }));
  app.use(requestErrors(log));
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, options.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host;
  return { url: `http://${shownHost}:${port}${path}`, port, stop: () => apollo.stop() };
}
