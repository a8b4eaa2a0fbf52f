import 'reflect-metadata';
// The partnership life cycle: propose → confirm by every party → ACTIVE → end, or decline; and each
// refusal (no token, acting for another institution, a non-party, itself, a duplicate, bad dates,
// stale versions), none of which writes anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInPoland } from '../../../src/common/dates';
import { keys, ROPS_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, coordinatorToken, expectError, expectNoWrites, idOf, staffToken } from '../../support/registry-helpers';
import { data, edgesOf } from '../../support/requests';

const today = todayInPoland();
const CLUB = SWIETOKRZYSKIE_CLUB_IDS;
const ROPS = ROPS_IDS['26'];
const OPS_MORAWICA = idOf(keys.ops('2604123'));
const CULTURE_GORNO = idOf(keys.areaPartner('CULTURE', '2604062'));
const UNKNOWN = '01900000-0000-7000-8000-000000000000';

let app: TestApp;
/** Staff tokens by institution, and a regional coordinator of świętokrzyskie. */
let staffCulture: string;
let staffClub2: string;
let club5: string;
let staffOther: string;
let staffOps: string;
let staffOtherKielce: string;
let coordinator: string;
beforeAll(async () => {
  app = await startRegistryApp();
  staffCulture = await staffToken(app, CULTURE_GORNO);
  staffClub2 = await staffToken(app, CLUB[2]);
  club5 = await staffToken(app, CLUB[4]);
  staffOther = await staffToken(app, CLUB[6]);
  staffOps = await staffToken(app, idOf(keys.ops('2604043')));
  staffOtherKielce = await staffToken(app, CLUB[7]);
  coordinator = await coordinatorToken(app, '26');
});
afterAll(() => app?.close());

const P = `id kind areas status validFrom validTo note dataSharing version proposedBy { id } parties { role confirmedAt declinedAt institution { id } }`;
const PROPOSE = `mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { ${P} } }`;
const CONFIRM = `mutation($input: PartyDecisionInput!) { confirmPartnership(input: $input) { ${P} } }`;
const DECLINE = `mutation($input: PartyDecisionInput!) { declinePartnership(input: $input) { ${P} } }`;
const END = `mutation($input: EndPartnershipInput!) { endPartnership(input: $input) { ${P} } }`;
const GET = `query($id: ID!) { partnership(id: $id) { ${P} } }`;

const get = async (id: string) => data(await app.gql(GET, { id })).partnership;
const partnersOf = async (id: string, asOf?: string): Promise<string[]> =>
  edgesOf(
    data(
      await app.gql(`query($id: ID!, $asOf: LocalDate) { institution(id: $id) { partners(first: 100, asOf: $asOf) { edges { node { id } } } } }`, { id, asOf }),
    ).institution.partners,
  ).map((p: any) => p.id);
const partnershipsOf = async (id: string, statuses: string[]): Promise<string[]> =>
  edgesOf(
    data(
      await app.gql(
        `query($id: ID!, $s: [PartnershipStatus!]) { institution(id: $id) { partnerships(first: 100, filter: { statuses: $s }) { edges { node { id } } } } }`,
        { id, s: statuses },
      ),
    ).institution.partnerships,
  ).map((p: any) => p.id);

