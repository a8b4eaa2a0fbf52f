// Prometheus metrics (prom-client), one registry per process. In a cluster every worker keeps its
// own and the primary sums them on scrape (cluster.ts). Labels are bounded: an operation name is
// a client's choice, so only well-formed names up to a fixed count are kept, the rest are "other".
import cluster from 'node:cluster';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Span } from '@opentelemetry/api';
import client from 'prom-client';
import { startStatementSpan } from './tracing';

const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'ksr_', eventLoopMonitoringPrecision: 20 });

const DURATION_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const requests = new client.Counter({
  name: 'ksr_graphql_requests_total',
  help: 'GraphQL requests served, by operation name and outcome (the first error code, or OK)',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});
const durations = new client.Histogram({
  name: 'ksr_graphql_request_duration_seconds',
  help: 'Time from a GraphQL request arriving to its response finishing, by operation name',
  labelNames: ['operation'] as const,
  buckets: DURATION_BUCKETS,
  registers: [registry],
});
const cost = new client.Counter({
  name: 'ksr_cost_points_total',
  help: 'Cost points charged to client budgets (actual cost), by client class',
  labelNames: ['client_class'] as const,
  registers: [registry],
});
const throttled = new client.Counter({
  name: 'ksr_throttled_requests_total',
  help: 'Requests refused 429 THROTTLED because the client budget was spent, by client class',
  labelNames: ['client_class'] as const,
  registers: [registry],
});
const statements = new client.Histogram({
  name: 'ksr_db_statement_duration_seconds',
  help: 'SQL statement durations as the service saw them, by database',
  labelNames: ['database'] as const,
  buckets: DURATION_BUCKETS,
  registers: [registry],
});

interface Pool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}
const pools = new Map<string, () => Pool | undefined>();
new client.Gauge({
  name: 'ksr_db_pool_connections',
  help: 'Database pool connections: in_use, idle, and requests waiting for one',
  labelNames: ['database', 'state'] as const,
  registers: [registry],
  collect() {
    for (const [database, poolOf] of pools) {
      const pool = poolOf();
      if (!pool) continue;
      this.set({ database, state: 'in_use' }, pool.numUsed());
      this.set({ database, state: 'idle' }, pool.numFree());
      this.set({ database, state: 'waiting' }, pool.numPendingAcquires());
    }
  },
});

let releaseAge: (() => Promise<number | undefined>) | undefined;
new client.Gauge({
  name: 'ksr_statistics_release_age_seconds',
  help: 'Age of the latest statistical release (casework); absent before the first',
  registers: [registry],
  // One database, read by every worker: the cluster's value is any worker's, not their sum.
  aggregator: 'max',
  async collect() {
    const age = await releaseAge?.().catch(() => undefined);
    if (age !== undefined) this.set(age);
  },
});

const MAX_OPERATION_NAMES = 200;
const seenOperations = new Set<string>();

/** The label of an operation name: anonymous, the name, or "other" past the bound. */
function operationLabel(name: string | undefined): string {
  if (!name) return 'anonymous';
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return 'other';
  if (seenOperations.has(name)) return name;
  if (seenOperations.size >= MAX_OPERATION_NAMES) return 'other';
  seenOperations.add(name);
  return name;
}

export function recordRequest(operationName: string | undefined, outcome: string, seconds: number): void {
  const operation = operationLabel(operationName);
  requests.inc({ operation, outcome });
  durations.observe({ operation }, seconds);
}

export function recordCost(clientClass: string, points: number): void {
  if (points > 0) cost.inc({ client_class: clientClass }, points);
}

export function recordThrottled(clientClass: string): void {
  throttled.inc({ client_class: clientClass });
}

/** Pool gauges and statement durations of one database (knex's query events). */
export function instrumentDatabase(database: string, orm: MikroORM): void {
  const knex = orm.em.getConnection().getKnex();
  pools.set(database, () => (knex.client as { pool?: Pool }).pool);
  const started = new Map<string, { at: bigint; span?: Span }>();
  knex.on('query', (q: { __knexQueryUid?: string; sql?: string }) => {
    // A statement whose connection died answers neither event: the map must not grow without end.
    if (started.size > 10_000) started.clear();
    if (q.__knexQueryUid) started.set(q.__knexQueryUid, { at: process.hrtime.bigint(), span: startStatementSpan(database, q.sql) });
  });
  const done = (q: { __knexQueryUid?: string } | undefined, failed: boolean): void => {
    const uid = q?.__knexQueryUid;
    const start = uid ? started.get(uid) : undefined;
    if (uid === undefined || start === undefined) return;
    started.delete(uid);
    statements.observe({ database }, Number(process.hrtime.bigint() - start.at) / 1e9);
    // The error's message may quote a value: only its status goes on the span.
    if (failed) start.span?.setStatus({ code: 2 });
    start.span?.end();
  };
  knex.on('query-response', (_response: unknown, q: { __knexQueryUid?: string }) => done(q, false));
  knex.on('query-error', (_error: unknown, q: { __knexQueryUid?: string }) => done(q, true));
}

/** The release-age gauge reads the latest release of this casework database on each scrape. */
export function instrumentReleases(orm: MikroORM): void {
  releaseAge = async () => {
    const rows = await orm.em
      .getConnection()
      .execute<{ age: string | null }[]>('select extract(epoch from now() - max(published_at)) as age from statistics_release');
    return rows[0]?.age === null || rows[0]?.age === undefined ? undefined : Number(rows[0].age);
  };
}

// In a cluster the worker that is scraped asks the primary, which sums every worker's registry
// (prom-client's AggregatorRegistry: counters and histograms add up, gauges per worker).
// Constructing one installs the worker's answering listener; setRegistries alone does not.
if (cluster.isWorker) {
  new client.AggregatorRegistry();
  client.AggregatorRegistry.setRegistries([registry]);
}

export const METRICS_ASK = 'ksr:metrics?';
export const METRICS_REPLY = 'ksr:metrics';
const waiting = new Map<number, (text: string | undefined) => void>();
let nextAsk = 0;
let listening = false;

function fromPrimary(): Promise<string | undefined> {
  if (!listening) {
    listening = true;
    process.on('message', (message: { type?: string; id?: number; text?: string }) => {
      if (message?.type !== METRICS_REPLY || message.id === undefined) return;
      waiting.get(message.id)?.(message.text);
      waiting.delete(message.id);
    });
  }
  const id = (nextAsk += 1);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve(undefined);
    }, 5_000);
    waiting.set(id, (text) => {
      clearTimeout(timer);
      resolve(text);
    });
    process.send?.({ type: METRICS_ASK, id }, undefined, undefined, () => undefined);
  });
}

/** The Prometheus text: the whole cluster's when this is a worker, else this process's. */
export async function metricsText(): Promise<string> {
  // A primary that does not answer (it should): this worker's own numbers rather than none.
  if (cluster.isWorker && process.send) return (await fromPrimary()) ?? registry.metrics();
  return registry.metrics();
}

export const metricsContentType = registry.contentType;
