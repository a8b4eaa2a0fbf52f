import 'reflect-metadata';
// "No duplicate" rules hold under concurrency: 20 identical requests sent at once create exactly
// one record; the others are refused as CONFLICT with the rule in words, never as an internal error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROPS_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, sql, staffToken } from '../../support/registry-helpers';
import { data } from '../../support/requests';

const CLUB = SWIETOKRZYSKIE_CLUB_IDS;
const ROPS = ROPS_IDS['26'];
const N = 20;

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startRegistryApp();
  admin = await adminToken(app);
});
afterAll(() => app?.close());

/** Sends the same request N times at once; returns each answer's error code (or 'OK'). */
async function burst(query: string, variables: Record<string, unknown>, token: string) {
  const answers = await Promise.all(Array.from({ length: N }, () => app.gql(query, variables, token)));
  return { answers, codes: answers.map((a) => (a.errors?.length ? String(a.errors[0].extensions?.code) : 'OK')) };
}
const count = (codes: string[], code: string) => codes.filter((c) => c === code).length;

describe('20 identical parallel requests', () => {
  it(`proposePartnership: exactly 1 partnership, ${N - 1} CONFLICT`, async () => {
    const token = await staffToken(app, CLUB[3]);
    const note = 'parallel proposal';
    const { answers, codes } = await burst(
      `mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { id } }`,
      { input: { proposerId: CLUB[3], partnerIds: [ROPS], kind: 'INFORMAL', areas: ['COUNSELLING'], validFrom: '2030-01-01', note, dataSharing: false } },
      token,
    );
    expect(count(codes, 'OK')).toBe(1);
    expect(count(codes, 'CONFLICT')).toBe(N - 1);
    for (const a of answers.filter((x) => x.errors)) {
      expect(a.errors![0].extensions?.field).toBe('input.partnerIds');
      expect(a.errors![0].message).toMatch(/already have a proposed or active partnership/);
    }
    expect(await sql(app, 'select count(*)::int as n from partnership where note = ?', [note])).toEqual([{ n: 1 }]);
  });

  it('proposePartnership of the same parties listed in another order: still one', async () => {
    const token = admin;
    const variables = (proposer: string, partner: string) => ({
      input: {
        proposerId: proposer,
        partnerIds: [partner],
        kind: 'INFORMAL',
        areas: ['COUNSELLING'],
        validFrom: '2031-06-01',
        validTo: '2031-12-31',
        note: 'either side',
        dataSharing: false,
      },
    });
    const query = `mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { id } }`;
    const answers = await Promise.all(Array.from({ length: N }, (_, i) => app.gql(query, i % 2 ? variables(CLUB[5], ROPS) : variables(ROPS, CLUB[5]), token)));
    const codes = answers.map((a) => (a.errors?.length ? String(a.errors[0].extensions?.code) : 'OK'));
    expect(count(codes, 'OK')).toBe(1);
    expect(count(codes, 'CONFLICT')).toBe(N - 1);
    expect(await sql(app, 'select count(*)::int as n from partnership where note = ?', ['either side'])).toEqual([{ n: 1 }]);
  });

  it(`addMembership: exactly 1 membership, ${N - 1} CONFLICT`, async () => {
    const network = data(await app.gql(`mutation { createNetwork(input: { kind: CONVENTION, name: "Porozumienie testowe" }) { id } }`, {}, admin)).createNetwork
      .id as string;
    const { answers, codes } = await burst(
      `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id } }`,
      { input: { networkId: network, institutionId: CLUB[3], role: 'MEMBER', joinedOn: '2024-01-01' } },
      admin,
    );
    expect(count(codes, 'OK')).toBe(1);
    expect(count(codes, 'CONFLICT')).toBe(N - 1);
    for (const a of answers.filter((x) => x.errors)) {
      expect(a.errors![0].extensions?.field).toBe('input.institutionId');
      expect(a.errors![0].message).toMatch(/already a member of this network/);
    }
    expect(await sql(app, 'select count(*)::int as n from membership where network_id = ?', [network])).toEqual([{ n: 1 }]);
    // The rule itself, one request at a time: an overlapping one is refused, one after the first has ended is accepted.
    const add = (joinedOn: string) =>
      app.gql(
        `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id version } }`,
        { input: { networkId: network, institutionId: CLUB[3], role: 'MEMBER', joinedOn } },
        admin,
      );
    expect((await add('2020-01-01')).errors?.[0].extensions?.code).toBe('CONFLICT');
    const [m] = await sql<{ id: string; version: number }>(app, 'select id, version from membership where network_id = ?', [network]);
    data(
      await app.gql(
        `mutation($input: EndMembershipInput!) { endMembership(input: $input) { id } }`,
        { input: { membershipId: m.id, version: m.version, leftOn: '2024-06-30' } },
        admin,
      ),
    );
    expect((await add('2024-06-30')).errors?.[0].extensions?.code).toBe('CONFLICT');
    expect((await add('2024-07-01')).errors).toBeUndefined();
  });

  it('setFundingSource: every request succeeds and one row remains', async () => {
    const token = await staffToken(app, CLUB[3]);
    const { codes } = await burst(
      `mutation($input: SetFundingSourceInput!) { setFundingSource(input: $input) { id amount } }`,
      { input: { institutionId: CLUB[3], year: 2029, source: 'MUNICIPALITY', amount: '1234.50' } },
      token,
    );
    expect(count(codes, 'OK')).toBe(N);
    expect(
      await sql(
        app,
        `select count(*)::int as n, min(amount)::text as amount from funding_source where institution_id = ? and year = 2029 and source = 'MUNICIPALITY'`,
        [CLUB[3]],
      ),
    ).toEqual([{ n: 1, amount: '1234.50' }]);
  });
});
