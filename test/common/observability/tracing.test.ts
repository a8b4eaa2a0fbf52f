// OpenTelemetry tracing as an operator turns it on (TRACING=otlp): a request's spans reach an OTLP
// collector (a real HTTP receiver here) under the caller's traceparent: the server span, the
// gateway's plan and subgraph fetches, and a span per SQL statement; none carries the query text,
// a variable or a statement.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllInOne, type AllInOne } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { startTracing, stopTracing } from '../../../src/common/observability/tracing';
import { testDatabaseUrl } from '../../support/registry-app';
import { pilotSeeds } from '../../../seeds';
import { postQuery } from '../../support/requests';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

const bodies: string[] = [];
let collector: http.Server;
let stack: AllInOne;

beforeAll(async () => {
  collector = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      if (req.url === '/v1/traces') bodies.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
  const db = testDatabaseUrl();
  const config = loadConfig({ ...process.env, TRACING: 'otlp', PORT: '0', HOST: '127.0.0.1' });
  expect(config.observability.tracing.exporter).toBe('otlp');
  startTracing(config.observability.tracing);
  stack = await startAllInOne({ config, registryDatabaseUrl: db, caseworkDatabaseUrl: `${db}_cw`, seed: pilotSeeds, quiet: true, log: () => undefined });
});
afterAll(async () => {
  await stack?.stop();
  await stopTracing();
  delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  await new Promise((resolve) => collector?.close(resolve));
});

const spans = (): OtlpSpan[] =>
  bodies.flatMap((b) =>
    (JSON.parse(b) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] }).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)),
  );

describe('tracing', () => {
  it('exports the request’s spans under the caller’s traceparent: server, gateway plan and fetch, SQL statements; no query text or value', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const secret = 'Zqxw-91817161514';
    // Registry and casework fields: the gateway plans it and fetches from both subgraphs.
    const res = await postQuery(
      stack.server.url,
      'query Search($q: String) { institutions(first: 3, filter: { search: $q }) { totalCount edges { node { name participantsServed { k } } } } }',
      { q: secret },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    );
    expect(res.status).toBe(200);
    let mine: OtlpSpan[] = [];
    for (let i = 0; i < 100; i += 1) {
      mine = spans().filter((s) => s.traceId === traceId);
      if (mine.some((s) => s.name.startsWith('POST')) && mine.some((s) => /^(SELECT|WITH) /.test(s.name))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const names = mine.map((s) => s.name);
    expect(names).toContain('POST /graphql');
    expect(names).toContain('gateway.plan');
    expect(names).toContain('gateway.fetch');
    expect(names.some((n) => /^(SELECT|WITH) registry$/.test(n))).toBe(true);
    // Every span of the request hangs under the caller's parent, through the server span.
    const server = mine.find((s) => s.name === 'POST /graphql')!;
    expect(server.parentSpanId).toBe('00f067aa0ba902b7');
    const ids = new Set(mine.map((s) => s.spanId));
    for (const s of mine) if (s !== server) expect(ids.has(s.parentSpanId!)).toBe(true);
    const text = JSON.stringify(mine);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('institutions(first');
    expect(text).not.toMatch(/select .* from/i);
  });
});
