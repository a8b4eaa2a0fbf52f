// Time-ordered UUIDs (v7) created by the application, and deterministic ones for seeds.
import { createHash } from 'node:crypto';
import { v7 } from 'uuid';

export const newId = (): string => v7();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` can be an id at all: anything else is refused or found nowhere without a query. */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * A v7 UUID fixed by a key: the same key always gives the same id, so seeds are idempotent and
 * README examples can name records. `at` sets the timestamp part (keeps ids time-ordered).
 */
export function stableId(key: string, at: Date = new Date('2019-01-01T00:00:00Z')): string {
  const random = createHash('sha256').update(key).digest().subarray(0, 16);
  return v7({ msecs: at.getTime(), random });
}
