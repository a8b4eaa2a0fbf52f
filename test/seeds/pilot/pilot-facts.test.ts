import 'reflect-metadata';
// The pilot facts of the source documents (domain.md §3–§4), read through the API as a dashboard
// would. Expected values are written out from domain.md, not taken from the seed code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CIS_CONVENTION_ID,
  IPISS_ID,
  KIS_CONVENTION_ID,
  KSR_PROGRAMME_ID,
  MINISTRY_ID,
  NATIONAL_BODY_ID,
  OSAR_ID,
  PESTKA_ID,
  PILOT_CLUB_IDS,
  ROPS_IDS,
  SWIETOKRZYSKIE_CLUB_IDS,
} from '../../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { grosze, pilotPlan, sorted } from '../../support/registry-helpers';
import { allNodes, data, edgesOf } from '../../support/requests';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

/** domain.md §4, the table of the nine świętokrzyskie clubs, in its order. */
const NINE_CLUBS = [
  {
    founder: 'Fundacja Możesz Więcej',
    street: 'Bilcza, ul. Jeżynowa 30',
    postalCode: '26-026',
    locality: 'Morawica',
    teryt: '2604123',
    municipality: 'Morawica',
    registeredOn: '2019-06-04',
  },
  {
    founder: 'Stowarzyszenie PROREW',
    street: 'ul. Gimnazjalna 1',
    postalCode: '26-052',
    locality: 'Nowiny',
    teryt: '2604172',
    municipality: 'Nowiny',
    registeredOn: '2019-06-04',
  },
  {
    founder: 'Stowarzyszenie Homo Politicus',
    street: 'ul. Radomska 21',
    postalCode: '27-200',
    locality: 'Starachowice',
    teryt: '2611011',
    municipality: 'Starachowice',
    registeredOn: '2019-06-05',
  },
  {
    founder: 'Stowarzyszenie Aktywności Lokalnej „Dolina Kacanki”',
    street: 'Wiązownica-Kolonia 90',
    postalCode: '28-200',
    locality: 'Staszów',
    teryt: '2612073',
    municipality: 'Staszów',
    registeredOn: '2019-05-30',
  },
  {
    founder: 'Fundacja „Nadzieja Rodzinie” Chmielnik',
    street: 'ul. Witosa 4',
    postalCode: '26-020',
    locality: 'Chmielnik',
    teryt: '2604043',
    municipality: 'Chmielnik',
    registeredOn: '2019-06-18',
  },
  {
    founder: 'Stowarzyszenie „Nadzieja Rodzinie”',
    street: 'ul. Kołłątaja 4',
    postalCode: '25-715',
    locality: 'Kielce',
    teryt: '2661011',
    municipality: 'Kielce',
    registeredOn: '2019-06-18',
  },
  {
    founder: 'Fundacja Pestka',
    street: 'Wiejski Dom Kultury, Mostki 1',
    postalCode: '26-130',
    locality: 'Suchedniów',
    teryt: '2610053',
    municipality: 'Suchedniów',
    registeredOn: '2019-06-04',
  },
  {
    founder: 'Fundacja Pestka',
    street: 'ul. Targowa 18 pok. 916',
    postalCode: '25-520',
    locality: 'Kielce',
    teryt: '2661011',
    municipality: 'Kielce',
    registeredOn: '2019-06-04',
  },
  {
    founder: 'Fundacja Pestka',
    street: 'Bęczków 193',
    postalCode: '26-008',
    locality: 'Górno',
    teryt: '2604062',
    municipality: 'Górno',
    registeredOn: '2019-06-04',
  },
];

const CLUB_FIELDS = `id name type sector pilot synthetic status street postalCode locality createdOn activityStartedOn registeredOn
  municipality { code name } county { code } voivodeship { code name } founder { id name type synthetic }`;

