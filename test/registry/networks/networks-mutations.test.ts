import 'reflect-metadata';
// Networks, memberships and meetings: created by admins and regional coordinators, changed by the
// network's coordinator (staff of the coordinating institution), never by other staff; each
// refusal writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInPoland } from '../../../src/common/dates';
import { keys, lsrId, PLATFORM_IDS, ROPS_IDS, RSR_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, coordinatorToken, expectError, expectNoWrites, idOf, researcherToken, staffToken } from '../../support/registry-helpers';
import { data, edgesOf } from '../../support/requests';

const today = todayInPoland();
const CLUB = SWIETOKRZYSKIE_CLUB_IDS;
const LSR_9 = lsrId('26', 9);
const OPS_GORNO = idOf(keys.ops('2604062'));
const CULTURE_GORNO = idOf(keys.areaPartner('CULTURE', '2604062'));
const UNKNOWN = '01900000-0000-7000-8000-000000000000';

let app: TestApp;
let admin: string;
let club9: string;
let opsGorno: string;
let club1: string;
let rc26: string;
let rc24: string;
beforeAll(async () => {
  app = await startRegistryApp();
  admin = await adminToken(app);
  club9 = await staffToken(app, CLUB[8]);
  opsGorno = await staffToken(app, OPS_GORNO);
  club1 = await staffToken(app, CLUB[0]);
  rc26 = await coordinatorToken(app, '26');
  rc24 = await coordinatorToken(app, '24');
});
afterAll(() => app?.close());

const N = `id kind name description establishedOn synthetic version parent { id } voivodeship { code } municipality { code }`;
const CREATE = `mutation($input: CreateNetworkInput!) { createNetwork(input: $input) { ${N} members(first: 50) { totalCount edges { node { role joinedOn institution { id } } } } } }`;
const ADD = `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id role joinedOn leftOn version network { id } institution { id } } }`;
const END = `mutation($input: EndMembershipInput!) { endMembership(input: $input) { id role joinedOn leftOn version } }`;
const MEET = `mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id date kind topic synthetic network { id } attendees { id name } } }`;

const membersOf = async (
  networkId: string,
  asOf?: string,
): Promise<{ id: string; role: string; institution: string; version: number; leftOn: string | null }[]> =>
  edgesOf(
    data(
      await app.gql(
        `query($id: ID!, $asOf: LocalDate) { network(id: $id) { members(first: 100, asOf: $asOf) { edges { node { id role version leftOn institution { id } } } } } }`,
        { id: networkId, asOf },
      ),
    ).network.members,
  ).map((m: any) => ({ ...m, institution: m.institution.id }));

