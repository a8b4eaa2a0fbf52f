import 'reflect-metadata';
// Grants (admin only, club-creation grants capped at PLN 60,600.00 under the KSR project) and
// yearly funding sources (an institution's own staff). Money is exact: compared as strings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KSR_PROGRAMME_ID, MEASURE_2_5_ID, PESTKA_ID, POWER_PROGRAMME_ID, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, coordinatorToken, expectError, expectNoWrites, researcherToken, staffToken } from '../../support/registry-helpers';
import { data } from '../../support/requests';

const CLUB = SWIETOKRZYSKIE_CLUB_IDS;
const UNKNOWN = '01900000-0000-7000-8000-000000000000';

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startRegistryApp();
  admin = await adminToken(app);
});
afterAll(() => app?.close());

const GRANT = `mutation($input: RecordGrantInput!) { recordGrant(input: $input) { id purpose amount awardedOn synthetic programme { id } recipient { id } club { id } } }`;
const SET = `mutation($input: SetFundingSourceInput!) { setFundingSource(input: $input) { id year source amount synthetic } }`;
const grantsOf = async (id: string) =>
  data(await app.gql(`query($id: ID!) { institution(id: $id) { grants { id purpose amount awardedOn club { id } } } }`, { id })).institution.grants;
const sourcesOf = async (id: string, year?: number) =>
  data(await app.gql(`query($id: ID!, $year: Int) { institution(id: $id) { fundingSources(year: $year) { id year source amount } } }`, { id, year }))
    .institution.fundingSources;

describe('recordGrant', () => {
  const creation = { programmeId: KSR_PROGRAMME_ID, recipientId: PESTKA_ID, clubId: CLUB[6], purpose: 'CLUB_CREATION', awardedOn: '2019-05-20' };

  it('accepts a club-creation grant of exactly the cap, 60600.00', async () => {
    const before = await grantsOf(PESTKA_ID);
    const grant = data(await app.gql(GRANT, { input: { ...creation, amount: '60600.00' } }, admin)).recordGrant;
    expect(grant).toMatchObject({
      purpose: 'CLUB_CREATION',
      amount: '60600.00',
      awardedOn: '2019-05-20',
      synthetic: false,
      programme: { id: KSR_PROGRAMME_ID },
      recipient: { id: PESTKA_ID },
      club: { id: CLUB[6] },
    });
    const after = await grantsOf(PESTKA_ID);
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((g: any) => g.id === grant.id)).toEqual({
      id: grant.id,
      purpose: 'CLUB_CREATION',
      amount: '60600.00',
      awardedOn: '2019-05-20',
      club: { id: CLUB[6] },
    });
    // Listed under the project and the programmes above it.
    for (const programmeId of [KSR_PROGRAMME_ID, MEASURE_2_5_ID, POWER_PROGRAMME_ID]) {
      const listed = data(
        await app.gql(`query($p: ID) { grants(first: 100, filter: { programmeId: $p }) { totalCount edges { node { id } } } }`, { p: programmeId }),
      ).grants;
      expect(listed.totalCount).toBe(33);
      expect(listed.edges.map((e: any) => e.node.id)).toContain(grant.id);
    }
  });

  it('normalises amounts to two decimal places', async () => {
    const grant = data(await app.gql(GRANT, { input: { ...creation, clubId: CLUB[7], amount: '60600' } }, admin)).recordGrant;
    expect(grant.amount).toBe('60600.00');
    const small = data(await app.gql(GRANT, { input: { ...creation, purpose: 'OTHER', clubId: null, amount: '0.5' } }, admin)).recordGrant;
    expect(small.amount).toBe('0.50');
  });

  it('refuses a club-creation grant over the cap with BAD_USER_INPUT on input.amount, writing nothing', async () => {
    for (const amount of ['60600.01', '60601', '70000.00', '999999999999.99']) {
      const error = expectError(await expectNoWrites(app, () => app.gql(GRANT, { input: { ...creation, amount } }, admin)), 'BAD_USER_INPUT', 'input.amount');
      expect(error.message).toContain('60600.00');
    }
  });

  it('applies the cap only to club creation under the KSR project', async () => {
    const operating = data(await app.gql(GRANT, { input: { ...creation, purpose: 'OPERATING_COSTS', amount: '120000.00' } }, admin)).recordGrant;
    expect(operating.amount).toBe('120000.00');
    // Measure 2.5 itself sets no cap.
    const measure = data(
      await app.gql(GRANT, { input: { ...creation, programmeId: MEASURE_2_5_ID, amount: '75000.00', awardedOn: '2021-03-01' } }, admin),
    ).recordGrant;
    expect(measure).toMatchObject({ amount: '75000.00', programme: { id: MEASURE_2_5_ID } });
  });

  it('refuses bad amounts, dates outside the project and unknown references', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ amount: '0.00' }, 'BAD_USER_INPUT', 'input.amount'],
      [{ awardedOn: '2017-12-31' }, 'BAD_USER_INPUT', 'input.awardedOn'],
      [{ awardedOn: '2020-01-01' }, 'BAD_USER_INPUT', 'input.awardedOn'],
      [{ programmeId: UNKNOWN }, 'NOT_FOUND', 'input.programmeId'],
      [{ recipientId: UNKNOWN }, 'NOT_FOUND', 'input.recipientId'],
      [{ clubId: UNKNOWN }, 'NOT_FOUND', 'input.clubId'],
      [{ recipientId: 'pestka' }, 'BAD_USER_INPUT', 'input.recipientId'],
    ];
    for (const [patch, code, field] of cases) {
      expectError(await expectNoWrites(app, () => app.gql(GRANT, { input: { ...creation, amount: '50000.00', ...patch } }, admin)), code, field);
    }
    // Not money at all: refused before anything runs.
    for (const amount of ['-1.00', '1.001', '1e5', '60 600,00']) {
      expectError(await expectNoWrites(app, () => app.gql(GRANT, { input: { ...creation, amount } }, admin)), 'BAD_USER_INPUT');
    }
  });

  it('refuses everyone but an admin', async () => {
    const input = { ...creation, amount: '50000.00' };
    expectError(await expectNoWrites(app, () => app.gql(GRANT, { input })), 'UNAUTHENTICATED');
    for (const token of [await staffToken(app, PESTKA_ID), await coordinatorToken(app, '26'), await researcherToken(app)]) {
      expectError(await expectNoWrites(app, () => app.gql(GRANT, { input }, token)), 'FORBIDDEN');
    }
  });
});

