import 'reflect-metadata';
// What the database itself guarantees: no PESEL anywhere (every table dumped as text, the query
// log, the service's log, every error), an audit row for each access that the service role cannot
// change, and row-level security that returns nothing when the application's filter is bypassed.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Role } from '../../../src/common/auth';
import { clubCircle, testPesels } from '../../support/casework-fixtures';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
const a = clubCircle('22', 1);
const b = clubCircle('06', 2);
const PESELS = testPesels(6, 57);
/** Invalid variants sent too: they must not be stored or echoed either. */
const BAD = PESELS.map((p) => `${p.slice(0, 10)}${(Number(p[10]) + 1) % 10}`);
const responses: string[] = [];
const consoleLines: string[] = [];
let aRecord: string;

const gql = async (...args: Parameters<CaseworkTestApp['gql']>) => {
  const res = await app.gql(...args);
  responses.push(JSON.stringify(res));
  return res;
};

beforeAll(async () => {
  // The ORM's query log goes to the console: capture it, with everything else printed.
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '));
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      consoleLines.push(String(chunk));
      return true;
    });
  }
  app = await startCaseworkApp({ seed: true, logQueries: true });
  // The ORM's logger bound console.log when it was loaded: point its writer at the capture too.
  (app.db.orm.config.getLogger() as unknown as { writer: (m: string) => void }).writer = (m) => consoleLines.push(m);
  const register = `mutation($i: RegisterParticipantInput!) { registerParticipant(input: $i) { id } }`;
  aRecord = (await gql(register, { i: { pesel: PESELS[0], categories: ['DISABLED'] } }, staff(a.club))).data?.registerParticipant.id;
  for (const pesel of PESELS.slice(1, 3)) await gql(register, { i: { pesel, categories: [] } }, staff(a.club));
  for (const pesel of PESELS.slice(0, 4)) await gql(register, { i: { pesel, categories: [] } }, staff(b.club));
  for (const pesel of BAD) await gql(register, { i: { pesel, categories: [] } }, staff(a.club));
  await gql(register, { i: { pesel: Number(PESELS[5]), categories: [] } }, staff(a.club));
  await gql(`query($p: String!) { participantByPesel(pesel: $p) { id } }`, { p: PESELS[0] }, staff(a.club));
  await gql(`query($p: String!) { participantByPesel(pesel: $p) { id } }`, { p: BAD[1] }, staff(a.club));
  await gql(`query { participantByPesel(pesel: "${PESELS[4]}") { id } }`, {}, { role: Role.RESEARCHER, subject: 'r' });
  const lines = [
    JSON.stringify({ pesel: PESELS[4], categories: ['MINORITY'], episodes: [{ kind: 'THERAPY', startedOn: '2024-01-01' }] }),
    JSON.stringify({ pesel: BAD[4], categories: [] }),
    `{"pesel": "${PESELS[5]}", broken json`,
    JSON.stringify({ [PESELS[5]]: 'a PESEL as a field name', categories: [] }),
  ];
  await gql(`mutation($l: [String!]!) { importParticipants(lines: $l) { problems { line field reason } } }`, { l: lines }, staff(a.club));
}, 120_000);
afterAll(async () => {
  vi.restoreAllMocks();
  await app?.close();
});

const secrets = [...PESELS, ...BAD];
const found = (text: string) => secrets.filter((s) => text.includes(s));

