// Stopping (issue 10): the built service (`node dist/src/main.js`) under a read load gets SIGTERM:
// requests in flight complete, readiness goes 503 at once, the pools and PostgreSQL stop, and the
// process exits within SHUTDOWN_GRACE_SECONDS — with its own embedded PostgreSQL, after its
// database (DATABASE_URL) restarted under the load, and while that database is down.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from '../src/db/embedded';
import { ensureBuilt, isAlive, spawnService, tempDataDir, type BuiltService } from './support/built-service';
import { sleep, startLoad, type Outcome } from './support/load';
import { Client as pgClient } from 'pg';
import { issueToken, Role } from '../src/common/auth';
import { loadConfig } from '../src/config';

const GRACE_SECONDS = 10;
const READS = [
  JSON.stringify({ query: '{ institutions(first: 50) { totalCount edges { node { id name } } } }' }),
  JSON.stringify({ query: '{ voivodeships { code counties { code municipalities { code name } } } }' }),
];

const started: BuiltService[] = [];
const servers: EmbeddedServer[] = [];

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);

afterAll(async () => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  for (const s of servers) await s.stop().catch(() => undefined);
});

/** SIGTERM now under the load; what was in flight (sent 50 ms or more before) must complete with 200. */
async function sigtermUnderLoad(svc: BuiltService, expectReady: boolean): Promise<{ exitMs: number; inFlight: Outcome[]; all: Outcome[] }> {
  const load = startLoad(`${svc.url}/graphql`, 6, (i) => READS[i % READS.length]);
  await sleep(1500);
  const at = Date.now();
  svc.child.kill('SIGTERM');
  // Readiness says "draining" while in-flight requests finish (if the server still answers at all).
  const readiness = await fetch(`${svc.url}/readyz`).then(
    (r) => r.status,
    () => 0,
  );
  if (expectReady) expect([503, 0]).toContain(readiness);
  const exit = await svc.exited;
  const all = await load.stop();
  const inFlight = all.filter((o) => o.started <= at - 50 && o.ended >= at);
  return { exitMs: exit.at - at, inFlight, all };
}

