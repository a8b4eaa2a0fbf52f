// Split mode with the casework subgraph down (its port closed), as a load balancer would see a
// partial outage: the gateway stays ready, a query that needs casework answers 503
// SERVICE_UNAVAILABLE with Retry-After (retry later), one that needs only the registry is served.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot, loadConfig } from '../../src/config';
import { startGatewayService, startRegistryService, type Service } from '../../src/services';
import { PESTKA_ID } from '../../seeds/pilot/ids';
import { testDatabaseUrl } from '../support/registry-app';
import { pilotSeeds } from '../../seeds';
import { postQuery } from '../support/requests';

let registry: Service;
let gateway: Service;

/** A port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  registry = await startRegistryService(config, testDatabaseUrl(), { seed: pilotSeeds.registry, quiet: true, errorLog: () => undefined });
  const supergraph = readFileSync(path.join(findProjectRoot(), 'schema', 'supergraph.graphql'), 'utf8');
  gateway = await startGatewayService(
    config,
    supergraph,
    { registry: registry.server.url, casework: `http://127.0.0.1:${await closedPort()}/graphql` },
    () => undefined,
  );
});
afterAll(async () => {
  await gateway?.stop();
  await registry?.stop();
});

describe('the casework subgraph down', () => {
  it('a query that needs it: 503 SERVICE_UNAVAILABLE with Retry-After, saying which service, no stack or address', async () => {
    const res = await postQuery(gateway.server.url, `{ institution(id: "${PESTKA_ID}") { name participantsServed { total { count } } } }`);
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = res.json as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stacktrace|at \w+ \(/);
  });

  it('a query that needs only the registry is served, and the gateway stays ready', async () => {
    const res = await postQuery(gateway.server.url, `{ institution(id: "${PESTKA_ID}") { name } }`);
    expect(res.status).toBe(200);
    expect((res.json as { data: { institution: { name: string } } }).data.institution.name).toBe('Fundacja Pestka');
    expect((await fetch(gateway.server.url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);
  });
});
