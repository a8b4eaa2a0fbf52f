import 'reflect-metadata';
// The utility of released counts: the mean absolute error analysts see on cells of at least k
// people, at the configured budget and at larger ones, on the pilot seed. The true cells come from
// the release's own counting; the noise is the release's own sampler (seeded), 40 releases each.
// The figures are written in src/casework/README.md ("Utility"); this test checks that the noise
// is no larger than the plan says and prints the table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseworkOwner } from '../../../src/casework/bootstrap';
import {
  addNoise,
  gaussianSampler,
  releasePlan,
  releaseYears,
  trueCells,
  type GroupCounts,
  type ScopePaths,
  type TrueCells,
} from '../../../src/casework/releases/publish';
import { seededUniform } from '../../../src/casework/releases/noise';
import { todayInPoland } from '../../../src/common/dates';
import type { ReleaseConfig } from '../../../src/casework/config';
import type { OrmHandle } from '../../../src/db/orm';
import { startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
let owner: OrmHandle;
let truth: TrueCells;
const RELEASES = 40;

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true });
  owner = await openCaseworkOwner(app.ownerUrl, { quiet: true });
  const day = todayInPoland();
  truth = await trueCells(owner.orm.em.fork(), app.config.casework.releases, day, releaseYears(day));
});
afterAll(async () => {
  await owner?.orm.close();
  await app?.close();
});

/** Every cell of a group by name, so that true and noisy cells pair up whatever the key order. */
const groupCells = (g: GroupCounts): Map<string, number> =>
  new Map([
    ['total', g.total],
    ...Object.entries(g.category).map(([c, n]) => [`category:${c}`, n] as const),
    ...Object.entries(g.outcome).map(([o, n]) => [`outcome:${o}`, n] as const),
  ]);

interface TableError {
  table: string;
  cells: number;
  mae: number;
  sigma: number;
  /** Paths only: the share of paths of at least k people that are published. */
  published?: number;
}

function measure(config: ReleaseConfig, k: number, seed: number): TableError[] {
  const plan = releasePlan(config);
  const sampler = gaussianSampler(seededUniform(seed));
  const sum = new Map<string, { abs: number; n: number; shown: number; eligible: number }>();
  const add = (table: string, err: number | null) => {
    const s = sum.get(table) ?? { abs: 0, n: 0, shown: 0, eligible: 0 };
    s.eligible += 1;
    if (err !== null) {
      s.abs += Math.abs(err);
      s.n += 1;
      s.shown += 1;
    }
    sum.set(table, s);
  };
  for (let r = 0; r < RELEASES; r += 1) {
    const noisy = addNoise(truth, plan, sampler);
    for (const row of noisy.rows) {
      if (row.table === 'paths' || row.table === 'pathsRegional') {
        const published = new Map((row.counts as ScopePaths).paths.map((p) => [`${JSON.stringify(p.steps)}${p.truncated}`, p.people]));
        for (const p of truth.paths.get(row.groupKey)!.paths) {
          if (p.people < k) continue;
          const shown = published.get(`${JSON.stringify(p.steps)}${p.truncated}`);
          add(row.table, shown === undefined ? null : shown - p.people);
        }
        continue;
      }
      if (row.table === 'overdue') {
        const n = truth.overdue.get(row.groupKey)!;
        if (n >= k) add(row.table, row.counts.total - n);
        continue;
      }
      const exact = groupCells(truth.groups[row.table as 'institution'].get(row.groupKey)!);
      const released = groupCells(row.counts as GroupCounts);
      for (const [cell, n] of exact) if (n >= k) add(row.table, released.get(cell)! - n);
    }
  }
  return plan.tables.map((t) => {
    const s = sum.get(t.name) ?? { abs: 0, n: 0, shown: 0, eligible: 0 };
    const paths = t.name === 'paths' || t.name === 'pathsRegional';
    return {
      table: t.name,
      cells: s.eligible / RELEASES,
      mae: s.n ? s.abs / s.n : Number.NaN,
      sigma: t.sigma,
      ...(paths ? { published: s.eligible ? s.shown / s.eligible : 0 } : {}),
    };
  });
}

describe('utility of released cells of at least k people (pilot seed)', () => {
  it('at the configured budget: the error is the planned noise, no more', () => {
    const config = app.config.casework.releases;
    const errors = measure(config, app.config.casework.disclosureK, 7);
    console.log(
      `utility at ρ ${config.rho} (k ${app.config.casework.disclosureK}, ${RELEASES} releases): ${JSON.stringify(errors.map((e) => ({ ...e, mae: +e.mae.toFixed(1), sigma: +e.sigma.toFixed(1) })))}`,
    );
    for (const e of errors.filter((x) => x.cells > 0 && !Number.isNaN(x.mae))) {
      // E|Z| = σ·√(2/π) for a Gaussian; the floor at zero can only shrink the error.
      expect(e.mae).toBeLessThanOrEqual(e.sigma * Math.sqrt(2 / Math.PI) * 1.1);
      expect(e.mae).toBeGreaterThan(e.sigma * 0.3);
    }
    const groups = errors.filter((e) => e.table === 'institution' || e.table === 'voivodeship' || e.table === 'shared');
    expect(groups.every((e) => e.cells > 0)).toBe(true);
  });

  it('at larger budgets, for the README’s table (ρ per release against error)', () => {
    const config = app.config.casework.releases;
    const lines: string[] = [];
    for (const rho of [config.rho, 0.1, 0.5, 2, 10]) {
      const errors = measure({ ...config, rho, rhoPerYear: Math.max(rho, config.rhoPerYear) }, app.config.casework.disclosureK, 8);
      const byTable = Object.fromEntries(
        errors.map((e) => [
          e.table,
          e.published === undefined ? +e.mae.toFixed(1) : `${Number.isNaN(e.mae) ? '–' : e.mae.toFixed(1)} (${(e.published * 100).toFixed(0)}% shown)`,
        ]),
      );
      lines.push(`ρ ${rho}: ${JSON.stringify(byTable)}`);
      // Error falls as 1/√ρ: the budget is the only lever.
      const institution = errors.find((e) => e.table === 'institution')!;
      expect(institution.mae).toBeLessThanOrEqual(institution.sigma * Math.sqrt(2 / Math.PI) * 1.1);
    }
    console.log(`utility by budget:\n${lines.join('\n')}`);
  });
});
