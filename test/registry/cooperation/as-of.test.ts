import 'reflect-metadata';
// Time travel with `asOf`: partnerships and memberships appear and disappear as dates pass, ended
// ones stay visible for the dates they were in force, and nothing of the pilot exists before June
// 2019. Expected values come from the seed plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInPoland } from '../../../src/common/dates';
import { PartnershipStatus } from '../../../src/registry/cooperation/partnership.entities';
import { keys, NATIONAL_BODY_ID, PILOT_CLUB_IDS, PLATFORM_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { idOf, pilotPlan, planMembershipsOn, planPartnershipsInForce, sorted, staffToken } from '../../support/registry-helpers';
import { allNodes, data, edgesOf } from '../../support/requests';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

const today = todayInPoland();
const dayAfter = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const PARTNERSHIPS = `query($after: String, $filter: PartnershipFilter) {
  partnerships(first: 100, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status validFrom validTo } } }
}`;
const partnershipIds = async (filter: Record<string, unknown>): Promise<string[]> =>
  sorted((await allNodes(app, PARTNERSHIPS, 'partnerships', { filter })).nodes.map((p: any) => p.id));

const CLUB_ON = `query($id: ID!, $asOf: LocalDate) { institution(id: $id) {
  partnerships(first: 50, filter: { asOf: $asOf }) { totalCount edges { node { id } } }
  partners(first: 50, asOf: $asOf) { totalCount edges { node { id } } }
  networks(asOf: $asOf) { totalCount }
  memberships(asOf: $asOf) { totalCount }
} }`;

describe('seeded history', () => {
  it('lists the partnerships in force on each date', async () => {
    for (const date of ['2019-06-01', '2019-07-15', '2019-12-31', '2020-06-30', '2021-01-01', today]) {
      const expected = sorted(planPartnershipsInForce(date).map((p) => idOf(p.key)));
      expect(await partnershipIds({ asOf: date }), date).toEqual(expected);
    }
    // Without asOf: today.
    expect(await partnershipIds({})).toEqual(sorted(planPartnershipsInForce(today).map((p) => idOf(p.key))));
  });

  it('keeps the six partnerships that ended in 2020 visible up to their last day only', async () => {
    const ended = pilotPlan().partnerships.filter((p) => p.status === PartnershipStatus.ENDED);
    expect(ended).toHaveLength(6);
    const listed = (await allNodes(app, PARTNERSHIPS, 'partnerships', { filter: { statuses: ['ENDED'] } })).nodes;
    expect(sorted(listed.map((p: any) => p.id))).toEqual(sorted(ended.map((p) => idOf(p.key))));
    const todays = new Set(await partnershipIds({}));
    for (const p of listed) {
      expect(p.validTo >= '2020-01-01' && p.validTo <= '2020-12-31', `${p.id} ended in 2020`).toBe(true);
      expect(await partnershipIds({ asOf: p.validFrom }), `first day of ${p.id}`).toContain(p.id);
      expect(await partnershipIds({ asOf: p.validTo }), `last day of ${p.id}`).toContain(p.id);
      expect(await partnershipIds({ asOf: dayAfter(p.validTo) }), `day after ${p.id}`).not.toContain(p.id);
      expect(todays.has(p.id)).toBe(false);
    }
    // Statuses with asOf: the ended ones that had already started on a date.
    const onNewYear2020 = await partnershipIds({ statuses: ['ENDED'], asOf: '2020-01-01' });
    expect(onNewYear2020).toEqual(sorted(ended.filter((p) => p.validFrom <= '2020-01-01' && p.validTo! >= '2020-01-01').map((p) => idOf(p.key))));
    expect(onNewYear2020.length).toBe(6);
  });

  it('never shows a PROPOSED partnership as in force, on any date', async () => {
    const proposed = pilotPlan()
      .partnerships.filter((p) => p.status === PartnershipStatus.PROPOSED)
      .map((p) => idOf(p.key));
    expect(proposed).toHaveLength(2);
    for (const date of ['2020-03-01', '2021-01-01', today]) {
      const ids = await partnershipIds({ asOf: date });
      for (const id of proposed) expect(ids).not.toContain(id);
    }
    expect(await partnershipIds({ statuses: ['PROPOSED'] })).toEqual(sorted(proposed));
  });

  it('shows nothing of the pilot clubs before June 2019', async () => {
    const clubs = Object.values(PILOT_CLUB_IDS).flat();
    expect(clubs).toHaveLength(32);
    for (const id of clubs) {
      const club = data(await app.gql(CLUB_ON, { id, asOf: '2019-05-31' })).institution;
      expect(club, id).toEqual({
        partnerships: { totalCount: 0, edges: [] },
        partners: { totalCount: 0, edges: [] },
        networks: { totalCount: 0 },
        memberships: { totalCount: 0 },
      });
    }
    expect(await partnershipIds({ asOf: '2019-05-31' })).toEqual([]);
    const platform = data(await app.gql(`query($id: ID!) { network(id: $id) { members(asOf: "2019-05-31") { totalCount } } }`, { id: PLATFORM_IDS['26'] }));
    expect(platform.network.members.totalCount).toBe(0);
    // The national KSR body existed already (its members joined in 2018).
    const body = data(
      await app.gql(`query($id: ID!) { network(id: $id) { members(first: 50, asOf: "2019-05-31") { totalCount } } }`, { id: NATIONAL_BODY_ID }),
    );
    expect(body.network.members.totalCount).toBe(planMembershipsOn('2019-05-31').filter((m) => m.networkKey === keys.nationalBody).length);
    expect(body.network.members.totalCount).toBeGreaterThan(10);
  });

  it("grows a club's partnerships, partners and networks as its partnerships start", async () => {
    const id = SWIETOKRZYSKIE_CLUB_IDS[0];
    const seen: number[] = [];
    for (const date of ['2019-06-01', '2019-07-01', '2019-08-01', '2019-10-01']) {
      const club = data(await app.gql(CLUB_ON, { id, asOf: date })).institution;
      const expected = planPartnershipsInForce(date).filter((p) => p.parties.some((x) => idOf(x.institutionKey) === id));
      expect(club.partnerships.totalCount, date).toBe(expected.length);
      expect(sorted(edgesOf(club.partnerships).map((p: any) => p.id))).toEqual(sorted(expected.map((p) => idOf(p.key))));
      const partners = new Set(expected.flatMap((p) => p.parties.map((x) => idOf(x.institutionKey))).filter((x) => x !== id));
      expect(new Set(edgesOf(club.partners).map((p: any) => p.id)), date).toEqual(partners);
      expect(club.networks.totalCount).toBe(3);
      seen.push(club.partnerships.totalCount);
    }
    expect(seen[0]).toBeLessThan(seen[3]);
  });

  it('grows the platform as members join', async () => {
    const counts: number[] = [];
    for (const date of ['2019-06-01', '2019-07-01', '2019-08-15', '2019-10-01', today]) {
      const res = data(
        await app.gql(
          `query($id: ID!, $asOf: LocalDate) { network(id: $id) { members(first: 100, asOf: $asOf) { totalCount edges { node { institution { id } } } } } }`,
          { id: PLATFORM_IDS['26'], asOf: date },
        ),
      );
      const expected = planMembershipsOn(date).filter((m) => m.networkKey === keys.platform('26'));
      expect(res.network.members.totalCount, date).toBe(expected.length);
      expect(sorted(edgesOf(res.network.members).map((m: any) => m.institution.id))).toEqual(sorted(expected.map((m) => idOf(m.institutionKey))));
      counts.push(expected.length);
    }
    expect(counts[0]).toBe(10);
    expect(counts[0]).toBeLessThan(counts[3]);
  });
});

describe('ending keeps history', () => {
  it('an ended partnership stays visible for the dates it was in force', async () => {
    const club = SWIETOKRZYSKIE_CLUB_IDS[2];
    const ops = idOf(keys.ops('2611011'));
    const planned = pilotPlan().partnerships.find((p) => p.key === `partnership:kis:26:3|ops:2611011`)!;
    expect(planned.status).toBe('ACTIVE');
    const id = idOf(planned.key);
    const token = await staffToken(app, club);
    const before = data(await app.gql(`query($id: ID!) { partnership(id: $id) { version status validTo } }`, { id })).partnership;
    expect(before).toEqual({ version: 1, status: 'ACTIVE', validTo: null });

    const ended = data(
      await app.gql(
        `mutation($input: EndPartnershipInput!) { endPartnership(input: $input) { id status validFrom validTo version } }`,
        { input: { partnershipId: id, version: 1, endedOn: '2021-06-30' } },
        token,
      ),
    ).endPartnership;
    expect(ended).toMatchObject({ id, status: 'ENDED', validFrom: planned.validFrom, validTo: '2021-06-30', version: 2 });

    for (const [date, visible] of [
      [planned.validFrom, true],
      ['2021-06-30', true],
      ['2021-07-01', false],
      [today, false],
    ] as const) {
      expect((await partnershipIds({ asOf: date })).includes(id), date).toBe(visible);
      const partners = data(await app.gql(CLUB_ON, { id: club, asOf: date })).institution.partners;
      expect(
        edgesOf(partners).some((p: any) => p.id === ops),
        `OPS is a partner on ${date}`,
      ).toBe(visible);
    }
    expect(await partnershipIds({ statuses: ['ENDED'] })).toContain(id);
  });

  it('an ended membership stays visible for the dates it was in force', async () => {
    const club = SWIETOKRZYSKIE_CLUB_IDS[3];
    const membership = idOf(`membership:${keys.platform('26').replace('network:', '')}|${keys.club('26', 4).replace('institution:', '')}`);
    const found = data(
      await app.gql(
        `query($id: ID!) { institution(id: $id) { memberships(kinds: [REGIONAL_COOPERATION_PLATFORM]) { edges { node { id version joinedOn leftOn } } } } }`,
        { id: club },
      ),
    );
    expect(found.institution.memberships.edges[0].node).toEqual({ id: membership, version: 1, joinedOn: '2019-06-01', leftOn: null });

    const ended = data(
      await app.gql(
        `mutation($input: EndMembershipInput!) { endMembership(input: $input) { id leftOn version } }`,
        { input: { membershipId: membership, version: 1, leftOn: '2022-03-31' } },
        await staffToken(app, idOf(keys.rops('26'))),
      ),
    ).endMembership;
    expect(ended).toEqual({ id: membership, leftOn: '2022-03-31', version: 2 });

    const membersOn = async (date: string): Promise<string[]> =>
      edgesOf(
        data(
          await app.gql(
            `query($id: ID!, $asOf: LocalDate) { network(id: $id) { members(first: 100, asOf: $asOf) { edges { node { institution { id } } } } } }`,
            { id: PLATFORM_IDS['26'], asOf: date },
          ),
        ).network.members,
      ).map((m: any) => m.institution.id);
    expect(await membersOn('2019-06-01')).toContain(club);
    expect(await membersOn('2022-03-31')).toContain(club);
    expect(await membersOn('2022-04-01')).not.toContain(club);
    expect(await membersOn(today)).not.toContain(club);
    const networksOn = async (date: string) => data(await app.gql(CLUB_ON, { id: club, asOf: date })).institution.networks.totalCount;
    expect(await networksOn('2022-03-31')).toBe(3);
    expect(await networksOn(today)).toBe(2);
  });
});
