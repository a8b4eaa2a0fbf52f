// `npm run export -- --format hsds [--out <dir>]`: the whole registry as HSDS 3.0 JSON. With
// --out it writes organizations.json, services.json, taxonomies.json and taxonomy_terms.json
// (each a JSON array of full objects) into the directory; without it, one JSON object with those
// four arrays to stdout. Institutions are read a page at a time (MAX_PER_PAGE), each page in a
// fixed number of statements.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HsdsObject } from './mapping';
import { hsdsPage, MAX_PER_PAGE, type HsdsList } from './pages';
import { allTaxonomies, allTaxonomyTerms } from './taxonomy';

async function everything(em: EntityManager, list: HsdsList): Promise<HsdsObject[]> {
  const out: HsdsObject[] = [];
  for (let page = 1; ; page += 1) {
    const p = await hsdsPage(em, list, { page, perPage: MAX_PER_PAGE });
    out.push(...p.contents);
    if (p.last_page || p.empty) return out;
  }
}

/** The four HSDS files of the registry, by file name. */
async function hsdsFiles(em: EntityManager): Promise<Record<string, unknown[]>> {
  return {
    'organizations.json': await everything(em, 'organizations'),
    'services.json': await everything(em, 'services'),
    'taxonomies.json': allTaxonomies(),
    'taxonomy_terms.json': allTaxonomyTerms(),
  };
}

/** Writes the files into `out`, or one object to stdout; returns what it wrote, for the log. */
export async function writeHsdsExport(em: EntityManager, out: string | undefined): Promise<string> {
  const files = await hsdsFiles(em);
  if (!out) {
    const whole = Object.fromEntries(Object.entries(files).map(([name, items]) => [name.replace(/\.json$/, ''), items]));
    process.stdout.write(`${JSON.stringify(whole)}\n`);
    return 'HSDS 3.0 export to stdout';
  }
  mkdirSync(out, { recursive: true });
  for (const [name, items] of Object.entries(files)) writeFileSync(path.join(out, name), `${JSON.stringify(items, null, 1)}\n`);
  return `wrote ${Object.keys(files)
    .map((n) => path.join(out, n))
    .join(', ')} (HSDS 3.0)`;
}
