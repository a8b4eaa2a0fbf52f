// PESEL: validated (validate-polish checksum plus a real calendar date), normalised, and read for
// birth year and sex. The number itself goes no further than the HMAC in keys.ts: it is never
// stored, logged, returned, or put into an error message.
import { validatePolish } from 'validate-polish';
import { asciiDigits } from '../../common/redaction';
import { Sex } from '../participants/participant-kinds';

export const PESEL_RULE = 'must be a valid PESEL (11 digits with a correct checksum and birth date)';

export interface PeselFacts {
  /** The normalised number: hand it to the linkage and drop it. */
  pesel: string;
  birthYear: number;
  sex: Sex;
}

/** Century offsets of the PESEL month field: 1800s +80, 1900s +0, 2000s +20, 2100s +40, 2200s +60. */
const CENTURY: [number, number][] = [
  [80, 1800],
  [0, 1900],
  [20, 2000],
  [40, 2100],
  [60, 2200],
];

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * The PESEL as 11 ASCII digits, as people type and paste it: spaces, tabs, any Unicode whitespace,
 * dashes and invisible format characters dropped, Unicode decimal digits (fullwidth, Arabic-Indic…)
 * read as ASCII. Every spelling accepted here is one the redaction (common/redaction.ts) catches.
 */
export const normalisePesel = (raw: string): string => asciiDigits(raw);

/** Reads a PESEL in any spelling `normalisePesel` accepts; null when it is not a valid one. */
export function readPesel(raw: unknown): PeselFacts | null {
  if (typeof raw !== 'string') return null;
  const pesel = normalisePesel(raw);
  if (!/^\d{11}$/.test(pesel) || !validatePolish.pesel(pesel)) return null;
  const yy = Number(pesel.slice(0, 2));
  const mm = Number(pesel.slice(2, 4));
  const dd = Number(pesel.slice(4, 6));
  const century = CENTURY.find(([offset]) => mm > offset && mm <= offset + 12);
  if (!century) return null;
  const year = century[1] + yy;
  const month = mm - century[0];
  if (dd < 1 || dd > daysIn(year, month)) return null;
  return { pesel, birthYear: year, sex: Number(pesel[9]) % 2 === 1 ? Sex.MALE : Sex.FEMALE };
}

/** A valid PESEL for a birth date and serial (tests and synthetic data only). */
export function makePesel(year: number, month: number, day: number, serial: number, sex: Sex): string {
  const century = CENTURY.find(([, base]) => year >= base && year < base + 100);
  if (!century) throw new Error(`makePesel: year ${year} out of range`);
  const sexDigit = (serial % 5) * 2 + (sex === Sex.MALE ? 1 : 0);
  const body = [
    String(year % 100).padStart(2, '0'),
    String(month + century[0]).padStart(2, '0'),
    String(day).padStart(2, '0'),
    String(Math.floor(serial / 5) % 1000).padStart(3, '0'),
    String(sexDigit),
  ].join('');
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = body.split('').reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + String((10 - (sum % 10)) % 10);
}
