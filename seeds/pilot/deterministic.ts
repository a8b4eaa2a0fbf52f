// Deterministic choices for the generated stand-ins: every "random" pick is a hash of a
// descriptive key, so it does not depend on the order of generation, the clock or Math.random.
import { createHash } from 'node:crypto';

/** A 48-bit unsigned integer fixed by the key. */
function hash(key: string): number {
  return createHash('sha256').update(key).digest().readUIntBE(0, 6);
}

/** An integer in [min, max], fixed by the key. */
export const between = (key: string, min: number, max: number): number => min + (hash(key) % (max - min + 1));

/** One of the items, fixed by the key. */
export function pick<T>(items: readonly T[], key: string): T {
  if (items.length === 0) throw new Error(`pick(${key}): no items`);
  return items[hash(key) % items.length];
}

/** The items in an order fixed by their keys (a deterministic shuffle). */
export function ranked<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: keyOf(item), h: hash(keyOf(item)) }));
  keyed.sort((a, b) => a.h - b.h || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}

/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so the host time zone does not matter. */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** An instant on an ISO date at a given UTC hour. */
export const instant = (isoDate: string, hourUtc: number): Date => new Date(`${isoDate}T${String(hourUtc).padStart(2, '0')}:00:00Z`);

/** Whole złoty as an exact money string ("58950.00"); amounts never pass through floats. */
export function zloty(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`zloty: expected a non-negative integer, got ${amount}`);
  return `${amount}.00`;
}

/** Whole days from one ISO date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
