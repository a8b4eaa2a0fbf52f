import 'reflect-metadata';
// What a statistical release promises its readers and a data-protection officer: the API answers
// from the latest release and says which; an answer is stable within a release and freshly noised
// in the next one (even when nothing changed); the yearly budget is enforced before anything is
// written; releases cannot be altered; the discrete Gaussian has the variance the budget assumes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseworkOwner } from '../../../src/casework/bootstrap';
import { BudgetExhausted, gaussianSampler, publishRelease, releasePlan } from '../../../src/casework/releases/publish';
import { epsilonOf } from '../../../src/casework/releases/budget';
import { discreteGaussian, seededUniform } from '../../../src/casework/releases/noise';
import { Role } from '../../../src/common/auth';
import { stableId } from '../../../src/common/ids';
import { keys } from '../../../seeds/pilot';
import type { OrmHandle } from '../../../src/db/orm';
import { startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
let owner: OrmHandle;
const RESEARCHER = { role: Role.RESEARCHER, subject: 'researcher' };
const VOIVODESHIPS = ['02', '04', '06', '08', '10', '12', '14', '16', '18', '20', '22', '24', '26', '28', '30', '32'];
const QUERY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Voivodeship { code participantsServed {
  release { id publishedAt dataUpTo rho epsilon } total { count suppressed } byCategory { category count suppressed } } } } }`;

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true });
  owner = await openCaseworkOwner(app.ownerUrl, { quiet: true });
});
afterAll(async () => {
  await owner?.orm.close();
  await app?.close();
});

async function voivodeships(): Promise<any[]> {
  const res = await app.gql(QUERY, { r: VOIVODESHIPS.map((code) => ({ __typename: 'Voivodeship', code })) }, RESEARCHER);
  expect(res.errors).toBeUndefined();
  return res.data!._entities;
}

describe('answers from the latest release', () => {
  it('name the release they come from, with its budget, and stay the same until the next release', async () => {
    await app.release({ sampler: gaussianSampler(seededUniform(1)) });
    const [first, again] = [await voivodeships(), await voivodeships()];
    expect(again).toEqual(first);
    const release = first[0].participantsServed.release;
    const [row] = await app.sql<{ id: string; rho: number }>('owner', 'select id, rho from statistics_release order by published_at desc limit 1');
    expect(release.id).toBe(row.id);
    expect(release.rho).toBeCloseTo(app.config.casework.releases.rho, 10);
    expect(release.epsilon).toBeCloseTo(epsilonOf(release.rho, app.config.casework.releases.delta), 6);
    expect(new Date(release.publishedAt).getTime()).toBeLessThanOrEqual(Date.now());
    for (const v of first) expect(v.participantsServed.release.id).toBe(release.id);
  });

  it('are noised afresh by the next release even when no record changed (noise is not keyed by the contents)', async () => {
    const before = await voivodeships();
    await app.release({ sampler: gaussianSampler(seededUniform(2)) });
    const after = await voivodeships();
    expect(after[0].participantsServed.release.id).not.toBe(before[0].participantsServed.release.id);
    const cells = (vs: any[]) => vs.flatMap((v) => [v.participantsServed.total, ...v.participantsServed.byCategory].map((c: any) => c.count));
    const [a, b] = [cells(before), cells(after)];
    const changed = a.filter((x, i) => x !== b[i]).length;
    // With σ of tens of people nearly every shown cell moves; a cell-key perturbation would move none.
    expect(changed).toBeGreaterThan(a.filter((x) => x !== null).length / 2);
  });

  it('an institution’s own staff keep their exact live counts (no release) while everyone else reads the release', async () => {
    const institution = stableId(keys.club('26', 1));
    const own = await app.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { participantsServed { release { id } total { count } } } } }`,
      {
        r: [{ __typename: 'Institution', id: institution }],
      },
      { role: Role.INSTITUTION_STAFF, institutionId: institution, subject: 'own' },
    );
    expect(own.errors).toBeUndefined();
    const served = (own.data!._entities as any[])[0].participantsServed;
    expect(served.release).toBeNull();
    expect(served.total.count).toBeGreaterThan(0);
    const other = await app.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { participantsServed { release { id } } } } }`,
      {
        r: [{ __typename: 'Institution', id: institution }],
      },
      RESEARCHER,
    );
    expect((other.data!._entities as any[])[0].participantsServed.release.id).toEqual(expect.any(String));
  });
});

describe('the budget', () => {
  it('refuses a release that would pass the yearly cap, and writes nothing', async () => {
    const config = { ...app.config.casework.releases };
    const [{ spent }] = await app.sql<{ spent: number }>('owner', `select coalesce(sum(rho), 0)::float8 as spent from statistics_release`);
    const tight = { ...config, rhoPerYear: spent + config.rho / 2 };
    const [{ n: before }] = await app.sql<{ n: string }>('owner', 'select count(*) as n from statistics_release');
    await expect(publishRelease(owner.orm.em.fork(), tight, { sampler: gaussianSampler(seededUniform(3)) })).rejects.toBeInstanceOf(BudgetExhausted);
    const [{ n: after }] = await app.sql<{ n: string }>('owner', 'select count(*) as n from statistics_release');
    expect(after).toBe(before);
  });

  it('spends per release what the plan says: Σ Δ²/(2σ²) over the tables equals ρ', () => {
    const plan = releasePlan(app.config.casework.releases);
    const spent = plan.tables.reduce((s, t) => s + t.sensitivity2 / (2 * t.sigma * t.sigma), 0);
    expect(spent).toBeCloseTo(app.config.casework.releases.rho, 12);
  });
});

describe('releases are append-only', () => {
  it('refuse UPDATE, DELETE and TRUNCATE of releases and cells, even for the service role', async () => {
    for (const as of ['app', 'owner'] as const) {
      await expect(app.sql(as, `update statistics_release_cell set counts = '{}'::jsonb`)).rejects.toThrow();
      await expect(app.sql(as, 'delete from statistics_release_cell')).rejects.toThrow();
      await expect(app.sql(as, 'update statistics_release set rho = 0')).rejects.toThrow();
      await expect(app.sql(as, 'delete from statistics_release')).rejects.toThrow();
      await expect(app.sql(as, 'truncate statistics_release_cell')).rejects.toThrow();
    }
    const [{ n }] = await app.sql<{ n: string }>('owner', 'select count(*) as n from statistics_release_cell');
    expect(Number(n)).toBeGreaterThan(0);
  });
});

describe('the discrete Gaussian', () => {
  it('has mean 0 and the variance σ² the budget is computed for', () => {
    for (const sigma of [0.8, 5, 40]) {
      const u = seededUniform(Math.round(sigma * 10));
      const N = 40_000;
      let sum = 0;
      let sum2 = 0;
      for (let i = 0; i < N; i += 1) {
        const x = discreteGaussian(u, sigma);
        expect(Number.isInteger(x)).toBe(true);
        sum += x;
        sum2 += x * x;
      }
      const mean = sum / N;
      const variance = sum2 / N - mean * mean;
      expect(Math.abs(mean)).toBeLessThan((4 * sigma) / Math.sqrt(N) + 0.01);
      expect(variance / (sigma * sigma)).toBeGreaterThan(0.95);
      expect(variance / (sigma * sigma)).toBeLessThan(1.05);
    }
  });
});
