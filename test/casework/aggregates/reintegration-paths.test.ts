import 'reflect-metadata';
// Reintegration paths: people linked across institutions by pseudonym, their episodes in order as
// institution types (OPS → KIS → PUP), counted in a SECURITY DEFINER function, published in
// statistical releases (whole country; voivodeship × calendar year of the first episode) and shown
// with disclosure control. A hand-built fixture (first episodes in 2024, after every synthetic seed
// person's) gives exact expectations; the attacker's side varies the filters to single someone out
// and finds no count below k; the function's counts agree with paths computed from the raw rows.
//
// The fixture's paths are small (1 to 25 people), far below the partition threshold of a release at
// the default budget (a path is released only with at least that many people, noise or not). This
// file's service therefore publishes with a large budget (threshold 3) and without noise, to check
// what a release counts and how the API discloses it; "partition selection at the default budget"
// checks the default threshold on the pilot seed.
import fc from 'fast-check';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disclosePaths, MAX_STEPS, PATH_OUTCOMES, type PathRow } from '../../../src/casework/aggregates/paths.service';
import { openCaseworkOwner } from '../../../src/casework/bootstrap';
import { publishRelease, releasePlan, type ScopePaths } from '../../../src/casework/releases/publish';
import { Role, type Caller } from '../../../src/common/auth';
import { loadConfig } from '../../../src/config';
import { clubCircle, testPesels } from '../../support/casework-fixtures';
import { disclosedCells, labelsIn } from '../../support/disclosed-cells';
import { exactCounts, staff, startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';
import { startRegistryApp, type TestApp } from '../../support/registry-app';

let app: CaseworkTestApp;
const K = 10;
const RESEARCHER: Caller = { role: Role.RESEARCHER, subject: 'researcher' };
const PUBLIC: Caller = { role: Role.PUBLIC };

const c26 = clubCircle('26', 1);
const c24 = clubCircle('24', 1);
type At = 'club' | 'ops' | 'pup';
const KIND: Record<At, string> = { club: 'CLUB_ACTIVITIES', ops: 'SOCIAL_ASSISTANCE', pup: 'LABOUR_OFFICE_REGISTRATION' };
interface Ep {
  at: At;
  startedOn: string;
  endedOn?: string;
  outcome?: string;
}
interface FixturePerson {
  group: string;
  circle: typeof c26;
  episodes: Ep[];
}

const day = (month: string, i: number) => `${month}-${String((i % 28) + 1).padStart(2, '0')}`;
const ep = (at: At, startedOn: string, endedOn?: string, outcome?: string): Ep => ({ at, startedOn, ...(endedOn ? { endedOn, outcome } : {}) });
const times = (n: number, build: (i: number) => Ep[], group: string, circle = c26): FixturePerson[] =>
  Array.from({ length: n }, (_, i) => ({ group, circle, episodes: build(i) }));

/** The fixture: groups of people with a known path, end state, voivodeship and month of first episode. */
const FIXTURE: FixturePerson[] = [
  // A, 26, first episode January: OPS → KIS → PUP; 12 OPEN_LABOUR_MARKET, 5 IN_PROGRESS, 5 DROPPED_OUT.
  ...times(
    22,
    (i) => [
      ep('ops', day('2024-01', i), '2024-03-31', 'REFERRED_ONWARD'),
      ep('club', '2024-04-01', '2024-09-30', 'COMPLETED_WITHOUT_EMPLOYMENT'),
      i < 12
        ? ep('pup', '2024-10-01', '2024-12-31', 'OPEN_LABOUR_MARKET')
        : i < 17
          ? ep('pup', '2024-10-01')
          : ep('pup', '2024-10-01', '2024-12-31', 'DROPPED_OUT'),
    ],
    'A',
  ),
  // H, 26, January: seven steps (cut to six); 6 OPEN_LABOUR_MARKET, 6 IN_PROGRESS.
  ...times(
    12,
    (i) => [
      ep('ops', day('2024-01', i), '2024-01-31', 'REFERRED_ONWARD'),
      ep('club', '2024-02-01', '2024-02-28', 'COMPLETED_WITHOUT_EMPLOYMENT'),
      ep('ops', '2024-03-01', '2024-03-31', 'REFERRED_ONWARD'),
      ep('club', '2024-04-01', '2024-04-30', 'COMPLETED_WITHOUT_EMPLOYMENT'),
      ep('ops', '2024-05-01', '2024-05-31', 'REFERRED_ONWARD'),
      ep('club', '2024-06-01', '2024-06-30', 'COMPLETED_WITHOUT_EMPLOYMENT'),
      i < 6 ? ep('pup', '2024-07-01', '2024-12-31', 'OPEN_LABOUR_MARKET') : ep('pup', '2024-07-01'),
    ],
    'H',
  ),
  // C, 26, January: a rare path OPS → PUP (3 people).
  ...times(3, (i) => [ep('ops', day('2024-01', 20 + i), '2024-02-29', 'REFERRED_ONWARD'), ep('pup', '2024-03-01')], 'C'),
  // B, 26, February: KIS → PUP (and a second club episode, collapsed); 12 OPEN_LABOUR_MARKET, 11 SUBSIDISED_EMPLOYMENT, 2 DROPPED_OUT.
  ...times(
    25,
    (i) => [
      ep('club', day('2024-02', i), '2024-04-30', 'COMPLETED_WITHOUT_EMPLOYMENT'),
      ep('club', '2024-05-01', '2024-06-30', 'COMPLETED_WITHOUT_EMPLOYMENT'),
      ep('pup', '2024-07-01', '2024-12-31', i < 12 ? 'OPEN_LABOUR_MARKET' : i < 23 ? 'SUBSIDISED_EMPLOYMENT' : 'DROPPED_OUT'),
    ],
    'B',
  ),
  // D, 26, March: PUP → KIS, 8 people (rare).
  ...times(8, (i) => [ep('pup', day('2024-03', i), '2024-05-31', 'REFERRED_ONWARD'), ep('club', '2024-06-01')], 'D'),
  // E, 24, May: KIS → OPS; 9 still IN_PROGRESS, 6 OPEN_LABOUR_MARKET.
  ...times(
    15,
    (i) => [
      ep('club', day('2024-05', i), '2024-08-31', 'COMPLETED_WITHOUT_EMPLOYMENT'),
      i < 9 ? ep('ops', '2024-09-01') : ep('ops', '2024-09-01', '2024-12-31', 'OPEN_LABOUR_MARKET'),
    ],
    'E',
    c24,
  ),
  // K, 24, June: OPS → PUP, 11 people, every one still IN_PROGRESS.
  ...times(11, (i) => [ep('ops', day('2024-06', i), '2024-08-31', 'REFERRED_ONWARD'), ep('pup', '2024-09-01')], 'K', c24),
  // F and G, 24: rare paths OPS → KIS (6) and PUP → KIS (5).
  ...times(6, (i) => [ep('ops', day('2024-05', i), '2024-06-30', 'REFERRED_ONWARD'), ep('club', '2024-07-01', '2024-12-31', 'OPEN_LABOUR_MARKET')], 'F', c24),
  ...times(5, (i) => [ep('pup', day('2024-06', i), '2024-07-31', 'REFERRED_ONWARD'), ep('club', '2024-08-01', '2024-12-31', 'SELF_EMPLOYMENT')], 'G', c24),
  // L, 24: one person alone in November, on a path nobody else took (PUP → OPS).
  { group: 'L', circle: c24, episodes: [ep('pup', '2024-11-12', '2024-11-30', 'REFERRED_ONWARD'), ep('ops', '2024-12-01')] },
];

const TABLE = `{ k maxSteps total { count suppressed } otherPaths { count suppressed }
  paths { steps truncated label people { count suppressed } openLabourMarketRate byOutcome { outcome count suppressed rate } } }`;
const QUERY = `query($f: ReintegrationPathFilter) { reintegrationPaths(filter: $f) ${TABLE} }`;

async function paths(filter: Record<string, unknown> | null, caller: Caller = RESEARCHER) {
  const res = await app.gql(QUERY, { f: filter }, caller);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data?.reintegrationPaths;
}

const YEAR_2024 = { from: '2024-01-01', to: '2024-12-31' };
const summary = (t: any) => ({
  total: t.total.count,
  otherPaths: t.otherPaths.count,
  paths: t.paths.map((p: any) => `${p.label}: ${p.people.count}`),
});
const cell = (p: any, outcome: string) => p.byOutcome.find((o: any) => o.outcome === outcome);

/** The most budget a release may spend (RELEASE_RHO's maximum): the partition threshold is then 3. */
const LARGE_BUDGET = { RELEASE_RHO: '100', RELEASE_RHO_PER_YEAR: '10000' };

/** The latest release's cells of a path table ('paths', '' or 'pathsRegional', '<voivodeship>:<year>'). */
async function releasedScope(table: 'paths' | 'pathsRegional', scope: string): Promise<ScopePaths> {
  const [cell] = await app.sql(
    'owner',
    `select c.counts from statistics_release_cell c where c.release_id = (select id from statistics_release order by published_at desc, id desc limit 1) and c.table_name = $1 and c.group_key = $2`,
    [table, scope],
  );
  return cell.counts as ScopePaths;
}
const releasedSummary = (s: ScopePaths) => ({
  total: s.total,
  paths: s.paths.map((p) => `${p.steps.join(' → ')}${p.truncated ? ' → …' : ''}: ${p.people}`).sort(),
});

/** A filter's refusal: BAD_USER_INPUT naming the field and the calendar-year grain of the release. */
async function refused(filter: Record<string, unknown>, caller: Caller = RESEARCHER) {
  const res = await app.gql(QUERY, { f: filter }, caller);
  expect(res.data?.reintegrationPaths ?? null, JSON.stringify(filter)).toBeNull();
  expect(res.errors?.[0].extensions?.code, JSON.stringify(filter)).toBe('BAD_USER_INPUT');
  expect(res.errors?.[0].message, JSON.stringify(filter)).toMatch(
    /^filter\.(from|to): must be (1 January|31 December): released statistics are by calendar year/,
  );
  return res.errors?.[0].extensions?.field;
}

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true, env: LARGE_BUDGET });
  const pesels = testPesels(FIXTURE.length, 71);
  const lines = new Map<string, string[]>();
  FIXTURE.forEach((person, n) => {
    for (const at of ['club', 'ops', 'pup'] as At[]) {
      const episodes = person.episodes.filter((e) => e.at === at).map(({ at: where, ...e }) => ({ kind: KIND[where], ...e }));
      if (!episodes.length) continue;
      const institution = person.circle[at];
      lines.set(institution, [...(lines.get(institution) ?? []), JSON.stringify({ pesel: pesels[n], categories: ['LONG_TERM_UNEMPLOYED'], episodes })]);
    }
  });
  for (const [institution, batch] of lines) {
    const res = await app.gql(
      `mutation($l: [String!]!) { importParticipants(lines: $l) { accepted rejected problems { line field reason } } }`,
      { l: batch },
      staff(institution),
    );
    expect(res.data?.importParticipants, JSON.stringify(res)).toMatchObject({ rejected: 0, accepted: batch.length });
  }
  // Paths are published from releases: a release of the fixture (without noise, to check what is counted).
  await app.release();
  // Small enough that every fixture path but the lone person's (L) is released.
  expect(releasePlan(app.config.casework.releases).pathThreshold).toBeLessThanOrEqual(3);
}, 120_000);
afterAll(() => app?.close());

