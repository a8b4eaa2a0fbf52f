import 'reflect-metadata';
// Differencing attacks of the outside analyst (issue 9, §5), through the API as a researcher sees
// it, against real releases (the release job itself, with its discrete Gaussian sampler seeded for
// reproducibility). The analyst subtracts two shown answers whose difference is, in truth, a small
// count of people (1 to 9) that no table shows: cumulative windows of paths one year apart, a
// partnership of three or more parties against the pair of two of them, one voivodeship as the
// whole country less the other fifteen, and one outcome as a total less the other outcome cells.
//
// The small differences are found in the true counts (the release's own counting, without noise,
// threshold or k). Then, over TRIALS fresh releases, the analyst derives each difference again and claims
// "positive" when it is; the claim is right at most 60% of the time for every attack, while
// a positive claim by chance (a coin flip) is right 50%. Where a side is suppressed, the analyst gets
// no number and flips the coin (with the test's seeded coin).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseworkOwner } from '../../../src/casework/bootstrap';
import { pathLabel } from '../../../src/casework/aggregates/paths.service';
import { RELEASED_OUTCOMES, gaussianSampler, partyKey, regionalScope, releaseYears, trueCells } from '../../../src/casework/releases/publish';
import { todayInPoland } from '../../../src/common/dates';
import { seededUniform } from '../../../src/casework/releases/noise';
import { Role } from '../../../src/common/auth';
import { startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
const RESEARCHER = { role: Role.RESEARCHER, subject: 'analyst' };
const TRIALS = 200;
const VOIVODESHIPS = ['02', '04', '06', '08', '10', '12', '14', '16', '18', '20', '22', '24', '26', '28', '30', '32'];
const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025];
const STATS = `total { count } byOutcome { outcome count }`;
const PATHS = `total { count } paths { label people { count } }`;

interface Partnership {
  id: string;
  parties: string[];
}

let partnerships: Partnership[];

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true });
  const rows = await app.sql<{ id: string; party_ids: string[] }>(
    'owner',
    `select id, party_ids from reference_partnership where status = 'ACTIVE' and cardinality(party_ids) >= 3 order by id limit 12`,
  );
  partnerships = rows.map((r) => ({ id: r.id, parties: r.party_ids }));
}, 120_000);
afterAll(() => app?.close());

/** Every pair of parties of the partnerships. */
const pairsOf = (p: Partnership): [string, string][] => p.parties.flatMap((a, i) => p.parties.slice(i + 1).map((b) => [a, b] as [string, string]));

/** The path answers the attacks subtract, in one request (aliases; the API allows 30). */
function pathQuery(): string {
  const windows = YEARS.map((y) => `w${y}: reintegrationPaths(filter: { from: "2015-01-01", to: "${y}-12-31" }) { ${PATHS} }`);
  const regions = VOIVODESHIPS.map((v) => `v${v}: reintegrationPaths(filter: { voivodeship: "${v}" }) { ${PATHS} }`);
  return `{ country: reintegrationPaths { ${PATHS} } ${windows.join(' ')} ${regions.join(' ')} }`;
}

/** The pair answers, in requests of at most 25 aliases. */
function pairQueries(): string[] {
  const all = partnerships.flatMap((p, i) =>
    pairsOf(p).map(
      ([a, b], j) =>
        `p${i}_${j}: _entities(representations: [{ __typename: "Institution", id: "${a}" }]) { ... on Institution { sharedParticipantsWith(institutionId: "${b}") { total { count } } } }`,
    ),
  );
  const out: string[] = [];
  for (let i = 0; i < all.length; i += 25) out.push(`{ ${all.slice(i, i + 25).join(' ')} }`);
  return out;
}

async function data(query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await app.gql(query, variables, RESEARCHER);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as Record<string, any>;
}

type Answers = Map<string, number | null>;

/** The attack's numbers, named "attack|quantity", as the analyst reads them. */
async function read(): Promise<Answers> {
  const out: Answers = new Map();
  const reps = partnerships.map((p) => ({ __typename: 'Partnership', id: p.id, status: 'ACTIVE', parties: p.parties.map((id) => ({ institution: { id } })) }));
  const d = await data(pathQuery());
  Object.assign(
    d,
    await data(`query($r: [_Any!]!) { groups: _entities(representations: $r) { ... on Partnership { sharedParticipants { ${STATS} } } } }`, { r: reps }),
  );
  for (const q of pairQueries()) Object.assign(d, await data(q));
  const pathCount = (t: any, label: string): number | null => t.paths.find((p: any) => p.label === label)?.people.count ?? null;
  const labels = new Set<string>(d.country.paths.map((p: any) => p.label));
  // Windows a year apart: [2015, y+1] − [2015, y].
  for (let i = 0; i + 1 < YEARS.length; i += 1) {
    const [a, b] = [d[`w${YEARS[i + 1]}`], d[`w${YEARS[i]}`]];
    out.set(`windows|total|${YEARS[i + 1]}`, diff(a.total.count, b.total.count));
    for (const l of new Set([...a.paths, ...b.paths].map((p: any) => p.label))) out.set(`windows|${l}|${YEARS[i + 1]}`, diff(pathCount(a, l), pathCount(b, l)));
  }
  // One voivodeship as the country less the other fifteen (a path not shown in one counts as 0).
  for (const v of VOIVODESHIPS) {
    const others = VOIVODESHIPS.filter((w) => w !== v).map((w) => d[`v${w}`]);
    out.set(`country|${v}|total`, diff(d.country.total.count, sumOrNull(others.map((r) => r.total.count))));
    for (const l of labels) out.set(`country|${v}|${l}`, diff(pathCount(d.country, l), sumOrNull(others.map((r) => pathCount(r, l) ?? 0))));
  }
  partnerships.forEach((p, i) => {
    const s = d.groups[i].sharedParticipants;
    // A total against the other outcomes shown beside it: what is left is this outcome's cell.
    for (const o of s.byOutcome) out.set(`outcomes|${p.id}|${o.outcome}`, residue(s, o.outcome));
    // A partnership of three or more against each pair of its parties.
    pairsOf(p).forEach((_, j) => out.set(`groups|${p.id}|${j}`, diff(s.total.count, d[`p${i}_${j}`][0].sharedParticipantsWith.total.count)));
  });
  return out;
}

