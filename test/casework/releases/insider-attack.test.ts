// The insertion (tracker) attack of issue 9, from the attacker's side, against the release
// mechanism as configured by default. Staff of institution A know a target's PESEL, register the
// target at A with an open episode, and compare every released cell before and after, to decide
// whether the target is served at T (a partner of A in the same voivodeship).
//
// The true cells of the four states (target at T or not × before or after the insertion) are
// computed by the release's own counting (trueCells) in rolled-back transactions on the seeded
// database; the trials then draw the release noise (the real discrete Gaussian sampler, seeded).
// The attacker is stronger than a real one: they see every noisy cell before display suppression,
// know exactly which cells the target can move and weigh them optimally (a matched filter), and
// the threshold on that statistic is the best one for the very trials it is scored on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { openCaseworkOwner } from '../../../src/casework/bootstrap';
import { releasePlan, releaseYears, trueCells, gaussianSampler, type TrueCells, type GroupCounts } from '../../../src/casework/releases/publish';
import { seededUniform } from '../../../src/casework/releases/noise';
import { todayInPoland } from '../../../src/common/dates';
import type { OrmHandle } from '../../../src/db/orm';
import { startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
let owner: OrmHandle;

beforeAll(async () => {
  app = await startCaseworkApp();
  owner = await openCaseworkOwner(app.ownerUrl, { quiet: true });
});
afterAll(async () => {
  await owner?.orm.close();
  await app?.close();
});

/** Every cell as "table|group|dimension|value" → count. */
function flatten(cells: TrueCells, sigmaOf: (table: string) => number): Map<string, { n: number; sigma: number }> {
  const out = new Map<string, { n: number; sigma: number }>();
  for (const [table, groups] of Object.entries<Map<string, GroupCounts>>(cells.groups)) {
    for (const [key, g] of groups) {
      out.set(`${table}|${key}|total`, { n: g.total, sigma: sigmaOf(table) });
      for (const [c, n] of Object.entries(g.category)) out.set(`${table}|${key}|category|${c}`, { n, sigma: sigmaOf(table) });
      for (const [o, n] of Object.entries(g.outcome)) out.set(`${table}|${key}|outcome|${o}`, { n, sigma: sigmaOf(table) });
    }
  }
  for (const [key, n] of cells.overdue) out.set(`overdue|${key}|total`, { n, sigma: sigmaOf('overdue') });
  for (const [scope, s] of cells.paths) {
    const table = scope === '' ? 'paths' : 'pathsRegional';
    out.set(`${table}|${scope}|total`, { n: s.total, sigma: sigmaOf(table) });
    for (const p of s.paths) {
      const path = `${JSON.stringify(p.steps)}${p.truncated}`;
      out.set(`${table}|${scope}|path|${path}`, { n: p.people, sigma: sigmaOf(table) });
      for (const [o, n] of Object.entries(p.outcome)) out.set(`${table}|${scope}|path|${path}|${o}`, { n, sigma: sigmaOf(table) });
    }
  }
  return out;
}

async function addPerson(em: EntityManager, institutionId: string, pseudonym: string, categories: string[]): Promise<void> {
  const id = randomUUID();
  await em.execute(
    `insert into participant (id, institution_id, pseudonym, key_version, birth_year, sex, categories) values (?, ?, ?, 'v1', 1980, 'MALE', ?::text[])`,
    [id, institutionId, pseudonym, `{${categories.join(',')}}`],
  );
  await em.execute(`insert into service_episode (id, institution_id, participant_id, kind, started_on) values (?, ?, ?, 'OTHER', ?)`, [
    randomUUID(),
    institutionId,
    id,
    todayInPoland(),
  ]);
}

/** The true cells of one state, in a transaction that is rolled back. */
async function cellsOf(setup: (em: EntityManager) => Promise<void>): Promise<TrueCells> {
  let result: TrueCells | undefined;
  const rollback = new Error('rollback');
  await owner.orm.em
    .fork()
    .transactional(async (tx) => {
      await setup(tx);
      const day = todayInPoland();
      result = await trueCells(tx, app.config.casework.releases, day, releaseYears(day));
      throw rollback;
    })
    .catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
  return result!;
}

/** The standard normal distribution function (Abramowitz and Stegun 7.1.26 for erf; error below 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The inverse of erf by bisection (for the printed sweep only). */
function erfInverse(y: number): number {
  let [lo, hi] = [-6, 6];
  for (let i = 0; i < 100; i += 1) {
    const mid = (lo + hi) / 2;
    if (2 * normalCdf(mid * Math.SQRT2) - 1 < y) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Best accuracy of any threshold rule (either direction) on statistic s for labels y. */
function bestThresholdAccuracy(s: number[], y: boolean[]): number {
  const order = s.map((v, i) => [v, y[i]] as const).sort((a, b) => a[0] - b[0]);
  const positives = y.filter(Boolean).length;
  let best = 0;
  let belowPositive = 0;
  for (let i = 0; i <= order.length; i += 1) {
    // Rule: "served at T" when s is above the i-th value.
    const correctAbove = positives - belowPositive + (i - belowPositive);
    best = Math.max(best, correctAbove, order.length - correctAbove);
    if (i < order.length && order[i][1]) belowPositive += 1;
  }
  return best / order.length;
}

describe('the insertion attack against released statistics', () => {
  const TRIALS = 400;
  let before: Map<string, { n: number; sigma: number }>[];
  let after: Map<string, { n: number; sigma: number }>[];

  beforeAll(async () => {
    const [pair] = await app.sql<{ a: string; t: string }>(
      'owner',
      `select rp.party_ids[1] as a, rp.party_ids[2] as t from reference_partnership rp
       join reference_institution ia on ia.id = rp.party_ids[1] join reference_institution it on it.id = rp.party_ids[2]
       where rp.status = 'ACTIVE' and ia.voivodeship = it.voivodeship order by rp.id limit 1`,
    );
    expect(pair).toBeDefined();
    const pseudonym = randomBytes(32).toString('hex');
    const categories = ['ALCOHOL_ADDICTION_AFTER_THERAPY', 'MENTAL_ILLNESS'];
    const plan = releasePlan(app.config.casework.releases);
    const sigmaOf = (table: string): number => plan.tables.find((t) => t.name === table)!.sigma;
    const atT = (em: EntityManager) => addPerson(em, pair.t, pseudonym, categories);
    const atA = (em: EntityManager) => addPerson(em, pair.a, pseudonym, categories);
    before = [flatten(await cellsOf(() => Promise.resolve()), sigmaOf), flatten(await cellsOf(atT), sigmaOf)];
    after = [
      flatten(await cellsOf(atA), sigmaOf),
      flatten(
        await cellsOf(async (em) => {
          await atT(em);
          await atA(em);
        }),
        sigmaOf,
      ),
    ];
  });

  /** The attacker's success over `TRIALS` games, reading `r` releases before the insertion and `r` after. */
  function success(r: number, seed: number): number {
    const keys = [...new Set([...before[0].keys(), ...before[1].keys(), ...after[0].keys(), ...after[1].keys()])];
    const n = (m: Map<string, { n: number }>, k: string): number => m.get(k)?.n ?? 0;
    // What the insertion moves in each world, and the matched filter: the difference of the moves.
    const move = (w: 0 | 1, k: string): number => n(after[w], k) - n(before[w], k);
    const cells = keys
      .map((k) => ({ k, d: move(1, k) - move(0, k), sigma: (after[0].get(k) ?? after[1].get(k) ?? before[0].get(k) ?? before[1].get(k))!.sigma }))
      .filter((c) => c.d !== 0 || move(0, c.k) !== 0);
    const sample = gaussianSampler(seededUniform(seed));
    const noisyMean = (v: number, sigma: number): number => {
      let sum = 0;
      for (let i = 0; i < r; i += 1) sum += Math.max(0, v + sample(sigma));
      return sum / r;
    };
    const stats: number[] = [];
    const labels: boolean[] = [];
    for (let t = 0; t < TRIALS; t += 1) {
      const w = (t % 2) as 0 | 1;
      let s = 0;
      for (const c of cells) {
        const diff = noisyMean(n(after[w], c.k), c.sigma) - noisyMean(n(before[w], c.k), c.sigma);
        s += (c.d * diff) / (c.sigma * c.sigma);
      }
      stats.push(s);
      labels.push(w === 1);
    }
    return bestThresholdAccuracy(stats, labels);
  }

  /**
   * The success of the optimal (Neyman-Pearson) test against Gaussian noise of the same σ, without
   * the floor at zero: Φ(μ/2), μ² = Σ d²/σ² · r/2 over the cells the target moves. It does not depend
   * on a sample, so it shows the margin the empirical rate (which scores its best threshold on its
   * own trials) blurs.
   */
  let printed = false;
  function optimalSuccess(r: number): number {
    const keys = [...new Set([...before[0].keys(), ...before[1].keys(), ...after[0].keys(), ...after[1].keys()])];
    const n = (m: Map<string, { n: number }>, k: string): number => m.get(k)?.n ?? 0;
    let mu2 = 0;
    const byTable: Record<string, number> = {};
    for (const k of keys) {
      const d = n(after[1], k) - n(before[1], k) - (n(after[0], k) - n(before[0], k));
      const sigma = (after[0].get(k) ?? after[1].get(k) ?? before[0].get(k) ?? before[1].get(k))!.sigma;
      mu2 += (d * d) / (sigma * sigma);
      const table = k.split('|')[0];
      byTable[table] = (byTable[table] ?? 0) + (d * d) / (sigma * sigma);
    }
    if (!printed) console.log(`insider attack, μ² per release by table: ${JSON.stringify(byTable)}`);
    printed = true;
    return normalCdf(Math.sqrt((mu2 * r) / 2) / 2);
  }

  it('moves released cells only through the target (the attack has something to find)', () => {
    const moved = [...after[1].keys()].filter(
      (k) => (after[1].get(k)?.n ?? 0) - (before[1].get(k)?.n ?? 0) !== (after[0].get(k)?.n ?? 0) - (before[0].get(k)?.n ?? 0),
    );
    expect(moved.length).toBeGreaterThan(0);
  });

  it('decides correctly at most 60% of the time across one release before and one after', () => {
    const rate = success(1, 11);
    const optimal = optimalSuccess(1);
    console.log(`insider attack, 1+1 releases, ${TRIALS} trials: ${(rate * 100).toFixed(1)}% correct (optimal test: ${(optimal * 100).toFixed(1)}%)`);
    expect(rate).toBeLessThanOrEqual(0.6);
    expect(optimal).toBeLessThanOrEqual(0.6);
  });

  it('decides correctly at most 60% of the time across ten consecutive releases (five before, five after)', () => {
    const rate = success(5, 12);
    const optimal = optimalSuccess(5);
    console.log(`insider attack, 5+5 releases, ${TRIALS} trials: ${(rate * 100).toFixed(1)}% correct (optimal test: ${(optimal * 100).toFixed(1)}%)`);
    expect(rate).toBeLessThanOrEqual(0.6);
    expect(optimal).toBeLessThanOrEqual(0.6);
  });

  it('stays at most 60% for the optimal test across twenty releases (ten before, ten after); the sweep over ρ is printed for the README', () => {
    expect(optimalSuccess(10)).toBeLessThanOrEqual(0.6);
    // σ² ∝ 1/ρ, so μ² ∝ ρ: the optimal success at another budget follows from this one.
    const rho = app.config.casework.releases.rho;
    const mu2 = (r: number): number => (2 * Math.sqrt(2) * erfInverse(2 * optimalSuccess(r) - 1)) ** 2;
    const lines = [rho, 0.1, 0.5, 2, 10].map((x) => {
      const at = (r: number): string => `${(normalCdf(Math.sqrt((mu2(r) * x) / rho) / 2) * 100).toFixed(1)}%`;
      return `ρ ${x}: 1+1 ${at(1)}, 5+5 ${at(5)}, 10+10 ${at(10)}`;
    });
    console.log(`insider attack, optimal test by budget:\n${lines.join('\n')}`);
  });
});
