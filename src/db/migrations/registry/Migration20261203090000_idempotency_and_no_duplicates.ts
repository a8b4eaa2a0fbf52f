import { Migration } from '@mikro-orm/migrations';

// Hand-written (issue 10): Idempotency-Key storage (src/common/idempotency.ts) and "no duplicate"
// rules enforced by the database instead of read-then-insert checks.
//  - idempotency_key: one row per (caller scope, key), HMAC'd; the stored answer is encrypted.
//  - membership: one membership of an institution in a network at any date (an exclusion
//    constraint on the validity range; btree_gist gives uuid equality in a GiST index).
// Partnerships' rule (one PROPOSED or ACTIVE partnership per party set and overlapping dates)
// spans two tables and is serialised with a transaction-scoped advisory lock per party set
// (partnership.service.ts); funding sources are upserted against their existing unique key.
// Self-contained on purpose: no application code is imported.
export class Migration20261203090000 extends Migration {
  override up(): void {
    this.addSql(`create table "idempotency_key" (
      "key_hash" bytea not null,
      "request_hash" bytea not null,
      "claim" uuid not null,
      "state" text not null,
      "response" bytea null,
      "locked_until" timestamptz not null,
      "expires_at" timestamptz not null,
      "created_at" timestamptz not null default now(),
      constraint "idempotency_key_pkey" primary key ("key_hash"),
      constraint "idempotency_key_state_check" check ("state" in ('IN_FLIGHT', 'DONE')),
      constraint "idempotency_key_done_check" check ("state" <> 'DONE' or "response" is not null)
    );`);
    this.addSql(`create index "idempotency_key_expires_at_index" on "idempotency_key" ("expires_at");`);
    this.addSql(`create extension if not exists btree_gist;`);
    this.addSql(`alter table "membership" add constraint "membership_no_overlap"
      exclude using gist ("network_id" with =, "institution_id" with =, daterange("joined_on", "left_on", '[]') with &&);`);
  }
}
