// Hive Gateway (GATEWAY_ENGINE=hive) on the committed supergraph beside @apollo/gateway, both in
// front of the same split-mode registry and casework services: the same data, the same caller
// forwarded and verified by the subgraphs, the same errors and fair-use answers, and no answer
// shared between callers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, Role } from '../../src/common/auth';
import { findProjectRoot, loadConfig, type Config } from '../../src/config';
import { startHiveGatewayService, withSubgraphUrls } from '../../src/gateway/hive-gateway';
import { startGatewayService, type Service } from '../../src/services';
import { SWIETOKRZYSKIE_CLUB_IDS } from '../../seeds/pilot/ids';
import { bearer, postQuery, type Answer } from '../support/requests';
import { startSplitApp, type SplitApp } from '../support/split-app';

let split: SplitApp;
let config: Config;
let registry: Service;
let casework: Service;
let apollo: Service;
let hive: Service;
let supergraph: string;

const codes = (a: Answer) => (a.json.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);

/** The README's "Try it" queries (its mutations change data and are left out). */
function readmeQueries(): string[] {
  const readme = readFileSync(path.join(findProjectRoot(), 'README.md'), 'utf8');
  const section = readme.split(/^## Try it$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]).filter((q) => !/^\s*mutation\b/.test(q));
}

beforeAll(async () => {
  split = await startSplitApp();
  ({ config, registry, casework, supergraph, gateway: apollo } = split);
  hive = await startHiveGatewayService(config, supergraph, split.urls, () => undefined);
});
afterAll(async () => {
  await hive?.stop();
  await split?.stop();
});

describe('Hive Gateway beside @apollo/gateway', () => {
  it('points the supergraph at the given subgraph URLs', () => {
    const sdl = withSubgraphUrls(supergraph, { registry: 'http://10.0.0.1:9/graphql' });
    expect(sdl).toContain('@join__graph(name: "registry", url: "http://10.0.0.1:9/graphql")');
    expect(sdl).toContain('@join__graph(name: "casework", url: "http://localhost:4002/graphql")');
  });

  it('answers every README example query with the same data', async () => {
    const queries = readmeQueries();
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const query of queries) {
      const [a, h] = await Promise.all([postQuery(apollo.server.url, query), postQuery(hive.server.url, query)]);
      expect(a.json.errors).toBeUndefined();
      expect(h.json.errors).toBeUndefined();
      expect(h.status).toBe(200);
      expect(h.json.data).toEqual(a.json.data);
    }
  });

  it("forwards the caller: a staff token sees its institution's casework data, the same through both", async () => {
    const query = '{ participants(first: 100) { totalCount edges { node { id } } } }';
    const token = await issueToken({ role: Role.INSTITUTION_STAFF, institutionId: SWIETOKRZYSKIE_CLUB_IDS[0], subject: 'club-staff' }, config.jwt);
    const [a, h] = await Promise.all([
      postQuery(apollo.server.url, query, undefined, bearer(token)),
      postQuery(hive.server.url, query, undefined, bearer(token)),
    ]);
    expect(h.json.errors).toBeUndefined();
    expect(h.json.data.participants.totalCount).toBeGreaterThan(0);
    expect(h.json.data).toEqual(a.json.data);
  });

  it('refuses a forged or an expired token alike (401 UNAUTHENTICATED, nothing run)', async () => {
    const claims = { role: Role.ADMIN };
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(config.jwt.issuer)
      .setAudience(config.jwt.audience)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-key-not-the-key-not-the-key-0000'));
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setIssuer(config.jwt.issuer)
      .setAudience(config.jwt.audience)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(config.jwt.secret);
    for (const token of [forged, expired, 'not-a-jwt']) {
      const query = '{ participants { totalCount } }';
      const [a, h] = await Promise.all([
        postQuery(apollo.server.url, query, undefined, bearer(token)),
        postQuery(hive.server.url, query, undefined, bearer(token)),
      ]);
      expect(a.status).toBe(401);
      expect(h.status).toBe(401);
      expect(codes(h)).toEqual(['UNAUTHENTICATED']);
      expect(h.json.errors?.[0].message).toBe(a.json.errors?.[0].message);
      expect(h.json.data ?? null).toBeNull();
    }
  });

  it('reports a validation error and an unauthenticated casework query alike', async () => {
    const invalid = '{ institutions { edges { node { noSuchField } } } }';
    const [a, h] = await Promise.all([postQuery(apollo.server.url, invalid), postQuery(hive.server.url, invalid)]);
    expect(a.status).toBe(400);
    expect(h.status).toBe(400);
    expect(codes(h)).toEqual(codes(a));
    expect(codes(h)).toEqual(['GRAPHQL_VALIDATION_FAILED']);

    const casework = '{ participants { totalCount } }';
    const [a2, h2] = await Promise.all([postQuery(apollo.server.url, casework), postQuery(hive.server.url, casework)]);
    expect(codes(a2)).toEqual(['UNAUTHENTICATED']);
    expect(codes(h2)).toEqual(codes(a2));
    expect(h2.json.errors?.[0].message).toBe(a2.json.errors?.[0].message);
    expect(h2.json.data ?? null).toEqual(a2.json.data ?? null);
  });

  it('gives two callers sending the same query at the same time each their own answer', async () => {
    const query = '{ participants(first: 100) { totalCount edges { node { id } } } }';
    const tokens = await Promise.all(
      SWIETOKRZYSKIE_CLUB_IDS.slice(0, 2).map((id, i) => issueToken({ role: Role.INSTITUTION_STAFF, institutionId: id, subject: `staff-${i}` }, config.jwt)),
    );
    const alone = await Promise.all(tokens.map(async (t) => (await postQuery(hive.server.url, query, undefined, bearer(t))).json.data));
    // The two institutions serve different people: sharing one answer would show.
    expect(alone[0]).not.toEqual(alone[1]);
    for (const data of alone) expect(data.participants.totalCount).toBeGreaterThan(0);
    for (let round = 0; round < 5; round++) {
      const together = await Promise.all(Array.from({ length: 16 }, (_, i) => postQuery(hive.server.url, query, undefined, bearer(tokens[i % 2]))));
      together.forEach((answer, i) => expect(answer.json.data).toEqual(alone[i % 2]));
    }
  });

  it('prices and budgets the same way: extensions.cost and x-ratelimit headers', async () => {
    const query = `{ institution(id: "${SWIETOKRZYSKIE_CLUB_IDS[0]}") { name partners { totalCount } } }`;
    const [a, h] = await Promise.all([postQuery(apollo.server.url, query), postQuery(hive.server.url, query)]);
    expect(h.json.extensions?.cost).toMatchObject({
      requested: a.json.extensions?.cost.requested,
      actual: a.json.extensions?.cost.actual,
      limit: a.json.extensions?.cost.limit,
    });
    for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'ratelimit-policy', 'ratelimit'])
      expect(h.headers.get(name)).not.toBeNull();
    expect(h.headers.get('x-ratelimit-limit')).toBe(a.headers.get('x-ratelimit-limit'));
  });
});

describe('Hive Gateway with a small budget', () => {
  let small: Service;
  let smallApollo: Service;
  beforeAll(async () => {
    const tight = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', BUDGET_ANONYMOUS: '30', BUDGET_WINDOW_SECONDS: '600' });
    const urls = { registry: registry.server.url, casework: casework.server.url };
    small = await startHiveGatewayService(tight, supergraph, urls, () => undefined);
    smallApollo = await startGatewayService(tight, supergraph, urls, () => undefined);
  });
  afterAll(async () => {
    await small?.stop();
    await smallApollo?.stop();
  });

  it('answers 429 THROTTLED with Retry-After once the budget is spent, as the Apollo gateway does', async () => {
    const query = `{ institution(id: "${SWIETOKRZYSKIE_CLUB_IDS[0]}") { name } }`;
    for (const server of [small, smallApollo]) {
      let last: Answer | undefined;
      for (let i = 0; i < 40 && last?.status !== 429; i++) last = await postQuery(server.server.url, query);
      expect(last?.status).toBe(429);
      expect(codes(last!)).toEqual(['THROTTLED']);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(last!.headers.get('x-ratelimit-remaining')).not.toBeNull();
    }
  });
});
