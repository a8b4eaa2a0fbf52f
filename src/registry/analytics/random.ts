// A small seeded generator (mulberry32) for the randomised parts of the analytics (sampled
// pivots, Louvain's visiting order), so the same graph always gives the same numbers.
export type Random = () => number;

export function seededRandom(seed = 0x4b5352): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k items of `items` drawn without replacement (a partial Fisher–Yates shuffle of a copy). */
export function sample<T>(items: readonly T[], k: number, random: Random): T[] {
  const copy = [...items];
  const n = Math.min(k, copy.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}
