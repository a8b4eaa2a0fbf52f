// Each piece as its own service (split mode): the registry and casework subgraphs over HTTP, and a gateway that
// reaches subgraphs over HTTP with the caller forwarded as a signed identity.
import type { Config } from './config';
import { serveGraphQL, type RunningServer } from './common/http-server';
import type { OrmHandle } from './db/orm';
import { connectionLimits, databaseReadiness } from './db/database';
import { idempotencyStatusPlugin } from './common/idempotency';
import { ForwardingDataSource } from './gateway/data-sources';
import { createGateway } from './gateway/gateway';
import { analyticsRoutes } from './registry/analytics/export.routes';
import { hsdsRoutes } from './registry/hsds/routes';
import { ideRoutes } from './web/ide';
import { createBudgets } from './common/fair-use/budgets';
import { widgetAdmission } from './common/fair-use/outside';
import { instrumentDatabase, instrumentReleases } from './common/observability/metrics';
import { widgetRoutes } from './web/widgets';
import { openRegistryDatabase, type RegistrySeed } from './registry/bootstrap';
import { openCaseworkDatabase, type CaseworkSeed } from './casework/bootstrap';
import { startReleaseSchedule } from './casework/releases/schedule';
import { createCaseworkSubgraph } from './casework/server';
import { createRegistrySubgraph } from './registry/server';

export interface Service {
  server: RunningServer;
  stop(): Promise<void>;
}

/** The HTTP settings every server shares (limits, deadlines, probes, introspection). */
export const httpOptions = (config: Config, errorLog?: (m: string, e?: unknown) => void) => ({
  port: config.port,
  host: config.host,
  maxDepth: config.limits.maxDepth,
  maxAliases: config.limits.maxAliases,
  maxCost: config.limits.maxCost,
  documentLimits: config.limits,
  maxBodyBytes: config.limits.maxBodyBytes,
  requestTimeoutMs: config.runtime.requestTimeoutMs,
  readinessTimeoutMs: config.runtime.readinessTimeoutMs,
  shutdownGraceMs: config.runtime.shutdownGraceSeconds * 1000,
  introspection: config.introspection,
  metrics: config.observability.metrics,
  log: errorLog,
});

export async function startRegistryService(
  config: Config,
  databaseUrl: string,
  options: { seed?: RegistrySeed; quiet?: boolean; log?: (m: string) => void; errorLog?: (m: string, e?: unknown) => void },
): Promise<Service & { db: OrmHandle }> {
  const db = await openRegistryDatabase(databaseUrl, {
    seed: options.seed,
    logQueries: config.logQueries,
    quiet: options.quiet,
    log: options.log,
    ...connectionLimits(config.runtime),
  });
  instrumentDatabase('registry', db.orm);
  const registry = await createRegistrySubgraph(db.orm, config);
  // Widgets are a client entry point on this service (the gateway charges /graphql): their keys get budgets here.
  const widgetBudgets = config.fairUse.budgets ? createBudgets(config.fairUse.budgets) : undefined;
  const server = await serveGraphQL({
    schema: registry.schema,
    context: (req) => registry.context(req),
    plugins: registry.plugins,
    routes: (app) => {
      analyticsRoutes(db.orm, config, options.errorLog)(app);
      // The registry as Open Referral HSDS 3.0 (src/registry/hsds/).
      hsdsRoutes(db.orm, options.errorLog)(app);
      // Widgets read the registry: split deployments route /widgets to this service (src/web/widgets.ts).
      widgetRoutes({
        orm: db.orm,
        schema: registry.schema,
        contextFor: registry.contextFor,
        demoVoivodeship: config.widgets.demoVoivodeship,
        log: options.errorLog,
        admit: widgetBudgets ? widgetAdmission(widgetBudgets) : undefined,
      })(app);
    },
    readiness: [databaseReadiness('registry', db.orm)],
    ...httpOptions(config, options.errorLog),
  });
  return {
    server,
    db,
    async stop() {
      await server.stop();
      await widgetBudgets?.close();
      await db.orm.close();
    },
  };
}

export async function startCaseworkService(
  config: Config,
  databaseUrl: string,
  options: {
    seed?: CaseworkSeed;
    /** Run the statistical-release schedule here (default true; tests publish their own releases). */
    releases?: boolean;
    quiet?: boolean;
    log?: (m: string) => void;
    errorLog?: (m: string, e?: unknown) => void;
  },
): Promise<Service & { db: OrmHandle }> {
  const db = await openCaseworkDatabase(databaseUrl, {
    seed: options.seed,
    logQueries: config.logQueries,
    quiet: options.quiet,
    log: options.log,
    config,
    ...connectionLimits(config.runtime),
  });
  instrumentDatabase('casework', db.orm);
  instrumentReleases(db.orm);
  const casework = await createCaseworkSubgraph(db.orm, config);
  const releases = options.releases === false ? { stop: () => Promise.resolve() } : await startReleaseSchedule(db.orm, config.casework.releases, options.log);
  const server = await serveGraphQL({
    schema: casework.schema,
    context: (req) => casework.context(req),
    plugins: casework.plugins,
    readiness: [databaseReadiness('casework', db.orm)],
    ...httpOptions(config, options.errorLog),
  });
  return {
    server,
    db,
    async stop() {
      await server.stop();
      await releases.stop();
      await db.orm.close();
    },
  };
}

/** `urls` overrides the subgraph URLs recorded in the supergraph (by subgraph name). */
export async function startGatewayService(
  config: Config,
  supergraphSdl: string,
  urls: Record<string, string | undefined>,
  errorLog?: (m: string, e?: unknown) => void,
): Promise<Service> {
  const gateway = createGateway(supergraphSdl, (name, url) => new ForwardingDataSource(urls[name] ?? url ?? '', config.subgraphSecret), config);
  const server = await serveGraphQL({
    gateway: gateway.gateway,
    context: gateway.context,
    // A refused Idempotency-Key answers 422 or 409 (common/idempotency.ts).
    plugins: [idempotencyStatusPlugin()],
    // GraphiQL at /graphql for a browser (src/web/ide.ts).
    routes: ideRoutes(),
    ...httpOptions(config, errorLog),
    // Clients enter here: priced by the supergraph's @cost/@listSize, charged to their budgets; the subgraphs behind it only check the maximum.
    fairUse: { costSdl: supergraphSdl, budgets: config.fairUse.budgets, trustProxy: config.fairUse.trustProxy },
  });
  return { server, stop: () => server.stop() };
}
