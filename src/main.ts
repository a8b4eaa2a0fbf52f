// All-in-one start: PostgreSQL (embedded unless DATABASE_URL is set), migrations, seeds, and the
// GraphQL endpoint, with a graceful stop on Ctrl-C / SIGTERM.
import 'reflect-metadata';
import { loadConfig } from './config';
import { serveGraphQL } from './common/http-server';
import { startDatabaseServer } from './db/database';
import { openRegistryDatabase } from './registry/bootstrap';
import { createRegistrySubgraph } from './registry/server';

const log = (message: string): void => console.log(`[ksr] ${message}`);

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.jwt.isDevelopmentSecret) log('using the development JWT secret: set JWT_SECRET in production');
  const db = await startDatabaseServer(config, log);
  const registry = await openRegistryDatabase(db.urlFor('ksr_registry'), { seed: config.seedOnStart, logQueries: config.logQueries, log });
  const subgraph = await createRegistrySubgraph(registry.orm, config);
  const server = await serveGraphQL({
    schema: subgraph.schema,
    context: (req) => subgraph.context(req),
    port: config.port,
    host: config.host,
    maxDepth: config.limits.maxDepth,
    maxAliases: config.limits.maxAliases,
  });
  log(`GraphQL API ready at ${server.url}`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests and stopping`);
    await server.stop();
    await registry.orm.close();
    await db.stop();
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('[ksr] failed to start:', error);
  process.exit(1);
});
