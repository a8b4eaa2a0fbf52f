// Every core (WEB_CONCURRENCY): the all-in-one service as node:cluster workers sharing one port.
// The primary starts the embedded PostgreSQL once, migrates and seeds once, then starts the workers
// one after another (each opens its own pools; none migrates or seeds again), sums their metrics on
// scrape, starts a new worker when one dies, and on SIGTERM stops every worker, then PostgreSQL.
// One worker (the first) runs the statistical-release schedule: a release is a database job, not
// a per-process one. Budgets are per worker in memory unless REDIS_URL shares them (README).
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Config } from './config';
import { METRICS_ASK, METRICS_REPLY } from './common/observability/metrics';
import { openRegistryDatabase } from './registry/bootstrap';
import { openCaseworkDatabase } from './casework/bootstrap';
import { startReleaseSchedule } from './casework/releases/schedule';
import { connectionLimits } from './db/database';
import type { Seeds } from './seeding';

/** What a worker is told by its environment. */
const WORKER_ENV = { registry: 'KSR_WORKER_REGISTRY_URL', casework: 'KSR_WORKER_CASEWORK_URL', releases: 'KSR_WORKER_RELEASES' } as const;

export interface WorkerDatabases {
  registry: string;
  casework: string;
  /** Whether this worker runs the release schedule. */
  releases: boolean;
}

export function workerDatabases(env: NodeJS.ProcessEnv): WorkerDatabases | undefined {
  const registry = env[WORKER_ENV.registry];
  const casework = env[WORKER_ENV.casework];
  if (!cluster.isWorker || !registry || !casework) return undefined;
  return { registry, casework, releases: env[WORKER_ENV.releases] === '1' };
}

/** Migrates and seeds both databases (and publishes the first release) once, before any worker starts. */
export async function prepareDatabases(config: Config, urls: { registry: string; casework: string }, log: (m: string) => void, seeds?: Seeds): Promise<void> {
  const limits = connectionLimits(config.runtime);
  const registry = await openRegistryDatabase(urls.registry, { seed: seeds?.registry, logQueries: config.logQueries, log, ...limits });
  await registry.orm.close();
  const casework = await openCaseworkDatabase(urls.casework, { seed: seeds?.casework, logQueries: config.logQueries, log, config, ...limits });
  // With no release yet the schedule publishes one at once; the workers then find it.
  const first = await startReleaseSchedule(casework.orm, { ...config.casework.releases, intervalHours: 0 }, log);
  await first.stop();
  await casework.orm.close();
}

export interface Workers {
  /** Resolves when every worker has stopped (or the grace period ended: then they are killed). */
  stop(graceMs: number): Promise<void>;
}

/** A worker that dies this soon after starting, this many times in a row, stops the service. */
const CRASH_LOOP_MS = 10_000;
const CRASH_LOOP_LIMIT = 5;

export async function startWorkers(
  count: number,
  urls: { registry: string; casework: string },
  log: (m: string) => void,
  onGiveUp: () => void,
): Promise<Workers> {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: { type?: string; id?: number }) => {
    if (message?.type !== METRICS_ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: METRICS_REPLY, id: message.id, text }),
      () => worker.send({ type: METRICS_REPLY, id: message.id }),
    );
  });
  let stopping = false;
  let crashes = 0;
  const fork = (index: number): Promise<Worker> => {
    const worker = cluster.fork({ [WORKER_ENV.registry]: urls.registry, [WORKER_ENV.casework]: urls.casework, [WORKER_ENV.releases]: index === 0 ? '1' : '0' });
    const startedAt = Date.now();
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      crashes = Date.now() - startedAt < CRASH_LOOP_MS ? crashes + 1 : 0;
      if (crashes >= CRASH_LOOP_LIMIT) {
        log(`worker ${index + 1} keeps dying (exit ${code ?? signal}): stopping the service`);
        onGiveUp();
        return;
      }
      log(`worker ${index + 1} (pid ${worker.process.pid}) exited (${code ?? signal}): starting a new one`);
      void fork(index);
    });
    return new Promise((resolve, reject) => {
      worker.once('listening', () => resolve(worker));
      worker.once('exit', (code) => reject(new Error(`worker ${index + 1} exited with ${code} before it listened`)));
    });
  };
  // One after another: each opens its pools against a database the previous one already holds.
  try {
    for (let i = 0; i < count; i += 1) await fork(i);
  } catch (e) {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    throw e;
  }
  return {
    async stop(graceMs) {
      stopping = true;
      const running = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
      const exited = running.map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
      for (const w of running) w.process.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
      const outcome = await Promise.race([Promise.all(exited), late]);
      clearTimeout(timer);
      if (outcome === 'late') for (const w of running) if (!w.isDead()) w.process.kill('SIGKILL');
    },
  };
}
