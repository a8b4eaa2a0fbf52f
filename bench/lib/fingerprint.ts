// What two answers must share to count as the same answer: the ids in document order and the
// counts (totals) as a multiset. Cursors, names and formatting may differ.
export interface Fingerprint {
  ids: string[];
  counts: string[];
}

export function fingerprint(value: unknown): Fingerprint {
  const ids: string[] = [];
  const counts: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      if (key === 'id' && typeof child === 'string') ids.push(child);
      else if ((key === 'totalCount' || key === 'count' || key === 'total') && typeof child === 'number') counts.push(`${key}=${child}`);
      else walk(child);
    }
  };
  walk(value);
  return { ids, counts: counts.sort() };
}

/** Null when equal, else where they first differ. */
export function compareFingerprints(a: Fingerprint, b: Fingerprint): string | null {
  if (a.ids.length !== b.ids.length) return `${a.ids.length} ids vs ${b.ids.length}`;
  const i = a.ids.findIndex((id, k) => id !== b.ids[k]);
  if (i >= 0) return `id #${i}: ${a.ids[i]} vs ${b.ids[i]}`;
  if (a.counts.join() !== b.counts.join())
    return `counts differ: ${a.counts
      .filter((c) => !b.counts.includes(c))
      .slice(0, 3)
      .join(', ')}`;
  return null;
}
