// The one place that reads environment variables: typed, validated, with defaults that make
// `npm start` work on a fresh machine.
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  /** HTTP port of the GraphQL endpoint. */
  port: number;
  host: string;
  /** A PostgreSQL URL; when absent an embedded PostgreSQL is started. */
  databaseUrl: string | undefined;
  /** Per-subgraph database URLs for split deployments (default: derived from DATABASE_URL). */
  registryDatabaseUrl: string | undefined;
  caseworkDatabaseUrl: string | undefined;
  /** Where the gateway finds subgraphs in split mode (default: the URLs in the supergraph). */
  registryUrl: string | undefined;
  caseworkUrl: string | undefined;
  /** Where the embedded PostgreSQL keeps its data between runs. */
  dataDir: string;
  /** Port of the embedded PostgreSQL; 0 picks a free one. */
  embeddedPgPort: number;
  jwt: {
    secret: Uint8Array;
    issuer: string;
    audience: string;
    /** Whether the secret is the built-in development one (printed as a warning). */
    isDevelopmentSecret: boolean;
  };
  /** Key the gateway signs forwarded identities with; subgraphs accept identity only under it. */
  subgraphSecret: Uint8Array;
  limits: {
    maxDepth: number;
    maxAliases: number;
    maxPageSize: number;
  };
  /** Seed the pilot network at start when the database is empty. */
  seedOnStart: boolean;
  logQueries: boolean;
  projectRoot: string;
}

const DEV_JWT_SECRET = 'ksr-development-secret-change-me-in-production-0001';
const DEV_SUBGRAPH_SECRET = 'ksr-development-gateway-to-subgraph-key-change-me-0002';

/** Finds the directory holding package.json, from source (src/) or compiled (dist/src/) code. */
export function findProjectRoot(start = __dirname): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'package.json')) || path.basename(dir) === 'dist') {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}: expected an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new Error(`${name}: expected true or false, got "${raw}"`);
}

function postgresUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(raw)) throw new Error(`${name}: expected a postgres:// or postgresql:// URL`);
  return raw;
}

function httpUrl(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^https?:\/\//.test(raw)) throw new Error(`${name}: expected an http(s):// URL`);
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const projectRoot = findProjectRoot();
  const secret = env.JWT_SECRET ?? DEV_JWT_SECRET;
  if (secret.length < 32) throw new Error('JWT_SECRET: must be at least 32 characters (HS256 key)');
  if (env.NODE_ENV === 'production' && secret === DEV_JWT_SECRET) {
    throw new Error('JWT_SECRET: must be set in production');
  }
  const subgraphSecret = env.SUBGRAPH_SECRET ?? DEV_SUBGRAPH_SECRET;
  if (subgraphSecret.length < 32) throw new Error('SUBGRAPH_SECRET: must be at least 32 characters');
  if (subgraphSecret === secret) throw new Error('SUBGRAPH_SECRET: must differ from JWT_SECRET');
  if (env.NODE_ENV === 'production' && subgraphSecret === DEV_SUBGRAPH_SECRET) throw new Error('SUBGRAPH_SECRET: must be set in production');
  const databaseUrl = postgresUrl(env, 'DATABASE_URL');
  return {
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    registryDatabaseUrl: postgresUrl(env, 'REGISTRY_DATABASE_URL'),
    caseworkDatabaseUrl: postgresUrl(env, 'CASEWORK_DATABASE_URL'),
    registryUrl: httpUrl(env, 'REGISTRY_URL'),
    caseworkUrl: httpUrl(env, 'CASEWORK_URL'),
    dataDir: path.resolve(projectRoot, env.DATA_DIR ?? '.data'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 0, 0, 65535),
    jwt: {
      secret: new TextEncoder().encode(secret),
      issuer: env.JWT_ISSUER ?? 'ksr-dev',
      audience: env.JWT_AUDIENCE ?? 'ksr-api',
      isDevelopmentSecret: secret === DEV_JWT_SECRET,
    },
    subgraphSecret: new TextEncoder().encode(subgraphSecret),
    limits: {
      maxDepth: int(env, 'MAX_QUERY_DEPTH', 20, 2, 50),
      maxAliases: int(env, 'MAX_ALIASES', 30, 1, 1000),
      maxPageSize: 100,
    },
    seedOnStart: bool(env, 'SEED_ON_START', true),
    logQueries: bool(env, 'LOG_QUERIES', false),
    projectRoot,
  };
}
