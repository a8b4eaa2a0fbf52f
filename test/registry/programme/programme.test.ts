import 'reflect-metadata';
// The programme's machinery (seed 000) through the API: the regional animation teams with their
// duties and the meetings they organised, OSAR's advisory duty and training cycle, the April 2019
// competition with its nine świętokrzyskie agreements (each: founder, club, grant), the test map;
// facts with their passage, stand-ins marked; a fixed number of statements whatever the rows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { expectError } from '../../support/registry-helpers';
import { data } from '../../support/requests';
import { seedPilotNetwork } from '../../../seeds/pilot';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

const REPORT = '000_2b59e71a66199715.txt';
/** The founders of the nine świętokrzyskie clubs, in the order of the report's table (Lp. 1–9). */
const FOUNDERS_26 = [
  'Fundacja Możesz Więcej',
  'Stowarzyszenie PROREW',
  'Stowarzyszenie Homo Politicus',
  'Stowarzyszenie Aktywności Lokalnej „Dolina Kacanki”',
  'Fundacja „Nadzieja Rodzinie” Chmielnik',
  'Stowarzyszenie „Nadzieja Rodzinie”',
  'Fundacja Pestka',
  'Fundacja Pestka',
  'Fundacja Pestka',
];
const PILOT_CLUBS: Record<string, number> = { '04': 3, '06': 7, '22': 4, '24': 6, '26': 9, '32': 3 };

const AGREEMENTS = `query($v: String) { competitionCalls { id title announcedIn clubsToCreate capPerClub organiser { shortName name } programme { code }
  source { kind document reference }
  agreements(voivodeship: $v) { number synthetic signedOn voivodeship { code } founder { id name } club { id name founder { id } municipality { code } } grant { amount purpose club { id } recipient { id } }
    offer { status applicant { id } municipality { code } } source { kind document reference } } } }`;

describe('the regional animation teams (ZRAR)', () => {
  it('one per pilot voivodeship, sized to its new clubs, with the five duties; the stand-in figures marked, the team’s existence sourced', async () => {
    const teams = data(
      await app.gql(
        `{ animationTeams { name synthetic animatorCount newClubCount voivodeship { code } animatorRoles { role count } duties { kind status startsOn dueOn completedOn synthetic source { kind document } } source { kind document reference } } }`,
      ),
    ).animationTeams;
    expect(teams.map((t: any) => t.voivodeship.code)).toEqual(Object.keys(PILOT_CLUBS).sort());
    for (const t of teams) {
      expect(t.newClubCount).toBe(PILOT_CLUBS[t.voivodeship.code]);
      expect(t.animatorRoles.reduce((n: number, r: any) => n + r.count, 0)).toBe(t.animatorCount);
      expect(t.synthetic).toBe(true);
      expect(t.source).toMatchObject({ kind: 'SOURCE_DOCUMENT', document: REPORT });
      expect(t.source.reference).toContain('Zespoły Regionalnej Animacji Reintegracji (ZRAR) w 6 Regionach');
      expect(t.duties.map((d: any) => d.kind).sort()).toEqual([
        'ANIMATION_PLAN',
        'LEGISLATIVE_RECOMMENDATIONS',
        'LSR_MEETINGS',
        'RSR_MEETINGS',
        'SYSTEMIC_RECOMMENDATIONS',
      ]);
      for (const d of t.duties) {
        expect(d).toMatchObject({ status: 'DONE', synthetic: true, source: { kind: 'SOURCE_DOCUMENT', document: REPORT } });
        expect(d.startsOn <= d.dueOn && d.completedOn <= d.dueOn).toBe(true);
      }
    }
    // More clubs, at least as many animators (the report: the number depended on the clubs).
    const byClubs = [...teams].sort((a: any, b: any) => a.newClubCount - b.newClubCount);
    for (let i = 1; i < byClubs.length; i += 1) expect(byClubs[i].animatorCount).toBeGreaterThanOrEqual(byClubs[i - 1].animatorCount);
  });

  it('a voivodeship → its ZRAR → the meetings it organised → the networks: świętokrzyskie’s three RSR working meetings, and back', async () => {
    const v = data(
      await app.gql(
        `{ voivodeship(code: "26") { animationTeam { id name meetings { id date kind network { kind voivodeship { code } } organisedBy { id } } } } }`,
      ),
    ).voivodeship;
    const team = v.animationTeam;
    expect(team.name).toContain('świętokrzyskie');
    expect(team.meetings).toHaveLength(3);
    for (const m of team.meetings) {
      expect(m).toMatchObject({
        kind: 'WORKING',
        network: { kind: 'REGIONAL_REINTEGRATION_NETWORK', voivodeship: { code: '26' } },
        organisedBy: { id: team.id },
      });
    }
    expect(team.meetings.map((m: any) => m.date)).toEqual([...team.meetings.map((m: any) => m.date)].sort());
    // A non-pilot voivodeship has none.
    expect(data(await app.gql(`{ voivodeship(code: "14") { animationTeam { id } testMap { id } } }`)).voivodeship).toEqual({
      animationTeam: null,
      testMap: [],
    });
  });
});