describe('the life cycle', () => {
  it('propose → confirm → ACTIVE → end, visible as partners only while in force', async () => {
    const club = await staffToken(app, CLUB[0]);
    const rops = await staffToken(app, ROPS);
    expect(await partnersOf(CLUB[0])).not.toContain(ROPS);

    const proposed = data(
      await app.gql(
        PROPOSE,
        {
          input: {
            proposerId: CLUB[0],
            partnerIds: [ROPS],
            kind: 'FORMAL_AGREEMENT',
            areas: ['COUNSELLING', 'SOCIAL_WORK'],
            validFrom: '2024-01-01',
            note: 'Doradztwo dla uczestników KIS',
            dataSharing: true,
          },
        },
        club,
      ),
    ).proposePartnership;
    expect(proposed).toMatchObject({
      kind: 'FORMAL_AGREEMENT',
      areas: ['COUNSELLING', 'SOCIAL_WORK'],
      status: 'PROPOSED',
      validFrom: '2024-01-01',
      validTo: null,
      note: 'Doradztwo dla uczestników KIS',
      dataSharing: true,
      proposedBy: { id: CLUB[0] },
    });
    expect(proposed.parties).toEqual([
      { role: 'LEAD', confirmedAt: expect.any(String), declinedAt: null, institution: { id: CLUB[0] } },
      { role: 'PARTNER', confirmedAt: null, declinedAt: null, institution: { id: ROPS } },
    ]);
    expect(await get(proposed.id)).toEqual(proposed);
    // A proposal is not in force: no partner yet.
    expect(await partnersOf(CLUB[0])).not.toContain(ROPS);
    expect(await partnershipsOf(ROPS, ['PROPOSED'])).toContain(proposed.id);

    const active = data(await app.gql(CONFIRM, { input: { partnershipId: proposed.id } }, rops)).confirmPartnership;
    expect(active.status).toBe('ACTIVE');
    expect(active.version).toBe(proposed.version + 1);
    expect(active.parties.every((p: any) => typeof p.confirmedAt === 'string')).toBe(true);
    expect(await partnersOf(CLUB[0])).toContain(ROPS);
    expect(await partnersOf(ROPS)).toContain(CLUB[0]);
    expect(await partnersOf(CLUB[0], '2023-12-31')).not.toContain(ROPS);

    const ended = data(await app.gql(END, { input: { partnershipId: active.id, version: active.version, endedOn: '2024-12-31' } }, rops)).endPartnership;
    expect(ended).toMatchObject({ status: 'ENDED', validFrom: '2024-01-01', validTo: '2024-12-31', version: active.version + 1 });
    expect(await partnersOf(CLUB[0])).not.toContain(ROPS);
    expect(await partnersOf(CLUB[0], '2024-06-30')).toContain(ROPS);
    expect(await get(active.id)).toEqual(ended);
  });

  it('a multilateral partnership becomes ACTIVE only when every party has confirmed', async () => {
    const proposed = data(
      await app.gql(
        PROPOSE,
        {
          input: {
            proposerId: CLUB[8],
            partnerIds: [CULTURE_GORNO, OPS_MORAWICA],
            kind: 'PROJECT_PARTNERSHIP',
            areas: ['CULTURE', 'SOCIAL_WORK'],
            validFrom: '2023-09-01',
            validTo: '2025-08-31',
          },
        },
        await staffToken(app, CLUB[8]),
      ),
    ).proposePartnership;
    expect(proposed.parties.map((p: any) => [p.role, p.institution.id])).toEqual([
      ['LEAD', CLUB[8]],
      ...[CULTURE_GORNO, OPS_MORAWICA].sort().map((id) => ['PARTNER', id]),
    ]);

    const first = data(await app.gql(CONFIRM, { input: { partnershipId: proposed.id } }, await staffToken(app, CULTURE_GORNO))).confirmPartnership;
    expect(first.status).toBe('PROPOSED');
    expect(first.parties.find((p: any) => p.institution.id === CULTURE_GORNO).confirmedAt).toEqual(expect.any(String));
    expect(first.parties.find((p: any) => p.institution.id === OPS_MORAWICA).confirmedAt).toBeNull();
    expect(await partnersOf(CLUB[8], '2024-01-01')).not.toContain(OPS_MORAWICA);

    // Confirming twice is a conflict.
    expectError(await expectNoWrites(app, () => app.gql(CONFIRM, { input: { partnershipId: proposed.id } }, staffCulture)), 'CONFLICT', 'input.institutionId');

    // An admin confirms on behalf of the last party (and must say which).
    const admin = await adminToken(app);
    expectError(await expectNoWrites(app, () => app.gql(CONFIRM, { input: { partnershipId: proposed.id } }, admin)), 'BAD_USER_INPUT', 'input.institutionId');
    const second = data(await app.gql(CONFIRM, { input: { partnershipId: proposed.id, institutionId: OPS_MORAWICA } }, admin)).confirmPartnership;
    expect(second.status).toBe('ACTIVE');
    expect(await partnersOf(CLUB[8], '2024-01-01')).toEqual(expect.arrayContaining([CULTURE_GORNO, OPS_MORAWICA]));
    expect(await partnersOf(OPS_MORAWICA, '2024-01-01')).toEqual(expect.arrayContaining([CLUB[8], CULTURE_GORNO]));
    // After validTo it is no longer in force.
    expect(await partnersOf(OPS_MORAWICA, '2025-09-01')).not.toContain(CLUB[8]);
  });

  it('a declined proposal is DECLINED for good and never in force', async () => {
    const proposed = data(
      await app.gql(
        PROPOSE,
        { input: { proposerId: CLUB[2], partnerIds: [CLUB[3]], kind: 'LETTER_OF_INTENT', areas: ['EDUCATION'], validFrom: '2024-03-01' } },
        await staffToken(app, CLUB[2]),
      ),
    ).proposePartnership;
    const other = await staffToken(app, CLUB[3]);
    const declined = data(await app.gql(DECLINE, { input: { partnershipId: proposed.id } }, other)).declinePartnership;
    expect(declined.status).toBe('DECLINED');
    expect(declined.parties.find((p: any) => p.institution.id === CLUB[3])).toMatchObject({ confirmedAt: null, declinedAt: expect.any(String) });
    expectError(await expectNoWrites(app, () => app.gql(CONFIRM, { input: { partnershipId: proposed.id } }, other)), 'CONFLICT', 'input.partnershipId');
    expectError(
      await expectNoWrites(app, () => app.gql(END, { input: { partnershipId: proposed.id, version: declined.version } }, other)),
      'CONFLICT',
      'input.partnershipId',
    );
    expect(await partnersOf(CLUB[2], '2024-06-01')).not.toContain(CLUB[3]);
    expect(await partnershipsOf(CLUB[2], ['DECLINED'])).toEqual([proposed.id]);
    // The proposer has confirmed by proposing: it cannot decline.
    const again = data(
      await app.gql(
        PROPOSE,
        { input: { proposerId: CLUB[2], partnerIds: [CLUB[3]], kind: 'LETTER_OF_INTENT', areas: ['EDUCATION'], validFrom: '2024-03-01' } },
        await staffToken(app, CLUB[2]),
      ),
    ).proposePartnership;
    expectError(await expectNoWrites(app, () => app.gql(DECLINE, { input: { partnershipId: again.id } }, staffClub2)), 'CONFLICT', 'input.institutionId');
  });
});

