// New-profile coverage on the pilot seed, checked against the same rule written independently in
// SQL: the seed leaves 5 clubs without a sport partner and 3 without a health partner, and some
// area partnerships end during 2020.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { sql } from '../../support/registry-helpers';
import { data } from '../../support/requests';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

const AREAS = ['EDUCATION', 'CULTURE', 'HEALTH_PREVENTION', 'SPORT_RECREATION'];

/** "clubId area" for every club and area it lacks on `asOf`, computed in SQL alone. */
async function expectedGaps(asOf: string, voivodeship?: string): Promise<string[]> {
  const rows = await sql<{ club: string; area: string }>(
    app,
    `with clubs as (
       select id, municipality_code from institution
       where type in ('KIS', 'CIS') and (least(created_on, activity_started_on, registered_on) is null or least(created_on, activity_started_on, registered_on) <= ?::date)
         and (closed_on is null or closed_on >= ?::date) and (? = '' or municipality_code like ? || '%')
     ),
     covered as (
       select c.id as club, a.area
       from clubs c
       join partnership_party cp on cp.institution_id = c.id
       join partnership p on p.id = cp.partnership_id and p.status in ('ACTIVE', 'ENDED')
         and p.valid_from <= ?::date and (p.valid_to is null or p.valid_to >= ?::date)
       join partnership_party op on op.partnership_id = p.id and op.institution_id <> c.id
       join institution o on o.id = op.institution_id
       cross join unnest(array['EDUCATION', 'CULTURE', 'HEALTH_PREVENTION', 'SPORT_RECREATION']) as a(area)
       where (a.area = 'EDUCATION' and o.type in ('SCHOOL', 'TRAINING_INSTITUTION'))
          or (a.area = 'CULTURE' and o.type = 'CULTURAL_INSTITUTION')
          or (a.area = 'HEALTH_PREVENTION' and o.type in ('HEALTH_PROVIDER', 'ADDICTION_THERAPY', 'GKRPA'))
          or (a.area = 'SPORT_RECREATION' and o.type = 'SPORT_ORGANISATION')
          or (o.type not in ('KIS', 'CIS', 'CONVENTION') and a.area = any(p.areas) and a.area = any(o.fields))
     )
     select c.id as club, a.area
     from clubs c cross join unnest(array['EDUCATION', 'CULTURE', 'HEALTH_PREVENTION', 'SPORT_RECREATION']) as a(area)
     where not exists (select 1 from covered v where v.club = c.id and v.area = a.area)`,
    [asOf, asOf, voivodeship ?? '', voivodeship ?? '', asOf, asOf],
  );
  return rows.map((r) => `${r.club} ${r.area}`).sort();
}

const QUERY = `query($asOf: LocalDate, $v: String) { newProfileCoverage(asOf: $asOf, voivodeship: $v) {
  asOf areas
  clubs { clubId voivodeship score covered missing club { id type } areas { area partnerCount partners { id sector } } }
  voivodeships { code voivodeship { name } clubCount fullyCovered averageScore gaps { area clubCount clubs { id } } } } }`;

async function coverage(asOf: string, voivodeship?: string) {
  return data<any>(await app.gql(QUERY, { asOf, v: voivodeship })).newProfileCoverage;
}

const gapsOf = (report: any): string[] => report.clubs.flatMap((c: any) => c.missing.map((a: string) => `${c.clubId} ${a}`)).sort();