describe('the nine świętokrzyskie clubs', () => {
  it('are exactly the nine clubs of the source table, with their founders, seats and dates', async () => {
    const res = data(await app.gql(`{ institutions(first: 50, filter: { voivodeship: "26", pilot: true }) { totalCount edges { node { ${CLUB_FIELDS} } } } }`));
    expect(res.institutions.totalCount).toBe(9);
    const clubs = edgesOf(res.institutions);
    expect(sorted(clubs.map((c: any) => c.id))).toEqual(sorted(SWIETOKRZYSKIE_CLUB_IDS));

    NINE_CLUBS.forEach((expected, i) => {
      const club = clubs.find((c: any) => c.id === SWIETOKRZYSKIE_CLUB_IDS[i]);
      expect(club, `club ${i + 1}`).toMatchObject({
        type: 'KIS',
        sector: 'SOCIAL_EMPLOYMENT',
        pilot: true,
        synthetic: false,
        status: 'ACTIVE',
        street: expected.street,
        postalCode: expected.postalCode,
        locality: expected.locality,
        createdOn: '2019-05-01',
        activityStartedOn: '2019-06-01',
        registeredOn: expected.registeredOn,
        municipality: { code: expected.teryt, name: expected.municipality },
        county: { code: expected.teryt.slice(0, 4) },
        voivodeship: { code: '26', name: 'świętokrzyskie' },
        founder: { name: expected.founder, type: 'NGO', synthetic: false },
      });
    });
  });

  it('places club 9 in Górno (TERYT 2604062, rural), not in the misspelt "Górnio"', async () => {
    const res = data(
      await app.gql(
        `query($id: ID!) { institution(id: $id) { locality postalCode municipality { code name kind county { code name } } } gornio: institutions(filter: { search: "Górnio" }) { totalCount } }`,
        {
          id: SWIETOKRZYSKIE_CLUB_IDS[8],
        },
      ),
    );
    expect(res.institution).toEqual({
      locality: 'Górno',
      postalCode: '26-008',
      municipality: { code: '2604062', name: 'Górno', kind: 'RURAL', county: { code: '2604', name: 'kielecki' } },
    });
    expect(res.gornio.totalCount).toBe(0);
  });

  it('has seven distinct founders; Fundacja Pestka runs three clubs (7–9)', async () => {
    const res = data(
      await app.gql(
        `query($pestka: ID!) {
        pestka: institution(id: $pestka) { name legalForm synthetic operatedInstitutions(first: 10) { totalCount edges { node { id locality } } } }
        byFounder: institutions(filter: { founderId: $pestka }) { totalCount }
      }`,
        { pestka: PESTKA_ID },
      ),
    );
    expect(res.pestka).toMatchObject({ name: 'Fundacja Pestka', legalForm: 'FOUNDATION', synthetic: false });
    expect(res.pestka.operatedInstitutions.totalCount).toBe(3);
    expect(sorted(edgesOf(res.pestka.operatedInstitutions).map((c: any) => c.id))).toEqual(sorted(SWIETOKRZYSKIE_CLUB_IDS.slice(6)));
    expect(sorted(edgesOf(res.pestka.operatedInstitutions).map((c: any) => c.locality))).toEqual(['Górno', 'Kielce', 'Suchedniów']);
    expect(res.byFounder.totalCount).toBe(3);

    const founders = data(await app.gql(`{ institutions(first: 50, filter: { voivodeship: "26", pilot: true }) { edges { node { founder { id name } } } } }`));
    const distinct = new Map(edgesOf(founders.institutions).map((c: any) => [c.founder.id, c.founder.name]));
    expect(sorted([...distinct.values()])).toEqual(sorted([...new Set(NINE_CLUBS.map((c) => c.founder))]));
    expect(distinct.size).toBe(7);
  });

  it('keeps the two „Nadzieja Rodzinie” organisations apart, each running its own club', async () => {
    const res = data(
      await app.gql(`{ institutions(filter: { search: "Nadzieja Rodzinie", types: [NGO] }) {
        totalCount edges { node { id name legalForm municipality { code } operatedInstitutions { totalCount edges { node { id locality } } } } }
      } }`),
    );
    expect(res.institutions.totalCount).toBe(2);
    const [foundation, association] = edgesOf(res.institutions).sort((a: any, b: any) => a.name.localeCompare(b.name));
    expect(foundation.id).not.toBe(association.id);
    expect(foundation).toMatchObject({ name: 'Fundacja „Nadzieja Rodzinie” Chmielnik', legalForm: 'FOUNDATION', municipality: { code: '2604043' } });
    expect(association).toMatchObject({ name: 'Stowarzyszenie „Nadzieja Rodzinie”', legalForm: 'ASSOCIATION', municipality: { code: '2661011' } });
    expect(foundation.operatedInstitutions.totalCount).toBe(1);
    expect(foundation.operatedInstitutions.edges[0].node).toEqual({ id: SWIETOKRZYSKIE_CLUB_IDS[4], locality: 'Chmielnik' });
    expect(association.operatedInstitutions.totalCount).toBe(1);
    expect(association.operatedInstitutions.edges[0].node).toEqual({ id: SWIETOKRZYSKIE_CLUB_IDS[5], locality: 'Kielce' });
  });
});