describe('setFundingSource', () => {
  it("lets an institution's own staff record a source, and replace it for the same year and source", async () => {
    const token = await staffToken(app, CLUB[0]);
    const seeded = await sourcesOf(CLUB[0]);
    // By year, then source.
    expect(seeded.map((s: any) => s.year)).toEqual([2019, 2019, 2020, 2020]);
    expect(seeded.map((s: any) => `${s.year}:${s.source}`).sort()).toEqual(['2019:EU_FUNDS', '2019:MUNICIPALITY', '2020:MUNICIPALITY', '2020:STATE_BUDGET']);

    const first = data(
      await app.gql(SET, { input: { institutionId: CLUB[0], year: 2021, source: 'LABOUR_FUND', amount: '18250.40' } }, token),
    ).setFundingSource;
    expect(first).toMatchObject({ year: 2021, source: 'LABOUR_FUND', amount: '18250.40', synthetic: false });
    const replaced = data(
      await app.gql(SET, { input: { institutionId: CLUB[0], year: 2021, source: 'LABOUR_FUND', amount: '19000' } }, token),
    ).setFundingSource;
    expect(replaced).toMatchObject({ id: first.id, amount: '19000.00' });

    const after = await sourcesOf(CLUB[0]);
    expect(after).toHaveLength(seeded.length + 1);
    expect(await sourcesOf(CLUB[0], 2021)).toEqual([{ id: first.id, year: 2021, source: 'LABOUR_FUND', amount: '19000.00' }]);
    // An admin may do it too, replacing a seeded stand-in.
    const seeded2020 = seeded.find((s: any) => s.year === 2020 && s.source === 'STATE_BUDGET');
    const byAdmin = data(
      await app.gql(SET, { input: { institutionId: CLUB[0], year: 2020, source: 'STATE_BUDGET', amount: '31000.00' } }, admin),
    ).setFundingSource;
    expect(byAdmin).toMatchObject({ id: seeded2020.id, amount: '31000.00' });
  });

  it('refuses staff of another institution, a regional coordinator, anonymous callers and bad input, writing nothing', async () => {
    const input = { institutionId: CLUB[1], year: 2021, source: 'MUNICIPALITY', amount: '5000.00' };
    expectError(await expectNoWrites(app, () => app.gql(SET, { input })), 'UNAUTHENTICATED');
    // Not even the founder's staff, nor the region's coordinator.
    for (const token of [await staffToken(app, CLUB[0]), await staffToken(app, PESTKA_ID), await coordinatorToken(app, '26'), await researcherToken(app)]) {
      expectError(await expectNoWrites(app, () => app.gql(SET, { input }, token)), 'FORBIDDEN');
    }
    const own = await staffToken(app, CLUB[1]);
    expectError(await expectNoWrites(app, () => app.gql(SET, { input: { ...input, year: 1989 } }, own)), 'BAD_USER_INPUT', 'input.year');
    expectError(await expectNoWrites(app, () => app.gql(SET, { input: { ...input, year: 2101 } }, own)), 'BAD_USER_INPUT', 'input.year');
    expectError(await expectNoWrites(app, () => app.gql(SET, { input: { ...input, amount: '12.345' } }, own)), 'BAD_USER_INPUT');
    expectError(await expectNoWrites(app, () => app.gql(SET, { input: { ...input, institutionId: UNKNOWN } }, admin)), 'NOT_FOUND', 'input.institutionId');
    expect(await sourcesOf(CLUB[1], 2021)).toEqual([]);
  });
});