describe('OSAR, the test’s coordinator', () => {
  it('12 months of advisory duty on the three topics, consultations by topic for every team, and the training cycle for animators', async () => {
    const duties = data(
      await app.gql(`{ advisoryDuties { months topics startsOn endsOn synthetic coordinator { shortName } source { kind document reference }
      consultations { topic hours date team { voivodeship { code } } } trainingCycle { number title date }
      model: consultations(topic: KSR_MODEL) { topic } } }`),
    ).advisoryDuties;
    expect(duties).toHaveLength(1);
    const [d] = duties;
    expect(d).toMatchObject({
      months: 12,
      topics: ['KSR_MODEL', 'CLUB_ACTIVITIES_NEW_PROFILE', 'REGIONAL_ANIMATION_TECHNIQUES'],
      coordinator: { shortName: 'OSAR' },
      source: { kind: 'SOURCE_DOCUMENT', document: REPORT },
    });
    expect(d.source.reference).toContain('przez okres 12 miesięcy');
    for (const c of d.consultations) expect(c.date >= d.startsOn && c.date <= d.endsOn).toBe(true);
    expect(new Set(d.consultations.map((c: any) => c.team.voivodeship.code)).size).toBe(6);
    expect(d.model.length).toBeGreaterThan(0);
    expect(d.model.every((c: any) => c.topic === 'KSR_MODEL')).toBe(true);
    expect(d.trainingCycle.map((s: any) => s.number)).toEqual([1, 2, 3, 4]);
  });
});

