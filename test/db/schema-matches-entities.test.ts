import 'reflect-metadata';
// The entities and the migrations describe the same schema: each database is migrated from empty
// (as every start does, src/db/database.ts openMigrated) and MikroORM's diff from that schema to
// the entities' must be empty. What the migrations add that an entity cannot express is listed
// below by name, each with its reason; anything else in the diff (a column, type, default,
// nullability, foreign key rule, index or unique constraint the entities declare differently, or a
// new object nobody listed) fails the test. Fix the entity, unless the migration is plainly wrong.
import { randomBytes } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { caseworkEntities } from '../../src/casework/entities';
import { caseworkSql } from '../../src/casework/sql/manifest';
import { openMigrated } from '../../src/db/database';
import { caseworkMigrations } from '../../src/db/migrations/casework';
import { registryMigrations } from '../../src/db/migrations/registry';
import { withDatabase } from '../../src/db/orm';
import { registryEntities } from '../../src/registry/entities';
import { registrySql } from '../../src/registry/sql/manifest';

/**
 * Tables without an entity: written and read with SQL only (history and change logs, graph
 * version, idempotency keys, the casework caches and statistical releases, the SQL sources' state).
 * The diff would drop them.
 */
const SQL_ONLY_TABLES = {
  registry: ['graph_version', 'idempotency_key', 'record_source', 'registry_change', 'registry_commit', 'sql_source_state'],
  casework: [
    'casework_cache_state',
    'casework_change',
    'casework_path',
    'casework_path_cube',
    'casework_voivodeship_counts',
    'casework_voivodeship_overdue',
    'idempotency_key',
    'sql_source_state',
    'statistics_release',
    'statistics_release_cell',
  ],
};

/**
 * Objects of mapped tables the entities cannot express (the diff would drop them):
 * - check constraints: the rules the database enforces whatever the application does, written
 *   once in SQL in the migrations (MikroORM's @Check would be a second definition whose text the
 *   diff compares against PostgreSQL's normalised form);
 * - indexes on expressions, with operator classes or GIN (trigram search, prefix lookups) and the
 *   exclusion constraint against overlapping memberships;
 * - the composite foreign keys (record, institution) → (episode or participant, institution) that
 *   keep every casework record with its owner's institution: MikroORM relates to primary keys only.
 */
const NOT_EXPRESSIBLE = {
  registry: [
    'institution_krs_check',
    'institution_nip_check',
    'institution_postal_code_check',
    'institution_regon_check',
    'partnership_dates_check',
    'membership_dates_check',
    'grant_amount_check',
    'funding_source_amount_check',
    'widget_key_one_scope',
    'widget_key_origins_check',
    'competition_call_announced_in_check',
    'competition_call_cap_check',
    'advisory_duty_months_check',
    'animation_team_animator_count_check',
    'team_duty_dates_check',
    'animation_team_role_count_check',
    'advisory_consultation_hours_check',
    'widget_key_widgets_check',
    'municipality_code_prefix',
    'institution_municipality_prefix',
    'institution_search_text_trgm',
    'institution_voivodeship_type_index',
    'membership_no_overlap',
  ],
  casework: [
    'participant_birth_year_check',
    'participant_pseudonym_check',
    'participant_residence_check',
    'service_episode_dates_check',
    'service_episode_outcome_check',
    'social_contract_dates_check',
    'service_episode_owner_foreign',
    'monitoring_contact_episode_owner_foreign',
    'monitoring_contact_owner_foreign',
    'ipzs_episode_owner_foreign',
    'ipzs_owner_foreign',
    'ipzs_record_owner_foreign',
    'social_contract_owner_foreign',
  ],
};

const databases = [
  { name: 'registry', entities: registryEntities, migrations: registryMigrations, sql: registrySql },
  { name: 'casework', entities: caseworkEntities, migrations: caseworkMigrations, sql: caseworkSql },
] as const;

/** The statements of the diff, without the ones that only undo what is listed above. */
function unexplained(sql: string, name: 'registry' | 'casework'): string[] {
  const tables = new Set(SQL_ONLY_TABLES[name]);
  const objects = new Set(NOT_EXPRESSIBLE[name]);
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s !== '')
    .filter((s) => {
      const dropTable = /^drop table if exists "([^"]+)" cascade$/.exec(s);
      if (dropTable) return !tables.has(dropTable[1]);
      const dropConstraint = /^alter table "([^"]+)" drop constraint "?([^"\s]+)"?$/.exec(s);
      if (dropConstraint) return !(tables.has(dropConstraint[1]) || objects.has(dropConstraint[2]));
      const dropIndex = /^drop index "([^"]+)"$/.exec(s);
      if (dropIndex) return !objects.has(dropIndex[1]);
      return true;
    });
}

describe.each(databases)('the $name database migrated from empty', ({ name, entities, migrations, sql }) => {
  it("matches its entities: MikroORM's schema diff holds nothing but what entities cannot express", async () => {
    const url = withDatabase(inject('pgServerUrl'), `schema_${name}_${randomBytes(4).toString('hex')}`);
    const handle = await openMigrated(url, entities, migrations, sql, { quiet: true });
    try {
      const sql = await handle.orm.schema.getUpdateSchemaSQL({ wrap: false });
      // The listed objects are really there (a stale list would hide nothing and prove nothing).
      for (const object of [...SQL_ONLY_TABLES[name], ...NOT_EXPRESSIBLE[name]]) expect(sql).toContain(object);
      expect(unexplained(sql, name)).toEqual([]);
    } finally {
      await handle.orm.close();
    }
  });
});
