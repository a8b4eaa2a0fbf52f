// What an entry point hands in to seed the databases after their migrations. src/ defines the
// shape; seeds/ fills it (seeds/index.ts: pilotSeeds) and imports src/, never the other way round.
import type { CaseworkSeed } from './casework/bootstrap';
import type { RegistrySeed } from './registry/bootstrap';

export interface Seeds {
  registry?: RegistrySeed;
  casework?: CaseworkSeed;
}