describe('the fixture institutions', () => {
  it('are a KIS, an OPS and a PUP in each of świętokrzyskie (26) and śląskie (24) in the reference copy', async () => {
    const rows = await app.sql('owner', `select id, type, voivodeship from reference_institution where id = any($1::uuid[])`, [
      [c26.club, c26.ops, c26.pup, c24.club, c24.ops, c24.pup],
    ]);
    const of = (id: string) => rows.find((r) => r.id === id);
    expect([c26.club, c26.ops, c26.pup].map((id) => [of(id)?.type, of(id)?.voivodeship])).toEqual([
      ['KIS', '26'],
      ['OPS', '26'],
      ['PUP', '26'],
    ]);
    expect([c24.club, c24.ops, c24.pup].map((id) => [of(id)?.type, of(id)?.voivodeship])).toEqual([
      ['KIS', '24'],
      ['OPS', '24'],
      ['PUP', '24'],
    ]);
  });
});

describe('paths on the hand-built fixture', () => {
  it('releases the paths of 26 in 2024 exactly, lists those of at least k people with their steps, pools the rare ones, and adds up', async () => {
    // What the release holds for the voivodeship and year: every fixture path (none of the seed's), exactly.
    expect(releasedSummary(await releasedScope('pathsRegional', '26:2024'))).toEqual({
      total: 70,
      paths: ['KIS → PUP: 25', 'OPS → KIS → OPS → KIS → OPS → KIS → …: 12', 'OPS → KIS → PUP: 22', 'OPS → PUP: 3', 'PUP → KIS: 8'],
    });
    const t = await paths({ voivodeship: '26', ...YEAR_2024 });
    expect(t.k).toBe(K);
    expect(t.maxSteps).toBe(MAX_STEPS);
    // C (OPS → PUP, 3) and D (PUP → KIS, 8) are pooled: 11 people, at least k, from two paths.
    expect(summary(t)).toEqual({
      total: 70,
      otherPaths: 11,
      paths: ['KIS → PUP: 25', 'OPS → KIS → PUP: 22', 'OPS → KIS → OPS → KIS → OPS → KIS → …: 12'],
    });
    expect(t.paths.map((p: any) => [p.steps, p.truncated])).toEqual([
      [['KIS', 'PUP'], false],
      [['OPS', 'KIS', 'PUP'], false],
      [['OPS', 'KIS', 'OPS', 'KIS', 'OPS', 'KIS'], true],
    ]);
    expect(JSON.stringify(t)).not.toMatch(/OPS → PUP|PUP → KIS/);
  });

  it('gives outcome cells of at least k with their rates, and hides the rest with secondary suppression', async () => {
    const t = await paths({ voivodeship: '26', ...YEAR_2024 });
    const [b, a, h] = t.paths;
    expect(b.byOutcome.map((o: any) => o.outcome)).toEqual(PATH_OUTCOMES);
    // OPS → KIS → PUP: 12 OPEN_LABOUR_MARKET shown; IN_PROGRESS 5 and DROPPED_OUT 5 hidden together (10 ≥ k).
    expect(cell(a, 'OPEN_LABOUR_MARKET')).toEqual({ outcome: 'OPEN_LABOUR_MARKET', count: 12, suppressed: false, rate: 0.545 });
    expect(a.openLabourMarketRate).toBe(0.545);
    expect([cell(a, 'IN_PROGRESS'), cell(a, 'DROPPED_OUT')].map((c) => [c.count, c.suppressed, c.rate])).toEqual([
      [null, true, null],
      [null, true, null],
    ]);
    // KIS → PUP: DROPPED_OUT (2) is below k; alone, 25 − 12 would give it back with SUBSIDISED_EMPLOYMENT's 11, so 11 is hidden too.
    expect(cell(b, 'OPEN_LABOUR_MARKET')).toMatchObject({ count: 12, rate: 0.48 });
    expect(cell(b, 'SUBSIDISED_EMPLOYMENT')).toEqual({ outcome: 'SUBSIDISED_EMPLOYMENT', count: null, suppressed: true, rate: null });
    expect(cell(b, 'DROPPED_OUT').suppressed).toBe(true);
    // The cut path: 6 and 6, both below k: every cell hidden, the path's count stays.
    expect(h.byOutcome.every((o: any) => o.suppressed && o.count === null && o.rate === null)).toBe(true);
    expect(h.openLabourMarketRate).toBeNull();
    for (const p of t.paths) {
      const shownSum = p.byOutcome.filter((o: any) => !o.suppressed).reduce((s: number, o: any) => s + o.count, 0);
      const hidden = p.byOutcome.filter((o: any) => o.suppressed);
      if (hidden.length) expect(p.people.count - shownSum, p.label).toBeGreaterThanOrEqual(K);
      expect(hidden.length, p.label).not.toBe(1);
    }
    // The release holds every end state of a released path, zeros included: the shown cells are its exact ones.
    const released = (await releasedScope('pathsRegional', '26:2024')).paths.find((p) => p.steps.join() === 'OPS,KIS,PUP')!;
    const exact: Record<string, number> = { OPEN_LABOUR_MARKET: 12, IN_PROGRESS: 5, DROPPED_OUT: 5 };
    expect(released.outcome).toEqual(Object.fromEntries(PATH_OUTCOMES.map((o) => [o, exact[o] ?? 0])));
  });

  it("pools a path on which everyone stands the same, however many took it (it would tell each one's outcome)", async () => {
    const t = await paths({ voivodeship: '24', ...YEAR_2024 });
    // K (OPS → PUP, 11, all in progress) joins F (6), G (5) and L (1, whose path the release does not hold) in the pool.
    expect(summary(t)).toEqual({ total: 38, otherPaths: 23, paths: ['KIS → OPS: 15'] });
    // E: 9 and 6, both below k: every cell hidden, the path's count stays.
    expect(t.paths[0].byOutcome.every((o: any) => o.suppressed)).toBe(true);
    expect(t.paths[0].openLabourMarketRate).toBeNull();
  });

  it('changes with the voivodeship and the calendar years of the first episode; month windows are refused', async () => {
    const year = await paths({ voivodeship: '26', ...YEAR_2024 });
    // Open-ended: 2024 and the years after it released so far, which hold no fixture person.
    expect(await paths({ voivodeship: '26', from: '2024-01-01' })).toEqual(year);
    const everywhere = await paths(YEAR_2024);
    // Across voivodeships PUP → KIS is D (8) and G (5): 13, listed; OPS → PUP is C (3) and K (11): 14, all in progress, pooled.
    expect(summary(everywhere)).toEqual({
      total: 108,
      otherPaths: 21,
      paths: ['KIS → PUP: 25', 'OPS → KIS → PUP: 22', 'KIS → OPS: 15', 'PUP → KIS: 13', 'OPS → KIS → OPS → KIS → OPS → KIS → …: 12'],
    });
    // Before 2024 only the synthetic seed's people, exactly as the counting function has them; without a period both.
    const seedPeople = async (voivodeship: string | null) =>
      (
        await app.sql('app', `select coalesce(sum(n), 0)::int as n from casework_reintegration_paths($1, null, '2023-12-31', null, $2)`, [
          voivodeship,
          MAX_STEPS,
        ])
      )[0].n as number;
    const before = await paths({ voivodeship: '26', to: '2023-12-31' });
    expect(before.total).toEqual({ count: await seedPeople('26'), suppressed: false });
    expect(before.total.count).toBeGreaterThan(100);
    const allTime = await paths({ voivodeship: '26' });
    expect(allTime.total.count).toBe(before.total.count + year.total.count);
    const multiYear = await paths({ voivodeship: '26', from: '2019-01-01', to: '2024-12-31' });
    expect(multiYear.total.count).toBeGreaterThan(year.total.count);
    expect(multiYear.total.count).toBeLessThanOrEqual(allTime.total.count);
    // January alone, or February to March, is not a union of released cells.
    expect(await refused({ voivodeship: '26', from: '2024-01-01', to: '2024-01-31' })).toBe('filter.to');
    expect(await refused({ voivodeship: '26', from: '2024-02-01', to: '2024-03-31' })).toBe('filter.from');
  });

  it('narrows to paths that start at a type', async () => {
    // A (22), H (12) and C (3) start at an OPS: the pool of C alone would be below k, so H joins it.
    expect(summary(await paths({ voivodeship: '26', ...YEAR_2024, startsWith: 'OPS' }))).toEqual({ total: 37, otherPaths: 15, paths: ['OPS → KIS → PUP: 22'] });
    // Everyone in 26 in 2024 who started at a KIS took KIS → PUP: publishing that would tell each of them apart; nothing is shown.
    const kis = await paths({ voivodeship: '26', ...YEAR_2024, startsWith: 'KIS' });
    expect(kis).toMatchObject({ paths: [], total: { count: null, suppressed: true }, otherPaths: { count: null, suppressed: true } });
  });

  it('is the same, disclosure-controlled, for the public and for the staff of an institution on the paths', async () => {
    const filter = { voivodeship: '26', ...YEAR_2024 };
    const forResearcher = await paths(filter);
    expect(await paths(filter, PUBLIC)).toEqual(forResearcher);
    expect(await paths(filter, staff(c26.club))).toEqual(forResearcher);
    expect(await paths(filter, { role: Role.ADMIN, subject: 'admin' })).toEqual(forResearcher);
  });
});

