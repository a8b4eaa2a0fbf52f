// The one place that reads environment variables: typed, validated, with defaults that make
// `npm start` work on a fresh machine.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { logSettings, type LogSettings } from './common/observability/logger';
import type { MetricsExposure } from './common/observability/metrics-route';
import { tracingSettings, type TracingSettings } from './common/observability/tracing';
import { bool, float, httpUrl, int, postgresUrl } from './common/env';
import { caseworkConfig, type CaseworkConfig } from './casework/config';
import { CLIENT_CLASSES, DEFAULT_BUDGETS, type BudgetSettings, type ClientClass } from './common/fair-use/budgets';

export interface Config {
  /** HTTP port of the GraphQL endpoint. */
  port: number;
  host: string;
  /** A PostgreSQL URL; when absent an embedded PostgreSQL is started. */
  databaseUrl: string | undefined;
  /** Per-subgraph database URLs for split deployments (default: derived from DATABASE_URL). */
  registryDatabaseUrl: string | undefined;
  caseworkDatabaseUrl: string | undefined;
  /** Where the gateway finds subgraphs in split mode (default: the URLs in the supergraph). */
  registryUrl: string | undefined;
  caseworkUrl: string | undefined;
  /** Which federation engine the split-mode gateway runs (GATEWAY_ENGINE): @apollo/gateway (default) or Hive Gateway. */
  gatewayEngine: GatewayEngine;
  /** Where the embedded PostgreSQL keeps its data between runs. */
  dataDir: string;
  /** Port of the embedded PostgreSQL; 0 picks a free one. */
  embeddedPgPort: number;
  jwt: {
    secret: Uint8Array;
    issuer: string;
    audience: string;
    /** Whether the secret is the built-in development one (printed as a warning). */
    isDevelopmentSecret: boolean;
    /** Longest accepted token lifetime (exp − iat, and age since iat), hours; `iat` is required. */
    maxLifetimeHours: number;
  };
  /** Key the gateway signs forwarded identities with; subgraphs accept identity only under it. */
  subgraphSecret: Uint8Array;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxCost: number;
    maxPageSize: number;
    /** Document limits checked before validation: lexical tokens (while parsing), operations, fragment spreads, directives. */
    maxTokens: number;
    maxOperations: number;
    maxFragmentSpreads: number;
    maxDirectives: number;
    /** Largest request body read (bytes); larger ones are refused 413 from their Content-Length. */
    maxBodyBytes: number;
  };
  /** Timeouts, readiness and stopping (README, "Operations"). */
  runtime: RuntimeConfig;
  /** Introspection and "Did you mean" suggestions (off by default when NODE_ENV=production). */
  introspection: boolean;
  /** Widgets for regional platforms (src/web/widgets.ts): the /widgets page's demo key shows this voivodeship (null: no demo key). */
  widgets: { demoVoivodeship: string | null };
  casework: CaseworkConfig;
  /** Idempotency-Key handling of mutations (src/common/idempotency.ts, README "Safe retries"). */
  idempotency: IdempotencyConfig;
  /** Cost budgets per client and how the client's address is found (README "Cost and budgets"). */
  fairUse: FairUseConfig;
  /** Logs, metrics and workers (README "Observability", "Every core"). */
  observability: ObservabilityConfig;
  /** Seed the pilot network at start when the database is empty. */
  seedOnStart: boolean;
  logQueries: boolean;
  projectRoot: string;
}

const DEV_JWT_SECRET = 'ksr-development-secret-change-me-in-production-0001';
const DEV_SUBGRAPH_SECRET = 'ksr-development-gateway-to-subgraph-key-change-me-0002';

/** Finds the directory holding package.json, from source (src/) or compiled (dist/src/) code. */
export function findProjectRoot(start = __dirname): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

/** WIDGET_DEMO_VOIVODESHIP: a TERYT code (default "26", the pilot), or "off". */
function widgetDemoVoivodeship(env: NodeJS.ProcessEnv): string | null {
  const raw = env.WIDGET_DEMO_VOIVODESHIP?.trim() || '26';
  if (raw === 'off') return null;
  if (!/^\d{2}$/.test(raw)) throw new Error(`WIDGET_DEMO_VOIVODESHIP must be a two-digit TERYT code or "off", not "${raw}"`);
  return raw;
}

