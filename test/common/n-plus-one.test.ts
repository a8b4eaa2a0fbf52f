import 'reflect-metadata';
// The N+1 guard: the one-request navigation costs the same number of SQL statements whatever the
// amount of data behind it. It runs on the seeded database, then on one with many more platform
// members, partnerships per member and networks, and the statement counts must be identical.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ref } from '@mikro-orm/core';
import { Partnership, PartnershipKind, PartnershipParty, PartnershipStatus, PartyRole } from '../../src/registry/cooperation/partnership.entities';
import { FundingSource, FundingSourceKind } from '../../src/registry/funding/funding.entities';
import { ActivityField, InstitutionType } from '../../src/registry/institutions/institution-kinds';
import { Institution } from '../../src/registry/institutions/institution.entities';
import { Membership, MembershipRole, Network, NetworkKind } from '../../src/registry/networks/network.entities';
import { Municipality, Voivodeship } from '../../src/registry/places/place.entities';
import { PLATFORM_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../seeds/pilot/ids';
import { NAVIGATION } from '../support/navigation-query';
import { startRegistryApp, type TestApp } from '../support/registry-app';
import { data, edgesOf } from '../support/requests';

let app: TestApp;
beforeAll(async () => {
  // Every relation in one operation requests far more than any real query: the cost maximum is not what is tested here.
  app = await startRegistryApp({ env: { MAX_QUERY_COST: '100000000', BUDGETS: 'false' } });
});
afterAll(() => app?.close());

const VARIABLES = { code: '26', partnerSectors: ['CULTURE', 'SPORT_RECREATION'], partnerAreas: ['CULTURE', 'SPORT_RECREATION', 'EDUCATION'] };

/** Rows of the navigation response, per level. */
function sizeOf(res: any) {
  const members = res.voivodeship.platform.members.edges.map((e: any) => e.node.institution);
  const partnerships = members.flatMap((m: any) => edgesOf(m.partnerships));
  const parties = partnerships.flatMap((p: any) => p.parties);
  return {
    members: members.length,
    partnerships: partnerships.length,
    parties: parties.length,
    networks: parties.reduce((n: number, p: any) => n + p.institution.networks.edges.length, 0),
    partners: members.reduce((n: number, m: any) => n + m.partners.edges.length, 0),
  };
}

/** Every relation and count of the institutions of a voivodeship, one page of up to 100. */
const EVERY_RELATION = `{ institutions(first: 100, filter: { voivodeship: "26" }) { totalCount edges { node {
  name sector
  municipality { name county { name } voivodeship { name } } county { name } voivodeship { name }
  founder { name founder { name } }
  operatedInstitutions { totalCount edges { node { name } } }
  grants { amount programme { code parent { code } } club { name } recipient { name } }
  fundingSources { year source amount }
  memberships(first: 50) { totalCount edges { node { role joinedOn network { name kind parent { name } voivodeship { name } } } } }
  networks(first: 50) { totalCount edges { node { name children { totalCount } meetings { totalCount edges { node { date attendees { name } } } } } } }
} } } }`;

async function everyRelation(): Promise<{ statements: number; bytes: number }> {
  let res: any;
  const statements = await app.countStatements(async () => {
    res = data(await app.gql(EVERY_RELATION));
  });
  return { statements, bytes: JSON.stringify(res).length };
}

async function navigate(): Promise<{ statements: number; size: ReturnType<typeof sizeOf> }> {
  let res: any;
  const statements = await app.countStatements(async () => {
    res = data(await app.gql(NAVIGATION, VARIABLES));
  });
  return { statements, size: sizeOf(res) };
}

/** 30 more platform members, each with 3 partnerships (with clubs and each other) and 2 more networks. */
async function growData(): Promise<void> {
  const em = app.db.orm.em.fork();
  const platform = em.getReference(Network, PLATFORM_IDS['26'], { wrapped: true });
  const seats = ['2604123', '2604062', '2661011', '2610053', '2611011', '2612073'];
  const types = [
    InstitutionType.CULTURAL_INSTITUTION,
    InstitutionType.SPORT_ORGANISATION,
    InstitutionType.SCHOOL,
    InstitutionType.EMPLOYER,
    InstitutionType.NGO,
  ];
  const areas = [ActivityField.CULTURE, ActivityField.SPORT_RECREATION, ActivityField.EDUCATION, ActivityField.VOCATIONAL_ACTIVATION];
  const extraNetworks = Array.from({ length: 5 }, (_, i) =>
    em.create(Network, {
      kind: NetworkKind.LOCAL_REINTEGRATION_NETWORK,
      name: `Lokalna Sieć Reintegracji testowa ${i + 1}`,
      voivodeship: em.getReference(Voivodeship, '26', { wrapped: true }),
    }),
  );
  const added: Institution[] = [];
  for (let i = 0; i < 30; i++) {
    const institution = em.create(Institution, {
      type: types[i % types.length],
      name: `Instytucja testowa N+1 nr ${String(i + 1).padStart(2, '0')}`,
      municipality: em.getReference(Municipality, seats[i % seats.length], { wrapped: true }),
      fields: [areas[i % areas.length]],
    });
    added.push(institution);
    if (i % 3 === 0) institution.founder = ref(added[0]);
    em.create(FundingSource, { institution, year: 2021, source: FundingSourceKind.MUNICIPALITY, amount: `${1000 + i}.50` });
    em.create(FundingSource, { institution, year: 2022, source: FundingSourceKind.STATE_BUDGET, amount: `${2000 + i}.00` });
    em.create(Membership, { network: platform, institution, role: MembershipRole.MEMBER, joinedOn: '2020-01-01' });
    for (const network of [extraNetworks[i % 5], extraNetworks[(i + 1) % 5]]) {
      em.create(Membership, { network, institution, role: MembershipRole.MEMBER, joinedOn: '2020-01-01' });
    }
  }
  // Clubs join the new networks too, so parties' network lists grow.
  for (const [i, club] of SWIETOKRZYSKIE_CLUB_IDS.entries()) {
    em.create(Membership, {
      network: extraNetworks[i % 5],
      institution: em.getReference(Institution, club, { wrapped: true }),
      role: MembershipRole.OBSERVER,
      joinedOn: '2020-01-01',
    });
  }
  added.forEach((institution, i) => {
    const others = [
      em.getReference(Institution, SWIETOKRZYSKIE_CLUB_IDS[i % 9], { wrapped: true }),
      em.getReference(Institution, SWIETOKRZYSKIE_CLUB_IDS[(i + 4) % 9], { wrapped: true }),
      ref(added[(i + 1) % added.length]),
    ];
    others.forEach((other, k) => {
      const partnership = em.create(Partnership, {
        kind: PartnershipKind.LETTER_OF_INTENT,
        areas: [areas[(i + k) % areas.length]],
        status: PartnershipStatus.ACTIVE,
        validFrom: '2020-02-01',
        proposedBy: other,
      });
      em.create(PartnershipParty, { partnership, institution: other, role: PartyRole.LEAD, confirmedAt: new Date('2020-01-20T10:00:00Z') });
      em.create(PartnershipParty, { partnership, institution: ref(institution), role: PartyRole.PARTNER, confirmedAt: new Date('2020-01-25T10:00:00Z') });
    });
  });
  await em.flush();
}

describe('N+1 guard', () => {
  it('runs the navigation query with the same number of SQL statements on much more data', async () => {
    const small = await navigate();
    const relationsBefore = await everyRelation();
    // Deterministic: the same query on the same data costs the same.
    expect((await navigate()).statements).toBe(small.statements);
    expect(small.size.members).toBeGreaterThan(30);

    await growData();

    const large = await navigate();
    // The response really grew at every level...
    expect(large.size.members).toBe(small.size.members + 30);
    expect(large.size.partnerships).toBeGreaterThan(small.size.partnerships + 60);
    expect(large.size.parties).toBeGreaterThan(small.size.parties + 120);
    expect(large.size.networks).toBeGreaterThan(small.size.networks + 100);
    expect(large.size.partners).toBeGreaterThan(small.size.partners + 20);
    // ...but not the number of statements.
    expect(large.statements).toBe(small.statements);
    expect((await navigate()).statements).toBe(small.statements);

    // Every other relation and count of an institution is batched too.
    const relationsAfter = await everyRelation();
    expect(relationsAfter.bytes).toBeGreaterThan(relationsBefore.bytes * 1.3);
    expect(relationsAfter.statements).toBe(relationsBefore.statements);
  });
});
