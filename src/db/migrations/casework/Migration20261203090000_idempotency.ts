import { Migration } from '@mikro-orm/migrations';

// Hand-written (issue 10): Idempotency-Key storage of the casework subgraph (src/common/idempotency.ts).
// One row per (caller scope, key), HMAC'd under a server secret; the stored answer (it may hold
// person-level data of the caller's own institution) is AES-GCM encrypted under a key derived from
// the client's key, which is not stored. The service role claims, completes, replays and purges
// keys; no row-level policy is needed (a row is found only by the HMAC of its caller's scope).
// Self-contained on purpose: no application code is imported.
const APP_ROLE = 'ksr_casework_app';

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
    this.addSql(`grant select, insert, update, delete on "idempotency_key" to ${APP_ROLE};`);
  }
}
