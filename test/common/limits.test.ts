import 'reflect-metadata';
// Limits from day one: query depth, aliases, page size and no HTTP batching, each refused with a
// clear error before any SQL runs; and internal failures reported without internals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_IDS, ROPS_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../support/registry-app';
import { expectError, fingerprint, sql, staffToken } from '../support/registry-helpers';
import { data, post } from '../support/requests';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

/** network { parent { parent … { id } } }: depth n + 2 without growing the response. */
const parents = (n: number): string => `query($id: ID!) { network(id: $id) { ${'parent { '.repeat(n)}id${' }'.repeat(n)} } }`;
const aliases = (n: number): string => `{ ${Array.from({ length: n }, (_, i) => `v${i}: voivodeship(code: "26") { name }`).join(' ')} }`;

describe('query depth', () => {
  it('answers a query at the depth limit (20)', async () => {
    expect(app.config.limits.maxDepth).toBe(20);
    const res = data(await app.gql(parents(18), { id: PLATFORM_IDS['26'] }));
    // The platform's parent is the national body, which has no parent.
    expect(res.network.parent.parent).toBeNull();
  });

  it('refuses a deeper query with QUERY_TOO_COMPLEX before running any SQL', async () => {
    let res: any;
    const statements = await app.countStatements(async () => {
      res = await app.gql(parents(19), { id: PLATFORM_IDS['26'] });
    });
    const error = expectError(res, 'QUERY_TOO_COMPLEX');
    expect(error.message).toBe('Query depth limit of 20 exceeded, found 21.');
    expect(res.data).toBeUndefined();
    expect(statements).toBe(0);
  });

  it('refuses a deep navigation through partners of partners', async () => {
    const hop = (inner: string) => `partners(first: 5) { edges { node { name ${inner} } } }`;
    let query = 'name';
    for (let i = 0; i < 7; i++) query = hop(query);
    const res = await app.gql(`query($id: ID!) { institution(id: $id) { ${query} } }`, { id: SWIETOKRZYSKIE_CLUB_IDS[0] });
    expect(expectError(res, 'QUERY_TOO_COMPLEX').message).toMatch(/^Query depth limit of 20 exceeded/);
  });
});

describe('aliases', () => {
  it('answers 30 aliases and refuses 31 with QUERY_TOO_COMPLEX, before running any SQL', async () => {
    expect(app.config.limits.maxAliases).toBe(30);
    const ok = data(await app.gql(aliases(30)));
    expect(Object.keys(ok)).toHaveLength(30);
    expect(ok.v29).toEqual({ name: 'świętokrzyskie' });
    let res: any;
    const statements = await app.countStatements(async () => {
      res = await app.gql(aliases(31));
    });
    expect(expectError(res, 'QUERY_TOO_COMPLEX').message).toBe('Aliases limit of 30 exceeded, found 31.');
    expect(res.data).toBeUndefined();
    expect(statements).toBe(0);
  });
});

describe('page size', () => {
  it('refuses first > 100 with BAD_USER_INPUT naming `first`, at any level', async () => {
    expect(expectError(await app.gql(`{ institutions(first: 101) { totalCount } }`), 'BAD_USER_INPUT', 'first').message).toBe(
      'first: must be between 1 and 100, got 101',
    );
    expectError(await app.gql(`{ voivodeship(code: "26") { platform { members(first: 101) { totalCount } } } }`), 'BAD_USER_INPUT', 'first');
  });
});

describe('HTTP batching', () => {
  it('refuses a JSON array of operations with 400 and a clear error, running none of them', async () => {
    let res: Awaited<ReturnType<typeof post>> | undefined;
    const statements = await app.countStatements(async () => {
      res = await post(app.url, [{ query: '{ voivodeships { code } }' }, { query: '{ institutions { totalCount } }' }]);
    });
    expect(res!.status).toBe(400);
    expect(res!.json).toEqual({ errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }] });
    expect(statements).toBe(0);
  });

  it('still answers a single operation', async () => {
    const res = await post(app.url, { query: '{ voivodeship(code: "26") { name } }' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ data: { voivodeship: { name: 'świętokrzyskie' } } });
  });
});