export interface RuntimeConfig {
  /** PostgreSQL statement_timeout of the services' connections (0: none). */
  statementTimeoutMs: number;
  /** PostgreSQL idle_in_transaction_session_timeout of the services' connections (0: none). */
  idleInTransactionTimeoutMs: number;
  /** statement_timeout of migrations, the statistical release and maintenance commands (0: none). */
  jobStatementTimeoutMs: number;
  /** Longest wait for a pooled connection before the request is answered 503. */
  poolAcquireTimeoutMs: number;
  /** Longest wait for a new TCP connection to PostgreSQL. */
  connectTimeoutMs: number;
  /** Whole-request deadline of /graphql: answered 504 DEADLINE_EXCEEDED when passed. */
  requestTimeoutMs: number;
  /** Longest /readyz waits for each database's `select 1`. */
  readinessTimeoutMs: number;
  /** After SIGTERM: in-flight requests get this long, then the process exits regardless. */
  shutdownGraceSeconds: number;
}

const GATEWAY_ENGINES = ['apollo', 'hive'] as const;
type GatewayEngine = (typeof GATEWAY_ENGINES)[number];

function gatewayEngine(env: NodeJS.ProcessEnv): GatewayEngine {
  const raw = (env.GATEWAY_ENGINE ?? '').trim().toLowerCase();
  if (raw === '') return 'apollo';
  const engine = GATEWAY_ENGINES.find((e) => e === raw);
  if (!engine) throw new Error(`GATEWAY_ENGINE: expected one of ${GATEWAY_ENGINES.join(', ')}, got "${env.GATEWAY_ENGINE}"`);
  return engine;
}

/** Which service reads the configuration (`npm start`: all): it decides the default port. */
export type StartMode = 'all' | 'registry' | 'casework' | 'gateway';
/** Default ports: the split services never collide with `npm start` (4000) or each other. */
export const DEFAULT_PORTS: Record<StartMode, number> = { all: 4000, registry: 4001, casework: 4002, gateway: 4003 };