describe('SIGTERM', () => {
  it('with its own embedded PostgreSQL: in-flight requests complete, PostgreSQL stops, exit 0 within the grace period', async () => {
    const svc = await spawnService({ env: { SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) } });
    started.push(svc);
    await svc.ready();
    const pgPid = Number(readFileSync(path.join(svc.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const { exitMs, inFlight, all } = await sigtermUnderLoad(svc, true);
    const exit = await svc.exited;
    console.log(
      `SIGTERM (embedded): exit ${exit.code} after ${exitMs} ms; ${all.length} requests, ${inFlight.length} in flight at the signal, statuses of those: ${[...new Set(inFlight.map((o) => o.status ?? o.error))].join(',')}`,
    );
    expect(exit.code).toBe(0);
    expect(exitMs).toBeLessThan(GRACE_SECONDS * 1000);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.every((o) => o.status === 200)).toBe(true);
    // Whatever was answered before the signal was answered well.
    expect(all.filter((o) => o.status !== undefined && o.status !== 200)).toEqual([]);
    expect(isAlive(pgPid)).toBe(false);
    expect(svc.output()).toMatch(/SIGTERM: finishing in-flight requests/);
    expect(svc.output()).toMatch(/"msg":"stopped"/);
  });

  describe('on a DATABASE_URL server', () => {
    let pg: EmbeddedServer;
    let pgDir: string;
    let pgPort: number;

    beforeAll(async () => {
      pgDir = tempDataDir('ksr-pg-restart-');
      pgPort = await freePort();
      pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, persistent: true, notice: () => undefined });
      servers.push(pg);
    }, 120_000);

    it('after the database restarted under the load: readiness false then true, and SIGTERM still exits in time', async () => {
      const svc = await spawnService({ env: { DATABASE_URL: pg.databaseUrl('ksr_sigterm'), SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) } });
      started.push(svc);
      await svc.ready();
      const load = startLoad(`${svc.url}/graphql`, 4, (i) => READS[i % READS.length]);
      await sleep(500);
      await pg.stop();
      servers.splice(servers.indexOf(pg), 1);
      const down = await fetch(`${svc.url}/readyz`);
      expect(down.status).toBe(503);
      const during = await load.stop();
      pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, persistent: true, notice: () => undefined });
      servers.push(pg);
      await svc.ready(30_000);
      // Outage answers were retryable 503s, never 500 or HTML.
      const failed = during.filter((o) => o.status !== 200);
      expect(failed.every((o) => o.status === 503 && o.code === 'SERVICE_UNAVAILABLE')).toBe(true);
      const { exitMs, inFlight } = await sigtermUnderLoad(svc, true);
      const exit = await svc.exited;
      console.log(
        `SIGTERM after a database restart: exit ${exit.code} after ${exitMs} ms; during the outage ${failed.length} of ${during.length} answers were 503; ${inFlight.length} in flight at the signal`,
      );
      expect(exit.code).toBe(0);
      expect(exitMs).toBeLessThan(GRACE_SECONDS * 1000);
      expect(inFlight.every((o) => o.status === 200)).toBe(true);
    });

    it('restarted under a write load: no acknowledged write lost, no refused write present, ready again without a restart', async () => {
      const svc = await spawnService({ env: { DATABASE_URL: pg.databaseUrl('ksr_writes'), SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) } });
      started.push(svc);
      await svc.ready();
      const token = await issueToken({ role: Role.ADMIN, subject: 'restart-writer' }, loadConfig({}).jwt);
      const create = (i: number) =>
        JSON.stringify({
          query: 'mutation($input: CreateNetworkInput!) { createNetwork(input: $input) { id name } }',
          variables: { input: { kind: 'REGIONAL_COOPERATION_PLATFORM', name: `Platforma restart ${i}`, voivodeship: '26' } },
        });
      const load = startLoad(`${svc.url}/graphql`, 4, create, { authorization: `Bearer ${token}` });
      await sleep(1500);
      await pg.stop();
      servers.splice(servers.indexOf(pg), 1);
      expect((await fetch(`${svc.url}/readyz`)).status).toBe(503);
      await sleep(1000);
      pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, persistent: true, notice: () => undefined });
      servers.push(pg);
      await svc.ready(30_000);
      await sleep(1000);
      const all = await load.stop();
      const nameOf = (o: Outcome): string => JSON.parse(o.body ?? '{}')?.data?.createNetwork?.name;
      const acknowledged = all.filter((o) => o.status === 200 && nameOf(o)).map(nameOf);
      const refused = all.filter((o) => !(o.status === 200 && nameOf(o)));
      // What the outage refused was retryable (503), never a 500.
      expect(
        refused.every((o) => o.status === 503 && o.code === 'SERVICE_UNAVAILABLE'),
        svc
          .output()
          .split('\n')
          .filter((l) => /internal error/.test(l))
          .join('\n'),
      ).toBe(true);
      const client = new pgClient({ connectionString: pg.databaseUrl('ksr_writes') });
      await client.connect();
      try {
        const rows = (await client.query<{ name: string }>("select name from network where name like 'Platforma restart %'")).rows.map((r) => r.name);
        const stored = new Set(rows);
        console.log(
          `database restart under writes: ${all.length} writes, ${acknowledged.length} acknowledged, ${refused.length} refused (503); ${rows.length} stored`,
        );
        expect(acknowledged.length).toBeGreaterThan(10);
        expect(refused.length).toBeGreaterThan(0);
        expect(acknowledged.filter((n) => !stored.has(n))).toEqual([]);
        // Exactly the acknowledged ones (names are unique per request): no refused write is present.
        expect(rows.length).toBe(acknowledged.length);
        expect(stored.size).toBe(rows.length);
      } finally {
        await client.end();
      }
      svc.child.kill('SIGTERM');
      expect((await svc.exited).code).toBe(0);
    });

    it('while the database is down: exits within the grace period', async () => {
      const svc = await spawnService({ env: { DATABASE_URL: pg.databaseUrl('ksr_sigterm'), SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) } });
      started.push(svc);
      await svc.ready();
      await pg.stop();
      servers.splice(servers.indexOf(pg), 1);
      const { exitMs, inFlight } = await sigtermUnderLoad(svc, true);
      const exit = await svc.exited;
      console.log(`SIGTERM with the database down: exit ${exit.code} after ${exitMs} ms; in flight: ${inFlight.map((o) => o.status).join(',')}`);
      expect(exitMs).toBeLessThan(GRACE_SECONDS * 1000);
      expect(exit.code).toBe(0);
      expect(inFlight.every((o) => o.status === 200 || o.status === 503)).toBe(true);
    });
  });
});
