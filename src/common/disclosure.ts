// Disclosure control for counts that leave the institution that holds the records: small cells
// are suppressed (primary suppression), and more cells are hidden where a shown total and its
// shown parts would give a hidden cell back (secondary suppression). Pure: property-tested.

/** A published count: either a number of at least k, or suppressed (count null). */
export interface DisclosedCell {
  count: number | null;
  suppressed: boolean;
}

export interface DisclosedTable<K extends string> {
  total: DisclosedCell;
  parts: { key: K; cell: DisclosedCell }[];
}

export const shown = (count: number): DisclosedCell => ({ count, suppressed: false });
export const hidden = (): DisclosedCell => ({ count: null, suppressed: true });

/** One count on its own (no parts): shown when at least k. Zero is suppressed too. */
export const discloseCount = (count: number, k: number): DisclosedCell => (count >= k ? shown(count) : hidden());

/**
 * A total and its parts. `additive` means each unit is in exactly one part (the parts sum to the
 * total); otherwise parts may overlap (a person with several eligibility categories).
 *
 * - total < k: everything is suppressed.
 * - primary: every part below k (zero included) is suppressed.
 * - secondary, additive parts: anyone can compute the residue (total minus the shown parts), which
 *   is the sum of the suppressed parts. It must not give a suppressed part back, so at least two
 *   suppressed parts must be non-zero (otherwise the residue equals one of them), and the residue
 *   must reach k (no small group either). Further parts are suppressed, smallest first, until
 *   both hold; if even hiding every part cannot achieve it (everyone is in one part), the total is
 *   suppressed too.
 * - secondary, overlapping parts: never exactly one suppressed part.
 */
export function discloseTable<K extends string>(total: number, parts: { key: K; count: number }[], k: number, additive: boolean): DisclosedTable<K> {
  const allHidden = (): DisclosedTable<K> => ({ total: hidden(), parts: parts.map((p) => ({ key: p.key, cell: hidden() })) });
  if (total < k) return allHidden();
  const suppressed = new Set<number>();
  parts.forEach((p, i) => {
    if (p.count < k) suppressed.add(i);
  });
  const unsafe = (): boolean => {
    if (suppressed.size === 0) return false;
    if (!additive) return suppressed.size === 1;
    const hiddenCounts = [...suppressed].map((i) => parts[i].count);
    const residue = hiddenCounts.reduce((sum, n) => sum + n, 0);
    return hiddenCounts.filter((n) => n > 0).length < 2 || residue < k;
  };
  while (unsafe()) {
    // The smallest shown part (first in order among equals) joins the suppressed ones.
    let next = -1;
    parts.forEach((p, i) => {
      if (!suppressed.has(i) && (next === -1 || p.count < parts[next].count)) next = i;
    });
    if (next === -1) break;
    suppressed.add(next);
  }
  if (additive && unsafe()) return allHidden();
  return {
    total: shown(total),
    parts: parts.map((p, i) => ({ key: p.key, cell: suppressed.has(i) ? hidden() : shown(p.count) })),
  };
}

/** The same table unsuppressed: for the institution that holds the records. */
export function exactTable<K extends string>(total: number, parts: { key: K; count: number }[]): DisclosedTable<K> {
  return { total: shown(total), parts: parts.map((p) => ({ key: p.key, cell: shown(p.count) })) };
}
