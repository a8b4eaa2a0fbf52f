import 'reflect-metadata';
// Provenance and history (issue 13 §1): every kind of registry write is recorded by the database
// with who, when, through which channel and what changed; history is readable by admins, the
// record's own institution and its voivodeship's coordinator; the public sees lastChangedAt and the
// source; the seeded facts name their seed document and passage; the history table refuses
// alteration by the role the registry service connects as (the tables' owner).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../../src/config';
import { ensureDatabase, openOrm, ormOptions } from '../../../src/db/orm';
import { registryMigrations } from '../../../src/db/migrations/registry';
import { registryEntities } from '../../../src/registry/entities';
import { KSR_PROGRAMME_ID, keys, lsrId, PESTKA_ID, PILOT_CLUB_IDS, RSR_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { KSR_REPORT, planSources } from '../../../seeds/pilot/sources';
import { startRegistryApp, testDatabaseUrl, type TestApp } from '../../support/registry-app';
import { adminToken, coordinatorToken, expectError, idOf, pilotPlan, researcherToken, sql, staffToken } from '../../support/registry-helpers';
import { data, edgesOf } from '../../support/requests';

const CLUB = SWIETOKRZYSKIE_CLUB_IDS;
const OPS_GORNO = idOf(keys.ops('2604062'));
const LSR_9 = lsrId('26', 9);

let app: TestApp;
let admin: string;
let club9: string;
let club1: string;
let opsGorno: string;
let rc26: string;
let rc24: string;
let researcher: string;
beforeAll(async () => {
  app = await startRegistryApp();
  admin = await adminToken(app);
  club9 = await staffToken(app, CLUB[8]);
  club1 = await staffToken(app, CLUB[0]);
  opsGorno = await staffToken(app, OPS_GORNO);
  rc26 = await coordinatorToken(app, '26');
  rc24 = await coordinatorToken(app, '24');
  researcher = await researcherToken(app);
});
afterAll(() => app?.close());

const ENTRY = `at operation recordType recordId channel actor { role institutionId subject } file line detail changes { field before after }`;
const HISTORY = `history(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ENTRY} } } }`;
const institutionHistory = (id: string, token?: string) =>
  app.gql(`query($id: ID!) { institution(id: $id) { id lastChangedAt source { kind document reference } ${HISTORY} } }`, { id }, token);
const partnershipHistory = (id: string, token?: string) => app.gql(`query($id: ID!) { partnership(id: $id) { id lastChangedAt ${HISTORY} } }`, { id }, token);
const entries = (res: any, field: string) => edgesOf(data(res)[field].history);
const change = (entry: any, field: string) => entry.changes.find((c: any) => c.field === field);

describe('history of API writes', () => {
  it('records creating, updating and closing an institution: who, when, what, newest first', async () => {
    const created = data(
      await app.gql(
        `mutation($input: CreateInstitutionInput!) { createInstitution(input: $input) { id version } }`,
        {
          input: { type: 'NGO', name: 'Stowarzyszenie Historia', municipalityCode: '2604062', founderId: null, fields: [] },
        },
        rc26,
      ),
    ).createInstitution;
    const UPDATE = `mutation($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { id version } }`;
    const staff = await staffToken(app, created.id);
    const v2 = data(
      await app.gql(
        UPDATE,
        { input: { id: created.id, version: created.version, name: 'Stowarzyszenie Historia i Pamięć', phone: '+48 41 000 00 00' } },
        staff,
      ),
    ).updateInstitution;
    data(await app.gql(UPDATE, { input: { id: created.id, version: v2.version, status: 'CLOSED', closedOn: '2030-01-01' } }, admin));

    const res = data(await institutionHistory(created.id, admin)).institution;
    const [closed, updated, first] = edgesOf<any>(res.history);
    expect(res.history.totalCount).toBe(3);
    expect([closed.operation, updated.operation, first.operation]).toEqual(['ENDED', 'UPDATED', 'CREATED']);
    expect(first).toMatchObject({
      recordType: 'INSTITUTION',
      recordId: created.id,
      channel: 'API',
      actor: { role: 'REGIONAL_COORDINATOR', institutionId: null, subject: 'test-REGIONAL_COORDINATOR' },
      detail: 'voivodeship 26',
    });
    expect(change(first, 'name')).toEqual({ field: 'name', before: null, after: 'Stowarzyszenie Historia' });
    expect(change(first, 'municipalityCode')).toEqual({ field: 'municipalityCode', before: null, after: '2604062' });
    expect(updated.actor).toEqual({ role: 'INSTITUTION_STAFF', institutionId: created.id, subject: 'test-INSTITUTION_STAFF' });
    expect(updated.changes.map((c: any) => c.field).sort()).toEqual(['name', 'phone']);
    expect(change(updated, 'name')).toEqual({ field: 'name', before: 'Stowarzyszenie Historia', after: 'Stowarzyszenie Historia i Pamięć' });
    expect(closed.changes.map((c: any) => c.field).sort()).toEqual(['closedOn', 'status']);
    expect(closed.actor.role).toBe('ADMIN');
    // Newest first by commit; lastChangedAt is the newest entry's commit time.
    expect(Date.parse(closed.at)).toBeGreaterThanOrEqual(Date.parse(updated.at));
    expect(Date.parse(updated.at)).toBeGreaterThanOrEqual(Date.parse(first.at));
    expect(res.lastChangedAt).toBe(closed.at);
    expect(res.source).toEqual({ kind: 'INSTITUTION', document: null, reference: 'Entered through the API by regional coordinator.' });

    // Pages follow the cursor.
    const page1 = data(
      await app.gql(
        `query($id: ID!) { institution(id: $id) { history(first: 2) { pageInfo { hasNextPage endCursor } edges { node { operation } } } } }`,
        { id: created.id },
        admin,
      ),
    ).institution.history;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = data(
      await app.gql(
        `query($id: ID!, $after: String) { institution(id: $id) { history(first: 2, after: $after) { pageInfo { hasNextPage } edges { node { operation } } } } }`,
        { id: created.id, after: page1.pageInfo.endCursor },
        admin,
      ),
    ).institution.history;
    expect([...edgesOf(page1), ...edgesOf(page2)].map((e: any) => e.operation)).toEqual(['ENDED', 'UPDATED', 'CREATED']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it("records a partnership's proposal, its parties' confirmations and its end in the partnership's history", async () => {
    const proposed = data(
      await app.gql(
        `mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { id version } }`,
        {
          input: {
            proposerId: CLUB[0],
            partnerIds: [OPS_GORNO],
            kind: 'INFORMAL',
            areas: ['COUNSELLING'],
            validFrom: '2040-01-01',
            validTo: '2040-12-31',
            note: 'history',
            dataSharing: false,
          },
        },
        club1,
      ),
    ).proposePartnership;
    const confirmed = data(
      await app.gql(
        `mutation($input: PartyDecisionInput!) { confirmPartnership(input: $input) { id status version } }`,
        { input: { partnershipId: proposed.id } },
        opsGorno,
      ),
    ).confirmPartnership;
    expect(confirmed.status).toBe('ACTIVE');
    data(
      await app.gql(
        `mutation($input: EndPartnershipInput!) { endPartnership(input: $input) { id status } }`,
        { input: { partnershipId: proposed.id, version: confirmed.version, endedOn: '2040-06-30' } },
        club1,
      ),
    );

    const list = entries(await partnershipHistory(proposed.id, admin), 'partnership');
    const kinds = list.map((e: any) => `${e.recordType}:${e.operation}`);
    expect(kinds[0]).toBe('PARTNERSHIP:ENDED');
    expect(kinds).toContain('PARTNERSHIP_PARTY:UPDATED'); // the OPS confirmed
    expect(kinds.filter((k) => k === 'PARTNERSHIP_PARTY:CREATED')).toHaveLength(2);
    expect(kinds.at(-1)).toMatch(/:CREATED$/);
    const confirmation = list.find((e: any) => e.recordType === 'PARTNERSHIP_PARTY' && e.operation === 'UPDATED');
    expect(confirmation.actor).toMatchObject({ role: 'INSTITUTION_STAFF', institutionId: OPS_GORNO });
    expect(change(confirmation, 'confirmedAt').before).toBeNull();
    const ended = list[0];
    expect(change(ended, 'status')).toEqual({ field: 'status', before: 'ACTIVE', after: 'ENDED' });
    expect(change(ended, 'validTo')).toEqual({ field: 'validTo', before: '2040-12-31', after: '2040-06-30' });
  });

  it('records networks, memberships (added and ended), meetings, grants and funding sources', async () => {
    const network = data(
      await app.gql(
        `mutation($input: CreateNetworkInput!) { createNetwork(input: $input) { id } }`,
        { input: { kind: 'LOCAL_REINTEGRATION_NETWORK', name: 'LSR Historia', voivodeship: '26' } },
        rc26,
      ),
    ).createNetwork;
    const membership = data(
      await app.gql(
        `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id version } }`,
        { input: { networkId: network.id, institutionId: CLUB[8], role: 'COORDINATOR', joinedOn: '2024-01-01' } },
        rc26,
      ),
    ).addMembership;
    data(
      await app.gql(
        `mutation($input: EndMembershipInput!) { endMembership(input: $input) { id } }`,
        { input: { membershipId: membership.id, version: membership.version, leftOn: '2024-12-31' } },
        rc26,
      ),
    );
    const meeting = data(
      await app.gql(
        `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`,
        { input: { networkId: LSR_9, date: '2024-06-12', kind: 'WORKING', topic: 'Historia', attendeeIds: [CLUB[8], OPS_GORNO] } },
        club9,
      ),
    ).recordMeeting;
    const grant = data(
      await app.gql(
        `mutation($input: RecordGrantInput!) { recordGrant(input: $input) { id } }`,
        {
          input: {
            programmeId: KSR_PROGRAMME_ID,
            recipientId: PESTKA_ID,
            clubId: CLUB[8],
            purpose: 'OPERATING_COSTS',
            amount: '1234.50',
            awardedOn: '2019-07-01',
          },
        },
        admin,
      ),
    ).recordGrant;
    const funding = data(
      await app.gql(
        `mutation($input: SetFundingSourceInput!) { setFundingSource(input: $input) { id } }`,
        { input: { institutionId: CLUB[8], year: 2031, source: 'MUNICIPALITY', amount: '5000.00' } },
        admin,
      ),
    ).setFundingSource;
    data(
      await app.gql(
        `mutation($input: SetFundingSourceInput!) { setFundingSource(input: $input) { id } }`,
        { input: { institutionId: CLUB[8], year: 2031, source: 'MUNICIPALITY', amount: '5500.00' } },
        admin,
      ),
    );

    const res = data(
      await app.gql(
        `query($n: ID!, $lsr: ID!, $club: ID!, $pestka: ID!) {
          network(id: $n) { ${HISTORY} members(asOf: "2024-06-01") { edges { node { id ${HISTORY} } } } }
          lsr: network(id: $lsr) { meetings(first: 100) { edges { node { id source { kind } ${HISTORY} } } } }
          club: institution(id: $club) { fundingSources(year: 2031) { id ${HISTORY} } }
          pestka: institution(id: $pestka) { grants { id source { kind } ${HISTORY} } }
        }`,
        { n: network.id, lsr: LSR_9, club: CLUB[8], pestka: PESTKA_ID },
        admin,
      ),
    );
    expect(edgesOf(res.network.history).map((e: any) => [e.recordType, e.operation, e.actor.role])).toEqual([['NETWORK', 'CREATED', 'REGIONAL_COORDINATOR']]);
    const m = edgesOf<any>(res.network.members).find((n) => n.id === membership.id);
    expect(edgesOf(m.history).map((e: any) => e.operation)).toEqual(['ENDED', 'CREATED']);
    expect(change(edgesOf(m.history)[0], 'leftOn')).toEqual({ field: 'leftOn', before: null, after: '2024-12-31' });
    const mt = edgesOf<any>(res.lsr.meetings).find((n) => n.id === meeting.id);
    expect(
      edgesOf(mt.history)
        .map((e: any) => `${e.recordType}:${e.operation}`)
        .sort(),
    ).toEqual(['MEETING:CREATED', 'MEETING_ATTENDANCE:CREATED', 'MEETING_ATTENDANCE:CREATED']);
    expect(mt.source.kind).toBe('INSTITUTION');
    const g = res.pestka.grants.find((n: any) => n.id === grant.id);
    expect(change(edgesOf(g.history)[0], 'amount')).toEqual({ field: 'amount', before: null, after: '1234.50' });
    const f = res.club.fundingSources.find((n: any) => n.id === funding.id);
    expect(edgesOf(f.history).map((e: any) => e.operation)).toEqual(['UPDATED', 'CREATED']);
    expect(change(edgesOf(f.history)[0], 'amount')).toEqual({ field: 'amount', before: '5000.00', after: '5500.00' });
  });

  it('a refused write leaves no history', async () => {
    const before = await sql<{ n: number }>(app, 'select count(*)::int as n from registry_change');
    expectError(
      await app.gql(`mutation { createInstitution(input: { type: NGO, name: "Odmowa", municipalityCode: "2604062", fields: [] }) { id } }`, {}, rc24),
      'FORBIDDEN',
    );
    expect(await sql<{ n: number }>(app, 'select count(*)::int as n from registry_change')).toEqual(before);
  });
});

describe('who sees the history', () => {
  const pestkaClub = CLUB[8];

  it('admins, the institution itself and the coordinator of its voivodeship see it', async () => {
    for (const token of [admin, club9, rc26]) {
      expect(entries(await institutionHistory(pestkaClub, token), 'institution').length).toBeGreaterThan(0);
    }
    // The founder's staff too (they manage the club).
    expect(entries(await institutionHistory(pestkaClub, await staffToken(app, PESTKA_ID)), 'institution').length).toBeGreaterThan(0);
  });

  it('others are refused, and the public sees only lastChangedAt and the source', async () => {
    for (const token of [club1, rc24, researcher]) {
      const res = await institutionHistory(pestkaClub, token);
      expectError(res, 'FORBIDDEN');
      expect(res.data?.institution).toMatchObject({ id: pestkaClub, history: null });
    }
    const anonymous = await institutionHistory(pestkaClub);
    expectError(anonymous, 'UNAUTHENTICATED');
    const pub = data(await app.gql(`query($id: ID!) { institution(id: $id) { lastChangedAt source { kind document reference } } }`, { id: pestkaClub }));
    expect(pub.institution.lastChangedAt).toEqual(expect.any(String));
    expect(pub.institution.source.kind).toBe('SOURCE_DOCUMENT');
  });

  it("a partnership's parties and their coordinators see its history; a coordinator elsewhere does not", async () => {
    const [partnership] = edgesOf<any>(
      data(await app.gql(`query($id: ID!) { institution(id: $id) { partnerships(first: 1) { edges { node { id } } } } }`, { id: pestkaClub })).institution
        .partnerships,
    );
    for (const token of [club9, rc26, admin]) expect(entries(await partnershipHistory(partnership.id, token), 'partnership').length).toBeGreaterThan(0);
    expectError(await partnershipHistory(partnership.id, rc24), 'FORBIDDEN');
    expectError(await partnershipHistory(partnership.id, club1), 'FORBIDDEN');
  });

  it("shows a token's subject to admins and the actor's own institution only", async () => {
    const created = data(
      await app.gql(`mutation { recordMeeting(input: { networkId: "${LSR_9}", date: "2024-07-01", kind: WORKING, topic: "Podmiot" }) { id } }`, {}, club9),
    ).recordMeeting;
    const query = `query { network(id: "${LSR_9}") { meetings(first: 100) { edges { node { id history { edges { node { actor { role institutionId subject } } } } } } } } }`;
    const actorSeenBy = async (token: string) => {
      const node = edgesOf<any>(data(await app.gql(query, {}, token)).network.meetings).find((n) => n.id === created.id);
      return edgesOf(node.history)[0].actor;
    };
    expect(await actorSeenBy(admin)).toEqual({ role: 'INSTITUTION_STAFF', institutionId: CLUB[8], subject: 'test-INSTITUTION_STAFF' });
    expect(await actorSeenBy(club9)).toEqual({ role: 'INSTITUTION_STAFF', institutionId: CLUB[8], subject: 'test-INSTITUTION_STAFF' });
    expect(await actorSeenBy(rc26)).toEqual({ role: 'INSTITUTION_STAFF', institutionId: CLUB[8], subject: null });
  });
});

describe('channels', () => {
  it('seeded records: one CREATED entry, channel SEED', async () => {
    const list = entries(await institutionHistory(PESTKA_ID, admin), 'institution');
    expect(list.map((e: any) => [e.operation, e.channel, e.actor.role, e.file, e.detail])).toEqual([['CREATED', 'SEED', null, 'seeds/pilot', 'pilot network']]);
  });

  it('a bulk import records its file and line; the record says it comes from the import', async () => {
    const id = '01900000-0000-7000-8000-00000000a001';
    const conn = app.db.orm.em.fork().getConnection();
    await conn.transactional(async (trx) => {
      await conn.execute(
        `select set_config('ksr.actor', ?, true)`,
        [JSON.stringify({ channel: 'IMPORT', file: 'institutions-2024.ndjson', line: 17, role: 'ADMIN', subject: 'importer' })],
        'get',
        trx,
      );
      await conn.execute(
        `insert into institution (id, type, name, fields, search_text) values (?, 'NGO', 'Fundacja z importu', '{}', 'fundacja z importu')`,
        [id],
        'run',
        trx,
      );
    });
    const res = data(await institutionHistory(id, admin)).institution;
    expect(edgesOf(res.history).map((e: any) => [e.channel, e.file, e.line, e.actor.role])).toEqual([['IMPORT', 'institutions-2024.ndjson', 17, 'ADMIN']]);
    expect(res.source).toEqual({ kind: 'IMPORT', document: 'institutions-2024.ndjson', reference: 'line 17' });
  });

  it('a direct SQL write with no actor set is still recorded (channel DATABASE)', async () => {
    await sql(app, `update institution set phone = '+48 41 111 11 11' where id = ?`, [CLUB[1]]);
    const [latest] = entries(await institutionHistory(CLUB[1], admin), 'institution');
    expect(latest).toMatchObject({ operation: 'UPDATED', channel: 'DATABASE', actor: { role: null } });
    expect(latest.changes).toEqual([{ field: 'phone', before: null, after: '+48 41 111 11 11' }]);
  });

  it('rows already there when the history migration runs are recorded once (channel MIGRATION)', async () => {
    const url = testDatabaseUrl();
    await ensureDatabase(url);
    const before = registryMigrations.findIndex((m) => m.name === 'Migration20261204100000_history_and_changes');
    const handle = await openOrm(ormOptions(url, registryEntities, registryMigrations, false, true));
    try {
      await handle.orm.getMigrator().up({ to: registryMigrations[before - 1].name });
      const conn = handle.orm.em.getConnection();
      await conn.execute(
        `insert into institution (id, type, name, fields, search_text) values ('01900000-0000-7000-8000-00000000b001', 'NGO', 'Przed historią', '{}', '')`,
      );
      await handle.orm.getMigrator().up();
      const rows = await conn.execute(`select record_type, operation, channel, detail from registry_change`);
      expect(rows).toEqual([{ record_type: 'INSTITUTION', operation: 'CREATED', channel: 'MIGRATION', detail: 'Migration20261204100000_history_and_changes' }]);
      expect(await conn.execute(`select count(*)::int as n from registry_commit`)).toEqual([{ n: 1 }]);
    } finally {
      await handle.orm.close();
    }
  });
});

describe('sources of the seeded facts', () => {
  it('every fact names its seed document and passage; every stand-in says it is synthetic', async () => {
    const res = data(
      await app.gql(
        `query($club: ID!, $other: ID!, $rsr: ID!, $ksr: ID!) {
        club: institution(id: $club) { name source { kind document reference } }
        pestka: institution(id: $pestka) { source { kind document reference } }
        standIn: institution(id: $other) { synthetic source { kind document reference } }
        rsr: network(id: $rsr) { source { kind document reference } }
        ksr: programme(id: $ksr) { source { kind document reference } }
      }`.replace('$pestka', `"${PESTKA_ID}"`),
        { club: CLUB[6], other: PILOT_CLUB_IDS['24'][0], rsr: RSR_IDS['26'], ksr: KSR_PROGRAMME_ID },
      ),
    );
    expect(res.club.source).toMatchObject({ kind: 'SOURCE_DOCUMENT', document: KSR_REPORT });
    expect(res.club.source.reference).toMatch(/^table, row Lp\. 7: "REGION ŚWIĘTOKRZYSKI LICZBA KIS - 9\."$/);
    expect(res.pestka.source).toMatchObject({ kind: 'SOURCE_DOCUMENT', document: KSR_REPORT });
    expect(res.standIn).toMatchObject({ synthetic: true, source: { kind: 'SYNTHETIC', document: null } });
    expect(res.rsr.source.reference).toContain('Regionalnej Sieci Reintegracji');
    expect(res.ksr.source.reference).toContain('60 600,00 zł');
  });

  it('the database holds a source for every seeded record, facts from the seed document, as the plan says', async () => {
    const plan = pilotPlan();
    const expected = planSources(plan);
    const rows = await sql<{ record_id: string; kind: string; document: string | null }>(app, 'select record_id::text, kind, document from record_source');
    const byId = new Map(rows.map((r) => [r.record_id, r]));
    for (const s of expected) expect(byId.get(idOf(s.key)), s.key).toMatchObject({ kind: s.kind, document: s.document });
    const facts = expected.filter((s) => s.kind === 'SOURCE_DOCUMENT');
    expect(facts.length).toBeGreaterThan(30);
    // Facts are exactly the rows the plan does not mark synthetic.
    const syntheticKeys = new Set(
      [...plan.institutions, ...plan.partnerships, ...plan.networks, ...plan.memberships, ...plan.meetings, ...plan.grants, ...plan.fundingSources]
        .filter((r) => r.synthetic)
        .map((r) => r.key),
    );
    for (const s of expected) expect(s.kind === 'SYNTHETIC', s.key).toBe(syntheticKeys.has(s.key));
  });

  it('each quoted passage is in the seed document it names', () => {
    const file = path.join(findProjectRoot(__dirname), '..', 'shared', 'seed-documents', KSR_REPORT);
    if (!existsSync(file)) return; // the documents live beside the project, not in it
    const text = readFileSync(file, 'utf8').replace(/\s+/g, ' ');
    for (const s of planSources(pilotPlan()).filter((x) => x.document)) {
      for (const quoted of s.reference.matchAll(/"([^"]+)"/g)) {
        for (const part of quoted[1].split(' … ')) expect(text, s.key).toContain(part.replace(/\s+/g, ' '));
      }
    }
  });
});

describe('the history cannot be altered', () => {
  it('refuses UPDATE, DELETE and TRUNCATE from the role the registry service connects as, which owns the tables', async () => {
    const [who] = await sql<{ user: string; owner: string; superuser: boolean }>(
      app,
      `select current_user as user, pg_get_userbyid(c.relowner) as owner, r.rolsuper as superuser from pg_class c, pg_roles r where c.relname = 'registry_change' and r.rolname = current_user`,
    );
    // Stated, not assumed: the service is the owner (and, on the embedded server, a superuser).
    expect(who.user).toBe(who.owner);
    for (const statement of [
      `update registry_change set channel = 'API'`,
      `delete from registry_change`,
      `truncate registry_change`,
      `update registry_commit set committed_at = now()`,
      `delete from registry_commit`,
      `truncate registry_commit`,
      `truncate institution cascade`,
    ]) {
      await expect(sql(app, statement), statement).rejects.toThrow(/append-only|bypass its history/);
    }
  });

  it('holds with triggers switched to replica mode too', async () => {
    const client = new Client({ connectionString: app.config.databaseUrl! });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`set local session_replication_role = replica`);
      await expect(client.query(`delete from registry_change`)).rejects.toThrow(/append-only/);
      await client.query('rollback');
      // Writes in replica mode are still recorded.
      await client.query('begin');
      await client.query(`set local session_replication_role = replica`);
      await client.query(`update institution set email = 'replica@example.pl' where id = $1`, [CLUB[2]]);
      await client.query('commit');
      const { rows } = await client.query(`select count(*)::int as n from registry_change where record_id = $1 and changes @> '[{"field":"email"}]'`, [
        CLUB[2],
      ]);
      expect(rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});
