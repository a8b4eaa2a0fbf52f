// The registry's migrations in order; add each new one here (they are listed, not globbed, so the
// same code runs from tsc output and under vitest).
// Migrations are frozen history: the functions, triggers and policies they create keep their
// historical definitions here. The current ones live in src/registry/sql/ (one file each, applied
// after the migrations at every start: src/db/sql-sources.ts); change them there, not here.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123092227 } from './Migration20261123092227_initial';
import { Migration20261123093000 } from './Migration20261123093000_search_and_checks';
import { Migration20261124100000 } from './Migration20261124100000_graph_version';
import { Migration20261125090000 } from './Migration20261125090000_voivodeship_counts_index';
import { Migration20261203090000 } from './Migration20261203090000_idempotency_and_no_duplicates';
import { Migration20261204100000 } from './Migration20261204100000_history_and_changes';
import { Migration20261205090000 } from './Migration20261205090000_widget_keys';
import { Migration20261206090000 } from './Migration20261206090000_programme_machinery';
import { Migration20261207120000 } from './Migration20261207120000_sql_sources';

export const registryMigrations: MigrationObject[] = [
  { name: 'Migration20261123092227_initial', class: Migration20261123092227 },
  { name: 'Migration20261123093000_search_and_checks', class: Migration20261123093000 },
  { name: 'Migration20261124100000_graph_version', class: Migration20261124100000 },
  { name: 'Migration20261125090000_voivodeship_counts_index', class: Migration20261125090000 },
  { name: 'Migration20261203090000_idempotency_and_no_duplicates', class: Migration20261203090000 },
  { name: 'Migration20261204100000_history_and_changes', class: Migration20261204100000 },
  { name: 'Migration20261205090000_widget_keys', class: Migration20261205090000 },
  { name: 'Migration20261206090000_programme_machinery', class: Migration20261206090000 },
  { name: 'Migration20261207120000_sql_sources', class: Migration20261207120000 },
];
