import 'reflect-metadata';
// Institution filters (place, type, sector, field, status, pilot, network, founder), cursor
// pagination and its limits, and the search that ignores case, Polish diacritics and quotes.
// Expected counts come from the seed plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInPoland } from '../../../src/common/dates';
import { ActivityField, InstitutionType, Sector, SECTOR_OF } from '../../../src/registry/institutions/institution-kinds';
import { keys, PESTKA_ID, PLATFORM_IDS, RSR_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, expectError, idOf, pilotPlan, planMembershipsOn, sorted } from '../../support/registry-helpers';
import { allNodes, cursorOf, data, edgesOf } from '../../support/requests';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

const count = async (filter: string): Promise<number> => data(await app.gql(`{ institutions(filter: ${filter}) { totalCount } }`)).institutions.totalCount;
const planned = (keep: (i: ReturnType<typeof pilotPlan>['institutions'][number]) => boolean): number => pilotPlan().institutions.filter(keep).length;

const PAGE = `query($first: Int, $after: String, $filter: InstitutionFilter) {
  institutions(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id name } }
  }
}`;

describe('filters', () => {
  it('by voivodeship, county and municipality (TERYT prefixes), combined with AND', async () => {
    expect(await count('{ voivodeship: "26" }')).toBe(planned((i) => !!i.municipality?.startsWith('26')));
    expect(await count('{ county: "2604" }')).toBe(planned((i) => !!i.municipality?.startsWith('2604')));
    expect(await count('{ county: "2661" }')).toBe(planned((i) => !!i.municipality?.startsWith('2661')));
    const kielce = data(
      await app.gql(`{ institutions(first: 100, filter: { municipality: "2661011" }) { totalCount edges { node { municipality { code } } } } }`),
    );
    expect(kielce.institutions.totalCount).toBe(planned((i) => i.municipality === '2661011'));
    expect(edgesOf(kielce.institutions).every((i: any) => i.municipality.code === '2661011')).toBe(true);
    // Levels narrow each other: a county outside the voivodeship matches nothing.
    expect(await count('{ voivodeship: "26", county: "2604" }')).toBe(planned((i) => !!i.municipality?.startsWith('2604')));
    expect(await count('{ voivodeship: "26", county: "0463" }')).toBe(0);
    expect(await count('{ county: "2604", municipality: "2661011" }')).toBe(0);
  });

  it('by types, sectors and fields of activity', async () => {
    expect(await count('{ types: [OPS, PUP] }')).toBe(planned((i) => i.type === InstitutionType.OPS || i.type === InstitutionType.PUP));
    const health = await count('{ sectors: [HEALTH] }');
    expect(health).toBe(planned((i) => i.type === InstitutionType.HEALTH_PROVIDER || i.type === InstitutionType.ADDICTION_THERAPY));
    expect(health).toBeGreaterThan(0);
    expect(await count('{ sectors: [SOCIAL_ASSISTANCE], voivodeship: "26" }')).toBe(
      planned((i) => !!i.municipality?.startsWith('26') && SECTOR_OF[i.type] === Sector.SOCIAL_ASSISTANCE),
    );
    // types and sectors combine with AND: no club is a cultural institution.
    expect(await count('{ types: [KIS], sectors: [CULTURE] }')).toBe(0);
    expect(await count('{ fields: [SPORT_RECREATION], voivodeship: "26" }')).toBe(
      planned((i) => !!i.municipality?.startsWith('26') && i.fields.includes(ActivityField.SPORT_RECREATION)),
    );
    expect(await count('{ fields: [HOUSING] }')).toBe(0);
  });

  it('by pilot, synthetic and founder', async () => {
    expect(await count('{ pilot: true }')).toBe(32);
    expect(await count('{ pilot: false, types: [KIS] }')).toBe(0);
    expect(await count('{ synthetic: false, voivodeship: "26" }')).toBe(planned((i) => !i.synthetic && !!i.municipality?.startsWith('26')));
    const pestka = data(await app.gql(`query($f: ID) { institutions(filter: { founderId: $f }) { totalCount edges { node { id } } } }`, { f: PESTKA_ID }));
    expect(pestka.institutions.totalCount).toBe(3);
    expect(sorted(edgesOf(pestka.institutions).map((i: any) => i.id))).toEqual(sorted(SWIETOKRZYSKIE_CLUB_IDS.slice(6)));
  });

  it('by network membership, on today or on another date', async () => {
    const members = async (networkId: string, asOf?: string) =>
      allNodes(
        app,
        `query($after: String, $f: InstitutionFilter) { institutions(first: 100, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`,
        'institutions',
        {
          f: { networkId, ...(asOf ? { asOf } : {}) },
        },
      );
    const today = todayInPoland();
    for (const [networkId, key] of [
      [RSR_IDS['26'], keys.rsr('26')],
      [PLATFORM_IDS['26'], keys.platform('26')],
    ]) {
      const expected = planMembershipsOn(today).filter((m) => m.networkKey === key);
      const got = await members(networkId);
      expect(got.totalCount).toBe(expected.length);
      expect(sorted(got.nodes.map((n: any) => n.id))).toEqual(sorted(expected.map((m) => idOf(m.institutionKey))));
    }
    // On the first day of the clubs' activity the platform had its coordinator and the nine clubs only.
    const firstDay = await members(PLATFORM_IDS['26'], '2019-06-01');
    expect(firstDay.totalCount).toBe(planMembershipsOn('2019-06-01').filter((m) => m.networkKey === keys.platform('26')).length);
    expect(firstDay.totalCount).toBe(10);
    expect((await members(PLATFORM_IDS['26'], '2019-05-31')).totalCount).toBe(0);
  });

  it('refuses malformed filter values with BAD_USER_INPUT naming the field', async () => {
    const cases: [string, string][] = [
      ['{ voivodeship: "2" }', 'filter.voivodeship'],
      ['{ county: "26" }', 'filter.county'],
      ['{ municipality: "2604060" }', 'filter.municipality'],
      ['{ networkId: "not-an-id" }', 'filter.networkId'],
      ['{ founderId: "42" }', 'filter.founderId'],
    ];
    for (const [filter, field] of cases) {
      const res = await app.gql(`{ institutions(filter: ${filter}) { totalCount } }`);
      expectError(res, 'BAD_USER_INPUT', field);
      expect(res.data?.institutions ?? null).toBeNull();
    }
  });

  it('filters municipalities by voivodeship, county and kind, and refuses malformed codes', async () => {
    const res = data(
      await app.gql(`{
        kielecki: municipalities(first: 100, county: "2604") { totalCount edges { node { code county { code } voivodeship { code } } } }
        both: municipalities(voivodeship: "26", county: "2604") { totalCount }
        mismatch: municipalities(voivodeship: "04", county: "2604") { totalCount }
        urban26: municipalities(voivodeship: "26", kind: URBAN) { totalCount }
        byName: municipalities(name: "górno") { totalCount edges { node { code name } } }
      }`),
    );
    expect(res.kielecki.totalCount).toBe(19);
    expect(edgesOf(res.kielecki).every((m: any) => m.code.startsWith('2604') && m.county.code === '2604' && m.voivodeship.code === '26')).toBe(true);
    expect(res.both.totalCount).toBe(19);
    expect(res.mismatch.totalCount).toBe(0);
    expect(res.urban26.totalCount).toBe(5);
    expect(edgesOf(res.byName)).toEqual([{ code: '2604062', name: 'Górno' }]);
    expectError(await app.gql(`{ municipalities(voivodeship: "2") { totalCount } }`), 'BAD_USER_INPUT', 'voivodeship');
    expectError(await app.gql(`{ municipalities(county: "26041") { totalCount } }`), 'BAD_USER_INPUT', 'county');
  });
});