describe('bad input', () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ voivodeship: '99' }, 'filter.voivodeship'],
    [{ voivodeship: '2' }, 'filter.voivodeship'],
    [{ from: '2024-01-15' }, 'filter.from'],
    [{ to: '2024-02-28' }, 'filter.to'], // 2024 is a leap year
    [{ from: '2025-01-01', to: '2024-12-31' }, 'filter.to'],
    [{ from: '2024-03-12', to: '2024-03-12' }, 'filter.from'],
    [{ startsWith: 'ops' }, 'filter.startsWith'],
    [{ startsWith: 'SPACE_AGENCY' }, 'filter.startsWith'],
  ];
  it.each(cases)('%j is BAD_USER_INPUT naming %s', async (filter, field) => {
    const res = await app.gql(QUERY, { f: filter }, RESEARCHER);
    expect(res.data?.reintegrationPaths ?? null).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0].message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
  });

  it('accepts whole calendar years, several of them and open-ended periods, and refuses any other period naming the calendar-year grain', async () => {
    for (const filter of [YEAR_2024, { from: '2018-01-01', to: '2021-12-31' }, { from: '2024-01-01' }, { to: '2023-12-31' }, { startsWith: 'UNKNOWN' }])
      await paths(filter);
    // Whole months (a leap February included), a quarter, a year shifted by a month: not released cells.
    expect(await refused({ from: '2024-02-01', to: '2024-02-29' })).toBe('filter.from');
    expect(await refused({ from: '2024-01-01', to: '2024-03-31' })).toBe('filter.to');
    expect(await refused({ from: '2024-02-01', to: '2025-01-31' })).toBe('filter.from');
    expect(await refused({ to: '2024-06-30' })).toBe('filter.to');
    expect(await refused({ from: '2024-07-01' })).toBe('filter.from');
  });
});

