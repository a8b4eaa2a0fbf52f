import 'reflect-metadata';
// The institution's own staff at work: registering people by PESEL, episodes, IPZS, social
// contracts, graduate monitoring, the data-sharing view, key rotation, and what their errors say.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseworkOwner } from '../../src/casework/bootstrap';
import { Linkage } from '../../src/casework/linkage/keys';
import { rekeyParticipants } from '../../src/casework/linkage/rekey';
import { alsoServedBy, participantByPesel } from '../../src/casework/participants/participant.service';
import { createCaseworkSubgraph } from '../../src/casework/server';
import { Role } from '../../src/common/auth';
import { parseLinkageKeys } from '../../src/casework/config';
import { clubCircle, testPesels } from '../support/casework-fixtures';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../support/casework-app';

let app: CaseworkTestApp;
const circle = clubCircle('26', 2);
const [PESEL_A, PESEL_B, PESEL_C] = testPesels(3, 71);

const REGISTER = `mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { id birthYear sex categories version institution { id } } }`;

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true });
});
afterAll(() => app?.close());

const register = (pesel: unknown, institution: string, categories = ['LONG_TERM_UNEMPLOYED']) =>
  app.gql(REGISTER, { input: { pesel, categories, residenceMunicipalityCode: '2604062' } }, staff(institution));

