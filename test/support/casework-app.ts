// The real casework service for a test file (startCaseworkService, as `npm start casework` runs it,
// with its limits, deadlines and plugins): its own database on the test server (migrated, with the
// service role and RLS), over HTTP on a free port. Requests carry the gateway's signed forwarded
// identity, as the gateway sends them; `raw` sends exactly the headers given.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { inject } from 'vitest';
import { appUrl } from '../../src/casework/bootstrap';
import { publishRelease, type Sampler } from '../../src/casework/releases/publish';
import { CALLER_HEADER, issueForwardedIdentity, Role, type Caller } from '../../src/common/auth';
import type { RunningServer } from '../../src/common/http-server';
import { withDatabase, type OrmHandle } from '../../src/db/orm';
import { loadConfig, type Config } from '../../src/config';
import { startCaseworkService } from '../../src/services';
import { post, type GraphQLResponse } from './requests';
import { pilotSeeds } from '../../seeds';

export interface CaseworkTestApp {
  url: string;
  config: Config;
  /** The service's ORM (connected as ksr_casework_app). */
  db: OrmHandle;
  ownerUrl: string;
  appUrl: string;
  server: RunningServer;
  /** Every line the subgraph logged (errors included), for leak checks. */
  logs: string[];
  /** POSTs as `caller` (signed forwarded identity); `null` sends no identity. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, caller?: Caller | null): Promise<GraphQLResponse<T>>;
  /** POSTs with exactly these headers. */
  raw(body: unknown, headers: Record<string, string>): Promise<{ status: number; text: string; json: any }>;
  /** Runs SQL on a fresh connection as the owner (postgres) or as the service role. */
  sql<T = Record<string, any>>(as: 'owner' | 'app', text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Publishes a statistical release of the data as they stand. Counting tests pass `exactCounts`
   * (a sampler that draws no noise) to check the counts the release then noises; the noise itself
   * and the attacks on it are tested in test/casework/releases/*.
   */
  release(options?: { sampler?: Sampler }): Promise<void>;
  close(): Promise<void>;
}

/** No noise: for tests of what is counted, never for a real release. */
export const exactCounts: Sampler = () => 0;

export const staff = (institutionId: string): Caller => ({ role: Role.INSTITUTION_STAFF, institutionId, subject: `staff-of-${institutionId.slice(0, 8)}` });

export async function startCaseworkApp(options: { seed?: boolean; env?: Record<string, string>; logQueries?: boolean } = {}): Promise<CaseworkTestApp> {
  const ownerUrl = withDatabase(inject('pgServerUrl'), `cw_${randomBytes(6).toString('hex')}`);
  const config = loadConfig({ ...process.env, LOG_QUERIES: String(options.logQueries ?? false), ...options.env, PORT: '0', HOST: '127.0.0.1' });
  const logs: string[] = [];
  const log = (message: string, error?: unknown): void => {
    logs.push(error === undefined ? message : `${message} ${error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : JSON.stringify(error)}`);
  };
  // As `npm start casework` starts it (limits, deadlines, plugins), except that the tests publish the releases.
  const service = await startCaseworkService(config, ownerUrl, {
    seed: (options.seed ?? true) ? pilotSeeds.casework : undefined,
    releases: false,
    quiet: true,
    log,
    errorLog: log,
  });
  const { server, db } = service;
  const raw = (body: unknown, headers: Record<string, string>) => post(server.url, body, headers);
  const app: CaseworkTestApp = {
    url: server.url,
    config,
    db,
    ownerUrl,
    appUrl: appUrl(ownerUrl, config.casework.appPassword),
    server,
    logs,
    async gql(query, variables, caller = { role: Role.PUBLIC }) {
      const headers: Record<string, string> = caller ? { [CALLER_HEADER]: await issueForwardedIdentity(caller, config.subgraphSecret) } : {};
      return (await raw({ query, variables }, headers)).json as GraphQLResponse<any>;
    },
    raw,
    async sql(as, text, params = []) {
      const client = new Client({ connectionString: as === 'owner' ? ownerUrl : app.appUrl });
      await client.connect();
      try {
        return (await client.query(text, params)).rows;
      } finally {
        await client.end();
      }
    },
    async release(opts = {}) {
      await publishRelease(db.orm.em.fork(), config.casework.releases, { sampler: opts.sampler ?? exactCounts });
    },
    close: () => service.stop(),
  };
  // The first release, as the service publishes at start.
  await app.release();
  return app;
}
