// WEB_CONCURRENCY: the built service as workers sharing one port, as `npm start` runs it on a
// machine with several cores. A load spreads over the workers; the budgets, kept in one real Redis,
// are one budget whichever worker answers; /metrics sums the workers; SIGTERM stops every worker
// and then the embedded PostgreSQL, within the grace period.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, isAlive, spawnService, type BuiltService } from './support/built-service';
import { startRedis, type TestRedis } from './support/redis';
import { postQuery, type Answer } from './support/requests';

let redis: TestRedis;
let svc: BuiltService;
const BUDGET = 1600;
/** 16 voivodeships, 16 points. */
const SMALL = 'query Small { voivodeships { code } }';

beforeAll(async () => {
  await ensureBuilt();
  redis = await startRedis();
  svc = await spawnService({
    env: {
      WEB_CONCURRENCY: '2',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `cluster${Date.now()}`,
      BUDGETS: 'true',
      BUDGET_ANONYMOUS: String(BUDGET),
      BUDGET_WINDOW_SECONDS: '120',
      SEED_ON_START: 'true',
      SHUTDOWN_GRACE_SECONDS: '20',
    },
  });
  await svc.ready(180_000);
  // /readyz answers as soon as the first worker listens: wait for the primary's line (all workers).
  for (let i = 0; i < 600 && !/ready at .*\(2 workers\)/.test(svc.output()); i += 1) await new Promise((r) => setTimeout(r, 100));
}, 240_000);
afterAll(async () => {
  if (svc && svc.child.exitCode === null) svc.child.kill('SIGKILL');
  await redis?.kill();
});

/** The pids of the processes whose log lines say they served a request. */
const servingPids = (): Set<number> =>
  new Set(
    svc
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { msg?: string; pid?: number; path?: string })
      .filter((l) => l.msg === 'request' && l.path === '/graphql')
      .map((l) => l.pid!),
  );

describe('a cluster of two workers', () => {
  it('spreads a load over both workers and spends one budget in Redis, whichever worker answers', async () => {
    const answers: Answer[] = [];
    // 10 at a time: both workers get connections.
    for (let i = 0; i < 120; i += 10) answers.push(...(await Promise.all(Array.from({ length: 10 }, () => postQuery(`${svc.url}/graphql`, SMALL)))));
    const served = answers.filter((r) => r.status === 200);
    expect(served.length).toBe(BUDGET / 16);
    expect(answers.filter((r) => r.status === 429).length).toBe(answers.length - served.length);
    expect(servingPids().size).toBe(2);
    expect(svc.output()).toMatch(/ready at .*\(2 workers\)/);
  });

  it('answers /metrics for the whole cluster: the requests of both workers', async () => {
    const text = await (await fetch(`${svc.url}/metrics`)).text();
    const sum = [...text.matchAll(/^ksr_graphql_requests_total\{operation="Small",outcome="(\w+)"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[2]), 0);
    expect(sum).toBe(120);
  });

  it('SIGTERM stops every worker and then PostgreSQL, within the grace period', async () => {
    const workers = [...servingPids()];
    const pgPid = Number(readFileSync(path.join(svc.dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const signalledAt = Date.now();
    svc.child.kill('SIGTERM');
    const exit = await svc.exited;
    expect(exit.code).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(20_000);
    for (const pid of workers) expect(isAlive(pid)).toBe(false);
    expect(isAlive(pgPid)).toBe(false);
    expect(svc.output()).not.toMatch(/keeps dying|starting a new one/);
  });
});
