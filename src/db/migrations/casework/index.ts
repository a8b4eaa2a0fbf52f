// The casework database's migrations in order; add each new one here (they are listed, not
// globbed, so the same code runs from tsc output and under vitest).
// Migrations are frozen history: the functions, triggers and policies they create keep their
// historical definitions here. The current ones live in src/casework/sql/ (one file each, applied
// after the migrations at every start: src/db/sql-sources.ts); change them there, not here.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123100441 } from './Migration20261123100441_initial';
import { Migration20261123101500 } from './Migration20261123101500_privacy';
import { Migration20261124090000 } from './Migration20261124090000_reintegration_paths';
import { Migration20261202120000 } from './Migration20261202120000_aggregates_at_scale';
import { Migration20261202150000 } from './Migration20261202150000_statistics_releases';
import { Migration20261202170000 } from './Migration20261202170000_privacy_report';
import { Migration20261202190000 } from './Migration20261202190000_release_overdue';
import { Migration20261203090000 } from './Migration20261203090000_idempotency';
import { Migration20261207120000 } from './Migration20261207120000_sql_sources';

export const caseworkMigrations: MigrationObject[] = [
  { name: 'Migration20261123100441_initial', class: Migration20261123100441 },
  { name: 'Migration20261123101500_privacy', class: Migration20261123101500 },
  { name: 'Migration20261124090000_reintegration_paths', class: Migration20261124090000 },
  { name: 'Migration20261202120000_aggregates_at_scale', class: Migration20261202120000 },
  { name: 'Migration20261202150000_statistics_releases', class: Migration20261202150000 },
  { name: 'Migration20261202170000_privacy_report', class: Migration20261202170000 },
  { name: 'Migration20261202190000_release_overdue', class: Migration20261202190000 },
  { name: 'Migration20261203090000_idempotency', class: Migration20261203090000 },
  { name: 'Migration20261207120000_sql_sources', class: Migration20261207120000 },
];
