// The committed SDL is what clients, Apollo Router and reviewers read: it must match the code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot } from '../../src/config';
import { schemaFiles } from '../../src/gateway/schema-files';

describe('committed schema files', () => {
  it('match the schema built from the code (run `npm run schema:print` after changing the API)', async () => {
    const files = await schemaFiles();
    for (const [name, sdl] of Object.entries(files)) {
      const committed = readFileSync(path.join(findProjectRoot(), 'schema', name), 'utf8');
      expect(committed, `schema/${name} is stale`).toBe(sdl);
    }
  });
});
