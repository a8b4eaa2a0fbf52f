// Split mode exactly as the README shows it (issue 10): `start:registry`, `start:casework` and
// `start:gateway` on one machine with no DATABASE_URL: each subgraph service runs its own embedded
// PostgreSQL under DATA_DIR/<service> (two services never share one server's data directory), the
// default ports do not collide with `npm start`'s, and the gateway answers through both. The
// gateway's /readyz is about itself (a subgraph outage is a 503 of the requests that need it).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORTS, loadConfig } from '../src/config';
import { ensureBuilt, spawnService, tempDataDir, type BuiltService } from './support/built-service';
import { postQuery } from './support/requests';

const started: BuiltService[] = [];

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);

afterAll(async () => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGTERM');
  await Promise.all(started.map((s) => s.exited));
});

describe('split mode', () => {
  it('default ports: npm start 4000, registry 4001, casework 4002 (the supergraph URLs), gateway 4003', () => {
    const env = { ...process.env, PORT: '' };
    expect(DEFAULT_PORTS).toEqual({ all: 4000, registry: 4001, casework: 4002, gateway: 4003 });
    expect(loadConfig(env).port).toBe(4000);
    expect(loadConfig(env, 'gateway').port).toBe(4003);
    expect(new Set((['all', 'registry', 'casework', 'gateway'] as const).map((m) => loadConfig(env, m).port)).size).toBe(4);
  });

  it('registry, casework and gateway start on one DATA_DIR, each subgraph with its own embedded PostgreSQL, and answer together', async () => {
    const dataDir = tempDataDir('ksr-split-');
    const [registry, casework] = await Promise.all([
      spawnService({ mode: 'registry', dataDir, env: { SEED_ON_START: 'true' } }),
      spawnService({ mode: 'casework', dataDir }),
    ]);
    started.push(registry, casework);
    await Promise.all([registry.ready(), casework.ready()]);
    expect(existsSync(path.join(dataDir, 'registry', 'pg', 'PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'casework', 'pg', 'PG_VERSION'))).toBe(true);
    const gateway = await spawnService({
      mode: 'gateway',
      dataDir,
      env: { REGISTRY_URL: `${registry.url}/graphql`, CASEWORK_URL: `${casework.url}/graphql` },
    });
    started.push(gateway);
    await gateway.ready();
    for (const svc of [registry, casework, gateway]) {
      expect((await fetch(`${svc.url}/livez`)).status).toBe(200);
      expect((await fetch(`${svc.url}/readyz`)).status).toBe(200);
    }
    const answer = await postQuery(`${gateway.url}/graphql`, '{ institutions(first: 1) { totalCount edges { node { name participantsServed { k } } } } }');
    expect(answer.status).toBe(200);
    expect(answer.json.errors).toBeUndefined();
    expect(answer.json.data.institutions.totalCount).toBeGreaterThan(100);

    // A subgraph goes away: the gateway stays ready (it is not the gateway's fault), and what needs it is a retryable 503.
    casework.child.kill('SIGTERM');
    expect((await casework.exited).code).toBe(0);
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(200);
    const partial = await postQuery(`${gateway.url}/graphql`, '{ institutions(first: 1) { edges { node { name participantsServed { k } } } } }');
    expect(partial.status).toBe(503);
    expect(partial.json.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    const registryOnly = await postQuery(`${gateway.url}/graphql`, '{ institutions(first: 1) { totalCount } }');
    expect(registryOnly.status).toBe(200);
  });
});