describe('the open competition of April 2019', () => {
  it('announced by the ministry in April 2019 for 32 clubs, at most PLN 60,600.00 a club; 32 agreements, one per pilot club', async () => {
    const [call] = data(await app.gql(AGREEMENTS)).competitionCalls;
    expect(call).toMatchObject({
      announcedIn: '2019-04',
      clubsToCreate: 32,
      capPerClub: '60600.00',
      organiser: { name: expect.stringContaining('Ministerstwo Rodziny') },
      programme: { code: 'POWR.02.05.00-00-0114/17' },
    });
    expect(call.source).toMatchObject({ kind: 'SOURCE_DOCUMENT', document: REPORT });
    expect(call.source.reference).toContain('60 600,00 zł');
    expect(call.agreements).toHaveLength(32);
    const perVoivodeship: Record<string, number> = {};
    for (const a of call.agreements) perVoivodeship[a.voivodeship.code] = (perVoivodeship[a.voivodeship.code] ?? 0) + 1;
    expect(perVoivodeship).toEqual(PILOT_CLUBS);
    for (const a of call.agreements) {
      expect(Number(a.grant.amount)).toBeLessThanOrEqual(60600);
      expect(a.grant).toMatchObject({ purpose: 'CLUB_CREATION', club: { id: a.club.id }, recipient: { id: a.founder.id } });
      expect(a.club.founder.id).toBe(a.founder.id);
      expect(a.offer).toMatchObject({ status: 'SELECTED', applicant: { id: a.founder.id }, municipality: { code: a.club.municipality.code } });
    }
  });

  it('nine agreements in świętokrzyskie, each with its founder (as the report’s table), the club it created and its grant; facts, with their passage', async () => {
    const [call] = data(await app.gql(AGREEMENTS, { v: '26' })).competitionCalls;
    expect(call.agreements).toHaveLength(9);
    expect(call.agreements.map((a: any) => a.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(call.agreements.map((a: any) => a.founder.name)).toEqual(FOUNDERS_26);
    expect(new Set(call.agreements.map((a: any) => a.club.id)).size).toBe(9);
    for (const a of call.agreements) {
      expect(a).toMatchObject({ synthetic: false, signedOn: null, source: { kind: 'SOURCE_DOCUMENT', document: REPORT } });
      expect(a.source.reference).toContain('podpisało 9 umów');
    }
    const elsewhere = data(await app.gql(AGREEMENTS, { v: '24' })).competitionCalls[0].agreements;
    expect(elsewhere).toHaveLength(6);
    for (const a of elsewhere) expect(a).toMatchObject({ synthetic: true, source: { kind: 'SYNTHETIC', document: null } });
  });

  it('offers: a selected one per club and a stand-in that was not selected; a malformed voivodeship is refused by field', async () => {
    const [call] = data(
      await app.gql(
        `{ competitionCalls { selected: offers(voivodeship: "26", status: SELECTED) { synthetic } rejected: offers(voivodeship: "26", status: NOT_SELECTED) { synthetic applicant { name } } } }`,
      ),
    ).competitionCalls;
    expect(call.selected).toHaveLength(9);
    expect(call.selected.every((o: any) => o.synthetic === false)).toBe(true);
    expect(call.rejected).toHaveLength(1);
    expect(call.rejected[0].synthetic).toBe(true);
    expectError(await app.gql(`{ competitionCalls { agreements(voivodeship: "2") { number } } }`), 'BAD_USER_INPUT', 'voivodeship');
  });
});

describe('the test map', () => {
  it('per voivodeship: the places where clubs were created, and one where none was; all stand-ins, since the map is not in the sources', async () => {
    const sites = data(
      await app.gql(
        `{ testMap(voivodeship: "26") { clubCreated synthetic municipality { code } organisation { name } voivodeship { code } source { kind reference } } }`,
      ),
    ).testMap;
    expect(sites).toHaveLength(10);
    expect(sites.filter((s: any) => s.clubCreated)).toHaveLength(9);
    expect(
      sites
        .filter((s: any) => s.organisation.name === 'Fundacja Pestka' && s.clubCreated)
        .map((s: any) => s.municipality.code)
        .sort(),
    ).toEqual(['2604062', '2610053', '2661011']);
    for (const s of sites) expect(s).toMatchObject({ synthetic: true, voivodeship: { code: '26' }, source: { kind: 'SYNTHETIC' } });
    expect(data(await app.gql(`{ testMap { id } }`)).testMap).toHaveLength(32 + 6);
  });
});

describe('statements', () => {
  it('do not grow with the rows: every team with its roles, duties, meetings and consultations, and every agreement with founder, club and grant', async () => {
    const q = `query($v: String) { animationTeams { animatorRoles { count } duties { kind source { kind } } meetings { network { name } organisedBy { name } } consultations { team { name } } voivodeship { name } source { kind } }
      competitionCalls { agreements(voivodeship: $v) { founder { name } club { name } grant { amount } offer { municipality { name } } source { kind } } }
      testMap(voivodeship: $v) { clubCreated organisation { name } municipality { name } } }`;
    const one = await app.countStatements(() => app.gql(q, { v: '04' }));
    const all = await app.countStatements(() => app.gql(q, { v: '26' }));
    expect(all).toBe(one);
    expect(all).toBeLessThanOrEqual(25);
  });
});

describe('a database seeded before the machinery existed', () => {
  it('gets it at the next seeding, once: the same 32 agreements and 6 teams, and a second run adds nothing', async () => {
    const tables = [
      'competition_agreement',
      'competition_offer',
      'test_map_site',
      'competition_call',
      'advisory_consultation',
      'training_session',
      'advisory_duty',
      'team_meeting',
      'team_duty',
      'animation_team_role',
      'animation_team',
    ];
    const before = data(await app.gql(AGREEMENTS)).competitionCalls[0].agreements;
    const em = app.db.orm.em.fork();
    for (const t of tables) await em.getConnection().execute(`delete from ${t}`);
    expect(data(await app.gql(`{ animationTeams { id } competitionCalls { id } }`))).toEqual({ animationTeams: [], competitionCalls: [] });
    await seedPilotNetwork(app.db.orm.em.fork());
    await seedPilotNetwork(app.db.orm.em.fork());
    expect(data(await app.gql(`{ animationTeams { id } }`)).animationTeams).toHaveLength(6);
    expect(data(await app.gql(AGREEMENTS)).competitionCalls[0].agreements).toEqual(before);
  });
});
