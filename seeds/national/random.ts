// Seeded randomness for the national generator: one pure-rand stream (xoroshiro128+) consumed in a
// fixed order, so the same seed gives the same data; and ids derived from (seed, table, index)
// without storing them.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export class Rng {
  private readonly gen;

  constructor(seed: number) {
    this.gen = xoroshiro128plus(seed | 0);
  }

  /** A float in [0, 1). */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return uniformInt(this.gen, min, max);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: no items');
    return items[this.int(0, items.length - 1)];
  }

  /** An item chosen with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.float() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1][0];
  }
}

/** Cumulative weights for repeated weighted draws by binary search. */
export class WeightedIndex {
  private readonly cumulative: Float64Array;

  constructor(weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((w, i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
  }

  get size(): number {
    return this.cumulative.length;
  }

  draw(rng: Rng): number {
    const target = rng.float() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** murmur3's 32-bit finaliser. */
function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hex = (value: number, digits: number): string => value.toString(16).padStart(digits, '0').slice(-digits);

/** Tables whose generated rows get derived ids (each has its own time base, a day apart). */
export const ID_TABLES = { institution: 1, partnership: 2, party: 3, network: 4, membership: 5, participant: 6, episode: 7 } as const;

const ID_EPOCH = Date.UTC(2020, 0, 1);

/**
 * A UUID v7 fixed by (seed, table, index): the timestamp is the table's base plus `index`
 * milliseconds (so ids are time-ordered within a table and unique), the random bits a hash.
 */
export function derivedId(seed: number, table: number, index: number): string {
  const ms = ID_EPOCH + table * 86_400_000 + index;
  const h1 = mix32(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ mix32(table * 0x01000193 + index));
  const h2 = mix32(h1 ^ (index + 0x68e31da4));
  const h3 = mix32(h2 + 0x1b873593);
  const time = hex(Math.floor(ms / 0x10000), 8) + hex(ms % 0x10000, 4);
  const variant = (0x8 | (h2 >>> 30)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(h1, 3)}-${variant}${hex(h2, 3)}-${hex(h3, 8)}${hex(h1 >>> 16, 4)}`;
}
