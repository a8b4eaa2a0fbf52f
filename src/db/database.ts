// Finds or starts the PostgreSQL server, creates the subgraph's database, applies migrations.
import type { MigrationObject, Options } from '@mikro-orm/core';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';
import { ensureDatabase, openOrm, ormOptions, withDatabase, type OrmHandle } from './orm';

export interface DatabaseServer {
  /** URL of a database on the server (DATABASE_URL's own name when one was given). */
  urlFor(name: string): string;
  embedded?: EmbeddedServer;
  stop(): Promise<void>;
}

export async function startDatabaseServer(config: Config, log: (line: string) => void): Promise<DatabaseServer> {
  if (config.databaseUrl) {
    const url = config.databaseUrl;
    return { urlFor: (name) => (new URL(url).pathname.length > 1 ? url : withDatabase(url, name)), stop: () => Promise.resolve() };
  }
  log(`starting embedded PostgreSQL (data in ${config.dataDir})`);
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, persistent: true });
  return { urlFor: (name) => embedded.databaseUrl(name), embedded, stop: () => embedded.stop() };
}

/** Opens the ORM on `url` (creating the database if needed) and applies pending migrations. */
export async function openMigrated(
  url: string,
  entities: Options['entities'],
  migrations: MigrationObject[],
  options: { logQueries?: boolean; quiet?: boolean } = {},
): Promise<OrmHandle> {
  await ensureDatabase(url);
  const handle = await openOrm(ormOptions(url, entities, migrations, options.logQueries, options.quiet));
  await handle.orm.getMigrator().up();
  return handle;
}
