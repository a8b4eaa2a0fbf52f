// The real API for a test file (gateway + registry, as `npm start` runs it) on its own database on
// the test server, migrated and seeded, over HTTP on a free port; requests go through fetch.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { startAllInOne } from '../../src/app';
import { issueToken, Role, type Caller } from '../../src/common/auth';
import type { RunningServer } from '../../src/common/http-server';
import { withDatabase, type OrmHandle } from '../../src/db/orm';
import { loadConfig, type Config } from '../../src/config';
import { pilotSeeds } from '../../seeds';
import { bearer, postQuery, type GraphQLResponse } from './requests';

export interface TestApp {
  url: string;
  config: Config;
  db: OrmHandle;
  server: RunningServer;
  /** POSTs a GraphQL request like a client; `token` is sent as a Bearer token. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  token(caller: Omit<Caller, 'subject'>): Promise<string>;
  /** SQL statements sent while `run` executes. */
  countStatements(run: () => Promise<unknown>): Promise<number>;
  close(): Promise<void>;
}

/** A fresh database name on the test server. */
export const testDatabaseUrl = (): string => withDatabase(inject('pgServerUrl'), `t_${randomBytes(6).toString('hex')}`);

export async function startRegistryApp(options: { seed?: boolean; env?: Record<string, string> } = {}): Promise<TestApp> {
  const databaseUrl = testDatabaseUrl();
  const config = loadConfig({ ...process.env, ...options.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1' });
  const stack = await startAllInOne({
    config,
    registryDatabaseUrl: databaseUrl,
    caseworkDatabaseUrl: `${databaseUrl}_cw`,
    seed: (options.seed ?? true) ? pilotSeeds : undefined,
    quiet: true,
    errorLog: () => undefined,
  });
  const { server: http, registryDb: db } = stack;
  return {
    url: http.url,
    config,
    db,
    server: http,
    async gql(query, variables, token) {
      return (await postQuery(http.url, query, variables, bearer(token))).json as GraphQLResponse<any>;
    },
    token: (caller) => issueToken({ ...caller, subject: `test-${caller.role}` }, config.jwt),
    async countStatements(run) {
      const before = db.statements();
      await run();
      return db.statements() - before;
    },
    close: () => stack.stop(),
  };
}

export const tokenFor = (app: TestApp, role: Role, extra: Partial<Caller> = {}): Promise<string> => app.token({ role, ...extra });
