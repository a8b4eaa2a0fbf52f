// Noise for released counts: the discrete Gaussian N_Z(0, σ²) (Canonne, Kamath, Steinke, "The
// Discrete Gaussian for Differential Privacy", 2020, Algorithms 1-3), the mechanism of the U.S.
// Census Bureau's 2020 releases. Integer-valued, so no floating-point rounding of a continuous
// sample can leak (Mironov 2012); only Bernoulli trials compare uniforms with probabilities.
// Randomness comes from the operating system's CSPRNG; tests pass a seeded source instead.
import { randomBytes } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A uniform number in [0, 1). */
export type Uniform = () => number;

/** 53 random bits from the CSPRNG, buffered. */
export function cryptoUniform(): Uniform {
  let pool = randomBytes(0);
  let offset = 0;
  return () => {
    if (offset + 7 > pool.length) {
      pool = randomBytes(7 * 1024);
      offset = 0;
    }
    const hi = pool.readUIntBE(offset, 3) & 0x1fffff; // 21 bits
    const lo = pool.readUIntBE(offset + 3, 4); // 32 bits
    offset += 7;
    return (hi * 2 ** 32 + lo) / 2 ** 53;
  };
}

/** A reproducible source for tests and simulations (never for a real release). */
export function seededUniform(seed: number): Uniform {
  const gen = xoroshiro128plus(seed | 0);
  return () => uniformFloat64(gen);
}

const bernoulli = (u: Uniform, p: number): boolean => u() < p;

/** Bernoulli(exp(-γ)), γ ≥ 0, without computing exp of a large argument (Algorithm 1). */
function bernoulliExp(u: Uniform, gamma: number): boolean {
  let g = gamma;
  while (g > 1) {
    if (!bernoulliExp(u, 1)) return false;
    g -= 1;
  }
  let k = 1;
  while (bernoulli(u, g / k)) k += 1;
  return k % 2 === 1;
}

/** Discrete Laplace with scale t (an integer ≥ 1): P(x) ∝ exp(-|x|/t) (Algorithm 2). */
function discreteLaplace(u: Uniform, t: number): number {
  for (;;) {
    const r = Math.floor(u() * t);
    if (!bernoulliExp(u, r / t)) continue;
    let v = 0;
    while (bernoulliExp(u, 1)) v += 1;
    const x = r + t * v;
    const negative = bernoulli(u, 0.5);
    if (negative && x === 0) continue;
    return negative ? -x : x;
  }
}

/** One draw of the discrete Gaussian with parameter σ > 0 (Algorithm 3). */
export function discreteGaussian(u: Uniform, sigma: number): number {
  if (!(sigma > 0)) throw new Error('discreteGaussian: sigma must be positive');
  const t = Math.floor(sigma) + 1;
  const s2 = sigma * sigma;
  for (;;) {
    const y = discreteLaplace(u, t);
    const d = Math.abs(y) - s2 / t;
    if (bernoulliExp(u, (d * d) / (2 * s2))) return y;
  }
}