describe('pagination', () => {
  it('walks every institution in pages without duplicates, with a stable totalCount and pageInfo', async () => {
    const total = pilotPlan().institutions.length;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = data(await app.gql(PAGE, { first: 37, after })).institutions;
      pages += 1;
      expect(page.totalCount).toBe(total);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.startCursor).toBe(page.edges[0].cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1).cursor);
      seen.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) {
        expect(page.edges.length).toBeLessThanOrEqual(37);
        break;
      }
      expect(page.edges).toHaveLength(37);
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(Math.ceil(total / 37));
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(new Set(seen)).toEqual(new Set(pilotPlan().institutions.map((i) => idOf(i.key))));
  });

  it('pages keep the order of one long page', async () => {
    const one = edgesOf(data(await app.gql(PAGE, { first: 100, filter: { voivodeship: '26' } })).institutions).map((n: any) => n.id);
    const paged = await allNodes(app, PAGE, 'institutions', { first: 9, filter: { voivodeship: '26' } });
    expect(paged.pages).toBe(Math.ceil(one.length / 9));
    expect(paged.nodes.map((n: any) => n.id)).toEqual(one);
  });

  it('pages nested lists (platform members) and the TERYT register the same way', async () => {
    const ids: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (;;) {
      const page: any = data(
        await app.gql(
          `query($id: ID!, $after: String) { network(id: $id) { members(first: 7, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } } } } }`,
          { id: PLATFORM_IDS['26'], after },
        ),
      ).network.members;
      if (totalCount < 0) totalCount = page.totalCount;
      expect(page.totalCount).toBe(totalCount);
      ids.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(ids).toHaveLength(totalCount);
    expect(new Set(ids).size).toBe(totalCount);
    expect(totalCount).toBe(planMembershipsOn(todayInPoland()).filter((m) => m.networkKey === keys.platform('26')).length);

    const municipalities = await allNodes(
      app,
      `query($after: String) { municipalities(first: 25, after: $after, voivodeship: "26") { totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } }`,
      'municipalities',
    );
    expect(municipalities.totalCount).toBe(102);
    expect(new Set(municipalities.nodes.map((m: any) => m.code)).size).toBe(102);
    expect(municipalities.pages).toBe(5);
  });

  it('refuses a page size over 100 or under 1 with BAD_USER_INPUT naming `first`', async () => {
    for (const first of [101, 1000, 0, -1]) {
      const res = await app.gql(PAGE, { first });
      const error = expectError(res, 'BAD_USER_INPUT', 'first');
      expect(error.message).toContain('between 1 and 100');
    }
    expectError(
      await app.gql(`query($id: ID!) { network(id: $id) { members(first: 500) { totalCount } } }`, { id: PLATFORM_IDS['26'] }),
      'BAD_USER_INPUT',
      'first',
    );
    expectError(await app.gql(`{ municipalities(first: 101) { totalCount } }`), 'BAD_USER_INPUT', 'first');
    expect(edgesOf(data(await app.gql(PAGE, { first: 100 })).institutions)).toHaveLength(100);
  });

  it('refuses a cursor it did not issue with BAD_USER_INPUT naming `after`', async () => {
    const institutionCursor = data(await app.gql(PAGE, { first: 1 })).institutions.pageInfo.endCursor;
    const garbage = ['garbage', '!!!', cursorOf({ name: 'x' }), cursorOf(['a']), cursorOf([1, 2]), cursorOf(['a', null])];
    for (const after of garbage) {
      expectError(await app.gql(PAGE, { first: 5, after }), 'BAD_USER_INPUT', 'after');
    }
    // A cursor of one list is not a cursor of another.
    expectError(
      await app.gql(`query($after: String) { municipalities(after: $after) { totalCount } }`, { after: institutionCursor }),
      'BAD_USER_INPUT',
      'after',
    );
  });
});

