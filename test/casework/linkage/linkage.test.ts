// PESEL reading and keyed pseudonyms: validation, the HMAC chain across key versions, and the
// configuration of the keys (errors never quote a key).
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Linkage } from '../../../src/casework/linkage/keys';
import { makePesel, readPesel } from '../../../src/casework/linkage/pesel';
import { daysInMonth } from '../../../src/casework/monitoring/schedule';
import { Sex } from '../../../src/casework/participants/participant-kinds';
import { assertCaseworkSecrets, parseLinkageKeys } from '../../../src/casework/config';
import { loadConfig } from '../../../src/config';
import { redactPersonalNumbers } from '../../../src/common/redaction';
import { newId } from '../../../src/common/ids';

const key = () => randomBytes(32);
const b64 = (b: Buffer) => b.toString('base64');

describe('PESEL', () => {
  it('reads birth year and sex from a valid number, ignoring spaces', () => {
    expect(readPesel('44051401359')).toEqual({ pesel: '44051401359', birthYear: 1944, sex: Sex.MALE });
    expect(readPesel(' 440514 01359 ')?.pesel).toBe('44051401359');
    expect(readPesel(makePesel(2004, 2, 29, 17, Sex.FEMALE))).toMatchObject({ birthYear: 2004, sex: Sex.FEMALE });
  });

  it('refuses a wrong checksum, a wrong length, a non-string and an impossible date', () => {
    expect(readPesel('44051401358')).toBeNull();
    expect(readPesel('4405140135')).toBeNull();
    expect(readPesel(44051401359)).toBeNull();
    // Checksums right, dates wrong: 30 February 2001, 29 February 2003, month 13.
    expect(readPesel(makePesel(2001, 2, 30, 5, Sex.MALE))).toBeNull();
    expect(readPesel(makePesel(2003, 2, 29, 5, Sex.MALE))).toBeNull();
    expect(readPesel(makePesel(1990, 13, 1, 5, Sex.MALE))).toBeNull();
  });

  it('round-trips every valid birth date, serial and sex (1800–2299)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1800, max: 2299 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        fc.nat(4999),
        fc.constantFrom(Sex.FEMALE, Sex.MALE),
        (y, m, d, serial, sex) => {
          const pesel = makePesel(y, m, Math.min(d, daysInMonth(y, m)), serial, sex);
          expect(readPesel(pesel)).toEqual({ pesel, birthYear: y, sex });
        },
      ),
    );
  });
});

describe('keyed pseudonyms', () => {
  const [k1, k2, k3] = [key(), key(), key()];
  const pesel = '44051401359';

  it('derive one pseudonym per active version, chained oldest to newest', () => {
    const two = new Linkage([
      { version: 'v2', key: k2 },
      { version: 'v1', key: k1 },
    ]);
    const one = new Linkage([{ version: 'v1', key: k1 }]);
    const [p1, p2] = two.forPesel(pesel);
    expect(p1).toEqual(one.forPesel(pesel)[0]);
    expect(p2.version).toBe('v2');
    expect(two.lift('v1', p1.value)).toBe(p2.value);
    expect(two.currentVersion).toBe('v2');
    for (const p of [p1, p2]) {
      expect(p.value).toMatch(/^[0-9a-f]{64}$/);
      expect(p.value).not.toContain(pesel);
    }
  });

  it('re-keying through several versions equals deriving under the new chain', () => {
    const old = new Linkage([{ version: 'v1', key: k1 }]);
    const now = new Linkage([
      { version: 'v3', key: k3 },
      { version: 'v2', key: k2 },
      { version: 'v1', key: k1 },
    ]);
    expect(now.lift('v1', old.forPesel(pesel)[0].value)).toBe(now.forPesel(pesel).at(-1)!.value);
    expect(() => now.lift('v9', 'ab')).toThrow(/not active/);
  });

  it('differ between keys, between people, and between PESELs and synthetic people', () => {
    const a = new Linkage([{ version: 'v1', key: k1 }]);
    const b = new Linkage([{ version: 'v1', key: k2 }]);
    expect(a.forPesel(pesel)[0].value).not.toBe(b.forPesel(pesel)[0].value);
    expect(a.forPesel(pesel)[0].value).not.toBe(a.forPesel('02070803628')[0].value);
    expect(a.forSynthetic(pesel)[0].value).not.toBe(a.forPesel(pesel)[0].value);
  });
});