describe('createNetwork', () => {
  it('lets an admin create an LSR within the RSR, with its coordinator as a member', async () => {
    const created = data(
      await app.gql(
        CREATE,
        {
          input: {
            kind: 'LOCAL_REINTEGRATION_NETWORK',
            name: 'Lokalna Sieć Reintegracji w gminie Górno',
            description: 'Sieć KIS w Bęczkowie',
            parentId: RSR_IDS['26'],
            municipalityCode: '2604062',
            establishedOn: '2024-01-15',
            coordinatorId: CLUB[8],
          },
        },
        admin,
      ),
    ).createNetwork;
    expect(created).toMatchObject({
      kind: 'LOCAL_REINTEGRATION_NETWORK',
      name: 'Lokalna Sieć Reintegracji w gminie Górno',
      establishedOn: '2024-01-15',
      synthetic: false,
      version: 1,
      parent: { id: RSR_IDS['26'] },
      voivodeship: { code: '26' },
      municipality: { code: '2604062' },
    });
    expect(created.members.totalCount).toBe(1);
    expect(created.members.edges[0].node).toEqual({ role: 'COORDINATOR', joinedOn: '2024-01-15', institution: { id: CLUB[8] } });
    const rsr = data(
      await app.gql(`query($id: ID!) { network(id: $id) { children(first: 50) { totalCount edges { node { id } } } } }`, { id: RSR_IDS['26'] }),
    ).network;
    expect(rsr.children.totalCount).toBe(10);
    expect(edgesOf(rsr.children).map((n: any) => n.id)).toContain(created.id);
    // Its coordinator's staff now manage it.
    const added = data(
      await app.gql(ADD, { input: { networkId: created.id, institutionId: OPS_GORNO, role: 'MEMBER', joinedOn: '2024-02-01' } }, club9),
    ).addMembership;
    expect(added).toMatchObject({ role: 'MEMBER', joinedOn: '2024-02-01', network: { id: created.id }, institution: { id: OPS_GORNO } });
  });

  it('lets a regional coordinator create a network in their own voivodeship only', async () => {
    const created = data(
      await app.gql(
        CREATE,
        { input: { kind: 'REGIONAL_COOPERATION_PLATFORM', name: 'Platforma Współpracy Kultura–KIS', voivodeship: '26', establishedOn: '2024-03-01' } },
        rc26,
      ),
    ).createNetwork;
    expect(created).toMatchObject({ voivodeship: { code: '26' }, parent: null, members: { totalCount: 0 } });
    // The voivodeship's platform stays the earliest established one.
    expect(data(await app.gql(`{ voivodeship(code: "26") { platform { id } } }`)).voivodeship.platform.id).toBe(PLATFORM_IDS['26']);
  });

  it('refuses other callers and bad input, writing nothing', async () => {
    const input = { kind: 'LOCAL_REINTEGRATION_NETWORK', name: 'Sieć odrzucona', voivodeship: '26' };
    expectError(await expectNoWrites(app, () => app.gql(CREATE, { input })), 'UNAUTHENTICATED');
    for (const token of [rc24, club1, opsGorno, await researcherToken(app), await staffToken(app, ROPS_IDS['26'])]) {
      expectError(await expectNoWrites(app, () => app.gql(CREATE, { input }, token)), 'FORBIDDEN');
    }
    const cases: [Record<string, unknown>, string, string][] = [
      [{ municipalityCode: '2469011' }, 'BAD_USER_INPUT', 'input.municipalityCode'], // Katowice is not in świętokrzyskie
      [{ municipalityCode: '2604999' }, 'BAD_USER_INPUT', 'input.municipalityCode'],
      [{ municipalityCode: '26049' }, 'BAD_USER_INPUT', 'input.municipalityCode'],
      [{ voivodeship: '99' }, 'BAD_USER_INPUT', 'input.voivodeship'],
      [{ voivodeship: '266' }, 'BAD_USER_INPUT', 'input.voivodeship'],
      [{ parentId: UNKNOWN }, 'NOT_FOUND', 'input.parentId'],
      [{ coordinatorId: UNKNOWN }, 'NOT_FOUND', 'input.coordinatorId'],
      [{ name: 'X' }, 'BAD_USER_INPUT', 'input.name'],
    ];
    for (const [patch, code, field] of cases) {
      expectError(await expectNoWrites(app, () => app.gql(CREATE, { input: { ...input, ...patch } }, admin)), code, field);
    }
    const found = data(await app.gql(`{ networks(first: 100, filter: { voivodeship: "26" }) { edges { node { name } } } }`));
    expect(edgesOf(found.networks).map((n: any) => n.name)).not.toContain('Sieć odrzucona');
  });
});

