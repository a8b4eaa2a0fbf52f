// Brings the registry database up to date: migrations, the TERYT register (production reference
// data, places/teryt.ts), and the seeding handed in by the caller, if any. The seeds live outside
// src/ and use it, so src/ never imports them: an entry point passes `seed` (seeds/index.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import { openMigrated } from '../db/database';
import type { ConnectionLimits, OrmHandle } from '../db/orm';
import { registryMigrations } from '../db/migrations/registry';
import { registryEntities } from './entities';
import { registrySql } from './sql/manifest';
import { loadTeryt } from './places/teryt';

/** Seeds a migrated registry that holds the TERYT register; returns a line for the log. Must be idempotent. */
export type RegistrySeed = (em: EntityManager) => Promise<string>;

export async function openRegistryDatabase(
  url: string,
  options: { seed?: RegistrySeed; logQueries?: boolean; quiet?: boolean; log?: (m: string) => void; limits?: ConnectionLimits; jobLimits?: ConnectionLimits },
): Promise<OrmHandle> {
  const handle = await openMigrated(url, registryEntities, registryMigrations, registrySql, options);
  await loadTeryt(handle.orm.em.fork());
  if (options.seed) {
    const report = await options.seed(handle.orm.em.fork());
    options.log?.(report);
  }
  return handle;
}