describe('the pilot network', () => {
  it('has 32 pilot clubs, 3/7/4/6/9/3 by voivodeship', async () => {
    const expected: Record<string, number> = { '04': 3, '06': 7, '22': 4, '24': 6, '26': 9, '32': 3 };
    for (const [code, count] of Object.entries(expected)) {
      const res = await app.gql(`query($v: String) { institutions(filter: { voivodeship: $v, pilot: true, types: [KIS] }) { totalCount } }`, { v: code });
      expect(data(res).institutions.totalCount, `voivodeship ${code}`).toBe(count);
      expect(PILOT_CLUB_IDS[code as keyof typeof PILOT_CLUB_IDS]).toHaveLength(count);
    }
    const all = data(await app.gql(`{ institutions(filter: { pilot: true }) { totalCount } kis: institutions(filter: { types: [KIS] }) { totalCount } }`));
    expect(all.institutions.totalCount).toBe(32);
    expect(all.kis.totalCount).toBe(32);
  });

  it('marks the 23 clubs the sources do not name as synthetic stand-ins that say so', async () => {
    const res = data(
      await app.gql(`{
        standIns: institutions(first: 50, filter: { pilot: true, synthetic: true }) { totalCount edges { node { name voivodeship { code } founder { name synthetic } } } }
        facts: institutions(filter: { pilot: true, synthetic: false }) { totalCount edges { node { voivodeship { code } } } }
      }`),
    );
    expect(res.standIns.totalCount).toBe(23);
    for (const club of edgesOf(res.standIns)) {
      expect(club.name).toMatch(/^KIS pilotażowy nr \d \(.+\) – nazwa nieznana w źródłach$/);
      expect(club.voivodeship.code).not.toBe('26');
      expect(club.founder.synthetic).toBe(true);
      expect(club.founder.name).toContain('nazwa nieznana w źródłach');
    }
    expect(res.facts.totalCount).toBe(9);
    expect(new Set(edgesOf(res.facts).map((c: any) => c.voivodeship.code))).toEqual(new Set(['26']));
  });

  it('has exactly the institutions the sources name as facts; everything else is flagged synthetic', async () => {
    const res = data(await app.gql(`{ institutions(first: 100, filter: { synthetic: false }) { totalCount edges { node { id type } } } }`));
    const factIds = [MINISTRY_ID, IPISS_ID, OSAR_ID, KIS_CONVENTION_ID, CIS_CONVENTION_ID, ...Object.values(ROPS_IDS), ...SWIETOKRZYSKIE_CLUB_IDS];
    const ids = edgesOf(res.institutions).map((i: any) => i.id);
    // 5 national bodies, 6 ROPS, 9 clubs and their 7 founders.
    expect(res.institutions.totalCount).toBe(27);
    expect(ids).toEqual(expect.arrayContaining(factIds));
    expect(
      edgesOf(res.institutions)
        .filter((i: any) => !factIds.includes(i.id))
        .every((i: any) => i.type === 'NGO'),
    ).toBe(true);
    // Partnerships and LSRs are all stand-ins (the sources name none); the RSRs, platforms and the national body are facts.
    const partnerships = await allNodes(
      app,
      `query($after: String) { partnerships(first: 100, after: $after, filter: { statuses: [PROPOSED, ACTIVE, ENDED, DECLINED] }) { totalCount pageInfo { hasNextPage endCursor } edges { node { synthetic } } } }`,
      'partnerships',
    );
    expect(partnerships.totalCount).toBe(pilotPlan().partnerships.length);
    expect(partnerships.nodes.every((p: any) => p.synthetic === true)).toBe(true);
    const networks = await allNodes(
      app,
      `query($after: String) { networks(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { kind synthetic } } } }`,
      'networks',
    );
    expect(networks.totalCount).toBe(1 + 6 * 2 + 32);
    for (const n of networks.nodes) expect(n.synthetic, n.kind).toBe(n.kind === 'LOCAL_REINTEGRATION_NETWORK');
  });

  it('has six ROPS, one in each pilot voivodeship, representing it in the national KSR body', async () => {
    const res = data(
      await app.gql(
        `query($body: ID!) {
        institutions(filter: { types: [ROPS] }) { totalCount edges { node { id name synthetic voivodeship { code } } } }
        network(id: $body) { name kind synthetic members(first: 50, types: [ROPS]) { totalCount edges { node { role joinedOn institution { id } } } } }
      }`,
        { body: NATIONAL_BODY_ID },
      ),
    );
    expect(res.institutions.totalCount).toBe(6);
    const rops = edgesOf(res.institutions);
    expect(sorted(rops.map((r: any) => r.voivodeship.code))).toEqual(['04', '06', '22', '24', '26', '32']);
    for (const r of rops) {
      expect(r.id).toBe(ROPS_IDS[r.voivodeship.code as keyof typeof ROPS_IDS]);
      expect(r.name).toMatch(/^Regionalny Ośrodek Polityki Społecznej w /);
      expect(r.synthetic).toBe(false);
    }
    expect(res.network).toMatchObject({ kind: 'NATIONAL_BODY', synthetic: false });
    expect(res.network.members.totalCount).toBe(6);
    expect(edgesOf(res.network.members).every((m: any) => m.role === 'REPRESENTATIVE')).toBe(true);
    expect(sorted(edgesOf(res.network.members).map((m: any) => m.institution.id))).toEqual(sorted(Object.values(ROPS_IDS)));
  });

  it('in świętokrzyskie has an RSR with its three working meetings and a regional cooperation platform', async () => {
    const res = data(
      await app.gql(`{ voivodeship(code: "26") {
        platform { kind name synthetic members(first: 1, roles: [COORDINATOR]) { edges { node { institution { id } } } } }
        networks(kinds: [REGIONAL_REINTEGRATION_NETWORK]) { totalCount edges { node { synthetic meetings { totalCount edges { node { kind } } } children(first: 20) { totalCount } } } }
      } }`),
    );
    const { platform, networks } = res.voivodeship;
    expect(platform).toMatchObject({
      kind: 'REGIONAL_COOPERATION_PLATFORM',
      name: 'Regionalna Platforma Współpracy – województwo świętokrzyskie',
      synthetic: false,
    });
    expect(platform.members.edges[0].node.institution.id).toBe(ROPS_IDS['26']);
    expect(networks.totalCount).toBe(1);
    const rsr = networks.edges[0].node;
    expect(rsr.synthetic).toBe(false);
    expect(rsr.meetings.totalCount).toBe(3);
    expect(edgesOf(rsr.meetings).every((m: any) => m.kind === 'WORKING')).toBe(true);
    // One local network (LSR) per club nests in the RSR.
    expect(rsr.children.totalCount).toBe(9);
  });
});