describe('search', () => {
  const search = async (text: string, filter = '') =>
    edgesOf(
      data(
        await app.gql(`query($s: String) { institutions(first: 100, filter: { search: $s ${filter} }) { totalCount edges { node { id name type } } } }`, {
          s: text,
        }),
      ).institutions,
    );

  const NADZIEJA = [
    'Fundacja „Nadzieja Rodzinie” Chmielnik',
    'Klub Integracji Społecznej – Fundacja „Nadzieja Rodzinie” Chmielnik',
    'Klub Integracji Społecznej – Stowarzyszenie „Nadzieja Rodzinie”',
    'Stowarzyszenie „Nadzieja Rodzinie”',
  ];

  it('"nadzieja rodzinie" finds both „Nadzieja Rodzinie” organisations and their clubs, whatever the quotes and case', async () => {
    for (const text of ['nadzieja rodzinie', '„Nadzieja Rodzinie”', '"NADZIEJA RODZINIE"', 'Rodzinie nadzieja', '  nadzieja   rodzinie ']) {
      const found = await search(text);
      expect(sorted(found.map((i: any) => i.name)), text).toEqual(sorted(NADZIEJA));
    }
    const organisations = await search('nadzieja rodzinie', ', types: [NGO]');
    expect(organisations).toHaveLength(2);
  });

  it('"pestka" finds the foundation and its three clubs', async () => {
    const found = await search('pestka');
    expect(sorted(found.map((i: any) => i.id))).toEqual(sorted([PESTKA_ID, ...SWIETOKRZYSKIE_CLUB_IDS.slice(6)]));
    expect(sorted(found.map((i: any) => i.type))).toEqual(['KIS', 'KIS', 'KIS', 'NGO']);
  });

  it('ignores Polish diacritics and case: "MOZESZ wiecej" finds Fundacja Możesz Więcej and its club', async () => {
    for (const text of ['MOZESZ wiecej', 'możesz WIĘCEJ', 'Mozesz Wiecej']) {
      const found = await search(text);
      expect(sorted(found.map((i: any) => i.name)), text).toEqual(['Fundacja Możesz Więcej', 'Klub Integracji Społecznej – Fundacja Możesz Więcej']);
    }
    // ł is not decomposed by Unicode: it still matches l.
    expect(sorted((await search('spolecznej PESTKA')).map((i: any) => i.id))).toEqual(sorted(SWIETOKRZYSKIE_CLUB_IDS.slice(6)));
  });

  it('searches the locality too, and combines with the other filters', async () => {
    const gorno = await search('gorno');
    expect(gorno.map((i: any) => i.id)).toContain(SWIETOKRZYSKIE_CLUB_IDS[8]);
    expect(gorno).toHaveLength(planned((i) => i.municipality === '2604062'));
    const kielceClubs = await search('KIELCE', ', types: [KIS]');
    expect(sorted(kielceClubs.map((i: any) => i.id))).toEqual(sorted([SWIETOKRZYSKIE_CLUB_IDS[5], SWIETOKRZYSKIE_CLUB_IDS[7]]));
    // Fundacja Pestka is seated in Suchedniów (county skarżyski), with its club there.
    expect(sorted((await search('pestka', ', county: "2610"')).map((i: any) => i.id))).toEqual(sorted([PESTKA_ID, SWIETOKRZYSKIE_CLUB_IDS[6]]));
    expect(await search('zzz nieistniejąca nazwa')).toHaveLength(0);
  });
});

