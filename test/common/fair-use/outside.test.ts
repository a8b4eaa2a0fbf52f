// Requests Apollo does not run spend budgets too: a request refused for its token (401) is charged
// to its address, so guessing tokens is throttled like any other flood; a widget key spends the
// "widget" budget of that key, with the same headers, and is refused 429 THROTTLED when spent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllInOne, type AllInOne } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { documentIds } from '../../../src/registry/widgets/documents';
import { testDatabaseUrl } from '../../support/registry-app';
import { pilotSeeds } from '../../../seeds';
import { postQuery } from '../../support/requests';

let stack: AllInOne;
let base: string;
const WIDGET_BUDGET = 1000;

beforeAll(async () => {
  const url = testDatabaseUrl();
  const config = loadConfig({
    ...process.env,
    REDIS_URL: '',
    BUDGETS: 'true',
    TRUST_PROXY: '',
    PORT: '0',
    HOST: '127.0.0.1',
    BUDGET_ANONYMOUS: '5',
    BUDGET_WIDGET: String(WIDGET_BUDGET),
    WIDGET_DEMO_VOIVODESHIP: '26',
  });
  stack = await startAllInOne({
    config,
    registryDatabaseUrl: url,
    caseworkDatabaseUrl: `${url}_cw`,
    seed: pilotSeeds,
    quiet: true,
    errorLog: () => undefined,
    log: () => undefined,
  });
  base = stack.server.url.replace(/\/graphql$/, '');
});
afterAll(() => stack?.stop());

describe('requests outside Apollo spend budgets', () => {
  it('a bad token is charged to its address: 401 with the budget headers, then 429 THROTTLED once the budget is spent', async () => {
    const answers = [];
    for (let i = 0; i < 7; i++) {
      const res = await postQuery(`${base}/graphql`, '{ voivodeships { code } }', undefined, { authorization: 'Bearer not.a.token' });
      answers.push({
        status: res.status,
        remaining: res.headers.get('x-ratelimit-remaining'),
        retryAfter: res.headers.get('retry-after'),
        body: res.json as { errors?: { extensions?: { code?: string } }[] },
      });
    }
    expect(answers.slice(0, 5).map((a) => [a.status, a.remaining, a.body.errors?.[0].extensions?.code])).toEqual([
      [401, '4', 'UNAUTHENTICATED'],
      [401, '3', 'UNAUTHENTICATED'],
      [401, '2', 'UNAUTHENTICATED'],
      [401, '1', 'UNAUTHENTICATED'],
      [401, '0', 'UNAUTHENTICATED'],
    ]);
    for (const a of answers.slice(5)) {
      expect(a.status).toBe(429);
      expect(a.body.errors?.[0].extensions?.code).toBe('THROTTLED');
      expect(Number(a.retryAfter)).toBeGreaterThan(0);
    }
  });

  it('a widget key spends its own widget budget, priced like the GraphQL operation, and is told in words when it is spent', async () => {
    const get = () => fetch(`${base}/widgets/graphql?documentId=${encodeURIComponent(documentIds().counts)}&key=demo`, { headers: { origin: base } });
    const first = await get();
    expect(first.status).toBe(200);
    expect(Number(first.headers.get('x-ratelimit-limit'))).toBe(WIDGET_BUDGET);
    // The document's declared cost (its lists times their sizes), the same on every request.
    const spentPerRequest = WIDGET_BUDGET - Number(first.headers.get('x-ratelimit-remaining'));
    expect(spentPerRequest).toBeGreaterThan(1);
    expect(first.headers.get('access-control-expose-headers')).toMatch(/X-RateLimit-Remaining/);
    const admitted = Math.floor(WIDGET_BUDGET / spentPerRequest);
    const rest = [];
    for (let i = 1; i < admitted + 2; i++) rest.push(await get());
    const statuses = rest.map((r) => r.status);
    expect(statuses.slice(0, admitted - 1).every((s) => s === 200 || s === 304)).toBe(true);
    expect(Number(rest[0].headers.get('x-ratelimit-remaining'))).toBe(WIDGET_BUDGET - 2 * spentPerRequest);
    const refused = rest.at(-1)!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('THROTTLED');
    expect(body.errors[0].message).toMatch(/budget exhausted.*retry after \d+ s/i);
  });
});
