import { Migration } from '@mikro-orm/migrations';

// Hand-written: a version of the cooperation graph that changes whenever a transaction writes
// institutions, partnerships, their parties or memberships, so analytics can cache per version.
// The bump is a deferred constraint trigger: it runs at commit, once per transaction (a
// transaction-local setting remembers it), so the version row is locked only for the instant
// before commit, after every other lock of the transaction: writers do not serialise on it for
// their whole transaction and cannot deadlock through it. The version becomes visible atomically
// with the data. `database_id` tells databases apart in a process-wide cache.
export class Migration20261124100000 extends Migration {
  override up(): void {
    this.addSql(`create table "graph_version" (
      "id" smallint not null default 1 primary key check ("id" = 1),
      "database_id" uuid not null default gen_random_uuid(),
      "version" bigint not null default 1,
      "changed_at" timestamptz not null default now());`);
    this.addSql('insert into "graph_version" default values;');
    this.addSql(`create function "bump_graph_version"() returns trigger language plpgsql as $$
      begin
        if coalesce(current_setting('ksr.graph_version_bumped', true), '') <> 'on' then
          perform set_config('ksr.graph_version_bumped', 'on', true);
          update "graph_version" set "version" = "version" + 1, "changed_at" = now() where "id" = 1;
        end if;
        return null;
      end $$;`);
    for (const table of ['institution', 'partnership', 'partnership_party', 'membership']) {
      this.addSql(`create constraint trigger "${table}_graph_version" after insert or update or delete on "${table}"
        deferrable initially deferred for each row execute function "bump_graph_version"();`);
      // Constraint triggers cannot fire on truncate; a plain statement trigger covers it.
      this.addSql(`create trigger "${table}_graph_version_truncate" after truncate on "${table}"
        for each statement execute function "bump_graph_version"();`);
    }
  }
}
