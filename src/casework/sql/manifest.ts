// The casework database's SQL sources (src/db/sql-sources.ts): the current definitions of its
// functions, triggers and row-level policies, applied after the migrations in this order, each file
// after those whose objects it uses (SQL-language bodies are checked when created). A new file is
// added here; a function whose arguments or result change, or that goes away, needs a migration
// that drops the old one (create or replace cannot), and test/db/sql-sources.test.ts fails while
// an object has no file. Grants are part of each definition: revoked from PUBLIC, executable by
// the service role where it calls the function.
import path from 'node:path';
import { findProjectRoot } from '../../config';
import type { SqlSources } from '../../db/sql-sources';

export const caseworkSql: SqlSources = {
  dir: path.join(findProjectRoot(), 'src', 'casework', 'sql'),
  files: [
    // Row-level security and the append-only tables.
    'casework_current_institution.sql',
    'owner_policies.sql',
    'audit_event_append_only.sql',
    'statistics_release_immutable.sql',
    // Cache invalidation.
    'casework_note_change.sql',
    'casework_note_reference_change.sql',
    'casework_cache_is_fresh.sql',
    // Counts for groups of institutions, by voivodeship, reintegration paths.
    'casework_group_person_counts.sql',
    'casework_person_counts.sql',
    'casework_group_overdue_contacts.sql',
    'casework_compute_voivodeship_counts.sql',
    'casework_compute_voivodeship_overdue.sql',
    'casework_voivodeship_person_counts.sql',
    'casework_voivodeship_overdue_contacts.sql',
    'casework_compute_path_groups.sql',
    'casework_reintegration_paths.sql',
    'casework_linked_institutions.sql',
    // Statistical releases and the privacy report.
    'casework_release_group_counts.sql',
    'casework_release_overdue_people.sql',
    'casework_privacy_report.sql',
  ],
};
