import { Migration } from '@mikro-orm/migrations';

// Hand-written (issue 13): provenance, history and the change feed, captured by the database so
// that no write path can skip them. Self-contained on purpose: no application code is imported.
//
//  - registry_change: one row per written row of a tracked table (AFTER row triggers), with the
//    operation (CREATED, UPDATED, ENDED, REMOVED), the row's state after the write (before it, for
//    a removal), the fields that changed (UPDATE), and who wrote it: the transaction-local setting
//    `ksr.actor` (JSON: channel, role, institution, subject, file, line, detail) that the service
//    sets per mutation and seeds and migrations set too. A write without it is channel DATABASE.
//  - registry_commit: the commit order. A deferred constraint trigger runs once per writing
//    transaction, at commit, after its other work: it locks the graph_version row (the same lock
//    the graph-version bump takes at commit, so the two cannot deadlock), then takes the next
//    number of registry_commit_seq. The lock is held until the commit is visible, so numbers are
//    given in commit order and every snapshot sees a prefix of them (gaps only for a transaction
//    that failed after taking its number): a feed read by (seq, change id) misses nothing and
//    repeats nothing, whatever the concurrency. No wall-clock time is involved.
//  - Both tables are append-only for every role, the owner included (the registry service
//    connects as the owner of its tables): BEFORE UPDATE/DELETE/TRUNCATE triggers refuse, enabled
//    ALWAYS so that session_replication_role = replica does not switch them off. Tracked tables
//    refuse TRUNCATE (it would bypass the row triggers).
//  - record_source: where a record's facts come from (SOURCE_DOCUMENT, INSTITUTION, IMPORT,
//    SYNTHETIC; document and passage), written by the seeds; the API derives the rest.
//  - Rows already present are recorded once as CREATED by this migration (channel MIGRATION).
const TRACKED: [table: string, type: string][] = [
  ['institution', 'INSTITUTION'],
  ['partnership', 'PARTNERSHIP'],
  ['partnership_party', 'PARTNERSHIP_PARTY'],
  ['network', 'NETWORK'],
  ['membership', 'MEMBERSHIP'],
  ['meeting', 'MEETING'],
  ['meeting_attendance', 'MEETING_ATTENDANCE'],
  ['programme', 'PROGRAMME'],
  ['grant', 'GRANT'],
  ['funding_source', 'FUNDING_SOURCE'],
];

const NAME = 'Migration20261204100000_history_and_changes';

