// Logs and metrics as an operator reads them: one JSON line per request with its id (from
// traceparent or X-Request-Id, else made, and sent back), operation name, duration, cost and
// outcome; nothing of a request's body or variables (a PESEL sent in any form never reaches the
// log); /metrics parses as Prometheus text, counts the requests made, and is not public.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllInOne, type AllInOne } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import { createLogger, logger, setLogger } from '../../../src/common/observability/logger';
import { testPesels } from '../../support/casework-fixtures';
import { testDatabaseUrl } from '../../support/registry-app';
import { pilotSeeds } from '../../../seeds';
import { post } from '../../support/requests';

const lines: string[] = [];
const memory = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    done();
  },
});
const [PESEL] = testPesels(1, 41);
const previous = logger();
let stack: AllInOne;
let url: string;

beforeAll(async () => {
  setLogger(createLogger({ level: 'info', format: 'json' }, memory));
  const db = testDatabaseUrl();
  const config = loadConfig({ ...process.env, REDIS_URL: '', PORT: '0', HOST: '127.0.0.1', METRICS_TOKEN: '', METRICS_PORT: '' });
  // The server's own error log goes to the logger too (no errorLog given).
  stack = await startAllInOne({ config, registryDatabaseUrl: db, caseworkDatabaseUrl: `${db}_cw`, seed: pilotSeeds, quiet: true, log: () => undefined });
  url = stack.server.url;
});
afterAll(async () => {
  await stack?.stop();
  setLogger(previous);
});

const requestLines = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request');

describe('request logs', () => {
  it('one line per request, with the X-Request-Id sent back, the operation, duration, cost and outcome', async () => {
    const res = await post(url, { query: 'query Voivodeships { voivodeships { code name } }' }, { 'x-request-id': 'dash-7f3a' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('dash-7f3a');
    const line = requestLines().find((l) => l.requestId === 'dash-7f3a');
    expect(line).toMatchObject({
      level: 30,
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Voivodeships',
      cost: 16,
      clientClass: 'anonymous',
      outcome: 'OK',
    });
    expect(line!.durationMs).toBeTypeOf('number');
  });

  it('takes the trace id of a W3C traceparent, makes an id when none is given, and refuses a malformed one', async () => {
    const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const traced = await post(url, { query: '{ voivodeships { code } }' }, { traceparent: `00-${trace}-00f067aa0ba902b7-01` });
    expect(traced.headers.get('x-request-id')).toBe(trace);
    const made = await post(url, { query: '{ voivodeships { code } }' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await post(url, { query: '{ voivodeships { code } }' }, { 'x-request-id': 'has spaces and "quotes"' });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().some((l) => l.requestId === trace)).toBe(true);
  });

  it('logs the error code of a refused request, and never a request body, a variable or a PESEL in it', async () => {
    const before = lines.length;
    const spellings = [PESEL, `${PESEL.slice(0, 6)} ${PESEL.slice(6)}`];
    for (const pesel of spellings) {
      await post(url, { query: 'query Search($q: String!) { institutions(filter: { search: $q }, first: 1) { totalCount } }', variables: { q: pesel } });
      await post(url, { query: `{ institution(id: "${pesel}") { name } }` });
      await post(url, `{"query": "{ voivodeships { code } }", "broken": ${pesel}`);
      await post(url, { query: `query Q { voivodeships { ${pesel} } }` });
      await fetch(`${url}?query=${encodeURIComponent(`{ institution(id: "${pesel}") { name } }`)}`, { headers: { 'apollo-require-preflight': 'true' } });
    }
    const written = lines.slice(before).join('\n');
    expect(written).not.toMatch(new RegExp(PESEL.slice(0, 6)));
    expect(written).not.toContain(PESEL.slice(6));
    const refused = requestLines().filter((l) => l.outcome !== 'OK');
    expect(refused.map((l) => l.outcome)).toEqual(expect.arrayContaining(['GRAPHQL_PARSE_FAILED', 'HTTP_400']));
  });
});

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.]+(e[+-]?\d+)?|NaN|[+-]Inf)$/;

describe('metrics', () => {
  it('parse as Prometheus text and count the requests made, by operation and outcome', async () => {
    for (let i = 0; i < 3; i++) await post(url, { query: 'query CountedProbe { voivodeships { code } }' });
    const res = await fetch(`${url.replace(/\/graphql$/, '')}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))) expect(line).toMatch(SAMPLE);
    expect(text).toContain('ksr_graphql_requests_total{operation="CountedProbe",outcome="OK"} 3');
    expect(text).toMatch(/ksr_graphql_request_duration_seconds_count\{operation="CountedProbe"\} 3/);
    expect(text).toMatch(/ksr_cost_points_total\{client_class="anonymous"\} \d+/);
    expect(text).toMatch(/ksr_db_pool_connections\{database="registry",state="in_use"\} \d+/);
    expect(text).toMatch(/ksr_db_statement_duration_seconds_count\{database="registry"\} [1-9]\d*/);
    expect(text).toMatch(/ksr_nodejs_eventloop_lag_seconds \d/);
    expect(text).toMatch(/ksr_statistics_release_age_seconds \d/);
    // A client-chosen operation name is a label only while well-formed.
    await post(url, { query: 'query Ok { voivodeships { code } }', operationName: 'Ok' });
    expect(text).not.toContain('operation="has spaces');
  });
});

describe('metrics exposure', () => {
  let guarded: AllInOne;
  let own: AllInOne;
  beforeAll(async () => {
    const db = testDatabaseUrl();
    guarded = await startAllInOne({
      config: loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', METRICS_TOKEN: 'scrape-secret-0123456789' }),
      registryDatabaseUrl: db,
      caseworkDatabaseUrl: `${db}_cw`,
      releases: false,
      quiet: true,
      log: () => undefined,
    });
    own = await startAllInOne({
      config: loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', METRICS_PORT: '0' }),
      registryDatabaseUrl: db,
      caseworkDatabaseUrl: `${db}_cw`,
      releases: false,
      quiet: true,
      log: () => undefined,
    });
  });
  afterAll(async () => {
    await guarded?.stop();
    await own?.stop();
  });

  it('with METRICS_TOKEN: 401 without the bearer token, 200 with it', async () => {
    const at = `${guarded.server.url.replace(/\/graphql$/, '')}/metrics`;
    expect((await fetch(at)).status).toBe(401);
    expect((await fetch(at, { headers: { authorization: 'Bearer wrong-secret-0123456789' } })).status).toBe(401);
    expect((await fetch(at, { headers: { authorization: 'Bearer scrape-secret-0123456789' } })).status).toBe(200);
  });

  it('with METRICS_PORT: not on the API port at all', async () => {
    expect((await fetch(`${own.server.url.replace(/\/graphql$/, '')}/metrics`)).status).toBe(404);
  });
});