describe('status', () => {
  it('filters by status; closed institutions leave the counts unless asked for', async () => {
    expect(await count('{ statuses: [ACTIVE] }')).toBe(pilotPlan().institutions.length);
    expect(await count('{ statuses: [CLOSED] }')).toBe(0);
    const before = data(await app.gql(`{ voivodeship(code: "26") { institutionCounts { total } } }`)).voivodeship.institutionCounts.total;
    const created = data(
      await app.gql(
        `mutation { createInstitution(input: { type: CULTURAL_INSTITUTION, name: "Zamknięty Dom Kultury w Górnie", municipalityCode: "2604062", status: CLOSED, createdOn: "2010-01-01", closedOn: "2020-12-31" }) { id status } }`,
        {},
        await adminToken(app),
      ),
    ).createInstitution;
    expect(created.status).toBe('CLOSED');
    const closed = data(await app.gql(`{ institutions(filter: { statuses: [CLOSED] }) { totalCount edges { node { id closedOn } } } }`)).institutions;
    expect(closed.totalCount).toBe(1);
    expect(closed.edges[0].node).toEqual({ id: created.id, closedOn: '2020-12-31' });
    expect(await count('{ statuses: [ACTIVE, CLOSED] }')).toBe(pilotPlan().institutions.length + 1);
    const counts = data(
      await app.gql(
        `{ voivodeship(code: "26") { without: institutionCounts { total } with: institutionCounts(includeClosed: true) { total byType { type count } } } }`,
      ),
    ).voivodeship;
    expect(counts.without.total).toBe(before);
    expect(counts.with.total).toBe(before + 1);
  });
});