describe('no PESEL anywhere', () => {
  it('is in no table of the database, dumped row by row as text', async () => {
    const tables = await app.sql<{ schema: string; name: string }>(
      'owner',
      `select table_schema as schema, table_name as name from information_schema.tables
       where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['participant', 'service_episode', 'audit_event', 'mikro_orm_migrations']));
    let rows = 0;
    for (const t of tables) {
      const dump = await app.sql<{ row: string }>('owner', `select t::text as row from "${t.schema}"."${t.name}" t`);
      rows += dump.length;
      expect(found(dump.map((r) => r.row).join('\n')), `${t.schema}.${t.name}`).toEqual([]);
    }
    expect(rows).toBeGreaterThan(5000);
    // The statistics views keep query texts: the PESEL never reached SQL at all.
    const activity = await app.sql<{ q: string }>('owner', `select coalesce(string_agg(query, ' '), '') as q from pg_stat_activity`);
    expect(found(activity[0].q)).toEqual([]);
  });

  it('is in no response, error message or log line (the ORM query log included)', () => {
    expect(responses.length).toBeGreaterThan(10);
    expect(found(responses.join('\n'))).toEqual([]);
    expect(found(app.logs.join('\n'))).toEqual([]);
    expect(consoleLines.some((l) => /insert into "participant"/.test(l))).toBe(true);
    expect(found(consoleLines.join('\n'))).toEqual([]);
  });

  it('was refused or reported without it, and the import report names the line and field', () => {
    const report = JSON.parse(responses.at(-1)!).data.importParticipants.problems;
    expect(report).toEqual([
      { line: 2, field: 'pesel', reason: expect.stringMatching(/valid PESEL/) },
      { line: 3, field: '(line)', reason: 'is not valid JSON' },
      { line: 4, field: '[redacted]', reason: expect.stringMatching(/not an import field/) },
      { line: 4, field: 'pesel', reason: 'is required' },
    ]);
  });
});

describe('audit', () => {
  it('records who read and wrote which records, in the same transaction', async () => {
    await app.gql(`query($id: ID!) { participant(id: $id) { id episodes { id } } }`, { id: aRecord }, staff(a.club));
    const rows = await app.sql(
      'owner',
      `select subject, role, institution_id, operation, record_type, record_ids::text[] as ids, at from audit_event where institution_id = $1 order by at`,
      [a.club],
    );
    const ops = rows.map((r) => `${r.operation}:${r.record_type}`);
    expect(ops).toEqual(
      expect.arrayContaining([
        'CREATE:participant',
        'LOOKUP_BY_PESEL:participant',
        'IMPORT:participant',
        'IMPORT:service_episode',
        'READ:participant',
        'READ:service_episode',
      ]),
    );
    const read = rows.filter((r) => r.operation === 'READ' && r.record_type === 'participant').at(-1);
    expect(read).toMatchObject({ subject: staff(a.club).subject, role: 'INSTITUTION_STAFF', institution_id: a.club, ids: [aRecord] });
    // Another institution's probe is audited under the prober, and finds nothing.
    await app.gql(`query($id: ID!) { participant(id: $id) { id } }`, { id: aRecord }, staff(b.club));
    const probe = await app.sql(
      'owner',
      `select record_ids::text[] as ids from audit_event where institution_id = $1 and operation = 'READ' order by at desc limit 1`,
      [b.club],
    );
    expect(probe).toEqual([{ ids: [] }]);
  });

  it('cannot be changed or removed by the service role, nor by the owner', async () => {
    for (const sql of ['update audit_event set subject = $1', 'delete from audit_event where subject <> $1', 'truncate audit_event']) {
      const params = sql.includes('$1') ? ['mallory'] : [];
      await expect(app.sql('app', sql, params), sql).rejects.toMatchObject({ code: '42501' });
    }
    await expect(app.sql('owner', `update audit_event set subject = 'mallory'`)).rejects.toThrow(/append-only/);
    await expect(app.sql('owner', `delete from audit_event`)).rejects.toThrow(/append-only/);
    expect((await app.sql('owner', `select count(*)::int as n from audit_event where subject = 'mallory'`))[0].n).toBe(0);
  });
});

describe('row-level security on the service role', () => {
  it('is the role the service runs as: not a superuser, not the owner, no RLS bypass', async () => {
    const [role] = await app.sql('app', `select current_user as name, r.rolsuper, r.rolbypassrls from pg_roles r where r.rolname = current_user`);
    expect(role).toEqual({ name: 'ksr_casework_app', rolsuper: false, rolbypassrls: false });
    const owners = await app.sql('owner', `select distinct tableowner from pg_tables where schemaname = 'public'`);
    expect(owners.map((o) => o.tableowner)).not.toContain('ksr_casework_app');
  });

  it("returns none of another institution's rows when the query forgets its filter", async () => {
    const person = ['participant', 'service_episode', 'ipzs', 'ipzs_record', 'social_contract', 'monitoring_contact'];
    for (const table of person) {
      const [total] = await app.sql('owner', `select count(*)::int as n, count(*) filter (where institution_id = $1)::int as own from ${table}`, [b.club]);
      expect(total.n, table).toBeGreaterThan(total.own);
      const noSetting = await app.sql('app', `select count(*)::int as n from ${table}`);
      expect(noSetting[0].n, `${table} without an institution`).toBe(0);
      const client = await import('pg').then(({ Client }) => new Client({ connectionString: app.appUrl }));
      await client.connect();
      try {
        await client.query('begin');
        await client.query(`select set_config('ksr.institution', $1, true)`, [b.club]);
        const all = await client.query(`select count(*)::int as n from ${table}`);
        const theirs = await client.query(`select count(*)::int as n from ${table} where institution_id = $1`, [a.club]);
        expect(all.rows[0].n, table).toBe(total.own);
        expect(theirs.rows[0].n, table).toBe(0);
        await client.query('commit');
      } finally {
        await client.end();
      }
    }
  });

  it("refuses to write another institution's rows, or to switch the protection off", async () => {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: app.appUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('ksr.institution', $1, true)`, [b.club]);
      const updated = await client.query(`update participant set categories = '{}' where id = $1`, [aRecord]);
      expect(updated.rowCount).toBe(0);
      await expect(
        client.query(
          `insert into participant (id, institution_id, pseudonym, key_version, birth_year, sex) values (gen_random_uuid(), $1, repeat('a', 64), 'v1', 1990, 'MALE')`,
          [a.club],
        ),
      ).rejects.toMatchObject({ code: '42501' });
      await client.query('rollback');
      for (const sql of [
        'alter table participant disable row level security',
        'set role postgres',
        'drop policy participant_owner on participant',
        'delete from participant',
      ]) {
        await expect(client.query(sql), sql).rejects.toMatchObject({ code: '42501' });
      }
      // The linked-institutions function reads the institution from the transaction, not from its caller.
      await client.query('begin');
      await client.query(`select set_config('ksr.institution', $1, true)`, [b.club]);
      const linked = await client.query(`select * from casework_linked_institutions($1, current_date)`, [aRecord]);
      expect(linked.rows).toEqual([]);
      await client.query('commit');
    } finally {
      await client.end();
    }
  });
});
