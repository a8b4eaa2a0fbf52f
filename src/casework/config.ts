// The casework service's settings (linkage keys, disclosure, releases, its database role), read from
// the environment through loadConfig (src/config.ts), the one validated entry point.
import { readFileSync } from 'node:fs';
import { float, int } from '../common/env';

/** A versioned network key for PESEL pseudonyms (HMAC-SHA256); see src/casework/README.md. */
export interface LinkageKey {
  /** "v1", "v2", …: the number orders the chain. */
  version: string;
  key: Buffer;
}

export interface CaseworkConfig {
  /** Every active key, the current (highest version) first. */
  linkageKeys: LinkageKey[];
  /** Whether the keys are the built-in development ones (printed as a loud warning). */
  isDevelopmentLinkageKey: boolean;
  /** Cells below k are suppressed in every aggregate that leaves an institution. */
  disclosureK: number;
  /** Statistical releases: the privacy budget and the schedule (src/casework/README.md). */
  releases: ReleaseConfig;
  /** Password of the database role the casework service connects as (ksr_casework_app). */
  appPassword: string;
  isDevelopmentAppPassword: boolean;
  /** NODE_ENV=production: the casework service refuses the development key and password. */
  production: boolean;
}

export interface ReleaseConfig {
  /** zCDP budget ρ of one release. */
  rho: number;
  /** The most ρ all releases of one calendar year may spend together; a release over it is refused. */
  rhoPerYear: number;
  /** δ of the (ε, δ) reading and of publishing a reintegration path. */
  delta: number;
  /** Hours between scheduled releases in the running service; 0: none (the CLI only). */
  intervalHours: number;
  maxInstitutions: number;
  maxSharedGroups: number;
  maxCategories: number;
  /** statement_timeout inside a release's transaction (JOB_STATEMENT_TIMEOUT_MS); absent: the connection's. */
  statementTimeoutMs?: number;
}

/** Defaults: see src/casework/README.md, "The budget": chosen so that the insider attack over ten releases stays near chance. */
function releaseConfig(env: NodeJS.ProcessEnv): ReleaseConfig {
  const rho = float(env, 'RELEASE_RHO', 0.02, 1e-4, 100);
  const rhoPerYear = float(env, 'RELEASE_RHO_PER_YEAR', 7.5, 1e-4, 10000);
  if (rhoPerYear < rho) throw new Error('RELEASE_RHO_PER_YEAR: must be at least RELEASE_RHO');
  return {
    rho,
    rhoPerYear,
    delta: float(env, 'RELEASE_DELTA', 1e-6, 1e-12, 1e-3),
    intervalHours: float(env, 'RELEASE_INTERVAL_HOURS', 24, 0, 24 * 366),
    maxInstitutions: int(env, 'RELEASE_MAX_INSTITUTIONS', 3, 1, 50),
    maxSharedGroups: int(env, 'RELEASE_MAX_SHARED_GROUPS', 4, 1, 100),
    maxCategories: int(env, 'RELEASE_MAX_CATEGORIES', 3, 1, 15),
    statementTimeoutMs: int(env, 'JOB_STATEMENT_TIMEOUT_MS', 1_800_000, 0, 86_400_000),
  };
}

/** Called by the casework service only, so that the registry and the gateway start without its secrets. */
export function assertCaseworkSecrets(casework: CaseworkConfig): void {
  if (!casework.production) return;
  if (casework.isDevelopmentLinkageKey) throw new Error('LINKAGE_KEYS or LINKAGE_KEY_FILE: must be set in production');
  if (casework.isDevelopmentAppPassword) throw new Error('CASEWORK_DB_PASSWORD: must be set in production');
}

// Development only: a fixed key, so that a development database keeps linking after a restart.
const DEV_LINKAGE_KEYS = `v1:${Buffer.from('ksr-development-linkage-key-not-for-real-data-0003').toString('base64')}`;
const DEV_CASEWORK_PASSWORD = 'ksr-casework-app-development-password';

/** Parses "v2:<base64>,v1:<base64>" (commas or new lines): current first, 32+ byte keys, distinct versions. */
export function parseLinkageKeys(text: string, source: string): LinkageKey[] {
  const entries = text
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '' && !e.startsWith('#'));
  if (entries.length === 0) throw new Error(`${source}: no keys`);
  const keys = entries.map((entry, i) => {
    const match = /^(v[1-9]\d{0,5}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
    // The entry itself is never echoed: it is a secret.
    if (!match) throw new Error(`${source}: entry ${i + 1} must look like "v2:<base64 key>"`);
    const key = Buffer.from(match[2], 'base64');
    if (key.length < 32) throw new Error(`${source}: key ${match[1]} must decode to at least 32 bytes`);
    return { version: match[1], key };
  });
  const numbers = keys.map((k) => Number(k.version.slice(1)));
  if (new Set(numbers).size !== numbers.length) throw new Error(`${source}: a key version is listed twice`);
  if (numbers[0] !== Math.max(...numbers)) throw new Error(`${source}: the first key is the current one and must have the highest version`);
  return keys;
}

export function caseworkConfig(env: NodeJS.ProcessEnv): CaseworkConfig {
  const production = env.NODE_ENV === 'production';
  if (env.LINKAGE_KEYS && env.LINKAGE_KEY_FILE) throw new Error('LINKAGE_KEYS and LINKAGE_KEY_FILE: set one, not both');
  let linkage = DEV_LINKAGE_KEYS;
  let source = 'development linkage key';
  if (env.LINKAGE_KEYS) [linkage, source] = [env.LINKAGE_KEYS, 'LINKAGE_KEYS'];
  if (env.LINKAGE_KEY_FILE) [linkage, source] = [readFileSync(env.LINKAGE_KEY_FILE, 'utf8'), 'LINKAGE_KEY_FILE'];
  const appPassword = env.CASEWORK_DB_PASSWORD ?? DEV_CASEWORK_PASSWORD;
  if (appPassword.length < 16) throw new Error('CASEWORK_DB_PASSWORD: must be at least 16 characters');
  return {
    linkageKeys: parseLinkageKeys(linkage, source),
    isDevelopmentLinkageKey: linkage === DEV_LINKAGE_KEYS,
    disclosureK: int(env, 'DISCLOSURE_K', 10, 2, 1000),
    releases: releaseConfig(env),
    appPassword,
    isDevelopmentAppPassword: appPassword === DEV_CASEWORK_PASSWORD,
    production,
  };
}
