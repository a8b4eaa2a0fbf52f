// The all-in-one application: both subgraphs (registry, casework) and the gateway in one process,
// the gateway calling the subgraphs in process. Used by `npm start` and by the tests (a client's view of the API).
import type { Config } from './config';
import { serveGraphQL, type RunningServer } from './common/http-server';
import type { OrmHandle } from './db/orm';
import { connectionLimits, databaseReadiness } from './db/database';
import { httpOptions } from './services';
import { idempotencyStatusPlugin } from './common/idempotency';
import { composeSupergraph } from './gateway/compose';
import { InProcessDataSource } from './gateway/data-sources';
import { createGateway } from './gateway/gateway';
import { withDirectSubgraph } from './gateway/single-subgraph';
import { analyticsRoutes } from './registry/analytics/export.routes';
import { hsdsRoutes } from './registry/hsds/routes';
import { ideRoutes } from './web/ide';
import { widgetAdmission } from './common/fair-use/outside';
import { instrumentDatabase, instrumentReleases } from './common/observability/metrics';
import { widgetRoutes } from './web/widgets';
import { openRegistryDatabase } from './registry/bootstrap';
import { createRegistrySubgraph } from './registry/server';
import { openCaseworkDatabase } from './casework/bootstrap';
import { startReleaseSchedule } from './casework/releases/schedule';
import { createCaseworkSubgraph } from './casework/server';
import type { Caller } from './common/auth';
import type { Seeds } from './seeding';

export interface AllInOne {
  server: RunningServer;
  registryDb: OrmHandle;
  caseworkDb: OrmHandle;
  supergraphSdl: string;
  /** Stops HTTP (finishing in-flight requests), then closes the databases. */
  stop(): Promise<void>;
}

export interface AllInOneOptions {
  config: Config;
  registryDatabaseUrl: string;
  caseworkDatabaseUrl: string;
  /** Run after the migrations (the entry point hands in seeds/index.ts's pilotSeeds); none: no seeding. */
  seed?: Seeds;
  /** Run the statistical-release schedule here (default true; in a cluster, one worker only). */
  releases?: boolean;
  quiet?: boolean;
  log?: (message: string) => void;
  /** HTTP error log (tests silence it). */
  errorLog?: (message: string, error?: unknown) => void;
}

export async function startAllInOne(options: AllInOneOptions): Promise<AllInOne> {
  const { config } = options;
  const opened: OrmHandle[] = [];
  try {
    const registryDb = await openRegistryDatabase(options.registryDatabaseUrl, {
      seed: options.seed?.registry,
      logQueries: config.logQueries,
      quiet: options.quiet,
      log: options.log,
      ...connectionLimits(config.runtime),
    });
    opened.push(registryDb);
    const caseworkDb = await openCaseworkDatabase(options.caseworkDatabaseUrl, {
      seed: options.seed?.casework,
      logQueries: config.logQueries,
      quiet: options.quiet,
      log: options.log,
      config,
      ...connectionLimits(config.runtime),
    });
    opened.push(caseworkDb);
    instrumentDatabase('registry', registryDb.orm);
    instrumentDatabase('casework', caseworkDb.orm);
    instrumentReleases(caseworkDb.orm);
    const registry = await createRegistrySubgraph(registryDb.orm, config);
    const casework = await createCaseworkSubgraph(caseworkDb.orm, config);
    const releases =
      options.releases === false ? { stop: () => Promise.resolve() } : await startReleaseSchedule(caseworkDb.orm, config.casework.releases, options.log);
    const supergraphSdl = composeSupergraph([
      { name: 'registry', schema: registry.schema, url: 'in-process://registry' },
      { name: 'casework', schema: casework.schema, url: 'in-process://casework' },
    ]);
    const sources = {
      registry: new InProcessDataSource(registry.schema, registry.contextFor, registry.idempotency),
      casework: new InProcessDataSource(casework.schema, (caller: Caller) => casework.contextFor(caller), casework.idempotency),
    };
    const gateway = createGateway(supergraphSdl, (name) => sources[name as keyof typeof sources], config);
    const server = await serveGraphQL({
      // A query one subgraph answers alone runs on it directly (single-subgraph.ts).
      gateway: withDirectSubgraph(withDirectSubgraph(gateway.gateway, { name: 'registry', ...registry }), { name: 'casework', ...casework }),
      context: gateway.context,
      // A refused Idempotency-Key answers 422 or 409 (common/idempotency.ts).
      plugins: [idempotencyStatusPlugin()],
      ...httpOptions(config, options.errorLog),
      // Clients enter here: priced by the supergraph's @cost/@listSize, charged to their budgets (common/fair-use/).
      fairUse: { costSdl: supergraphSdl, budgets: config.fairUse.budgets, trustProxy: config.fairUse.trustProxy },
      readiness: [databaseReadiness('registry', registryDb.orm), databaseReadiness('casework', caseworkDb.orm)],
      // serveGraphQL redacts every error and refuses NUL/unpaired surrogates on every server, the gateway included.
      // Graph exports for research tools (GraphML, GEXF, CSV) beside /graphql.
      routes: (app, { budgets }) => {
        analyticsRoutes(registryDb.orm, config, options.errorLog)(app);
        // The registry as Open Referral HSDS 3.0 (src/registry/hsds/).
        hsdsRoutes(registryDb.orm, options.errorLog)(app);
        // GraphiQL at /graphql for a browser (src/web/ide.ts).
        ideRoutes()(app);
        // Widgets for regional platforms: bundles, their endpoint and the /widgets page (src/web/widgets.ts).
        widgetRoutes({
          orm: registryDb.orm,
          schema: registry.schema,
          contextFor: registry.contextFor,
          demoVoivodeship: config.widgets.demoVoivodeship,
          log: options.errorLog,
          admit: budgets ? widgetAdmission(budgets) : undefined,
        })(app);
      },
    });
    return {
      server,
      registryDb,
      caseworkDb,
      supergraphSdl,
      async stop() {
        await server.stop();
        await releases.stop();
        await registryDb.orm.close();
        await caseworkDb.orm.close();
      },
    };
  } catch (e) {
    for (const db of opened) await db.orm.close();
    throw e;
  }
}