describe('new-profile coverage on the pilot seed', () => {
  it('at the end of 2019 finds exactly the clubs the seed left without sport (5) or health (3) partners', async () => {
    const report = await coverage('2019-12-31');
    expect(report.areas).toEqual(AREAS);
    expect(report.clubs).toHaveLength(32);
    expect(gapsOf(report)).toEqual(await expectedGaps('2019-12-31'));
    const lacking = (area: string) => report.clubs.filter((c: any) => c.missing.includes(area)).length;
    expect([lacking('EDUCATION'), lacking('CULTURE'), lacking('HEALTH_PREVENTION'), lacking('SPORT_RECREATION')]).toEqual([0, 0, 3, 5]);
    for (const club of report.clubs) {
      expect(club.club.type).toBe('KIS');
      expect(club.score).toBeCloseTo(club.covered.length / 4);
      for (const area of club.areas) expect(area.partnerCount).toBe(club.covered.includes(area.area) ? area.partners.length : 0);
    }
  });

  it('groups the gaps per voivodeship', async () => {
    const report = await coverage('2019-12-31');
    expect(report.voivodeships.map((v: any) => [v.code, v.clubCount])).toEqual([
      ['04', 3],
      ['06', 7],
      ['22', 4],
      ['24', 6],
      ['26', 9],
      ['32', 3],
    ]);
    expect(report.voivodeships.find((v: any) => v.code === '26').voivodeship.name).toBe('świętokrzyskie');
    const fromClubs = report.clubs.flatMap((c: any) => c.missing.map((a: string) => `${c.voivodeship} ${a} ${c.clubId}`)).sort();
    const fromGroups = report.voivodeships.flatMap((v: any) => v.gaps.flatMap((g: any) => g.clubs.map((club: any) => `${v.code} ${g.area} ${club.id}`))).sort();
    expect(fromGroups).toEqual(fromClubs);
    for (const v of report.voivodeships) {
      expect(v.fullyCovered).toBe(report.clubs.filter((c: any) => c.voivodeship === v.code && c.missing.length === 0).length);
      for (const g of v.gaps) expect(g.clubCount).toBe(g.clubs.length);
    }
  });

  it('today, after some area partnerships ended, agrees with SQL; and per voivodeship', async () => {
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date());
    const report = await coverage(today);
    expect(gapsOf(report)).toEqual(await expectedGaps(today));
    expect(gapsOf(report).length).toBeGreaterThan(8);
    const swietokrzyskie = await coverage('2019-12-31', '26');
    expect(swietokrzyskie.clubs).toHaveLength(9);
    expect(gapsOf(swietokrzyskie)).toEqual(await expectedGaps('2019-12-31', '26'));
  });

  it('has no clubs before the pilot and refuses an unknown voivodeship', async () => {
    expect((await coverage('2018-12-31')).clubs).toEqual([]);
    const bad = await app.gql(QUERY, { asOf: '2019-12-31', v: '99' });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'voivodeship' });
  });
});

describe('the pilot graph', () => {
  it('costs the same number of statements for one voivodeship and for the whole country', async () => {
    const q = (f: string) => `{ cooperationGraph(asOf: "2019-12-31"${f}) { nodeCount edgeCount modularity crossSectorEdgeShare
      largestComponent { diameter } nodes(first: 100, orderBy: PAGERANK) { edges { node { pagerank institution { name } } } }
      links(first: 100) { edges { node { source { name } target { name } partnerships { kind } } } } } }`;
    const one = await app.countStatements(() => app.gql(q(', filter: { voivodeship: "26" }')));
    const all = await app.countStatements(() => app.gql(q('')));
    expect(all).toBe(one);
    expect(all).toBeLessThanOrEqual(5);
  });

  it('finds the two Kielce clubs linked through their shared OPS', async () => {
    const [c6, c8] = await sql<{ id: string }>(app, `select id from institution where type = 'KIS' and municipality_code = '2661011' order by name`);
    const res = data<any>(
      await app.gql(
        `query($a: ID!, $b: ID!) { cooperationPath(asOf: "2019-12-31", fromId: $a, toId: $b) { length institutions { type } steps { partnerships { id } } } }`,
        {
          a: c6.id,
          b: c8.id,
        },
      ),
    );
    expect(res.cooperationPath.length).toBe(2);
    expect(res.cooperationPath.institutions.map((i: any) => i.type)).toEqual(['KIS', expect.any(String), 'KIS']);
    expect(res.cooperationPath.steps.every((s: any) => s.partnerships.length >= 1)).toBe(true);
  });
});
