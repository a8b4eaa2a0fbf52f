// Finds or starts the PostgreSQL server, creates the subgraph's database, applies migrations and
// then the current definitions of its functions, triggers and policies (sql-sources.ts).
import type { MigrationObject, Options } from '@mikro-orm/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import path from 'node:path';
import type { Config, RuntimeConfig } from '../config';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded';
import { ensureDatabase, openOrm, ormOptions, withDatabase, type ConnectionLimits, type OrmHandle } from './orm';
import { applySqlSources, type SqlSources } from './sql-sources';

export type SubgraphName = 'registry' | 'casework';

export interface DatabaseServer {
  /** URL of a subgraph's database. */
  urlFor(subgraph: SubgraphName): string;
  embedded?: EmbeddedServer;
  stop(): Promise<void>;
}

/** Where each start mode keeps its embedded PostgreSQL: split services never share one (README, "How it runs"). */
export function embeddedDataDir(dataDir: string, mode: 'all' | 'registry' | 'casework'): string {
  return mode === 'all' ? dataDir : path.join(dataDir, mode);
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
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, persistent: true, notice: log });
  return { urlFor: (s) => configured(s) ?? embedded.databaseUrl(`ksr_${s}`), embedded, stop: () => embedded.stop() };
}

/** A readiness check (/readyz): the database answers `select 1` through the service's own pool. */
export function databaseReadiness(name: string, orm: MikroORM): { name: string; check(): Promise<unknown> } {
  return { name, check: () => orm.em.getConnection().execute('select 1') };
}

/**
 * Opens the ORM on `url` (creating the database if needed), applies pending migrations, then the
 * SQL sources (`sql`: the database's functions, triggers and policies). Both run under `jobLimits`
 * (JOB_STATEMENT_TIMEOUT_MS: they may take long); with `limits` the handle returned is a fresh one
 * whose connections carry the service's bounds.
 */
export async function openMigrated(
  url: string,
  entities: Options['entities'],
  migrations: MigrationObject[],
  sql: SqlSources,
  options: { logQueries?: boolean; quiet?: boolean; log?: (line: string) => void; limits?: ConnectionLimits; jobLimits?: ConnectionLimits } = {},
): Promise<OrmHandle> {
  await ensureDatabase(url);
  const handle = await openOrm(ormOptions(url, entities, migrations, options.logQueries, options.quiet, options.jobLimits));
  try {
    await handle.orm.getMigrator().up();
    const outcome = await applySqlSources(url, sql, {
      migrations: migrations.map((m) => m.name),
      migrationsTable: handle.orm.config.get('migrations').tableName,
      statementTimeoutMs: options.jobLimits?.statementTimeoutMs,
    });
    const database = decodeURIComponent(new URL(url).pathname.slice(1));
    if (outcome === 'database-newer')
      options.log?.(`${database}: migrated by newer code; its functions, triggers and policies are left as that code defined them`);
    else if (outcome === 'applied' && !options.quiet) options.log?.(`${database}: applied ${sql.files.length} SQL sources (${sql.dir})`);
  } catch (e) {
    await handle.orm.close();
    throw e;
  }
  if (!options.limits) return handle;
  await handle.orm.close();
  return openOrm(ormOptions(url, entities, migrations, options.logQueries, options.quiet, options.limits));
}

/** The service's connection bounds and the jobs' (migrations, releases, maintenance) from the configuration. */
export function connectionLimits(runtime: RuntimeConfig): { limits: ConnectionLimits; jobLimits: ConnectionLimits } {
  const base = { poolAcquireTimeoutMs: runtime.poolAcquireTimeoutMs, connectTimeoutMs: runtime.connectTimeoutMs };
  return {
    limits: { ...base, statementTimeoutMs: runtime.statementTimeoutMs, idleInTransactionTimeoutMs: runtime.idleInTransactionTimeoutMs },
    jobLimits: { ...base, statementTimeoutMs: runtime.jobStatementTimeoutMs },
  };
}
