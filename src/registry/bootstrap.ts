// Brings the registry database up to date: migrations, the TERYT register, and (optionally) the
// pilot network when it is not there yet.
import { loadTeryt } from '../../seeds/teryt';
import { seedPilotNetwork } from '../../seeds/pilot';
import { openMigrated } from '../db/database';
import type { ConnectionLimits, OrmHandle } from '../db/orm';
import { registryMigrations } from '../db/migrations/registry';
import { registryEntities } from './entities';

export async function openRegistryDatabase(
  url: string,
  options: { seed: boolean; logQueries?: boolean; quiet?: boolean; log?: (m: string) => void; limits?: ConnectionLimits; jobLimits?: ConnectionLimits },
): Promise<OrmHandle> {
  const handle = await openMigrated(url, registryEntities, registryMigrations, options);
  await loadTeryt(handle.orm.em.fork());
  if (options.seed) {
    const report = await seedPilotNetwork(handle.orm.em.fork());
    options.log?.(report.alreadySeeded ? 'pilot network already present' : `seeded the pilot network: ${report.institutions} institutions, ${report.partnerships} partnerships, ${report.networks} networks`);
  }
  return handle;
}