describe('refusals write nothing', () => {
  const base = () => ({ proposerId: CLUB[4], partnerIds: [CLUB[5]], kind: 'INFORMAL', areas: ['CULTURE'], validFrom: '2024-05-01' });
  let seededCount: number;
  beforeAll(async () => {
    seededCount = (await partnershipsOf(CLUB[4], ['PROPOSED', 'ACTIVE', 'ENDED', 'DECLINED'])).length;
  });

  it('refuses a proposal without a token, or for another institution', async () => {
    expectError(await expectNoWrites(app, () => app.gql(PROPOSE, { input: base() })), 'UNAUTHENTICATED');
    expectError(await expectNoWrites(app, () => app.gql(PROPOSE, { input: base() }, staffOther)), 'FORBIDDEN');
    expectError(await expectNoWrites(app, () => app.gql(PROPOSE, { input: base() }, coordinator)), 'FORBIDDEN');
    expect(await partnershipsOf(CLUB[4], ['PROPOSED', 'ACTIVE', 'ENDED', 'DECLINED'])).toHaveLength(seededCount);
  });

  it('refuses a partnership with itself, bad dates and unknown partners', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ partnerIds: [CLUB[4]] }, 'BAD_USER_INPUT', 'input.partnerIds'],
      [{ partnerIds: [CLUB[5], CLUB[4]] }, 'BAD_USER_INPUT', 'input.partnerIds'],
      [{ partnerIds: [] }, 'BAD_USER_INPUT', 'input.partnerIds'],
      [{ partnerIds: [CLUB[5], CLUB[5]] }, 'BAD_USER_INPUT', 'input.partnerIds'],
      [{ areas: [] }, 'BAD_USER_INPUT', 'input.areas'],
      [{ validFrom: '2024-05-01', validTo: '2024-04-30' }, 'BAD_USER_INPUT', 'input.validTo'],
      [{ partnerIds: [UNKNOWN] }, 'NOT_FOUND', 'input.partnerIds[0]'],
      [{ partnerIds: [CLUB[5], UNKNOWN] }, 'NOT_FOUND', 'input.partnerIds[1]'],
      [{ partnerIds: ['not-a-uuid'] }, 'BAD_USER_INPUT', 'input.partnerIds'],
    ];
    for (const [patch, code, field] of cases) {
      expectError(await expectNoWrites(app, () => app.gql(PROPOSE, { input: { ...base(), ...patch } }, club5)), code, field);
    }
    expect(await partnershipsOf(CLUB[4], ['PROPOSED', 'ACTIVE', 'ENDED', 'DECLINED'])).toHaveLength(seededCount);
  });

  it('refuses a duplicate of an active or proposed partnership of the same parties (CONFLICT), but not of an ended one', async () => {
    // Seeded: the club and its OPS have an open-ended active agreement.
    const ops = idOf(keys.ops('2604043'));
    const duplicate = { ...base(), partnerIds: [ops], validFrom: '2030-01-01' };
    expectError(await expectNoWrites(app, () => app.gql(PROPOSE, { input: duplicate }, club5)), 'CONFLICT', 'input.partnerIds');
    // The other party proposing the same is the same duplicate.
    expectError(
      await expectNoWrites(app, () => app.gql(PROPOSE, { input: { ...duplicate, proposerId: ops, partnerIds: [CLUB[4]] } }, staffOps)),
      'CONFLICT',
      'input.partnerIds',
    );
    // Seeded: Stowarzyszenie „Nadzieja Rodzinie”'s club proposed to Pestka's Kielce club (still PROPOSED).
    const kielce = await staffToken(app, CLUB[5]);
    expectError(
      await expectNoWrites(app, () => app.gql(PROPOSE, { input: { ...base(), proposerId: CLUB[5], partnerIds: [CLUB[7]], validFrom: '2021-01-01' } }, kielce)),
      'CONFLICT',
      'input.partnerIds',
    );
    // Seeded: Pestka's Kielce club and MKS „Kielce” ended their partnership in 2020; a new one may start after it.
    const sport = idOf(keys.areaPartner('SPORT_RECREATION', '2661011'));
    const ended = data(await app.gql(GET, { id: idOf(`partnership:kis:26:8|sport_recreation:2661011`) })).partnership;
    expect(ended).toMatchObject({ status: 'ENDED', validTo: '2020-10-30' });
    const renewed = data(
      await app.gql(
        PROPOSE,
        { input: { ...base(), proposerId: CLUB[7], partnerIds: [sport], areas: ['SPORT_RECREATION'], validFrom: '2021-01-01' } },
        await staffToken(app, CLUB[7]),
      ),
    ).proposePartnership;
    expect(renewed.status).toBe('PROPOSED');
    // A subset of the parties of a multilateral partnership is a different partnership.
    const triple = data(await app.gql(PROPOSE, { input: { ...base(), partnerIds: [ops, CLUB[5]], validFrom: '2030-01-01' } }, club5)).proposePartnership;
    expect(triple.parties).toHaveLength(3);
  });

  it('refuses a confirmation or a decline by a non-party (FORBIDDEN) or without a token', async () => {
    const proposed = data(await app.gql(PROPOSE, { input: { ...base(), partnerIds: [CLUB[1]], validFrom: '2024-07-01' } }, club5)).proposePartnership;
    for (const mutation of [CONFIRM, DECLINE]) {
      expectError(await expectNoWrites(app, () => app.gql(mutation, { input: { partnershipId: proposed.id } }, staffOther)), 'FORBIDDEN');
      // Staff may act only for their own institution, even when naming a party.
      expectError(
        await expectNoWrites(app, () => app.gql(mutation, { input: { partnershipId: proposed.id, institutionId: CLUB[1] } }, staffOther)),
        'FORBIDDEN',
      );
      expectError(await expectNoWrites(app, () => app.gql(mutation, { input: { partnershipId: proposed.id } }, coordinator)), 'FORBIDDEN');
      expectError(await expectNoWrites(app, () => app.gql(mutation, { input: { partnershipId: proposed.id } })), 'UNAUTHENTICATED');
      expectError(await expectNoWrites(app, () => app.gql(mutation, { input: { partnershipId: UNKNOWN } }, staffOther)), 'NOT_FOUND', 'input.partnershipId');
    }
    expect(await get(proposed.id)).toEqual(proposed);
  });

  it('refuses ending with a stale version (CONFLICT), by a non-party (FORBIDDEN), a PROPOSED one, or an end outside its validity', async () => {
    const id = idOf('partnership:kis:26:5|ops:2604043');
    const active = await get(id);
    expect(active.status).toBe('ACTIVE');
    const stale = await expectNoWrites(app, () => app.gql(END, { input: { partnershipId: id, version: active.version + 1 } }, club5));
    expect(expectError(stale, 'CONFLICT', 'input.version').message).toContain(`current ${active.version}`);
    expectError(await expectNoWrites(app, () => app.gql(END, { input: { partnershipId: id, version: active.version } }, staffOther)), 'FORBIDDEN');
    expectError(await expectNoWrites(app, () => app.gql(END, { input: { partnershipId: id, version: active.version } }, coordinator)), 'FORBIDDEN');
    expectError(await expectNoWrites(app, () => app.gql(END, { input: { partnershipId: id, version: active.version } })), 'UNAUTHENTICATED');
    expectError(
      await expectNoWrites(app, () => app.gql(END, { input: { partnershipId: id, version: active.version, endedOn: '2019-01-01' } }, club5)),
      'BAD_USER_INPUT',
      'input.endedOn',
    );
    const proposal = idOf('partnership:proposed:kielce-clubs');
    const p = await get(proposal);
    expectError(
      await expectNoWrites(app, () => app.gql(END, { input: { partnershipId: proposal, version: p.version } }, staffOtherKielce)),
      'CONFLICT',
      'input.partnershipId',
    );
    expect(await get(id)).toEqual(active);

    // Ended today by default.
    const ended = data(await app.gql(END, { input: { partnershipId: id, version: active.version } }, staffOps)).endPartnership;
    expect(ended).toMatchObject({ status: 'ENDED', validTo: today });
    // Ending twice: the version moved on, and an ENDED one cannot be ended.
    expectError(await expectNoWrites(app, () => app.gql(END, { input: { partnershipId: id, version: active.version } }, club5)), 'CONFLICT', 'input.version');
    expectError(
      await expectNoWrites(app, () => app.gql(END, { input: { partnershipId: id, version: ended.version } }, club5)),
      'CONFLICT',
      'input.partnershipId',
    );
  });
});
