// The pilot facts of the source documents, read through the API as a dashboard would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type TestApp } from '../support/registry-app';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

describe('pilot network facts', () => {
  it('has 32 pilot clubs, 3/7/4/6/9/3 by voivodeship', async () => {
    const expected: Record<string, number> = { '04': 3, '06': 7, '22': 4, '24': 6, '26': 9, '32': 3 };
    for (const [code, count] of Object.entries(expected)) {
      const res = await app.gql(`query($v: String) { institutions(filter: { voivodeship: $v, pilot: true, types: [KIS] }) { totalCount } }`, { v: code });
      expect(res.errors).toBeUndefined();
      expect(res.data?.institutions.totalCount, `voivodeship ${code}`).toBe(count);
    }
    const all = await app.gql(`{ institutions(filter: { pilot: true }) { totalCount } }`);
    expect(all.data?.institutions.totalCount).toBe(32);
  });
});
