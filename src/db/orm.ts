// ORM factory shared by the subgraphs: one MikroORM instance per database, migrations listed
// explicitly (they run the same from tsc output and under vitest), and a statement counter.
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { Client } from 'pg';

export interface OrmHandle {
  orm: MikroORM;
  /** Number of SQL statements sent since start (read before and after a request to count it). */
  statements(): number;
}

/** Per-connection bounds (config.ts RuntimeConfig); absent: PostgreSQL's defaults (none). */
export interface ConnectionLimits {
  statementTimeoutMs: number;
  idleInTransactionTimeoutMs?: number;
  poolAcquireTimeoutMs?: number;
  connectTimeoutMs?: number;
}

/**
 * Knex/pg options for the limits: statement_timeout and idle_in_transaction_session_timeout are
 * sent in the connection's startup packet (so every pooled connection has them, with no extra
 * round trip), the pool wait and the TCP connect are bounded on the client.
 */
function limitOptions(limits: ConnectionLimits | undefined): Options['driverOptions'] {
  if (!limits) return {};
  return {
    acquireConnectionTimeout: limits.poolAcquireTimeoutMs ?? 60_000,
    connection: {
      ...(limits.statementTimeoutMs > 0 ? { statement_timeout: limits.statementTimeoutMs } : {}),
      ...(limits.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs } : {}),
      ...(limits.connectTimeoutMs ? { connectionTimeoutMillis: limits.connectTimeoutMs } : {}),
    },
  };
}

export function ormOptions(
  url: string,
  entities: Options['entities'],
  migrations: MigrationObject[],
  logQueries = false,
  quiet = false,
  limits?: ConnectionLimits,
): Options {
  return {
    driverOptions: limitOptions(limits),
    driver: PostgreSqlDriver,
    clientUrl: url,
    entities,
    discovery: { requireEntitiesArray: true, warnWhenNoEntities: true },
    extensions: [Migrator],
    migrations: { migrationsList: migrations, transactional: true, allOrNothing: true, snapshot: false, silent: quiet },
    // Entities are never loaded implicitly: relations resolve through per-request DataLoaders.
    forceUndefined: false,
    ignoreUndefinedInQuery: true,
    pool: { min: 0, max: 10 },
    debug: logQueries ? ['query', 'query-params'] : false,
    allowGlobalContext: false,
  };
}

export async function openOrm(options: Options): Promise<OrmHandle> {
  const orm = await MikroORM.init(options);
  let count = 0;
  // knex emits one 'query' event per statement sent, including BEGIN/COMMIT.
  orm.em
    .getConnection()
    .getKnex()
    .on('query', () => {
      count += 1;
    });
  return { orm, statements: () => count };
}

/**
 * Creates the database named in `url` when it does not exist yet. Connects to the target first,
 * so a server where the service may not create databases works when its database exists.
 */
export async function ensureDatabase(url: string): Promise<void> {
  const probe = new Client({ connectionString: url });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (e) {
    await probe.end().catch(() => undefined);
    if ((e as { code?: string }).code !== '3D000') throw e; // anything but "database does not exist"
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}" must be a plain identifier`);
  const admin = new Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
}

/** Replaces the database name of a PostgreSQL URL. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
