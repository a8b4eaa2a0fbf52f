// Cost budgets through the real API (README "Cost and budgets"): an anonymous client over its budget
// is throttled (429, Retry-After, THROTTLED) and recovers after the reset; headers and
// extensions.cost agree; classes have their own budgets; the per-operation maximum answers 400;
// two instances on one real Redis share a budget, and with Redis killed the API keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllInOne, type AllInOne } from '../../../src/app';
import { issueToken, Role } from '../../../src/common/auth';
import { loadConfig, type Config } from '../../../src/config';
import { testDatabaseUrl } from '../../support/registry-app';
import { startRedis, type TestRedis } from '../../support/redis';
import { pilotSeeds } from '../../../seeds';
import { bearer, postQuery, type Answer } from '../../support/requests';

interface Instance {
  url: string;
  config: Config;
  stack: AllInOne;
  databaseUrl: string;
}

async function startInstance(env: Record<string, string>, databaseUrl?: string): Promise<Instance> {
  const url = databaseUrl ?? testDatabaseUrl();
  const config = loadConfig({ ...process.env, REDIS_URL: '', BUDGETS: 'true', TRUST_PROXY: '', DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', ...env });
  const stack = await startAllInOne({
    config,
    registryDatabaseUrl: url,
    caseworkDatabaseUrl: `${url}_cw`,
    seed: databaseUrl === undefined ? pilotSeeds : undefined,
    quiet: true,
    errorLog: () => undefined,
    log: () => undefined,
  });
  return { url: stack.server.url, config, stack, databaseUrl: url };
}

/** 16 voivodeships, 1 point each: requested 16 (declared @listSize 16), actual 16. */
const SMALL = '{ voivodeships { code name } }';
const SMALL_COST = 16;

async function inBatches<T>(n: number, concurrency: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < n; i += concurrency) results.push(...(await Promise.all(Array.from({ length: Math.min(concurrency, n - i) }, (_, j) => run(i + j)))));
  return results;
}

describe('budgets in memory (one instance)', () => {
  let app: Instance;
  beforeAll(async () => {
    app = await startInstance({
      BUDGET_ANONYMOUS: '2000',
      BUDGET_RESEARCHER: '50000',
      BUDGET_ADMIN: '80000',
      BUDGET_WINDOW_SECONDS: '60',
      MAX_QUERY_COST: '20000',
    });
  });
  afterAll(() => app?.stack.stop());

  it('300 requests, 10 at a time, from one anonymous client: 125 served, then 429 THROTTLED with Retry-After', async () => {
    const answers = await inBatches(300, 10, () => postQuery(app.url, SMALL));
    const served = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(served.length).toBe(2000 / SMALL_COST);
    expect(refused.length).toBe(300 - served.length);
    for (const a of served) {
      const cost = a.json.extensions!.cost!;
      expect(cost).toMatchObject({ requested: SMALL_COST, actual: SMALL_COST, limit: 2000 });
      expect(a.headers.get('x-ratelimit-limit')).toBe('2000');
      expect(Number(a.headers.get('x-ratelimit-remaining'))).toBe(cost.remaining);
      expect(Number(a.headers.get('x-ratelimit-reset'))).toBe(Math.ceil(Date.parse(cost.resetAt) / 1000));
      expect(a.headers.get('ratelimit-policy')).toBe('"anonymous";q=2000;w=60');
      expect(a.headers.get('ratelimit')).toMatch(new RegExp(`^"anonymous";r=${cost.remaining};t=\\d+$`));
    }
    // Each admitted request spent its cost: the remainders are 2000 − 16k, each once.
    expect(served.map((a) => a.json.extensions!.cost!.remaining).sort((x, y) => y - x)).toEqual(
      Array.from({ length: served.length }, (_, k) => 2000 - SMALL_COST * (k + 1)),
    );
    for (const a of refused) {
      expect(a.json.errors?.[0].extensions?.code).toBe('THROTTLED');
      expect(a.json.data).toBeUndefined();
      const retryAfter = Number(a.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(a.json.extensions!.cost).toMatchObject({ requested: SMALL_COST, actual: 0, limit: 2000, remaining: 0 });
      expect(a.headers.get('x-ratelimit-remaining')).toBe('0');
    }
  });

  it('gives each class its own budget: a researcher and an admin are served while the anonymous client is throttled', async () => {
    expect((await postQuery(app.url, SMALL)).status).toBe(429);
    const researcher = await issueToken({ role: Role.RESEARCHER, subject: 'budget-researcher' }, app.config.jwt);
    const admin = await issueToken({ role: Role.ADMIN, subject: 'budget-admin' }, app.config.jwt);
    const r = await postQuery(app.url, SMALL, undefined, bearer(researcher));
    expect(r.status).toBe(200);
    expect(r.json.extensions!.cost).toMatchObject({ requested: SMALL_COST, actual: SMALL_COST, limit: 50000, remaining: 50000 - SMALL_COST });
    expect(r.headers.get('ratelimit-policy')).toBe('"researcher";q=50000;w=60');
    const a = await postQuery(app.url, SMALL, undefined, bearer(admin));
    expect(a.status).toBe(200);
    expect(a.headers.get('x-ratelimit-limit')).toBe('80000');
    // Another researcher has a budget of their own.
    const other = await issueToken({ role: Role.RESEARCHER, subject: 'budget-researcher-2' }, app.config.jwt);
    expect((await postQuery(app.url, SMALL, undefined, bearer(other))).json.extensions!.cost!.remaining).toBe(50000 - SMALL_COST);
  });

  it('refuses an operation over the per-operation maximum with 400 QUERY_TOO_COMPLEX, its cost and the limit', async () => {
    const researcher = await issueToken({ role: Role.RESEARCHER, subject: 'budget-researcher-3' }, app.config.jwt);
    // 100 institutions × (edge + node + 100 partners × (edge + node)) + 1 = 20,301 > 20,000.
    const big = '{ institutions(first: 100) { edges { node { partners(first: 100) { edges { node { id } } } } } } }';
    const r = await postQuery(app.url, big, undefined, bearer(researcher));
    expect(r.status).toBe(400);
    expect(r.json.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 20301, limit: 20000 });
    expect(r.json.errors?.[0].message).toContain('20301');
    expect(r.json.errors?.[0].message).toContain('20000');
    // Refused before running: only the minimum is charged.
    expect(r.json.extensions!.cost).toMatchObject({ requested: 20301, actual: 1, remaining: 50000 - 1 });
  });

  it('reads X-Forwarded-For only when TRUST_PROXY says so', async () => {
    // Not trusted (the default): a forged header does not buy a fresh budget.
    const r = await postQuery(app.url, SMALL, undefined, { 'x-forwarded-for': '203.0.113.7' });
    expect(r.status).toBe(429);
  });
});

describe('budgets in Redis, shared by two instances', () => {
  let redis: TestRedis;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    redis = await startRedis();
    const env = { REDIS_URL: redis.url, REDIS_KEY_PREFIX: `t${Date.now()}`, BUDGET_ANONYMOUS: '1000', BUDGET_WINDOW_SECONDS: '6', TRUST_PROXY: 'loopback' };
    a = await startInstance(env);
    b = await startInstance(env, a.databaseUrl);
  });
  afterAll(async () => {
    await b?.stack.stop();
    await a?.stack.stop();
    await redis?.kill();
  });

  it('share one budget, recover after the reset, and keep serving on the in-memory fallback when Redis is killed', async () => {
    // One client (its address, through the trusted loopback proxy) alternating between the instances.
    const client = { 'x-forwarded-for': '198.51.100.20' };
    const answers: Answer[] = [];
    for (let i = 0; i < 80; i++) answers.push(await postQuery(i % 2 === 0 ? a.url : b.url, SMALL, undefined, client));
    const served = answers.filter((r) => r.status === 200);
    // 1000 / 16 = 62 admitted across both instances (in memory each would admit 62).
    expect(served.length).toBe(Math.floor(1000 / SMALL_COST));
    expect(answers.slice(served.length).every((r) => r.status === 429)).toBe(true);
    expect(new Set(served.map((r) => r.json.extensions!.cost!.remaining)).size).toBe(served.length);
    // Another address (through the same proxy) has its own budget.
    expect((await postQuery(b.url, SMALL, undefined, { 'x-forwarded-for': '198.51.100.21' })).status).toBe(200);
    // For an anonymous client the per-operation limit is its whole budget (1,000) when smaller than the maximum.
    const medium = '{ institutions(first: 100) { edges { node { partners(first: 10) { edges { node { id } } } } } } }';
    const anon = await postQuery(a.url, medium, undefined, { 'x-forwarded-for': '198.51.100.22' });
    expect(anon.status).toBe(400);
    expect(anon.json.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 2301, limit: 1000 });

    // After the reset the whole budget is back.
    const last = answers.at(-1)!;
    await new Promise((resolve) => setTimeout(resolve, Number(last.headers.get('retry-after')) * 1000 + 300));
    const recovered = await postQuery(a.url, SMALL, undefined, client);
    expect(recovered.status).toBe(200);
    expect(recovered.json.extensions!.cost!.remaining).toBe(1000 - SMALL_COST);
    const fromB = await postQuery(b.url, SMALL, undefined, client);
    expect(fromB.json.extensions!.cost!.remaining).toBe(1000 - 2 * SMALL_COST);

    await redis.kill();
    const during = await inBatches(20, 5, (i) => postQuery(i % 2 === 0 ? a.url : b.url, SMALL, undefined, client));
    for (const r of during) {
      expect(r.status).toBe(200);
      expect(r.json.errors).toBeUndefined();
      expect(r.json.extensions!.cost).toMatchObject({ requested: SMALL_COST, limit: 1000 });
      expect(r.headers.get('x-ratelimit-remaining')).not.toBeNull();
    }
  });
});
