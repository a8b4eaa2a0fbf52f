// The official territorial register (GUS TERYT TERC, 2024-01-01): production reference data of
// the places domain, parsed from the CSV beside this file and loaded with a few multi-row inserts. Places are reference data keyed by their TERYT
// codes, so loading twice changes nothing (`on conflict do nothing`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { findProjectRoot } from '../../config';

/** Relative to the project root (read from the sources also when running dist/). */
const TERC_FILE = 'src/registry/places/teryt-terc-2024-01-01.csv';

/** What the register must hold (domain.md §3); a different count means a wrong or damaged file. */
const EXPECTED = { voivodeships: 16, counties: 380, municipalities: 2477 } as const;

// Plain string values of the `municipality_kind` enum: this module loads before any entity
// (and reflect-metadata), so it does not import the entity classes.
type MunicipalityKindValue = 'URBAN' | 'RURAL' | 'URBAN_RURAL';

/** TERC RODZ → kind. RODZ 4/5 (town and rural parts of an urban-rural gmina) and 8/9 (districts,
 * delegations of large cities) are not municipalities of their own. */
const KIND_OF_RODZ: Record<string, MunicipalityKindValue | undefined> = { '1': 'URBAN', '2': 'RURAL', '3': 'URBAN_RURAL' };

interface TercVoivodeship {
  code: string;
  name: string;
}
export interface TercCounty {
  code: string;
  name: string;
  cityWithCountyRights: boolean;
  voivodeshipCode: string;
}
export interface TercMunicipality {
  code: string;
  name: string;
  kind: MunicipalityKindValue;
  countyCode: string;
}
export interface TercRegister {
  voivodeships: TercVoivodeship[];
  counties: TercCounty[];
  municipalities: TercMunicipality[];
}

const HEADER = 'WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA';

/** Parses the TERC CSV (`;`-separated, UTF-8, header first); rows keep the file's order. */
function parseTerc(text: string): TercRegister {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== HEADER) throw new Error(`TERC: expected the header "${HEADER}", got "${lines[0] ?? ''}"`);
  const register: TercRegister = { voivodeships: [], counties: [], municipalities: [] };
  for (const [index, line] of lines.slice(1).entries()) {
    const cells = line.split(';').map((cell) => cell.trim());
    if (cells.length !== 7) throw new Error(`TERC line ${index + 2}: expected 7 fields, got ${cells.length}`);
    const [woj, pow, gmi, rodz, name, extra] = cells as [string, string, string, string, string, string, string];
    if (pow === '') {
      register.voivodeships.push({ code: woj, name: name.toLocaleLowerCase('pl') });
    } else if (gmi === '') {
      // Warszawa's NAZWA_DOD is "miasto stołeczne, na prawach powiatu": match the common part.
      register.counties.push({ code: woj + pow, name, cityWithCountyRights: extra.includes('na prawach powiatu'), voivodeshipCode: woj });
    } else {
      const kind = KIND_OF_RODZ[rodz];
      if (kind) register.municipalities.push({ code: woj + pow + gmi + rodz, name, kind, countyCode: woj + pow });
    }
  }
  return register;
}

let cached: TercRegister | undefined;

/** The register (parsed once per process; the file is the same for every caller). */
export function readTerc(): TercRegister {
  cached ??= parseTerc(readFileSync(path.join(findProjectRoot(), TERC_FILE), 'utf8'));
  return cached;
}

/** Rows per INSERT statement: 1000 × 4 parameters stays far below PostgreSQL's 65535. */
const CHUNK = 1000;

async function insertRows(em: EntityManager, table: string, columns: string[], rows: unknown[][], cast: Record<string, string> = {}): Promise<void> {
  const placeholders = `(${columns.map((c) => (cast[c] ? `?::${cast[c]}` : '?')).join(', ')})`;
  const columnList = columns.map((c) => `"${c}"`).join(', ');
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const sql = `insert into "${table}" (${columnList}) values ${chunk.map(() => placeholders).join(', ')} on conflict do nothing`;
    await em.getConnection().execute(sql, chunk.flat(), 'run', em.getTransactionContext());
  }
}

async function countRows(em: EntityManager): Promise<{ voivodeships: number; counties: number; municipalities: number }> {
  const [row] = await em
    .getConnection()
    .execute<{ v: number; c: number; m: number }[]>(
      'select (select count(*) from voivodeship)::int as v, (select count(*) from county)::int as c, (select count(*) from municipality)::int as m',
      [],
      'all',
      em.getTransactionContext(),
    );
  return { voivodeships: row?.v ?? 0, counties: row?.c ?? 0, municipalities: row?.m ?? 0 };
}

/**
 * Loads voivodeships, counties and municipalities; returns the counts now in the database.
 * Does nothing when the municipalities are already all there.
 */
export async function loadTeryt(em: EntityManager): Promise<{ voivodeships: number; counties: number; municipalities: number }> {
  const before = await countRows(em);
  if (before.municipalities === EXPECTED.municipalities) return before;

  const register = readTerc();
  for (const key of Object.keys(EXPECTED) as (keyof typeof EXPECTED)[]) {
    if (register[key].length !== EXPECTED[key]) {
      throw new Error(`TERC: expected ${EXPECTED[key]} ${key}, found ${register[key].length} in ${TERC_FILE}`);
    }
  }
  // One transaction: a failure half-way leaves no partial register behind.
  return em.transactional(async (tx) => {
    await insertRows(
      tx,
      'voivodeship',
      ['code', 'name'],
      register.voivodeships.map((v) => [v.code, v.name]),
    );
    await insertRows(
      tx,
      'county',
      ['code', 'name', 'city_with_county_rights', 'voivodeship_code'],
      register.counties.map((c) => [c.code, c.name, c.cityWithCountyRights, c.voivodeshipCode]),
    );
    await insertRows(
      tx,
      'municipality',
      ['code', 'name', 'kind', 'county_code'],
      register.municipalities.map((m) => [m.code, m.name, m.kind, m.countyCode]),
      { kind: 'municipality_kind' },
    );
    return countRows(tx);
  });
}