export class Migration20261204100000 extends Migration {
  override up(): void {
    this.addSql(`create sequence "registry_commit_seq" as bigint;`);
    this.addSql(`create table "registry_commit" (
      "seq" bigint not null,
      "tx" xid8 not null,
      "committed_at" timestamptz not null default clock_timestamp(),
      constraint "registry_commit_pkey" primary key ("seq"),
      constraint "registry_commit_tx_unique" unique ("tx")
    );`);
    this.addSql(`create table "registry_change" (
      "id" bigint generated always as identity,
      "tx" xid8 not null default pg_current_xact_id(),
      "changed_at" timestamptz not null default clock_timestamp(),
      "record_type" text not null,
      "record_id" uuid not null,
      "parent_id" uuid null,
      "operation" text not null,
      "state" jsonb not null,
      "changes" jsonb null,
      "channel" text not null,
      "actor_role" text null,
      "actor_institution" uuid null,
      "actor_subject" text null,
      "import_file" text null,
      "import_line" integer null,
      "detail" text null,
      constraint "registry_change_pkey" primary key ("id"),
      constraint "registry_change_operation_check" check ("operation" in ('CREATED', 'UPDATED', 'ENDED', 'REMOVED')),
      constraint "registry_change_channel_check" check ("channel" in ('API', 'IMPORT', 'SEED', 'MIGRATION', 'DATABASE'))
    );`);
    this.addSql(`create index "registry_change_tx_index" on "registry_change" ("tx", "id");`);
    this.addSql(`create index "registry_change_record_index" on "registry_change" ("record_id", "id");`);
    this.addSql(`create index "registry_change_parent_index" on "registry_change" ("parent_id", "id") where "parent_id" is not null;`);
    this.addSql(`create table "record_source" (
      "record_id" uuid not null,
      "record_type" text not null,
      "kind" text not null,
      "document" text null,
      "reference" text null,
      constraint "record_source_pkey" primary key ("record_id"),
      constraint "record_source_kind_check" check ("kind" in ('SOURCE_DOCUMENT', 'INSTITUTION', 'IMPORT', 'SYNTHETIC'))
    );`);

    // A row as the history and the feed carry it: derived columns dropped, money as exact text.
    this.addSql(`create function "registry_state"(r jsonb) returns jsonb language sql immutable as $$
      select (r - 'search_text' - 'updated_at')
        || case when r ? 'amount' and r->'amount' <> 'null'::jsonb then jsonb_build_object('amount', r->>'amount') else '{}'::jsonb end
        || case when r ? 'club_creation_cap' and r->'club_creation_cap' <> 'null'::jsonb then jsonb_build_object('club_creation_cap', r->>'club_creation_cap') else '{}'::jsonb end
    $$;`);

    this.addSql(`create function "registry_capture"() returns trigger language plpgsql as $$
      declare
        old_row jsonb;
        new_row jsonb;
        row_state jsonb;
        diff jsonb;
        op text;
        actor jsonb;
      begin
        if tg_op <> 'INSERT' then old_row := registry_state(to_jsonb(old)); end if;
        if tg_op <> 'DELETE' then new_row := registry_state(to_jsonb(new)); end if;
        if tg_op = 'INSERT' then
          op := 'CREATED';
        elsif tg_op = 'DELETE' then
          op := 'REMOVED';
        else
          if old_row = new_row then return null; end if;
          select coalesce(jsonb_agg(jsonb_build_object('field', k, 'before', old_row -> k, 'after', new_row -> k) order by k), '[]'::jsonb) into diff
            from jsonb_object_keys(new_row) as k where k <> 'version' and (old_row -> k) is distinct from (new_row -> k);
          op := case
            when tg_table_name = 'institution' and new_row->>'status' = 'CLOSED' and old_row->>'status' <> 'CLOSED' then 'ENDED'
            when tg_table_name = 'partnership' and new_row->>'status' in ('ENDED', 'DECLINED') and old_row->>'status' not in ('ENDED', 'DECLINED') then 'ENDED'
            when tg_table_name = 'membership' and new_row->>'left_on' is not null and old_row->>'left_on' is null then 'ENDED'
            else 'UPDATED' end;
        end if;
        row_state := coalesce(new_row, old_row);
        actor := coalesce(nullif(current_setting('ksr.actor', true), '')::jsonb, '{}'::jsonb);
        insert into registry_change (record_type, record_id, parent_id, operation, state, changes, channel,
                                     actor_role, actor_institution, actor_subject, import_file, import_line, detail)
        values (tg_argv[0], (row_state->>'id')::uuid,
                case tg_table_name when 'partnership_party' then (row_state->>'partnership_id')::uuid
                                   when 'meeting_attendance' then (row_state->>'meeting_id')::uuid end,
                op, row_state, diff, coalesce(actor->>'channel', 'DATABASE'),
                actor->>'role', (actor->>'institution')::uuid, actor->>'subject', actor->>'file', (actor->>'line')::integer, actor->>'detail');
        return null;
      end $$;`);

    this.addSql(`create function "registry_commit_order"() returns trigger language plpgsql as $$
      begin
        if coalesce(current_setting('ksr.commit_ordered', true), '') <> 'on' then
          perform set_config('ksr.commit_ordered', 'on', true);
          perform 1 from graph_version where id = 1 for update;
          insert into registry_commit (seq, tx) values (nextval('registry_commit_seq'), pg_current_xact_id());
        end if;
        return null;
      end $$;`);
    this.addSql(`create constraint trigger "registry_change_commit_order" after insert on "registry_change"
      deferrable initially deferred for each row execute function "registry_commit_order"();`);

    this.addSql(`create function "registry_history_append_only"() returns trigger language plpgsql as $$
      begin
        raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
      end $$;`);
    for (const table of ['registry_change', 'registry_commit']) {
      this.addSql(`create trigger "${table}_no_update" before update or delete on "${table}" for each row execute function "registry_history_append_only"();`);
      this.addSql(`create trigger "${table}_no_truncate" before truncate on "${table}" for each statement execute function "registry_history_append_only"();`);
      this.addSql(`alter table "${table}" enable always trigger "${table}_no_update";`);
      this.addSql(`alter table "${table}" enable always trigger "${table}_no_truncate";`);
      this.addSql(`revoke update, delete, truncate on "${table}" from public;`);
    }

    this.addSql(`create function "registry_no_truncate"() returns trigger language plpgsql as $$
      begin
        raise exception 'truncate of % would bypass its history: delete the rows instead', tg_table_name using errcode = 'insufficient_privilege';
      end $$;`);

    // Rows already there (a database migrated with data in it) enter the history once, as created.
    this.addSql(`select set_config('ksr.actor', '{"channel":"MIGRATION"}', true);`);
    for (const [table, type] of TRACKED) {
      const parent = table === 'partnership_party' ? 't."partnership_id"' : table === 'meeting_attendance' ? 't."meeting_id"' : 'null::uuid';
      this.addSql(`insert into "registry_change" ("record_type", "record_id", "parent_id", "operation", "state", "channel", "detail")
        select '${type}', t."id", ${parent}, 'CREATED', registry_state(to_jsonb(t)), 'MIGRATION', '${NAME}' from "${table}" t order by t."id";`);
      this.addSql(
        `create trigger "${table}_capture" after insert or update or delete on "${table}" for each row execute function "registry_capture"('${type}');`,
      );
      this.addSql(`alter table "${table}" enable always trigger "${table}_capture";`);
      this.addSql(`create trigger "${table}_no_truncate" before truncate on "${table}" for each statement execute function "registry_no_truncate"();`);
      this.addSql(`alter table "${table}" enable always trigger "${table}_no_truncate";`);
    }
  }
}
