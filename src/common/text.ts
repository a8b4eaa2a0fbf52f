// Search normalisation: case, Polish diacritics and typographic quotes do not matter, so
// "nadzieja rodzinie" finds „Nadzieja Rodzinie”.
const POLISH: Record<string, string> = { ł: 'l', Ł: 'l' };

export function normaliseForSearch(text: string): string {
  return text
    .replace(/[łŁ]/g, (c) => POLISH[c] ?? c)
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[„”“"«»‚’‘'`]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Escapes LIKE wildcards so a search for "50%" matches the text "50%". */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** SQL for a text[] literal with one bound parameter per value (knex would spread a bound array). */
export const textArraySql = (values: readonly string[]): string => `array[${values.map(() => '?').join(', ')}]::text[]`;