describe("from the attacker's side", () => {
  const months = Array.from({ length: 12 }, (_, i) => {
    const m = String(i + 1).padStart(2, '0');
    return { from: `2024-${m}-01`, to: `2024-${m}-${new Date(Date.UTC(2024, i + 1, 0)).getUTCDate()}` };
  });
  const years = Array.from({ length: 8 }, (_, i) => ({ from: `${2018 + i}-01-01`, to: `${2018 + i}-12-31` }));
  const periods: Record<string, string>[] = [
    {},
    YEAR_2024,
    { from: '2024-01-01' },
    { to: '2023-12-31' },
    { to: '2021-12-31' },
    { from: '2018-01-01', to: '2021-12-31' },
    ...years,
  ];
  const filters = periods.flatMap((p) => [null, '24', '26'].flatMap((v) => [null, 'OPS', 'KIS', 'PUP'].map((s) => ({ ...p, voivodeship: v, startsWith: s }))));

  it('finds no count below k in any answer, whatever the voivodeship, calendar years and first step, and never the lone person', async () => {
    let cells = 0;
    const labels = new Set<string>();
    // 30 aliases per request at most: batches of 25.
    for (let i = 0; i < filters.length; i += 25) {
      const batch = filters.slice(i, i + 25);
      const text = `query(${batch.map((_, j) => `$f${j}: ReintegrationPathFilter`).join(', ')}) { ${batch.map((_, j) => `t${j}: reintegrationPaths(filter: $f${j}) ${TABLE}`).join(' ')} }`;
      const res = await app.gql(text, Object.fromEntries(batch.map((f, j) => [`f${j}`, f])), PUBLIC);
      expect(res.errors).toBeUndefined();
      for (const o of disclosedCells(res.data)) {
        cells += 1;
        if (o.suppressed) expect(o.count).toBeNull();
        else expect(o.count as number).toBeGreaterThanOrEqual(K);
        if ('rate' in o) expect(o.rate === null).toBe(o.suppressed);
      }
      labelsIn(res.data, labels);
      for (const table of Object.values<any>(res.data ?? {})) {
        if (table.total.suppressed) expect(table.paths).toEqual([]);
        else expect(table.total.count).toBe(table.otherPaths.count + table.paths.reduce((s: number, p: any) => s + p.people.count, 0));
        expect(table.otherPaths.suppressed).toBe(table.total.suppressed);
      }
    }
    expect(cells).toBeGreaterThan(500);
    expect([...labels]).not.toContain('PUP → OPS');
    expect(labels.size).toBeGreaterThan(3);
    // Months, whichever the voivodeship, are not released cells: every one is refused.
    for (const month of months) for (const voivodeship of [null, '24', '26']) await refused({ ...month, voivodeship }, PUBLIC);
  });

  it('singles nobody out with the period of their month or of one day (refused), nor with their year: the release never holds a path so few took', async () => {
    // L is the only person whose first episode was in 24 in November 2024.
    expect(await refused({ voivodeship: '24', from: '2024-11-01', to: '2024-11-30' }, PUBLIC)).toBe('filter.from');
    const oneDay = await app.gql(QUERY, { f: { voivodeship: '24', from: '2024-11-12', to: '2024-11-12' } }, PUBLIC);
    expect(oneDay.data?.reintegrationPaths ?? null).toBeNull();
    expect(oneDay.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.from' });
    // L's path (PUP → OPS) is below the partition threshold wherever L counts: no cell of the release lists it,
    // and no cell lists any path of fewer people than the threshold; L is in the totals only.
    const [release] = await app.sql('owner', `select id, parameters from statistics_release order by published_at desc, id desc limit 1`);
    const threshold = release.parameters.pathThreshold as number;
    expect(threshold).toBeGreaterThanOrEqual(2);
    const tables = await app.sql(
      'owner',
      `select group_key, counts from statistics_release_cell where release_id = $1 and table_name in ('paths', 'pathsRegional')`,
      [release.id],
    );
    expect(tables.length).toBeGreaterThan(16);
    for (const { group_key: scope, counts } of tables) {
      for (const p of (counts as ScopePaths).paths) {
        expect(p.steps, scope).not.toEqual(['PUP', 'OPS']);
        expect(p.people, `${scope} ${p.steps.join(' → ')}`).toBeGreaterThanOrEqual(threshold);
      }
    }
    expect(releasedSummary(await releasedScope('pathsRegional', '24:2024'))).toEqual({
      total: 38,
      paths: ['KIS → OPS: 15', 'OPS → KIS: 6', 'OPS → PUP: 11', 'PUP → KIS: 5'],
    });
    expect(summary(await paths({ voivodeship: '24', ...YEAR_2024 }, PUBLIC))).toEqual({ total: 38, otherPaths: 23, paths: ['KIS → OPS: 15'] });
  });

  it('cannot call the counting function without the grant (PUBLIC has none), and it returns counts, never people', async () => {
    const signature = 'casework_reintegration_paths(text, date, date, text, integer)';
    const [grants] = await app.sql(
      'owner',
      `select has_function_privilege('public', $1, 'execute') as public_may, has_function_privilege('ksr_casework_app', $1, 'execute') as app_may, pg_get_function_result($1::regprocedure) as result, p.prosecdef from pg_proc p where p.oid = $1::regprocedure`,
      [signature],
    );
    expect(grants).toEqual({ public_may: false, app_may: true, result: 'TABLE(steps text[], truncated boolean, end_state text, n bigint)', prosecdef: true });
    const client = new Client({ connectionString: app.ownerUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('create role ksr_paths_probe nologin');
      await client.query('set local role ksr_paths_probe');
      await expect(client.query(`select * from casework_reintegration_paths(null, null, null, null, 6)`)).rejects.toMatchObject({ code: '42501' });
    } finally {
      await client.query('rollback');
      await client.end();
    }
    // The service role without an institution sees no person rows, yet the function counts everyone (once each).
    expect((await app.sql('app', `select count(*)::int as n from participant`))[0].n).toBe(0);
    const rows = await app.sql('app', `select * from casework_reintegration_paths(null, null, null, null, 6)`);
    expect(Object.keys(rows[0]).sort()).toEqual(['end_state', 'n', 'steps', 'truncated']);
    const [{ people }] = await app.sql(
      'owner',
      `select count(distinct (p.key_version, p.pseudonym))::int as people from participant p where exists (select 1 from service_episode e where e.participant_id = p.id)`,
    );
    expect(rows.reduce((s, r) => s + Number(r.n), 0)).toBe(people);
  });
});

describe('the counting function against the raw rows', () => {
  it('agrees with paths computed here from every episode (owner), for several filters', async () => {
    const raw = await app.sql(
      'owner',
      `select p.key_version || ':' || p.pseudonym as person, e.id, e.started_on::text as started_on, e.ended_on::text as ended_on, e.outcome::text as outcome,
         coalesce(r.type, 'UNKNOWN') as type, r.voivodeship
       from service_episode e join participant p on p.id = e.participant_id left join reference_institution r on r.id = e.institution_id`,
    );
    const byPerson = new Map<string, any[]>();
    for (const r of raw) byPerson.set(r.person, [...(byPerson.get(r.person) ?? []), r]);
    const expected = (f: { voivodeship?: string; from?: string; to?: string; startsWith?: string }) => {
      const counts = new Map<string, number>();
      for (const eps of byPerson.values()) {
        eps.sort((a, b) => (a.started_on < b.started_on ? -1 : a.started_on > b.started_on ? 1 : a.id < b.id ? -1 : 1));
        const first = eps[0];
        if (f.voivodeship && first.voivodeship !== f.voivodeship) continue;
        if (f.from && first.started_on < f.from) continue;
        if (f.to && first.started_on > f.to) continue;
        if (f.startsWith && first.type !== f.startsWith) continue;
        const steps = eps.map((e) => e.type).filter((t, i, all) => i === 0 || all[i - 1] !== t);
        const open = eps.some((e) => e.ended_on === null);
        const last = [...eps]
          .filter((e) => e.ended_on)
          .sort((a, b) =>
            a.ended_on !== b.ended_on
              ? a.ended_on < b.ended_on
                ? 1
                : -1
              : a.started_on !== b.started_on
                ? a.started_on < b.started_on
                  ? 1
                  : -1
                : a.id < b.id
                  ? 1
                  : -1,
          )[0];
        const key = JSON.stringify([steps.slice(0, MAX_STEPS), steps.length > MAX_STEPS, open ? 'IN_PROGRESS' : last.outcome]);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return [...counts].map(([key, n]) => [...JSON.parse(key), n]).sort();
    };
    const filters = [{}, { voivodeship: '26' }, { voivodeship: '24', from: '2024-01-01', to: '2024-12-31' }, { startsWith: 'OPS' }, { to: '2020-06-30' }];
    for (const f of filters) {
      const rows = await app.sql('app', `select * from casework_reintegration_paths($1, $2, $3, $4, $5)`, [
        f.voivodeship ?? null,
        f.from ?? null,
        f.to ?? null,
        f.startsWith ?? null,
        MAX_STEPS,
      ]);
      const got = rows.map((r) => [r.steps, r.truncated, r.end_state, Number(r.n)]).sort();
      expect(got, JSON.stringify(f)).toEqual(expected(f));
      expect(got.length, JSON.stringify(f)).toBeGreaterThan(0);
    }
  });
});

describe('partition selection at the default budget, on the synthetic pilot seed', () => {
  // What a service configured by default publishes (its budget per release, hence its partition
  // threshold), within this file's yearly cap, which the large releases above have spent.
  const defaults = loadConfig({ ...process.env, RELEASE_RHO: undefined, RELEASE_RHO_PER_YEAR: undefined }).casework.releases;
  beforeAll(async () => {
    await publishRelease(app.db.orm.em.fork(), { ...defaults, rhoPerYear: app.config.casework.releases.rhoPerYear }, { sampler: exactCounts });
  });
  // The fixture's release again, for whatever runs next.
  afterAll(() => app.release());

  /** The counting function's people per path (label) in each scope of the release: '' the whole country, or "<voivodeship>:<year>". */
  async function truePaths(scopes: string[]): Promise<Map<string, Map<string, number>>> {
    const rows = await app.sql(
      'app',
      `select f.scope, r.steps, r.truncated, sum(r.n)::int as n
       from unnest($1::text[]) as f(scope)
       cross join lateral casework_reintegration_paths(nullif(split_part(f.scope, ':', 1), ''), case when f.scope = '' then null else make_date(split_part(f.scope, ':', 2)::int, 1, 1) end,
         case when f.scope = '' then null else make_date(split_part(f.scope, ':', 2)::int, 12, 31) end, null, $2) as r
       group by 1, 2, 3`,
      [scopes, MAX_STEPS],
    );
    const out = new Map(scopes.map((scope) => [scope, new Map<string, number>()]));
    for (const r of rows) out.get(r.scope)!.set(`${r.steps.join(' → ')}${r.truncated ? ' → …' : ''}`, r.n);
    return out;
  }

  it('releases exactly the paths of at least the threshold (stored with the release), nationally and per voivodeship and year, the rest in the totals only', async () => {
    const threshold = releasePlan(defaults).pathThreshold;
    const [release] = await app.sql('owner', `select id, parameters from statistics_release order by published_at desc, id desc limit 1`);
    expect(release.parameters.pathThreshold).toBe(threshold);
    // Far above k: a path is published with so many people that one person more or less cannot show.
    expect(threshold).toBeGreaterThan(5 * K);
    const cells = await app.sql(
      'owner',
      `select group_key, counts from statistics_release_cell where release_id = $1 and table_name in ('paths', 'pathsRegional')`,
      [release.id],
    );
    const truth = await truePaths(cells.map((c) => c.group_key));
    let listed = 0;
    for (const { group_key: scope, counts } of cells) {
      const want = truth.get(scope)!;
      expect((counts as ScopePaths).total, scope).toBe([...want.values()].reduce((sum, n) => sum + n, 0));
      expect(releasedSummary(counts).paths, scope).toEqual(
        [...want]
          .filter(([, n]) => n >= threshold)
          .map(([label, n]) => `${label}: ${n}`)
          .sort(),
      );
      listed += (counts as ScopePaths).paths.length;
    }
    expect(listed).toBeGreaterThan(1);
  });

  it('lists released national paths with their exact people; the people on paths below the threshold are pooled, and every released path of at least k is listed', async () => {
    const threshold = releasePlan(defaults).pathThreshold;
    const t = await paths(null, PUBLIC);
    const national = (await truePaths([''])).get('')!;
    expect(t.paths.map((p: any) => p.label)).toContain('KIS');
    for (const p of t.paths) {
      expect(p.people.count, p.label).toBe(national.get(p.label));
      expect(p.people.count, p.label).toBeGreaterThanOrEqual(threshold);
    }
    expect(t.total.count).toBe([...national.values()].reduce((sum, n) => sum + n, 0));
    expect(t.total.count).toBeGreaterThan(500);
    const listed = t.paths.reduce((sum: number, p: any) => sum + p.people.count, 0);
    expect(t.otherPaths.count).toBe(t.total.count - listed);
    // The pool is the people on paths the release does not list (released cells of many paths, at
    // least k): no released path has to join them to hide one path's count.
    const unreleased = [...national.values()].filter((n) => n < threshold).reduce((sum, n) => sum + n, 0);
    expect(unreleased).toBeGreaterThanOrEqual(10);
    expect(t.otherPaths.count).toBe(unreleased);
    expect(t.paths.map((p: any) => p.label).sort()).toEqual(
      [...national]
        .filter(([, n]) => n >= threshold)
        .map(([l]) => l)
        .sort(),
    );
  });
});

describe('disclosePaths (property-based)', () => {
  const STEP = fc.constantFrom('OPS', 'KIS', 'PUP', 'CIS');
  const rowArb = fc.record({
    steps: fc.array(STEP, { minLength: 1, maxLength: 3 }),
    truncated: fc.boolean(),
    endState: fc.constantFrom(...PATH_OUTCOMES),
    n: fc.oneof(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 60 })),
  });

  it('publishes no count below k; total = listed paths + otherPaths, both shown or both hidden; the pool is never one path', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 25 }), fc.integer({ min: 2, max: 20 }), (rows: PathRow[], k) => {
        const t = disclosePaths(rows, k, MAX_STEPS);
        const truth = new Map<string, number>();
        for (const r of rows) truth.set(`${JSON.stringify(r.steps)}|${r.truncated}`, (truth.get(`${JSON.stringify(r.steps)}|${r.truncated}`) ?? 0) + r.n);
        const total = rows.reduce((s, r) => s + r.n, 0);
        const cells = [t.total, t.otherPaths, ...t.paths.flatMap((p) => [p.people, ...p.byOutcome])];
        for (const c of cells) {
          if (c.suppressed) expect(c.count).toBeNull();
          else expect(c.count!).toBeGreaterThanOrEqual(k);
        }
        expect(t.otherPaths.suppressed).toBe(t.total.suppressed);
        if (t.total.suppressed) {
          expect(t.paths).toEqual([]);
          return;
        }
        expect(t.total.count).toBe(total);
        const listed = t.paths.reduce((s, p) => s + p.people.count!, 0);
        expect(t.otherPaths.count).toBe(total - listed);
        // The pool holds at least two paths: its count is never one unlisted path's.
        const pooled = [...truth].filter(([key]) => !t.paths.some((p) => `${JSON.stringify(p.steps)}|${p.truncated}` === key)).map(([, n]) => n);
        expect(pooled.length).toBeGreaterThanOrEqual(2);
        for (const p of t.paths) {
          expect(p.people.count).toBe(truth.get(`${JSON.stringify(p.steps)}|${p.truncated}`));
          const shownSum = p.byOutcome.filter((o) => !o.suppressed).reduce((s, o) => s + o.count!, 0);
          const hidden = p.byOutcome.filter((o) => o.suppressed);
          if (hidden.length) expect(p.people.count! - shownSum).toBeGreaterThanOrEqual(k);
          expect(hidden.length).not.toBe(1);
          const exact = (o: string) =>
            rows
              .filter((r) => `${JSON.stringify(r.steps)}|${r.truncated}` === `${JSON.stringify(p.steps)}|${p.truncated}` && r.endState === o)
              .reduce((s, r) => s + r.n, 0);
          for (const o of hidden) expect(p.people.count! - shownSum, `${p.label} ${o.outcome}`).not.toBe(exact(o.outcome));
        }
      }),
      { numRuns: 1500 },
    );
  });
});

