// The registry's SQL sources (src/db/sql-sources.ts): the current definitions of its functions and
// triggers, applied after the migrations in this order, each file after those whose objects it
// uses (SQL-language bodies are checked when created). A new file is added here; a function whose
// arguments or result change, or that goes away, needs a migration that drops the old one (create
// or replace cannot), and test/db/sql-sources.test.ts fails while an object has no file.
import path from 'node:path';
import { findProjectRoot } from '../../config';
import type { SqlSources } from '../../db/sql-sources';

export const registrySql: SqlSources = {
  dir: path.join(findProjectRoot(), 'src', 'registry', 'sql'),
  files: [
    'registry_state.sql',
    'registry_capture.sql',
    'registry_no_truncate.sql',
    'registry_history_append_only.sql',
    'registry_commit_order.sql',
    'bump_graph_version.sql',
  ],
};
