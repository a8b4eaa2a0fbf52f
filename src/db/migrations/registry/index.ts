// The registry's migrations in order; add each new one here (they are listed, not globbed, so the
// same code runs from tsc output and under vitest).
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123092227 } from './Migration20261123092227_initial';
import { Migration20261123093000 } from './Migration20261123093000_search_and_checks';

export const registryMigrations: MigrationObject[] = [
  { name: 'Migration20261123092227_initial', class: Migration20261123092227 },
  { name: 'Migration20261123093000_search_and_checks', class: Migration20261123093000 },
];