describe('through the gateway', () => {
  let gateway: TestApp;
  beforeAll(async () => {
    gateway = await startRegistryApp();
  }, 120_000);
  afterAll(() => gateway?.close());

  it('answers a client with the registry and the released paths in one request, for the public; periods other than calendar years are refused', async () => {
    // The service published a release at start, with noise; one without, to check what it counts.
    const caseworkUrl = `${gateway.config.databaseUrl}_cw`;
    const owner = await openCaseworkOwner(caseworkUrl, { quiet: true });
    try {
      await publishRelease(owner.orm.em.fork(), gateway.config.casework.releases, { sampler: exactCounts });
    } finally {
      await owner.orm.close();
    }
    const client = new Client({ connectionString: caseworkUrl });
    await client.connect();
    const latest = await client.query(`select id from statistics_release order by published_at desc, id desc limit 1`).finally(() => client.end());
    const res = await gateway.gql(`{
      voivodeship(code: "26") { name }
      reintegrationPaths { k release { id } total { count suppressed } otherPaths { count suppressed } paths { label people { count } openLabourMarketRate } }
      demo: reintegrationPaths(filter: { voivodeship: "26", from: "2019-01-01", to: "2021-12-31" }) { k total { count suppressed } otherPaths { count suppressed } paths { label people { count } } }
    }`);
    expect(res.errors).toBeUndefined();
    const data = res.data as any;
    expect(data.voivodeship.name).toBe('świętokrzyskie');
    const t = data.reintegrationPaths;
    expect(t.k).toBe(K);
    expect(t.release).toEqual({ id: latest.rows[0].id });
    // The whole country, on the seed alone.
    expect(t.paths.map((p: any) => p.label)).toEqual(expect.arrayContaining(['KIS', 'PUP → KIS']));
    for (const table of [t, data.demo]) {
      for (const p of table.paths) expect(p.people.count).toBeGreaterThanOrEqual(K);
      expect(table.otherPaths.suppressed).toBe(table.total.suppressed);
      if (!table.total.suppressed) expect(table.total.count).toBe(table.otherPaths.count + table.paths.reduce((s: number, p: any) => s + p.people.count, 0));
    }
    expect(t.total.suppressed).toBe(false);
    const bad = await gateway.gql(`{ reintegrationPaths(filter: { from: "2024-03-12" }) { k } }`);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.from' });
    const month = await gateway.gql(`{ reintegrationPaths(filter: { voivodeship: "26", from: "2021-01-01", to: "2021-01-31" }) { k } }`);
    expect(month.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.to' });
    expect(month.errors?.[0].message).toMatch(/^filter\.to: must be 31 December: released statistics are by calendar year/);
  });
});