describe('addMembership', () => {
  it("lets the network's coordinator (staff of the coordinating club) add a member", async () => {
    const before = await membersOf(LSR_9, '2024-06-01');
    const added = data(
      await app.gql(ADD, { input: { networkId: LSR_9, institutionId: ROPS_IDS['26'], role: 'OBSERVER', joinedOn: '2024-05-01' } }, club9),
    ).addMembership;
    expect(added).toMatchObject({
      role: 'OBSERVER',
      joinedOn: '2024-05-01',
      leftOn: null,
      version: 1,
      network: { id: LSR_9 },
      institution: { id: ROPS_IDS['26'] },
    });
    const after = await membersOf(LSR_9, '2024-06-01');
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((m) => m.institution === ROPS_IDS['26'])).toMatchObject({ id: added.id, role: 'OBSERVER' });
    expect((await membersOf(LSR_9, '2024-04-30')).map((m) => m.institution)).not.toContain(ROPS_IDS['26']);
  });

  it('lets the regional coordinator of its voivodeship and an admin add members', async () => {
    const byRc = data(await app.gql(ADD, { input: { networkId: RSR_IDS['26'], institutionId: CULTURE_GORNO, role: 'MEMBER' } }, rc26)).addMembership;
    expect(byRc).toMatchObject({ joinedOn: today, institution: { id: CULTURE_GORNO } });
    const byAdmin = data(
      await app.gql(ADD, { input: { networkId: lsrId('26', 1), institutionId: CULTURE_GORNO, role: 'MEMBER', joinedOn: '2024-01-01' } }, admin),
    ).addMembership;
    expect(byAdmin.network.id).toBe(lsrId('26', 1));
  });

  it('refuses a random staff member, another region and anonymous callers (writing nothing)', async () => {
    const input = { networkId: LSR_9, institutionId: CLUB[0], role: 'MEMBER', joinedOn: '2024-05-01' };
    // The OPS is a member of this LSR, not its coordinator.
    expect((await membersOf(LSR_9)).find((m) => m.institution === OPS_GORNO)?.role).toBe('MEMBER');
    for (const token of [opsGorno, club1, await staffToken(app, ROPS_IDS['26']), rc24, await researcherToken(app)]) {
      expectError(await expectNoWrites(app, () => app.gql(ADD, { input }, token)), 'FORBIDDEN');
    }
    expectError(await expectNoWrites(app, () => app.gql(ADD, { input })), 'UNAUTHENTICATED');
    expect((await membersOf(LSR_9, '2024-06-01')).map((m) => m.institution)).not.toContain(CLUB[0]);
  });

  it('refuses a member twice (CONFLICT) and unknown networks or institutions (NOT_FOUND)', async () => {
    expectError(
      await expectNoWrites(app, () => app.gql(ADD, { input: { networkId: LSR_9, institutionId: OPS_GORNO, role: 'OBSERVER', joinedOn: '2024-05-01' } }, club9)),
      'CONFLICT',
      'input.institutionId',
    );
    expectError(
      await expectNoWrites(app, () => app.gql(ADD, { input: { networkId: LSR_9, institutionId: UNKNOWN, role: 'MEMBER' } }, club9)),
      'NOT_FOUND',
      'input.institutionId',
    );
    expectError(
      await expectNoWrites(app, () => app.gql(ADD, { input: { networkId: UNKNOWN, institutionId: OPS_GORNO, role: 'MEMBER' } }, club9)),
      'NOT_FOUND',
      'input.networkId',
    );
    expectError(
      await expectNoWrites(app, () => app.gql(ADD, { input: { networkId: 'lsr-9', institutionId: OPS_GORNO, role: 'MEMBER' } }, club9)),
      'BAD_USER_INPUT',
      'input.networkId',
    );
  });
});

describe('endMembership', () => {
  it('ends a membership (coordinator), refusing stale versions, early ends and other staff', async () => {
    const membership = (await membersOf(LSR_9)).find((m) => m.institution === CULTURE_GORNO)!;
    expect(membership).toMatchObject({ role: 'MEMBER', leftOn: null });
    const version = membership.version;

    expectError(await expectNoWrites(app, () => app.gql(END, { input: { membershipId: membership.id, version, leftOn: '2024-12-31' } })), 'UNAUTHENTICATED');
    expectError(
      await expectNoWrites(app, () => app.gql(END, { input: { membershipId: membership.id, version, leftOn: '2024-12-31' } }, opsGorno)),
      'FORBIDDEN',
    );
    expectError(await expectNoWrites(app, () => app.gql(END, { input: { membershipId: membership.id, version, leftOn: '2024-12-31' } }, rc24)), 'FORBIDDEN');
    const stale = await expectNoWrites(app, () => app.gql(END, { input: { membershipId: membership.id, version: version + 1, leftOn: '2024-12-31' } }, club9));
    expectError(stale, 'CONFLICT', 'input.version');
    expectError(
      await expectNoWrites(app, () => app.gql(END, { input: { membershipId: membership.id, version, leftOn: '2019-01-01' } }, club9)),
      'BAD_USER_INPUT',
      'input.leftOn',
    );
    expectError(await expectNoWrites(app, () => app.gql(END, { input: { membershipId: UNKNOWN, version: 1 } }, club9)), 'NOT_FOUND', 'input.membershipId');

    const ended = data(await app.gql(END, { input: { membershipId: membership.id, version, leftOn: '2024-12-31' } }, club9)).endMembership;
    expect(ended).toEqual({ id: membership.id, role: 'MEMBER', joinedOn: expect.any(String), leftOn: '2024-12-31', version: version + 1 });
    expect((await membersOf(LSR_9, '2024-12-31')).map((m) => m.institution)).toContain(CULTURE_GORNO);
    expect((await membersOf(LSR_9, '2025-01-01')).map((m) => m.institution)).not.toContain(CULTURE_GORNO);

    // Ending it again: its version moved on; with the new version, it has already ended.
    expectError(await expectNoWrites(app, () => app.gql(END, { input: { membershipId: membership.id, version } }, club9)), 'CONFLICT', 'input.version');
    expectError(
      await expectNoWrites(app, () => app.gql(END, { input: { membershipId: membership.id, version: version + 1 } }, club9)),
      'CONFLICT',
      'input.membershipId',
    );
    // Having left, it may join again later.
    const rejoined = data(
      await app.gql(ADD, { input: { networkId: LSR_9, institutionId: CULTURE_GORNO, role: 'OBSERVER', joinedOn: '2025-02-01' } }, club9),
    ).addMembership;
    expect(rejoined).toMatchObject({ role: 'OBSERVER', joinedOn: '2025-02-01' });
  });
});