function runtimeConfig(env: NodeJS.ProcessEnv): RuntimeConfig {
  const runtime: RuntimeConfig = {
    statementTimeoutMs: int(env, 'DB_STATEMENT_TIMEOUT_MS', 15_000, 0, 86_400_000),
    idleInTransactionTimeoutMs: int(env, 'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 30_000, 0, 86_400_000),
    jobStatementTimeoutMs: int(env, 'JOB_STATEMENT_TIMEOUT_MS', 1_800_000, 0, 86_400_000),
    poolAcquireTimeoutMs: int(env, 'DB_POOL_ACQUIRE_TIMEOUT_MS', 5_000, 100, 600_000),
    connectTimeoutMs: int(env, 'DB_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000),
    requestTimeoutMs: int(env, 'REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    readinessTimeoutMs: int(env, 'READINESS_TIMEOUT_MS', 2_000, 50, 60_000),
    shutdownGraceSeconds: int(env, 'SHUTDOWN_GRACE_SECONDS', 10, 1, 3600),
  };
  return runtime;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, mode: StartMode = 'all'): Config {
  const projectRoot = findProjectRoot();
  const secret = env.JWT_SECRET ?? DEV_JWT_SECRET;
  if (secret.length < 32) throw new Error('JWT_SECRET: must be at least 32 characters (HS256 key)');
  if (env.NODE_ENV === 'production' && secret === DEV_JWT_SECRET) {
    throw new Error('JWT_SECRET: must be set in production');
  }
  const subgraphSecret = env.SUBGRAPH_SECRET ?? DEV_SUBGRAPH_SECRET;
  if (subgraphSecret.length < 32) throw new Error('SUBGRAPH_SECRET: must be at least 32 characters');
  if (subgraphSecret === secret) throw new Error('SUBGRAPH_SECRET: must differ from JWT_SECRET');
  if (env.NODE_ENV === 'production' && subgraphSecret === DEV_SUBGRAPH_SECRET) throw new Error('SUBGRAPH_SECRET: must be set in production');
  const databaseUrl = postgresUrl(env, 'DATABASE_URL');
  return {
    port: int(env, 'PORT', DEFAULT_PORTS[mode], 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    registryDatabaseUrl: postgresUrl(env, 'REGISTRY_DATABASE_URL'),
    caseworkDatabaseUrl: postgresUrl(env, 'CASEWORK_DATABASE_URL'),
    registryUrl: httpUrl(env, 'REGISTRY_URL'),
    caseworkUrl: httpUrl(env, 'CASEWORK_URL'),
    gatewayEngine: gatewayEngine(env),
    dataDir: path.resolve(projectRoot, env.DATA_DIR ?? '.data'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 0, 0, 65535),
    jwt: {
      secret: new TextEncoder().encode(secret),
      issuer: env.JWT_ISSUER ?? 'ksr-dev',
      audience: env.JWT_AUDIENCE ?? 'ksr-api',
      isDevelopmentSecret: secret === DEV_JWT_SECRET,
      maxLifetimeHours: float(env, 'JWT_MAX_LIFETIME_HOURS', 24, 0.01, 24 * 366),
    },
    subgraphSecret: new TextEncoder().encode(subgraphSecret),
    limits: {
      maxDepth: int(env, 'MAX_QUERY_DEPTH', 20, 2, 50),
      maxAliases: int(env, 'MAX_ALIASES', 30, 1, 1000),
      maxCost: int(env, 'MAX_QUERY_COST', 1_000_000, 100, 1_000_000_000),
      maxPageSize: 100,
      maxTokens: int(env, 'MAX_TOKENS', 5_000, 100, 1_000_000),
      maxOperations: int(env, 'MAX_OPERATIONS', 10, 1, 1000),
      maxFragmentSpreads: int(env, 'MAX_FRAGMENT_SPREADS', 200, 1, 100_000),
      maxDirectives: int(env, 'MAX_DIRECTIVES', 50, 1, 100_000),
      maxBodyBytes: int(env, 'MAX_BODY_BYTES', 256 * 1024, 1024, 64 * 1024 * 1024),
    },
    runtime: runtimeConfig(env),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', env.NODE_ENV !== 'production'),
    widgets: { demoVoivodeship: widgetDemoVoivodeship(env) },
    casework: caseworkConfig(env),
    idempotency: {
      ttlHours: int(env, 'IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 366),
      inFlightTimeoutSeconds: int(env, 'IDEMPOTENCY_IN_FLIGHT_SECONDS', 60, 1, 86_400),
    },
    fairUse: fairUseConfig(env),
    observability: observabilityConfig(env),
    seedOnStart: bool(env, 'SEED_ON_START', true),
    logQueries: bool(env, 'LOG_QUERIES', false),
    projectRoot,
  };
}

interface ObservabilityConfig {
  log: LogSettings;
  /** /metrics: METRICS_PORT (its own listener on METRICS_HOST), METRICS_TOKEN (a bearer token); neither: loopback only. */
  metrics: MetricsExposure;
  /** WEB_CONCURRENCY: workers of the all-in-one service (default: one per CPU; 1: a single process). */
  workers: number;
  /** TRACING=otlp: OpenTelemetry spans over OTLP/HTTP (off by default). */
  tracing: TracingSettings;
}

function observabilityConfig(env: NodeJS.ProcessEnv): ObservabilityConfig {
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < 16) throw new Error('METRICS_TOKEN: must be at least 16 characters');
  const metricsPort = env.METRICS_PORT ? int(env, 'METRICS_PORT', 0, 0, 65535) : undefined;
  return {
    log: logSettings(env),
    metrics: { port: metricsPort, host: env.METRICS_HOST || '127.0.0.1', token },
    workers: int(env, 'WEB_CONCURRENCY', availableParallelism(), 1, 256),
    tracing: tracingSettings(env),
  };
}

interface IdempotencyConfig {
  /** How long a key and its stored response are kept (IDEMPOTENCY_TTL_HOURS). */
  ttlHours: number;
  /** After this long an in-flight key whose request never finished (a crash) may be retried. */
  inFlightTimeoutSeconds: number;
}

interface FairUseConfig {
  /** Per-client budgets where clients enter (BUDGETS=false: none; the per-operation maximum stays). */
  budgets: BudgetSettings | undefined;
  /** Express's `trust proxy` (TRUST_PROXY): which proxies' X-Forwarded-For names the client. */
  trustProxy: boolean | number | string;
}

const BUDGET_VARIABLES: Record<ClientClass, string> = {
  anonymous: 'BUDGET_ANONYMOUS',
  widget: 'BUDGET_WIDGET',
  institutionStaff: 'BUDGET_INSTITUTION_STAFF',
  regionalCoordinator: 'BUDGET_REGIONAL_COORDINATOR',
  researcher: 'BUDGET_RESEARCHER',
  admin: 'BUDGET_ADMIN',
};

function fairUseConfig(env: NodeJS.ProcessEnv): FairUseConfig {
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new Error('REDIS_URL: expected a redis:// or rediss:// URL');
  const rawTrust = (env.TRUST_PROXY ?? '').trim();
  // false (default): the socket's address; true: every proxy (only behind one you run); a number: that many hops; else addresses/subnets.
  const trustProxy = rawTrust === '' || rawTrust === 'false' ? false : rawTrust === 'true' ? true : /^\d+$/.test(rawTrust) ? Number(rawTrust) : rawTrust;
  const points = Object.fromEntries(CLIENT_CLASSES.map((c) => [c, int(env, BUDGET_VARIABLES[c], DEFAULT_BUDGETS[c], 1, 1_000_000_000_000)])) as Record<
    ClientClass,
    number
  >;
  return {
    budgets: bool(env, 'BUDGETS', true)
      ? { points, windowSeconds: int(env, 'BUDGET_WINDOW_SECONDS', 60, 1, 86_400), redisUrl, keyPrefix: env.REDIS_KEY_PREFIX || 'ksr-budget' }
      : undefined,
    trustProxy,
  };
}
