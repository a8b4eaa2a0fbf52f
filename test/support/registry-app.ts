// A real registry service for a test file: its own database on the test server, migrated and
// seeded, served over HTTP on a free port; requests go through fetch like a client's.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { issueToken, Role, type Caller } from '../../src/common/auth';
import { serveGraphQL, type RunningServer } from '../../src/common/http-server';
import { withDatabase, type OrmHandle } from '../../src/db/orm';
import { loadConfig, type Config } from '../../src/config';
import { openRegistryDatabase } from '../../src/registry/bootstrap';
import { createRegistrySubgraph } from '../../src/registry/server';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } }[];
}

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

export async function startRegistryApp(options: { seed?: boolean } = {}): Promise<TestApp> {
  const server = inject('pgServerUrl');
  const databaseUrl = withDatabase(server, `t_${randomBytes(6).toString('hex')}`);
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl });
  const db = await openRegistryDatabase(databaseUrl, { seed: options.seed ?? true, quiet: true });
  const subgraph = await createRegistrySubgraph(db.orm, config);
  const http = await serveGraphQL({
    schema: subgraph.schema,
    context: (req) => subgraph.context(req),
    port: 0,
    host: '127.0.0.1',
    maxDepth: config.limits.maxDepth,
    maxAliases: config.limits.maxAliases,
    log: () => undefined,
  });
  const app: TestApp = {
    url: http.url,
    config,
    db,
    server: http,
    async gql(query, variables, token) {
      const res = await fetch(http.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse<any>;
    },
    token: (caller) => issueToken({ ...caller, subject: `test-${caller.role}` }, config.jwt),
    async countStatements(run) {
      const before = db.statements();
      await run();
      return db.statements() - before;
    },
    async close() {
      await http.stop();
      await db.orm.close();
    },
  };
  return app;
}

export const tokenFor = (app: TestApp, role: Role, extra: Partial<Caller> = {}): Promise<string> => app.token({ role, ...extra });
