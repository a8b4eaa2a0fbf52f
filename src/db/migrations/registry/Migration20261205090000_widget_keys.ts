import { Migration } from '@mikro-orm/migrations';

// Hand-written (issue 12): widget keys of regional platforms (src/registry/widgets/). A key is
// scoped to exactly one network or one voivodeship; only the SHA-256 of its secret is stored.
// Self-contained on purpose: no application code is imported.
export class Migration20261205090000 extends Migration {
  override up(): void {
    this.addSql(`create type "widget_kind" as enum ('MEMBERS', 'PARTNERS', 'NETWORK', 'COUNTS');`);
    this.addSql(`create table "widget_key" (
      "id" uuid not null,
      "name" text not null,
      "network_id" uuid null references "network" ("id") on update cascade on delete cascade,
      "voivodeship_code" varchar(2) null references "voivodeship" ("code") on update cascade on delete cascade,
      "allowed_origins" text[] not null,
      "allowed_widgets" "widget_kind"[] not null,
      "secret_hash" text not null,
      "prefix" text not null,
      "created_by" text null,
      "created_at" timestamptz not null default now(),
      "revoked_at" timestamptz null,
      constraint "widget_key_pkey" primary key ("id"),
      constraint "widget_key_one_scope" check (("network_id" is null) <> ("voivodeship_code" is null)),
      constraint "widget_key_origins_check" check (cardinality("allowed_origins") between 1 and 20),
      constraint "widget_key_widgets_check" check (cardinality("allowed_widgets") >= 1)
    );`);
    this.addSql(`create unique index "widget_key_secret_hash_unique" on "widget_key" ("secret_hash");`);
    this.addSql(`create index "widget_key_network_id_index" on "widget_key" ("network_id");`);
    this.addSql(`create index "widget_key_voivodeship_code_index" on "widget_key" ("voivodeship_code");`);
  }
}
