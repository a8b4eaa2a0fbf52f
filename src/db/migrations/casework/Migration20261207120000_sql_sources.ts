import { Migration } from '@mikro-orm/migrations';

// Hand-written: the state of the SQL sources step (src/db/sql-sources.ts). The current definitions
// of the database's functions, triggers and policies live in idempotent SQL files beside their
// domain and are applied after the migrations; this row records what was applied last (a digest of
// the files, in order, and the last migration they were applied after), so a start that changes
// neither skips them and takes no locks. Owner only. Self-contained: no application code is imported.
export class Migration20261207120000 extends Migration {
  override up(): void {
    this.addSql(`create table "sql_source_state" (
      "id" smallint not null default 1 primary key check ("id" = 1),
      "digest" text not null,
      "after_migration" text not null,
      "applied_at" timestamptz not null default now());`);
    this.addSql(`revoke all on "sql_source_state" from public;`);
  }
}
