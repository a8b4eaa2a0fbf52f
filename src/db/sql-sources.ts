// The repeatable step after the migrations. Migrations are frozen history; the current definition
// of each database function, trigger and row-level policy lives in one idempotent SQL file beside
// its domain (src/registry/sql/, src/casework/sql/: `create or replace function`, triggers in the
// file of their function, policies dropped and created again), listed in order in that folder's
// manifest.ts. At every start, after the migrations, the files are applied in one transaction
// under an advisory lock, so a definition changed in its file reaches every database on its next
// start, and processes starting at once apply them one after the other.
//
// The files are applied when their digest (names and contents, in order) or the last migration
// differs from what sql_source_state recorded: a start that changes neither takes no table locks
// (a policy's re-creation locks its table exclusively), and a migration that touched an object is
// always followed by the current definition. A database that holds migrations this code does not
// know belongs to newer code: its definitions are left alone.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

export interface SqlSources {
  /** Folder of the files, in the source tree: tsc does not copy .sql files to dist/. */
  dir: string;
  /** File names in the order they are applied: each after the files whose objects it uses. */
  files: readonly string[];
}

export type SqlSourcesOutcome = 'applied' | 'unchanged' | 'database-newer';

export interface ApplyOptions {
  /** Names of the migrations this code knows, in order (the database's must be among them). */
  migrations: readonly string[];
  /** MikroORM's table of executed migrations. */
  migrationsTable?: string;
  /** Apply even when nothing changed (tests; an operator repairing a hand-edited definition can also delete sql_source_state's row). */
  force?: boolean;
  statementTimeoutMs?: number;
}

/** Per database (advisory locks are): one step at a time. */
const LOCK_KEY = 'ksr:sql-sources';

/** The files' texts in order, and their digest. */
export function readSqlSources(sources: SqlSources): { files: { name: string; sql: string }[]; digest: string } {
  const hash = createHash('sha256');
  const files = sources.files.map((name) => {
    const sql = readFileSync(path.join(sources.dir, name), 'utf8');
    hash.update(name).update('\0').update(sql).update('\0');
    return { name, sql };
  });
  return { files, digest: hash.digest('hex') };
}

/** Applies the SQL sources to the migrated database at `url` (as its owner); see the file's header. */
export async function applySqlSources(url: string, sources: SqlSources, options: ApplyOptions): Promise<SqlSourcesOutcome> {
  const { files, digest } = readSqlSources(sources);
  const client = new Client({ connectionString: url, ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}) });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [LOCK_KEY]);
    const table = client.escapeIdentifier(options.migrationsTable ?? 'mikro_orm_migrations');
    const executed = (await client.query<{ name: string }>(`select name from ${table} order by id`)).rows.map((r) => r.name);
    const known = new Set(options.migrations);
    if (executed.some((name) => !known.has(name))) {
      await client.query('rollback');
      return 'database-newer';
    }
    const last = executed.at(-1) ?? '';
    const state = await client.query<{ digest: string; after_migration: string }>('select digest, after_migration from sql_source_state');
    if (!options.force && state.rows[0]?.digest === digest && state.rows[0].after_migration === last) {
      await client.query('rollback');
      return 'unchanged';
    }
    for (const file of files) {
      try {
        // No parameters: the simple protocol, so a file may hold several statements.
        await client.query(file.sql);
      } catch (e) {
        throw new Error(`${path.join(sources.dir, file.name)}: ${(e as Error).message}`, { cause: e });
      }
    }
    await client.query(
      `insert into sql_source_state (id, digest, after_migration) values (1, $1, $2)
       on conflict (id) do update set digest = excluded.digest, after_migration = excluded.after_migration, applied_at = now()`,
      [digest, last],
    );
    await client.query('commit');
    return 'applied';
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await client.end();
  }
}
