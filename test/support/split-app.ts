// Split mode inside the test process, as `npm start registry`, `npm start casework` and
// `npm start gateway` run it: each service started by its function in src/services.ts on its own
// database of the test server, and the gateway on the committed supergraph, reaching both over HTTP.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findProjectRoot, loadConfig, type Config } from '../../src/config';
import type { OrmHandle } from '../../src/db/orm';
import { startCaseworkService, startGatewayService, startRegistryService, type Service } from '../../src/services';
import { pilotSeeds } from '../../seeds';
import { testDatabaseUrl } from './registry-app';

export interface SplitApp {
  config: Config;
  supergraph: string;
  registry: Service & { db: OrmHandle };
  casework: Service & { db: OrmHandle };
  gateway: Service;
  /** Where the gateway reaches the subgraphs. */
  urls: { registry: string; casework: string };
  /** The gateway first, then the subgraphs. */
  stop(): Promise<void>;
}

/** The registry is seeded with the pilot network; casework too unless `caseworkSeed` is false. */
export async function startSplitApp(options: { caseworkSeed?: boolean } = {}): Promise<SplitApp> {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  const databaseUrl = testDatabaseUrl();
  const quiet = { quiet: true, errorLog: () => undefined };
  const started: Service[] = [];
  const stop = async (): Promise<void> => {
    for (const service of started.reverse()) await service.stop();
  };
  try {
    const registry = await startRegistryService(config, databaseUrl, { seed: pilotSeeds.registry, ...quiet });
    started.push(registry);
    const casework = await startCaseworkService(config, `${databaseUrl}_cw`, {
      seed: options.caseworkSeed === false ? undefined : pilotSeeds.casework,
      ...quiet,
    });
    started.push(casework);
    const supergraph = readFileSync(path.join(findProjectRoot(), 'schema', 'supergraph.graphql'), 'utf8');
    const urls = { registry: registry.server.url, casework: casework.server.url };
    const gateway = await startGatewayService(config, supergraph, urls, () => undefined);
    started.push(gateway);
    return { config, supergraph, registry, casework, gateway, urls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
