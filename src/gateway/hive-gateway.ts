// The split-mode gateway on Hive Gateway's runtime (GATEWAY_ENGINE=hive) instead of @apollo/gateway:
// the same committed supergraph, the same HTTP surface (/graphql, /livez, /readyz, /health), the
// same limits, error masking and fair-use rules, and the caller forwarded the same way: the
// gateway verifies the client's JWT and each subgraph fetch carries the caller as the signed
// x-ksr-caller identity, which the subgraph verifies itself (src/common/auth.ts).
//
// No response is shared between callers: Hive's inbound deduplication stays off, and the HTTP
// transport's in-flight deduplication of identical subgraph queries (on by default in
// @graphql-tools/executor-http, keyed on URL and body) is turned off.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import express from 'express';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError, type ValidationContext } from 'graphql';
import { callerFromAuthorization, CALLER_HEADER, issueForwardedIdentity, PUBLIC_CALLER, type Caller } from '../common/auth';
import { checkDocumentLimits } from '../common/document-limits';
import { createBudgets } from '../common/fair-use/budgets';
import { rememberAddress } from '../common/fair-use/client';
import { DEFAULT_MAX_BODY_BYTES, maskErrors, type RunningServer } from '../common/http-server';
import { IDEMPOTENCY_HEADER, parseIdempotencyKey } from '../common/idempotency';
import { logger } from '../common/observability/logger';
import type { Config } from '../config';
import { addressOf, hiveFairUsePlugin } from './hive-fair-use';

/** Codes of a request refused before execution for the client's mistake (http-server.ts): 400. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'PAYLOAD_TOO_LARGE',
]);

interface HiveContext {
  caller: Caller;
  idempotencyKey?: string;
}

/** The supergraph with each subgraph's URL replaced where `urls` names one (join__Graph's url argument). */
export function withSubgraphUrls(supergraphSdl: string, urls: Record<string, string | undefined>): string {
  return supergraphSdl.replace(/@join__graph\(name: "([^"]+)", url: "([^"]*)"\)/g, (whole, name: string) => {
    const url = urls[name];
    return url ? `@join__graph(name: "${name}", url: ${JSON.stringify(url)})` : whole;
  });
}

/** The caller from Authorization (401 when the token fails), the Idempotency-Key, and the client's address for budgets. */
function callerPlugin(config: Config): GatewayPlugin<HiveContext> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const headers = context.request.headers;
      const caller = await callerFromAuthorization(headers.get('authorization') ?? undefined, config.jwt);
      const idempotencyKey = parseIdempotencyKey(headers.get(IDEMPOTENCY_HEADER) ?? undefined);
      extendContext(rememberAddress<Partial<HiveContext>>(idempotencyKey ? { caller, idempotencyKey } : { caller }, addressOf(context)));
    },
  };
}

/** Depth, alias and document limits as at the Apollo server (QUERY_TOO_COMPLEX). */
function limitsPlugin(config: Config): GatewayPlugin {
  const report = (context: ValidationContext | null, error: GraphQLError): void => {
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'QUERY_TOO_COMPLEX' } }));
  };
  const depth = maxDepthRule({ n: config.limits.maxDepth, ignoreIntrospection: true, propagateOnRejection: false, onReject: [report] });
  const aliases = maxAliasesRule({ n: config.limits.maxAliases, propagateOnRejection: false, onReject: [report] });
  return {
    onParse({ params }) {
      const given = params.source as string | { body: string };
      const source = typeof given === 'string' ? given : given.body;
      const exceeded = checkDocumentLimits(source, config.limits);
      if (exceeded)
        throw new GraphQLError(exceeded.message, {
          extensions: { code: 'QUERY_TOO_COMPLEX', limit: exceeded.limit, max: exceeded.max, http: { status: 400 } },
        });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(depth);
      addValidationRule(aliases);
    },
    // As the Apollo server: a request refused before execution for the client's mistake is 400
    // (Yoga answers 200 to Accept: application/json), and a validation error says GRAPHQL_VALIDATION_FAILED.
    onResultProcess(payload) {
      const { result } = payload;
      if (Array.isArray(result) || Symbol.asyncIterator in (result as object)) return;
      const single = result as ExecutionResult;
      if (single.data !== undefined || !single.errors?.length) return;
      const errors = single.errors.map((e) => {
        const code = e.extensions.code ?? (e.extensions.http?.spec ? 'GRAPHQL_VALIDATION_FAILED' : undefined);
        return new GraphQLError(e.message, {
          nodes: e.nodes,
          source: e.source,
          positions: e.positions,
          path: e.path,
          originalError: e.originalError,
          extensions: { ...e.extensions, ...(code ? { code } : {}) },
        });
      });
      if (!errors.every((e) => typeof e.extensions.code === 'string' && CLIENT_CODES.has(e.extensions.code))) return;
      payload.setResult({
        ...single,
        errors: errors.map(
          (e) =>
            new GraphQLError(e.message, {
              nodes: e.nodes,
              source: e.source,
              positions: e.positions,
              path: e.path,
              originalError: e.originalError,
              extensions: { ...e.extensions, http: { status: 400 } },
            }),
        ),
      });
    },
  };
}

