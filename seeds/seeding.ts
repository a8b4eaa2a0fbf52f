// The seeding an entry point hands to the bootstrap functions (shape: src/seeding.ts).
import type { Seeds } from '../src/seeding';
import { seedCasework } from './casework';
import { seedPilotNetwork } from './pilot';

/** The pilot network of the KSR test (registry) and its synthetic casework (`SEED_ON_START`, `npm run seed`). */
export const pilotSeeds = {
  registry: async (em) => {
    const report = await seedPilotNetwork(em);
    return report.alreadySeeded
      ? 'pilot network already present'
      : `seeded the pilot network: ${report.institutions} institutions, ${report.partnerships} partnerships, ${report.networks} networks`;
  },
  casework: async (em, linkage) => {
    const report = await seedCasework(em, linkage);
    return report.alreadySeeded
      ? 'casework: synthetic data already present'
      : `casework: seeded ${report.participants} synthetic participants, ${report.episodes} episodes`;
  },
} satisfies Required<Seeds>;