describe('recordMeeting', () => {
  it('records a meeting with its attendees (by the coordinator), listed by name', async () => {
    const attendeeIds = [CLUB[8], OPS_GORNO, CULTURE_GORNO];
    const meeting = data(
      await app.gql(
        MEET,
        { input: { networkId: LSR_9, date: '2024-06-12', kind: 'WORKING', topic: 'Plan działań LSR na drugie półrocze', attendeeIds } },
        club9,
      ),
    ).recordMeeting;
    expect(meeting).toMatchObject({
      date: '2024-06-12',
      kind: 'WORKING',
      topic: 'Plan działań LSR na drugie półrocze',
      synthetic: false,
      network: { id: LSR_9 },
    });
    expect(meeting.attendees.map((a: any) => a.id).sort()).toEqual([...attendeeIds].sort());
    const names = meeting.attendees.map((a: any) => a.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'pl')));
    const listed = data(await app.gql(`query($id: ID!) { network(id: $id) { meetings { totalCount edges { node { id attendees { id } } } } } }`, { id: LSR_9 }))
      .network.meetings;
    expect(listed.totalCount).toBe(1);
    expect(listed.edges[0].node.id).toBe(meeting.id);
    expect(listed.edges[0].node.attendees).toHaveLength(3);
    // A meeting without attendees is fine too (the regional coordinator records it).
    const empty = data(
      await app.gql(MEET, { input: { networkId: RSR_IDS['26'], date: '2024-09-18', kind: 'WORKING', topic: 'Czwarte spotkanie RSR' } }, rc26),
    ).recordMeeting;
    expect(empty.attendees).toEqual([]);
  });

  it('refuses other staff, unknown attendees and bad input, writing no meeting and no attendance', async () => {
    const input = { networkId: LSR_9, date: '2024-07-01', kind: 'WORKING', topic: 'Spotkanie odrzucone', attendeeIds: [CLUB[8]] };
    expectError(await expectNoWrites(app, () => app.gql(MEET, { input })), 'UNAUTHENTICATED');
    for (const token of [opsGorno, club1, rc24]) expectError(await expectNoWrites(app, () => app.gql(MEET, { input }, token)), 'FORBIDDEN');
    expectError(
      await expectNoWrites(app, () => app.gql(MEET, { input: { ...input, attendeeIds: [CLUB[8], UNKNOWN] } }, club9)),
      'NOT_FOUND',
      'input.attendeeIds[1]',
    );
    expectError(
      await expectNoWrites(app, () => app.gql(MEET, { input: { ...input, attendeeIds: [CLUB[8], CLUB[8]] } }, club9)),
      'BAD_USER_INPUT',
      'input.attendeeIds',
    );
    expectError(await expectNoWrites(app, () => app.gql(MEET, { input: { ...input, topic: 'x' } }, club9)), 'BAD_USER_INPUT', 'input.topic');
    expectError(await expectNoWrites(app, () => app.gql(MEET, { input: { ...input, networkId: UNKNOWN } }, club9)), 'NOT_FOUND', 'input.networkId');
    const listed = data(await app.gql(`query($id: ID!) { network(id: $id) { meetings { edges { node { topic } } } } }`, { id: LSR_9 })).network.meetings;
    expect(edgesOf(listed).map((m: any) => m.topic)).not.toContain('Spotkanie odrzucone');
  });
});