/** Apollo-shaped masking (http-server.ts maskErrors) for Hive's maskedErrors hook. */
function hiveMaskError(log: (message: string, error?: unknown) => void) {
  const mask = maskErrors(log);
  return (error: unknown): Error => {
    const original =
      error instanceof GraphQLError
        ? error
        : new GraphQLError(error instanceof Error ? error.message : 'Internal server error', { originalError: error instanceof Error ? error : undefined });
    const formatted: GraphQLFormattedError = mask(original.toJSON(), original);
    return new GraphQLError(formatted.message, {
      path: formatted.path,
      extensions: formatted.extensions,
      nodes: original.nodes,
      source: original.source,
      positions: original.positions,
    });
  };
}

export interface HiveGatewayService {
  server: RunningServer;
  stop(): Promise<void>;
}

/** `urls` overrides the subgraph URLs recorded in the supergraph (by subgraph name). */
export async function startHiveGatewayService(
  config: Config,
  supergraphSdl: string,
  urls: Record<string, string | undefined>,
  errorLog?: (m: string, e?: unknown) => void,
): Promise<HiveGatewayService> {
  const log = errorLog ?? ((m: string) => logger().error(m));
  const budgets = config.fairUse.budgets ? createBudgets(config.fairUse.budgets, log) : undefined;
  const runtime = createGatewayRuntime<HiveContext>({
    supergraph: withSubgraphUrls(supergraphSdl, urls),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: false,
    batching: false,
    // Never share one caller's answer with another: no inbound deduplication, none in the transport.
    inboundInflightRequestDeduplication: false,
    transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
    requestDeadline: config.runtime.requestTimeoutMs,
    disableIntrospection: config.introspection ? undefined : { disableIf: () => true },
    maskedErrors: { maskError: hiveMaskError(log) },
    propagateHeaders: {
      fromClientToSubgraphs: async ({ context }) => {
        const headers: Record<string, string> = { [CALLER_HEADER]: await issueForwardedIdentity(context.caller ?? PUBLIC_CALLER, config.subgraphSecret) };
        if (context.idempotencyKey) headers[IDEMPOTENCY_HEADER] = context.idempotencyKey;
        return headers;
      },
    },
    plugins: () => [callerPlugin(config), limitsPlugin(config), hiveFairUsePlugin({ costSdl: supergraphSdl, maxCost: config.limits.maxCost, budgets })],
  });

  const app = express();
  app.set('trust proxy', config.fairUse.trustProxy);
  app.disable('x-powered-by');
  let draining = false;
  app.get('/livez', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  // As the Apollo gateway: ready unless draining (it has no database of its own).
  const ready: express.RequestHandler = (_req, res) => {
    res
      .status(draining ? 503 : 200)
      .set('cache-control', 'no-store')
      .json({ status: draining ? 'draining' : 'ready', checks: {} });
  };
  app.get('/readyz', ready);
  app.get('/health', ready);
  const maxBodyBytes = config.limits.maxBodyBytes || DEFAULT_MAX_BODY_BYTES;
  // /graphql goes to the Hive runtime (Yoga reads the body itself); Express gives it req.ip (TRUST_PROXY) for budgets.
  app.all('/graphql', (req, res) => {
    if (Number(req.headers['content-length']) > maxBodyBytes) {
      res
        .status(413)
        .set('connection', 'close')
        .json({ errors: [{ message: `request body too large (limit ${maxBodyBytes} bytes, MAX_BODY_BYTES)`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      res.once('finish', () => req.destroy());
      return;
    }
    // Yoga's server context is { req, res }: req is Express's, with req.ip.
    void runtime.requestListener(req, res);
  });

  const httpServer = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const graceMs = config.runtime.shutdownGraceSeconds * 1000;
  const server: RunningServer = {
    url: `http://${shownHost}:${port}/graphql`,
    port,
    drain: () => {
      draining = true;
    },
    stop: async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      const force = setTimeout(() => httpServer.closeAllConnections(), graceMs);
      force.unref();
      await closed;
      clearTimeout(force);
      await runtime[Symbol.asyncDispose]();
      await budgets?.close();
    },
  };
  return { server, stop: () => server.stop() };
}
