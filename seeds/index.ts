// The door from the entry points (src/main.ts, src/cli.ts) into seeds/: the only file of seeds/
// that src/ may import (eslint.config.mjs, import-x/no-restricted-paths). Everything else in seeds/
// uses src/; src/ defines the seeding's shape (src/seeding.ts) and the entry points hand it to the
// bootstrap functions, so no module below the entry points knows the seeds exist.
export { pilotSeeds } from './seeding';
// The national synthetic network (`npm run generate`).
export { DEFAULT_SEED, generateCasework, generateNational, scaleNamed } from './national';