const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);
const sumOrNull = (xs: (number | null)[]): number | null => (xs.some((x) => x === null) ? null : (xs as number[]).reduce((s, x) => s + x, 0));
function residue(s: any, outcome: string): number | null {
  const others = s.byOutcome.filter((o: any) => o.outcome !== outcome);
  if (s.total.count === null || others.some((o: any) => o.count === null)) return null;
  return s.total.count - others.reduce((sum: number, o: any) => sum + o.count, 0);
}

/** The true value of every difference the attacks derive, from the release's own counting (no noise, no threshold, no k). */
async function trueDifferences(): Promise<Answers> {
  const owner = await openCaseworkOwner(app.ownerUrl, { quiet: true });
  try {
    const day = todayInPoland();
    const cells = await trueCells(owner.orm.em.fork(), app.config.casework.releases, day, releaseYears(day));
    const out: Answers = new Map();
    const pathsOf = (scope: string): Map<string, number> =>
      new Map((cells.paths.get(scope)?.paths ?? []).map((p) => [pathLabel(p.steps, p.truncated), p.people]));
    const add = (m: Map<string, number>, key: string, n: number) => m.set(key, (m.get(key) ?? 0) + n);
    for (const y of YEARS.slice(1)) {
      const year = new Map<string, number>();
      let total = 0;
      for (const v of VOIVODESHIPS) {
        total += cells.paths.get(regionalScope(v, y))?.total ?? 0;
        for (const [l, n] of pathsOf(regionalScope(v, y))) add(year, l, n);
      }
      out.set(`windows|total|${y}`, total);
      for (const [l, n] of year) out.set(`windows|${l}|${y}`, n);
    }
    // All years of one voivodeship, its true people per path.
    for (const v of VOIVODESHIPS) {
      const region = new Map<string, number>();
      let total = 0;
      for (const y of releaseYears(day)) {
        total += cells.paths.get(regionalScope(v, y))?.total ?? 0;
        for (const [l, n] of pathsOf(regionalScope(v, y))) add(region, l, n);
      }
      out.set(`country|${v}|total`, total);
      for (const [l, n] of region) out.set(`country|${v}|${l}`, n);
    }
    for (const p of partnerships) {
      const whole = cells.groups.shared.get(partyKey(p.parties));
      for (const o of RELEASED_OUTCOMES) out.set(`outcomes|${p.id}|${o}`, whole?.outcome[o] ?? 0);
      pairsOf(p).forEach((two, j) => out.set(`groups|${p.id}|${j}`, (whole?.total ?? 0) - (cells.groups.shared.get(partyKey(two))?.total ?? 0)));
    }
    return out;
  } finally {
    await owner.orm.close();
  }
}

describe('differencing attacks against released statistics', () => {
  let truth: Answers;
  let small: string[];
  const rates = new Map<string, { right: number; n: number }>();

  beforeAll(async () => {
    truth = await trueDifferences();
    small = [...truth].filter(([, t]) => t !== null && t >= 1 && t <= 9).map(([k]) => k);
    const coin = seededUniform(99);
    for (let trial = 0; trial < TRIALS; trial += 1) {
      await app.release({ sampler: gaussianSampler(seededUniform(1000 + trial)) });
      const seen = await read();
      for (const key of small) {
        const attack = key.split('|')[0];
        const derived = seen.get(key) ?? null;
        const claim = derived === null ? coin() < 0.5 : derived > 0;
        const r = rates.get(attack) ?? { right: 0, n: 0 };
        rates.set(attack, { right: r.right + (claim ? 1 : 0), n: r.n + 1 });
      }
    }
  }, 900_000);

  it('in truth, the differences the attacks derive include small numbers of people (the attack has something to find)', () => {
    for (const attack of ['windows', 'country', 'groups', 'outcomes'])
      expect(
        small.some((k) => k.startsWith(`${attack}|`)),
        attack,
      ).toBe(true);
    console.log(
      `differencing: ${small.length} differences of 1 to 9 people in the true counts: ${JSON.stringify(Object.fromEntries([...new Set(small.map((k) => k.split('|')[0]))].map((a) => [a, small.filter((k) => k.startsWith(`${a}|`)).length])))}`,
    );
  });

  it('with releases, the sign of each small difference is right at most 60% of the time, for every attack', () => {
    const summary = Object.fromEntries([...rates].map(([a, r]) => [a, `${((r.right / r.n) * 100).toFixed(1)}% of ${r.n}`]));
    console.log(`differencing, ${TRIALS} releases: sign right ${JSON.stringify(summary)}`);
    for (const [, r] of rates) expect(r.right / r.n).toBeLessThanOrEqual(0.6);
  });

  it('month windows are refused, naming the grain', async () => {
    const res = await app.gql(`{ reintegrationPaths(filter: { from: "2020-01-01", to: "2020-06-30" }) { total { count } } }`, {}, RESEARCHER);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toMatch(/31 December|calendar year/);
  });
});
