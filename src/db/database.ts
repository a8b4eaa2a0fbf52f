// Finds or starts the PostgreSQL server, creates the subgraph's database, applies migrations.
import type { MigrationObject, Options } from '@mikro-orm/core';
import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';
import { ensureDatabase, openOrm, ormOptions, withDatabase, type OrmHandle } from './orm';

export type SubgraphName = 'registry' | 'casework';

export interface DatabaseServer {
  /** URL of a subgraph's database. */
  urlFor(subgraph: SubgraphName): string;
  embedded?: EmbeddedServer;
  stop(): Promise<void>;
}

/**
 * Each subgraph owns a database: its own URL (REGISTRY_/CASEWORK_DATABASE_URL), else one derived
 * from DATABASE_URL (the registry uses its database, casework "<name>_casework"), else a database
 * on the embedded server, started only when some subgraph needs it.
 */
export async function startDatabaseServer(config: Config, log: (line: string) => void, needed: SubgraphName[]): Promise<DatabaseServer> {
  const configured = (subgraph: SubgraphName): string | undefined => {
    const explicit = subgraph === 'registry' ? config.registryDatabaseUrl : config.caseworkDatabaseUrl;
    if (explicit || !config.databaseUrl) return explicit;
    const name = decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1));
    if (subgraph === 'registry') return name ? config.databaseUrl : withDatabase(config.databaseUrl, 'ksr_registry');
    return withDatabase(config.databaseUrl, name ? `${name}_casework` : 'ksr_casework');
  };
  if (needed.every((s) => configured(s))) {
    return { urlFor: (s) => configured(s) ?? '', stop: () => Promise.resolve() };
  }
  log(`starting embedded PostgreSQL (data in ${config.dataDir})`);
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, persistent: true });
  return { urlFor: (s) => configured(s) ?? embedded.databaseUrl(`ksr_${s}`), embedded, stop: () => embedded.stop() };
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
