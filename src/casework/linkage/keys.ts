// Keyed pseudonyms: a chain of HMAC-SHA256 over the network keys, oldest first,
//   p(v1) = HMAC(k1, "PESEL:" + pesel),   p(vN) = HMAC(kN, p(vN-1)),
// so a pseudonym stored under an older version can be moved to the current one without the PESEL
// (`rekey`), and a lookup with a PESEL matches rows under every active version. Why a chain, and
// what it costs (keys can be added, not dropped): src/casework/README.md.
import { createHmac } from 'node:crypto';
import type { LinkageKey } from '../config';

export interface Pseudonym {
  version: string;
  value: string;
}

const versionNumber = (version: string): number => Number(version.slice(1));

export class Linkage {
  /** Oldest first: the order of the chain. */
  private readonly chain: LinkageKey[];

  constructor(keys: readonly LinkageKey[]) {
    if (keys.length === 0) throw new Error('linkage: no keys');
    this.chain = [...keys].sort((a, b) => versionNumber(a.version) - versionNumber(b.version));
  }

  get currentVersion(): string {
    return this.chain[this.chain.length - 1].version;
  }

  get versions(): string[] {
    return this.chain.map((k) => k.version);
  }

  isActive(version: string): boolean {
    return this.chain.some((k) => k.version === version);
  }

  /** Pseudonyms of a PESEL under every active version, oldest first (the last is current). */
  forPesel(pesel: string): Pseudonym[] {
    return this.derive(`PESEL:${pesel}`);
  }

  /**
   * Pseudonyms of a synthetic person: a different input space from PESELs, so synthetic records can
   * never link to a real person's.
   */
  forSynthetic(key: string): Pseudonym[] {
    return this.derive(`SYNTHETIC:${key}`);
  }

  /** The current version's pseudonym for one stored under `version` (an active one). */
  lift(version: string, value: string): string {
    const start = this.chain.findIndex((k) => k.version === version);
    if (start < 0) throw new Error(`linkage: key version ${version} is not active; it cannot be re-keyed`);
    let out = value;
    for (const key of this.chain.slice(start + 1)) out = hmac(key.key, out);
    return out;
  }

  private derive(input: string): Pseudonym[] {
    const out: Pseudonym[] = [];
    let value = input;
    for (const key of this.chain) {
      value = hmac(key.key, value);
      out.push({ version: key.version, value });
    }
    return out;
  }
}

const hmac = (key: Buffer, input: string): string => createHmac('sha256', key).update(input, 'utf8').digest('hex');