describe('key configuration', () => {
  it('parses versions, the current first', () => {
    const [a, b] = [key(), key()];
    const keys = parseLinkageKeys(`v2:${b64(b)}\n# retired soon\nv1:${b64(a)}`, 'LINKAGE_KEY_FILE');
    expect(keys).toEqual([
      { version: 'v2', key: b },
      { version: 'v1', key: a },
    ]);
  });

  it('refuses short keys, duplicates, a current key that is not the newest, and never quotes a key', () => {
    const secret = b64(key());
    const attempts = [`v1:${b64(randomBytes(16))}`, `v1:${secret},v1:${b64(key())}`, `v1:${secret},v2:${b64(key())}`, `v1-${secret}`, ''];
    for (const text of attempts) {
      let message = '';
      try {
        parseLinkageKeys(text, 'LINKAGE_KEYS');
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message, text).toMatch(/^LINKAGE_KEYS: /);
      expect(message).not.toContain(secret);
    }
  });

  it('requires real keys and a real database password in production, and validates DISCLOSURE_K', () => {
    const base = { JWT_SECRET: 'x'.repeat(40), SUBGRAPH_SECRET: 'y'.repeat(40), NODE_ENV: 'production' };
    // The registry and the gateway start without casework's secrets; the casework service does not.
    expect(() => assertCaseworkSecrets(loadConfig({ ...base, CASEWORK_DB_PASSWORD: 'p'.repeat(20) }).casework)).toThrow(/LINKAGE_KEYS/);
    expect(() => assertCaseworkSecrets(loadConfig({ ...base, LINKAGE_KEYS: `v1:${b64(key())}` }).casework)).toThrow(/CASEWORK_DB_PASSWORD/);
    const config = loadConfig({ ...base, LINKAGE_KEYS: `v1:${b64(key())}`, CASEWORK_DB_PASSWORD: 'p'.repeat(20), DISCLOSURE_K: '5' });
    expect(config.casework.disclosureK).toBe(5);
    expect(config.casework.isDevelopmentLinkageKey).toBe(false);
    expect(() => assertCaseworkSecrets(config.casework)).not.toThrow();
    expect(() => loadConfig({ DISCLOSURE_K: '1' })).toThrow(/DISCLOSURE_K/);
    expect(loadConfig({}).casework).toMatchObject({ disclosureK: 10, isDevelopmentLinkageKey: true });
  });
});

describe('redaction of error messages', () => {
  it('removes an 11-digit number wherever graphql-js quotes one', () => {
    const pesel = '44051401359';
    for (const message of [
      `Variable "$input" got invalid value ${pesel} at "input.pesel"; String cannot represent a non string value: ${pesel}`,
      `Variable "$input" got invalid value { pesel: "${pesel}", name: "Jan" }; Field "name" is not defined`,
      `pesel=${pesel}.`,
    ]) {
      expect(redactPersonalNumbers(message)).not.toContain(pesel);
    }
  });

  it('leaves ids alone, whatever digits they happen to hold', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        expect(redactPersonalNumbers(`no participant with id ${id}`)).toBe(`no participant with id ${id}`);
      }),
      { numRuns: 5000 },
    );
    expect(redactPersonalNumbers('id 01a20814-56d3-75e5-b0ea-a92912873368')).toContain('a92912873368');
    expect(redactPersonalNumbers(newId())).not.toContain('[redacted]');
  });
});
