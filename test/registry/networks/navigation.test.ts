import 'reflect-metadata';
// The one-request navigation a regional dashboard makes: voivodeship → platform → members →
// institution → partnerships → parties → institution → networks, and → partners filtered by sector
// and area, with the voivodeship's counts by type and sector. Every expected value is derived from
// the seed plan, not from the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInPoland } from '../../../src/common/dates';
import { keys, PLATFORM_IDS, ROPS_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { NAVIGATION } from '../../support/navigation-query';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { idOf, pilotPlan, planInstitution, planMembershipsOn, planPartnershipsInForce, sorted } from '../../support/registry-helpers';
import { data, edgesOf } from '../../support/requests';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

/** domain.md §2: the sector of each institution type that occurs in świętokrzyskie. */
const SECTOR: Record<string, string> = {
  KIS: 'SOCIAL_EMPLOYMENT',
  OPS: 'SOCIAL_ASSISTANCE',
  ROPS: 'SOCIAL_ASSISTANCE',
  PUP: 'LABOUR_MARKET',
  WUP: 'LABOUR_MARKET',
  NGO: 'NON_GOVERNMENTAL',
  CULTURAL_INSTITUTION: 'CULTURE',
  SPORT_ORGANISATION: 'SPORT_RECREATION',
  SCHOOL: 'EDUCATION',
  TRAINING_INSTITUTION: 'EDUCATION',
  HEALTH_PROVIDER: 'HEALTH',
  ADDICTION_THERAPY: 'HEALTH',
  GKRPA: 'HEALTH_PREVENTION',
};

const PARTNER_SECTORS = ['CULTURE', 'SPORT_RECREATION'];
const PARTNER_AREAS = ['CULTURE', 'SPORT_RECREATION', 'EDUCATION'];

describe('the one-request navigation of świętokrzyskie', () => {
  let res: any;
  let statements = 0;
  const today = todayInPoland();

  beforeAll(async () => {
    statements = await app.countStatements(async () => {
      res = data(await app.gql(NAVIGATION, { code: '26', partnerSectors: PARTNER_SECTORS, partnerAreas: PARTNER_AREAS }));
    });
  });

  it('answers in one request with a bounded number of SQL statements', () => {
    expect(res.voivodeship).toMatchObject({ code: '26', name: 'świętokrzyskie' });
    // Hundreds of rows come back; a per-row query would need hundreds of statements.
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThanOrEqual(20);
  });

  it('reaches the regional cooperation platform and its members on today', () => {
    const platform = res.voivodeship.platform;
    expect(platform).toMatchObject({ id: PLATFORM_IDS['26'], kind: 'REGIONAL_COOPERATION_PLATFORM' });
    const expected = planMembershipsOn(today).filter((m) => m.networkKey === keys.platform('26'));
    expect(platform.members.totalCount).toBe(expected.length);
    const members = edgesOf(platform.members);
    expect(members).toHaveLength(expected.length);
    expect(sorted(members.map((m: any) => m.institution.id))).toEqual(sorted(expected.map((m) => idOf(m.institutionKey))));
    // The ROPS coordinates the platform; the nine clubs and their area partners are members.
    const byInstitution = new Map(members.map((m: any) => [m.institution.id, m]));
    expect(byInstitution.get(ROPS_IDS['26'])).toMatchObject({ role: 'COORDINATOR', joinedOn: '2019-06-01' });
    for (const club of SWIETOKRZYSKIE_CLUB_IDS) expect(byInstitution.get(club)).toMatchObject({ role: 'MEMBER', joinedOn: '2019-06-01' });
  });

  it("lists each member's partnerships in force today, with their parties, the lead first", () => {
    const inForce = planPartnershipsInForce(today);
    for (const member of edgesOf(res.voivodeship.platform.members)) {
      const institution = member.institution;
      expect(institution.sector).toBe(SECTOR[institution.type]);
      const planned = inForce.filter((p) => p.parties.some((party) => idOf(party.institutionKey) === institution.id));
      expect(institution.partnerships.totalCount, institution.name).toBe(planned.length);
      for (const p of edgesOf(institution.partnerships)) {
        const plan = planned.find((x) => idOf(x.key) === p.id);
        expect(plan, `${institution.name}: partnership ${p.id} is in force`).toBeDefined();
        expect(p).toMatchObject({ status: 'ACTIVE', kind: plan!.kind, validFrom: plan!.validFrom });
        expect(sorted(p.areas)).toEqual(sorted(plan!.areas));
        expect(p.parties.map((x: any) => x.institution.id)).toContain(institution.id);
        expect(sorted(p.parties.map((x: any) => x.institution.id))).toEqual(sorted(plan!.parties.map((x) => idOf(x.institutionKey))));
        expect(p.parties[0].role).toBe('LEAD');
        expect(p.parties.slice(1).every((x: any) => x.role === 'PARTNER')).toBe(true);
        expect(p.parties.every((x: any) => typeof x.confirmedAt === 'string')).toBe(true);
      }
    }
  });

  it("shows every party's networks on today", () => {
    const memberships = planMembershipsOn(today);
    let checked = 0;
    for (const member of edgesOf(res.voivodeship.platform.members)) {
      for (const p of edgesOf(member.institution.partnerships)) {
        for (const party of p.parties) {
          const expected = new Set(memberships.filter((m) => idOf(m.institutionKey) === party.institution.id).map((m) => idOf(m.networkKey)));
          expect(party.institution.networks.totalCount, party.institution.name).toBe(expected.size);
          expect(new Set(edgesOf(party.institution.networks).map((n: any) => n.id))).toEqual(expected);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    // A club is in its LSR (which it coordinates), the RSR and the platform.
    const club = edgesOf(res.voivodeship.platform.members).find((m: any) => m.institution.id === SWIETOKRZYSKIE_CLUB_IDS[0]).institution;
    const party = edgesOf(club.partnerships)[0].parties.find((x: any) => x.institution.id === club.id);
    expect(sorted(edgesOf(party.institution.networks).map((n: any) => n.kind))).toEqual([
      'LOCAL_REINTEGRATION_NETWORK',
      'REGIONAL_COOPERATION_PLATFORM',
      'REGIONAL_REINTEGRATION_NETWORK',
    ]);
  });

  it('lists partners filtered by sector and area of cooperation', () => {
    const inForce = planPartnershipsInForce(today);
    let clubsWithPartners = 0;
    for (const member of edgesOf(res.voivodeship.platform.members)) {
      const id = member.institution.id;
      const expected = new Set<string>();
      for (const p of inForce) {
        if (!p.parties.some((x) => idOf(x.institutionKey) === id) || !p.areas.some((a) => PARTNER_AREAS.includes(a))) continue;
        for (const other of p.parties) {
          const otherId = idOf(other.institutionKey);
          if (otherId !== id && PARTNER_SECTORS.includes(SECTOR[planInstitution(otherId).type])) expected.add(otherId);
        }
      }
      const partners = edgesOf(member.institution.partners);
      expect(member.institution.partners.totalCount, member.institution.name).toBe(expected.size);
      expect(new Set(partners.map((p: any) => p.id))).toEqual(expected);
      expect(partners.every((p: any) => PARTNER_SECTORS.includes(p.sector))).toBe(true);
      if (member.institution.type === 'KIS' && expected.size > 0) clubsWithPartners += 1;
    }
    expect(clubsWithPartners).toBeGreaterThan(5);
  });

  it("counts the voivodeship's institutions by type and by sector", () => {
    const planned = pilotPlan().institutions.filter((i) => i.municipality?.startsWith('26'));
    const byType = new Map<string, number>();
    for (const i of planned) byType.set(i.type, (byType.get(i.type) ?? 0) + 1);
    const counts = res.voivodeship.institutionCounts;
    expect(counts.total).toBe(planned.length);
    expect(new Map(counts.byType.map((t: any) => [t.type, t.count]))).toEqual(byType);
    for (const t of counts.byType) expect(t.sector).toBe(SECTOR[t.type]);
    expect(counts.byType.find((t: any) => t.type === 'KIS').count).toBe(9);
    expect(counts.byType.find((t: any) => t.type === 'ROPS').count).toBe(1);
    const bySector = new Map<string, number>();
    for (const [type, n] of byType) bySector.set(SECTOR[type], (bySector.get(SECTOR[type]) ?? 0) + n);
    expect(new Map(counts.bySector.map((s: any) => [s.sector, s.count]))).toEqual(bySector);
    expect(counts.bySector.reduce((sum: number, s: any) => sum + s.count, 0)).toBe(counts.total);
  });

  it('gives the same counts as the filtered institution list', async () => {
    const types = res.voivodeship.institutionCounts.byType.map((t: any) => t.type as string);
    const query = `{ ${types.map((t: string) => `${t}: institutions(filter: { voivodeship: "26", types: [${t}] }) { totalCount }`).join(' ')}
      culture: institutions(filter: { voivodeship: "26", sectors: [CULTURE] }) { totalCount } }`;
    const lists = data(await app.gql(query));
    for (const t of res.voivodeship.institutionCounts.byType) expect(lists[t.type].totalCount, t.type).toBe(t.count);
    expect(lists.culture.totalCount).toBe(res.voivodeship.institutionCounts.bySector.find((s: any) => s.sector === 'CULTURE').count);
  });
});
