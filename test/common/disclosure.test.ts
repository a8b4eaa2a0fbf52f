// Disclosure control, property-based: whatever the counts, no published cell is below k, the
// residue of an additive table (total minus its shown parts) never equals a suppressed cell, and
// a single suppressed cell among shown parts never occurs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discloseCount, discloseTable, type DisclosedTable } from '../../src/common/disclosure';
import { statisticsOf } from '../../src/casework/aggregates/aggregate.service';

const k = fc.integer({ min: 2, max: 20 });
/** Parts of an additive table: small and zero counts are common, as in real breakdowns. */
const additiveParts = fc.array(fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 200 }), fc.constant(0)), { minLength: 1, maxLength: 12 });

const keyed = (counts: number[]) => counts.map((count, i) => ({ key: `c${i}`, count }));
const shownCounts = (t: DisclosedTable<string>) => [t.total, ...t.parts.map((p) => p.cell)].filter((c) => !c.suppressed).map((c) => c.count!);

describe('discloseTable (additive)', () => {
  it('publishes no cell below k, and the true value of every published cell', () => {
    fc.assert(
      fc.property(additiveParts, k, (counts, k) => {
        const total = counts.reduce((a, b) => a + b, 0);
        const table = discloseTable(total, keyed(counts), k, true);
        for (const n of shownCounts(table)) expect(n).toBeGreaterThanOrEqual(k);
        if (!table.total.suppressed) expect(table.total.count).toBe(total);
        table.parts.forEach((p, i) => {
          if (!p.cell.suppressed) expect(p.cell.count).toBe(counts[i]);
          expect(p.cell.suppressed).toBe(p.cell.count === null);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets the total minus its shown parts equal a suppressed cell', () => {
    fc.assert(
      fc.property(additiveParts, k, (counts, k) => {
        const total = counts.reduce((a, b) => a + b, 0);
        const table = discloseTable(total, keyed(counts), k, true);
        if (table.total.suppressed) return;
        const residue = total - table.parts.filter((p) => !p.cell.suppressed).reduce((s, p) => s + p.cell.count!, 0);
        table.parts.forEach((p, i) => {
          if (p.cell.suppressed) expect(residue, `residue reveals part ${i} of ${JSON.stringify(counts)} (k=${k})`).not.toBe(counts[i]);
        });
        // Nor is the suppressed group itself a small cell.
        if (table.parts.some((p) => p.cell.suppressed)) expect(residue).toBeGreaterThanOrEqual(k);
      }),
      { numRuns: 2000 },
    );
  });

  it('never shows a total with exactly one suppressed part', () => {
    fc.assert(
      fc.property(additiveParts, k, fc.boolean(), (counts, k, additive) => {
        const total = additive ? counts.reduce((a, b) => a + b, 0) : Math.max(0, ...counts) + 3;
        const table = discloseTable(total, keyed(counts), k, additive);
        const suppressedParts = table.parts.filter((p) => p.cell.suppressed).length;
        if (!table.total.suppressed && table.parts.length > 1) expect(suppressedParts).not.toBe(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('examples: a small cell takes the next smallest with it; one dominant part hides the parts', () => {
    expect(discloseTable(40, keyed([20, 15, 5]), 10, true).parts.map((p) => p.cell.count)).toEqual([20, null, null]);
    expect(discloseTable(31, keyed([25, 3, 2, 1]), 10, true).parts.map((p) => p.cell.count)).toEqual([null, null, null, null]);
    expect(discloseTable(31, keyed([25, 3, 2, 1]), 10, true).total.count).toBe(31);
    // Everyone in one part: hiding the parts is not enough (the residue would be that part).
    expect(discloseTable(31, keyed([31, 0, 0]), 10, true).total.suppressed).toBe(true);
    expect(discloseTable(9, keyed([9]), 10, true).total.suppressed).toBe(true);
    expect(discloseTable(50, keyed([25, 25]), 10, true).parts.map((p) => p.cell.count)).toEqual([25, 25]);
  });
});

describe('discloseCount and the published statistics', () => {
  it('a single count is shown only from k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), k, (n, k) => {
        const cell = discloseCount(n, k);
        expect(cell).toEqual(n >= k ? { count: n, suppressed: false } : { count: null, suppressed: true });
      }),
    );
  });

  it('statistics for non-owners: every shown cell >= k, outcomes additive-safe, categories never a single hidden cell', () => {
    const categories = fc.dictionary(fc.constantFrom('LONG_TERM_UNEMPLOYED', 'DISABLED', 'AGED_50_PLUS', 'MINORITY'), fc.integer({ min: 0, max: 60 }));
    const outcomes = fc.dictionary(fc.constantFrom('OPEN_LABOUR_MARKET', 'IN_PROGRESS', 'DROPPED_OUT', 'NO_EPISODE'), fc.integer({ min: 0, max: 60 }));
    fc.assert(
      fc.property(categories, outcomes, k, (cats, outs, k) => {
        const total = Object.values(outs).reduce((a, b) => a + b, 0);
        const stats = statisticsOf({ total, categories: new Map(Object.entries(cats)), outcomes: new Map(Object.entries(outs)) }, k, false);
        const cells = [stats.total, ...stats.byCategory, ...stats.byOutcome];
        for (const c of cells) {
          if (!c.suppressed) expect(c.count!).toBeGreaterThanOrEqual(k);
          else expect(c.count).toBeNull();
        }
        if (stats.total.suppressed) expect(cells.every((c) => c.suppressed)).toBe(true);
        else {
          const residue = total - stats.byOutcome.filter((c) => !c.suppressed).reduce((s, c) => s + c.count!, 0);
          for (const c of stats.byOutcome) if (c.suppressed) expect(residue).not.toBe(outs[c.outcome] ?? 0);
          expect(stats.byCategory.filter((c) => c.suppressed).length).not.toBe(1);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('shows exact counts to the owning institution', () => {
    const stats = statisticsOf({ total: 3, categories: new Map([['DISABLED', 1]]), outcomes: new Map([['IN_PROGRESS', 3]]) }, 10, true);
    expect(stats.total).toEqual({ count: 3, suppressed: false });
    expect(stats.k).toBeNull();
  });
});