describe('funding', () => {
  it('records the KSR project POWR.02.05.00-00-0114/17 under POWER measure 2.5, with a 60,600.00 cap per club', async () => {
    const res = data(await app.gql(`{ programmes { id code name startsOn endsOn clubCreationCap parent { code parent { code } } } }`));
    const ksr = res.programmes.find((p: any) => p.code === 'POWR.02.05.00-00-0114/17');
    expect(ksr).toMatchObject({ id: KSR_PROGRAMME_ID, clubCreationCap: '60600.00', parent: { code: 'POWR.02.05', parent: { code: 'POWER' } } });
    expect(ksr.name).toMatch(/^Krajowa Sieć Reintegracji/);
  });

  it("gives each of the 32 clubs one club-creation grant, paid to the club's founder, never above 60,600.00", async () => {
    const res = data(
      await app.gql(
        `query($ksr: ID!) { grants(first: 100, filter: { programmeId: $ksr, purposes: [CLUB_CREATION] }) {
        totalCount edges { node { amount awardedOn synthetic programme { code } recipient { id } club { id pilot founder { id } } } }
      } }`,
        { ksr: KSR_PROGRAMME_ID },
      ),
    );
    expect(res.grants.totalCount).toBe(32);
    const grants = edgesOf(res.grants);
    expect(new Set(grants.map((g: any) => g.club.id)).size).toBe(32);
    for (const g of grants) {
      expect(grosze(g.amount) <= grosze('60600.00'), `${g.amount} is within the cap`).toBe(true);
      expect(grosze(g.amount) > 0n).toBe(true);
      expect(g.programme.code).toBe('POWR.02.05.00-00-0114/17');
      expect(g.club.pilot).toBe(true);
      expect(g.recipient.id).toBe(g.club.founder.id);
      expect(g.awardedOn >= '2019-05-01' && g.awardedOn <= '2019-05-31').toBe(true);
      // The sources give only the cap: the amounts are stand-ins.
      expect(g.synthetic).toBe(true);
    }
  });
});

