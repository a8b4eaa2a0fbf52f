// Brings the casework database up to date and opens it for the service. Two connections:
// - the owner's (the URL given: migrations, seeding, re-keying), closed again here;
// - the service's, as ksr_casework_app, a role that owns nothing, so PostgreSQL's row-level
//   security applies to every query the service makes.
// The seeding (synthetic casework data, seeds/casework) is handed in by the caller: src/ never imports seeds/.
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { loadConfig, type Config } from '../config';
import { assertCaseworkSecrets } from './config';
import { openMigrated } from '../db/database';
import { openOrm, ormOptions, type ConnectionLimits, type OrmHandle } from '../db/orm';
import { caseworkMigrations } from '../db/migrations/casework';
import { caseworkEntities } from './entities';
import { Linkage } from './linkage/keys';
import { Participant } from './participants/participant.entities';
import { caseworkSql } from './sql/manifest';

/** Seeds a migrated casework database as its owner; returns a line for the log. Must be idempotent. */
export type CaseworkSeed = (em: EntityManager, linkage: Linkage) => Promise<string>;

export interface CaseworkOpenOptions {
  /** Run after the migrations, as the owner. */
  seed?: CaseworkSeed;
  quiet?: boolean;
  logQueries?: boolean;
  log?: (m: string) => void;
  /** Defaults to loadConfig(): the linkage keys, disclosure k and the service role's password. */
  config?: Config;
  /** Bounds of the service role's connections; `jobLimits`: of the owner's (migrations, seeding). */
  limits?: ConnectionLimits;
  jobLimits?: ConnectionLimits;
}

/**
 * The role the service connects as: it owns nothing, so row-level security applies to it. Created
 * and granted by the migrations, which copy this value (frozen history imports no code).
 */
const APP_ROLE = 'ksr_casework_app';

/** The database URL with the service role's credentials. */
export function appUrl(ownerUrl: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = password;
  return url.toString();
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Gives the service role its login and password (roles are cluster-wide: parallel starts may race). */
async function enableAppLogin(ownerUrl: string, password: string): Promise<void> {
  if (await canConnect(appUrl(ownerUrl, password))) return;
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`alter role ${APP_ROLE} with login password ${client.escapeLiteral(password)}`);
        return;
      } catch (e) {
        // "tuple concurrently updated" when another process alters the role at the same moment.
        if (attempt >= 5 || (e as { code?: string }).code !== 'XX000') throw e;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  } finally {
    await client.end();
  }
}

/** Migrated, as the owner: for seeding, re-keying and maintenance commands only. */
export function openCaseworkOwner(url: string, options: { quiet?: boolean; logQueries?: boolean } = {}): Promise<OrmHandle> {
  return openMigrated(url, caseworkEntities, caseworkMigrations, caseworkSql, options);
}

/** Ensures the database, applies migrations, seeds the synthetic casework data when asked and empty, and opens it as the service role. */
export async function openCaseworkDatabase(url: string, options: CaseworkOpenOptions): Promise<OrmHandle> {
  const config = options.config ?? loadConfig();
  const { casework } = config;
  assertCaseworkSecrets(casework);
  if (casework.isDevelopmentLinkageKey) {
    options.log?.(
      'WARNING: casework uses the DEVELOPMENT linkage key: pseudonyms are not protected. Set LINKAGE_KEYS or LINKAGE_KEY_FILE before any real data.',
    );
  }
  if (casework.isDevelopmentAppPassword)
    options.log?.('casework: using the development database password for ksr_casework_app (set CASEWORK_DB_PASSWORD in production)');
  const linkage = new Linkage(casework.linkageKeys);
  const owner = await openMigrated(url, caseworkEntities, caseworkMigrations, caseworkSql, {
    quiet: options.quiet,
    log: options.log,
    jobLimits: options.jobLimits,
  });
  try {
    if (options.seed) {
      const report = await options.seed(owner.orm.em.fork(), linkage);
      options.log?.(report);
    }
    const stale = await owner.orm.em.fork().count(Participant, { keyVersion: { $ne: linkage.currentVersion } });
    if (stale > 0) options.log?.(`casework: ${stale} participants have pseudonyms under an older key version: run \`npm run rekey\``);
    await enableAppLogin(url, casework.appPassword);
  } finally {
    await owner.orm.close();
  }
  return openOrm(ormOptions(appUrl(url, casework.appPassword), caseworkEntities, caseworkMigrations, options.logQueries, options.quiet, options.limits));
}