describe('errors never leak internals', () => {
  it('reports a database failure as "Internal server error", without SQL or table names', async () => {
    await sql(app, 'alter table "grant" rename to "grant_unavailable"');
    try {
      const res = await post(app.url, { query: '{ grants(first: 5) { totalCount edges { node { amount } } } }' });
      expect(res.json.errors).toEqual([{ message: 'Internal server error', path: ['grants'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(res.json.data ?? null).toBeNull();
      expect(res.text).not.toMatch(/relation|select|grant_|"grant"|postgres|stack|\.ts:/i);
    } finally {
      await sql(app, 'alter table "grant_unavailable" rename to "grant"');
    }
    expect(data(await app.gql(`{ grants(first: 1) { totalCount } }`)).grants.totalCount).toBe(32);
  });

  it('reports a failing write the same way, and the write leaves nothing behind', async () => {
    // The ROPS coordinates the platform. The meeting row is inserted, then its attendance fails.
    const rops = await staffToken(app, ROPS_IDS['26']);
    const before = await fingerprint(app);
    await sql(app, 'alter table "meeting_attendance" rename to "meeting_attendance_unavailable"');
    let res: any;
    try {
      res = await app.gql(
        `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
        {
          input: {
            networkId: PLATFORM_IDS['26'],
            date: '2024-05-05',
            kind: 'WORKING',
            topic: 'Spotkanie, które się nie zapisze',
            attendeeIds: [SWIETOKRZYSKIE_CLUB_IDS[0]],
          },
        },
        rops,
      );
    } finally {
      await sql(app, 'alter table "meeting_attendance_unavailable" rename to "meeting_attendance"');
    }
    expect(res.errors).toEqual([{ message: 'Internal server error', path: ['recordMeeting'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(JSON.stringify(res)).not.toMatch(/meeting_attendance|insert|relation/i);
    expect(await fingerprint(app)).toEqual(before);
  });

  // Known bug, reported: in all-in-one mode the gateway executes the subgraph in process without
  // validating the fetch (src/gateway/data-sources.ts, InProcessDataSource), so an invalid
  // custom-scalar literal (LocalDate, Money) fails during execution with an error that has no code
  // and is masked as an internal error. As a variable the same value is BAD_USER_INPUT.
  it('reports a malformed date or amount literal as a client error, not an internal one', async () => {
    for (const query of [`{ partnerships(filter: { asOf: "2019-13-45" }) { totalCount } }`, `{ partnerships(filter: { asOf: 20190101 }) { totalCount } }`]) {
      const res = await app.gql(query);
      expect(res.errors?.[0]?.extensions?.code).toMatch(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/);
    }
  });

  it('reports a malformed date variable as BAD_USER_INPUT', async () => {
    for (const asOf of ['2019-13-45', '0000-01-01', '2019-1-1']) {
      const res = await app.gql(`query($d: LocalDate) { partnerships(filter: { asOf: $d }) { totalCount } }`, { d: asOf });
      expect(expectError(res, 'BAD_USER_INPUT').message).toContain('LocalDate');
    }
  });

  it('refuses a query whose nested lists multiply beyond the cost budget, before any SQL', async () => {
    // Within the depth limit, voivodeships → counties → voivodeship → counties … grows ~40× a hop.
    let fields = 'code';
    for (let hop = 0; hop < 5; hop += 1) fields = `code counties { code voivodeship { ${fields} } }`;
    let res: Awaited<ReturnType<typeof app.gql>> = {};
    const statements = await app.countStatements(async () => {
      res = await app.gql(`{ voivodeships { ${fields} } }`);
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.errors?.[0]?.message).toMatch(/cost limit of \d+ exceeded/);
    expect(res.data ?? null).toBeNull();
    expect(statements).toBe(0);
    // Large pages of the one-request navigation stay within the budget.
    const ok = await app.gql(
      `{ voivodeship(code: "26") { platform { members(first: 100) { edges { node { institution { partners(first: 50) { totalCount } } } } } } } }`,
    );
    expect(ok.errors).toBeUndefined();
  });

  it('estimates the cost of the same document anew for other variables (estimates are remembered per variables)', async () => {
    // 100 × 100 × 100 × 100 fields with full pages; 2 × 2 × 2 × 2 with small ones.
    const query = `query ($n: Int) { institutions(first: $n) { edges { node { partners(first: $n) { edges { node {
      partners(first: $n) { edges { node { partners(first: $n) { totalCount } } } } } } } } } } }`;
    for (const round of [1, 2]) {
      expect((await app.gql(query, { n: 2 })).errors, `small pages, round ${round}`).toBeUndefined();
      expect((await app.gql(query, { n: 100 })).errors?.[0]?.extensions?.code, `full pages, round ${round}`).toBe('QUERY_TOO_COMPLEX');
    }
  });
});