describe('the TERYT register', () => {
  it('has 16 voivodeships, 380 counties (66 cities with county rights) and 2,477 municipalities', async () => {
    const res = data(
      await app.gql(`{
        voivodeships { code name counties { code cityWithCountyRights } }
        municipalities(first: 1) { totalCount }
        urban: municipalities(kind: URBAN) { totalCount }
        rural: municipalities(kind: RURAL) { totalCount }
        urbanRural: municipalities(kind: URBAN_RURAL) { totalCount }
        swietokrzyskie: municipalities(voivodeship: "26") { totalCount }
      }`),
    );
    expect(res.voivodeships.map((v: any) => v.code)).toEqual(['02', '04', '06', '08', '10', '12', '14', '16', '18', '20', '22', '24', '26', '28', '30', '32']);
    expect(res.voivodeships.find((v: any) => v.code === '26').name).toBe('świętokrzyskie');
    const counties = res.voivodeships.flatMap((v: any) => v.counties);
    expect(counties).toHaveLength(380);
    expect(counties.filter((c: any) => c.cityWithCountyRights)).toHaveLength(66);
    expect(res.municipalities.totalCount).toBe(2477);
    expect([res.urban.totalCount, res.rural.totalCount, res.urbanRural.totalCount]).toEqual([302, 1464, 711]);
    expect(res.swietokrzyskie.totalCount).toBe(102);
    expect(res.voivodeships.find((v: any) => v.code === '26').counties).toHaveLength(14);
  });
});