describe('registering and finding people', () => {
  let clubRecord: string;

  it('registers a person from a PESEL, keeping birth year and sex only', async () => {
    const res = await register(PESEL_A, circle.club, ['LONG_TERM_UNEMPLOYED', 'AGED_50_PLUS']);
    expect(res.errors).toBeUndefined();
    expect(res.data?.registerParticipant).toMatchObject({ institution: { id: circle.club }, categories: ['AGED_50_PLUS', 'LONG_TERM_UNEMPLOYED'], version: 1 });
    expect(JSON.stringify(res)).not.toContain(PESEL_A);
    clubRecord = res.data?.registerParticipant.id;
  });

  it('refuses the same person twice at one institution, without repeating the PESEL', async () => {
    const res = await register(PESEL_A, circle.club);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.pesel', participantId: clubRecord });
    expect(JSON.stringify(res)).not.toContain(PESEL_A);
  });

  it('refuses an invalid PESEL, and never echoes it, whatever shape it comes in', async () => {
    const wrong = `${PESEL_A.slice(0, 10)}${(Number(PESEL_A[10]) + 1) % 10}`;
    for (const value of [wrong, Number(PESEL_A), { pesel: PESEL_A }]) {
      const res = await register(value, circle.club);
      expect(res.errors?.[0].extensions?.code, JSON.stringify(res)).toMatch(/BAD_USER_INPUT/);
      expect(JSON.stringify(res)).not.toContain(PESEL_A);
      expect(JSON.stringify(res)).not.toContain(wrong);
    }
    // An unknown field beside the PESEL: graphql-js quotes the whole input object in its error.
    const res = await app.gql(REGISTER, { input: { pesel: PESEL_A, categories: [], name: 'Jan' } }, staff(circle.club));
    expect(res.errors?.[0].message).toMatch(/name/);
    expect(JSON.stringify(res)).not.toContain(PESEL_A);
    expect(app.logs.join('\n')).not.toContain(PESEL_A);
  });

  it('finds the person by PESEL in its own institution only', async () => {
    const q = `query($p: String!) { participantByPesel(pesel: $p) { id } }`;
    expect((await app.gql(q, { p: PESEL_A }, staff(circle.club))).data?.participantByPesel).toEqual({ id: clubRecord });
    expect((await app.gql(q, { p: PESEL_A }, staff(circle.ops))).data?.participantByPesel).toBeNull();
    const bad = await app.gql(q, { p: '12345678901' }, staff(circle.club));
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'pesel' });
    expect(JSON.stringify(bad)).not.toContain('12345678901');
  });

  it('shows which other institutions serve the person only where a data-sharing partnership is active', async () => {
    await register(PESEL_A, circle.ops);
    await register(PESEL_A, circle.nonSharing);
    const q = `query($id: ID!) { participant(id: $id) { alsoServedBy { id } } }`;
    const res = await app.gql(q, { id: clubRecord }, staff(circle.club));
    expect(res.data?.participant.alsoServedBy).toEqual([{ id: circle.ops }]);
    const audit = await app.sql(
      'owner',
      `select operation, record_ids::text[] as ids from audit_event where operation = 'VIEW_LINKED_INSTITUTIONS' and institution_id = $1`,
      [circle.club],
    );
    expect(audit).toContainEqual({ operation: 'VIEW_LINKED_INSTITUTIONS', ids: [clubRecord] });
  });

  it('updates with optimistic locking', async () => {
    const m = `mutation($input: UpdateParticipantInput!) { updateParticipant(input: $input) { categories version } }`;
    const ok = await app.gql(m, { input: { id: clubRecord, version: 1, categories: ['DISABLED'] } }, staff(circle.club));
    expect(ok.data?.updateParticipant).toEqual({ categories: ['DISABLED'], version: 2 });
    const stale = await app.gql(m, { input: { id: clubRecord, version: 1, categories: [] } }, staff(circle.club));
    expect(stale.errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});

describe('episodes, IPZS, contracts and monitoring', () => {
  let participant: string;
  let episode: string;

  beforeAll(async () => {
    participant = (await register(PESEL_B, circle.club)).data?.registerParticipant.id;
  });

  it('opens and completes a club programme, which starts graduate monitoring', async () => {
    const opened = await app.gql(
      `mutation($i: OpenEpisodeInput!) { openEpisode(input: $i) { id version } }`,
      { i: { participantId: participant, kind: 'CLUB_ACTIVITIES', startedOn: '2023-01-10', externalRef: 'KIS/2023/7' } },
      staff(circle.club),
    );
    expect(opened.errors).toBeUndefined();
    episode = opened.data?.openEpisode.id;
    const closed = await app.gql(
      `mutation($i: CloseEpisodeInput!) { closeEpisode(input: $i) { endedOn outcome } }`,
      { i: { id: episode, version: 1, endedOn: '2023-11-30', outcome: 'OPEN_LABOUR_MARKET' } },
      staff(circle.club),
    );
    expect(closed.data?.closeEpisode).toEqual({ endedOn: '2023-11-30', outcome: 'OPEN_LABOUR_MARKET' });
    const again = await app.gql(
      `mutation($i: OpenEpisodeInput!) { openEpisode(input: $i) { id } }`,
      { i: { participantId: participant, kind: 'CLUB_ACTIVITIES', startedOn: '2024-01-10', externalRef: 'KIS/2023/7' } },
      staff(circle.club),
    );
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'input.externalRef' });
  });

  it('records contacts and computes the schedule (completion on 30 November: first due 29 February 2024)', async () => {
    const record = (contactedOn: string) =>
      app.gql(
        `mutation($i: RecordMonitoringContactInput!) { recordMonitoringContact(input: $i) { contactedOn source } }`,
        { i: { episodeId: episode, contactedOn, source: 'OPS', sourceInstitutionId: circle.ops, employmentStatus: 'OPEN_LABOUR_MARKET' } },
        staff(circle.club),
      );
    expect((await record('2024-02-29')).errors).toBeUndefined();
    expect((await record('2023-11-30')).errors?.[0].extensions?.field).toBe('input.contactedOn');
    const res = await app.gql(
      `query($e: ID!) { graduateSchedule(episodeId: $e) { completedOn monitoringEndsOn overdueCount dueContacts { dueOn status metOn } } }`,
      { e: episode },
      staff(circle.club),
    );
    const schedule = res.data?.graduateSchedule;
    expect(schedule).toMatchObject({ completedOn: '2023-11-30', monitoringEndsOn: '2026-11-30' });
    expect(schedule.dueContacts[0]).toEqual({ dueOn: '2024-02-29', status: 'MET', metOn: '2024-02-29' });
    expect(schedule.dueContacts[1]).toMatchObject({ dueOn: '2024-05-30', status: 'OVERDUE' });
    expect(schedule.overdueCount).toBe(schedule.dueContacts.filter((d: any) => d.status === 'OVERDUE').length);
  });

  it('draws up an IPZS with records, refusing free text that carries an 11-digit number', async () => {
    const m = `mutation($i: CreateIpzsInput!) { createIpzs(input: $i) { id goals diagnoses { by } plannedServices { area } } }`;
    const input = {
      participantId: participant,
      episodeId: episode,
      drawnUpOn: '2023-01-20',
      goals: ['Regular attendance'],
      diagnoses: [{ by: 'PSYCHOLOGIST', madeOn: '2023-01-15', summary: 'Motivated.' }],
      plannedServices: [{ area: 'VOCATIONAL', description: 'Welding course' }],
    };
    const created = await app.gql(m, { i: input }, staff(circle.club));
    expect(created.errors).toBeUndefined();
    const leaky = await app.gql(m, { i: { ...input, goals: [`Call about ${PESEL_B}`] } }, staff(circle.club));
    expect(leaky.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.goals' });
    expect(JSON.stringify(leaky)).not.toContain(PESEL_B);
    const rec = await app.gql(
      `mutation($i: AddIpzsRecordInput!) { addIpzsRecord(input: $i) { kind } }`,
      { i: { ipzsId: created.data?.createIpzs.id, kind: 'EVALUATION_EXIT', recordedOn: '2023-11-30', note: 'Goals met.' } },
      staff(circle.club),
    );
    expect(rec.data?.addIpzsRecord).toEqual({ kind: 'EVALUATION_EXIT' });
  });

  it('reads the whole record back, and an OPS records a social contract of its own participant', async () => {
    const res = await app.gql(
      `query($id: ID!) { participant(id: $id) { episodes { externalRef } ipzs { records { kind } } monitoringContacts { source sourceInstitution { id } } monitoringSchedules { overdueCount } } }`,
      { id: participant },
      staff(circle.club),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.participant.episodes).toEqual([{ externalRef: 'KIS/2023/7' }]);
    expect(res.data?.participant.monitoringContacts).toEqual([{ source: 'OPS', sourceInstitution: { id: circle.ops } }]);
    const opsRecord = (await register(PESEL_B, circle.ops)).data?.registerParticipant.id;
    const contract = await app.gql(
      `mutation($i: CreateSocialContractInput!) { createSocialContract(input: $i) { instruments instrumentGroups } }`,
      { i: { participantId: opsRecord, signedOn: '2023-01-02', instruments: ['VOCATIONAL_COURSE', 'ADDICTION_THERAPY'] } },
      staff(circle.ops),
    );
    expect(contract.data?.createSocialContract).toEqual({
      instruments: ['ADDICTION_THERAPY', 'VOCATIONAL_COURSE'],
      instrumentGroups: ['HEALTH', 'VOCATIONAL'],
    });
    // The club cannot attach anything to the OPS's record: it answers as missing.
    const cross = await app.gql(
      `mutation($i: CreateSocialContractInput!) { createSocialContract(input: $i) { id } }`,
      { i: { participantId: opsRecord, signedOn: '2023-01-02', instruments: ['VOCATIONAL_COURSE'] } },
      staff(circle.club),
    );
    expect(cross.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.participantId' });
  });
});

describe('aggregates for the owner and for others', () => {
  it("are exact for the institution's own staff and disclosure-controlled for anyone else", async () => {
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { participantsServed { k total { count suppressed } } } } }`;
    const r = [{ __typename: 'Institution', id: circle.club }];
    const own = await app.gql(q, { r }, staff(circle.club));
    const other = await app.gql(q, { r }, staff(circle.ops));
    expect(own.data?._entities[0].participantsServed.k).toBeNull();
    expect(other.data?._entities[0].participantsServed.k).toBe(10);
    const researcher = await app.gql(q, { r }, { role: Role.RESEARCHER, subject: 'r' });
    expect(researcher.data?._entities[0].participantsServed).toEqual(other.data?._entities[0].participantsServed);
  });
});

describe('key rotation', () => {
  it('matches under every active key, and re-keying moves old pseudonyms to the current key', async () => {
    const registered = (await register(PESEL_C, circle.pup)).data?.registerParticipant.id;
    const v1 = app.config.casework.linkageKeys;
    const rotated = {
      ...app.config,
      casework: { ...app.config.casework, linkageKeys: [...parseLinkageKeys(`v2:${randomBytes(32).toString('base64')}`, 'test'), ...v1] },
    };
    const subgraph = await createCaseworkSubgraph(app.db.orm, rotated);
    const lookup = () => participantByPesel(subgraph.contextFor(staff(circle.pup)), PESEL_C);
    expect((await lookup())?.id).toBe(registered);
    const owner = await openCaseworkOwner(app.ownerUrl, { quiet: true });
    try {
      const report = await rekeyParticipants(owner.orm.em.fork(), new Linkage(rotated.casework.linkageKeys));
      expect(report.rekeyed).toBeGreaterThan(1000);
      expect(report.unrecoverable).toBe(0);
    } finally {
      await owner.orm.close();
    }
    expect((await app.sql('owner', `select count(*)::int as n from participant where key_version <> 'v2'`))[0].n).toBe(0);
    expect((await lookup())?.id).toBe(registered);
    // Linkage survives: the shared-participant view still links the club's and the OPS's records.
    const linked = subgraph.contextFor(staff(circle.club));
    const clubRecord = (
      await app.sql('owner', `select id from participant where institution_id = $1 and synthetic = false order by created_at limit 1`, [circle.club])
    )[0].id;
    expect((await alsoServedBy(linked, clubRecord)).map((i) => i.id)).toEqual([circle.ops]);
  });
});
