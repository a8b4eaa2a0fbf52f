import { Migration } from '@mikro-orm/migrations';

// Hand-written: trigram search, prefix indexes for TERYT filters, and the checks the database
// enforces whatever the application does.
export class Migration20261123093000 extends Migration {
  override up(): void {
    this.addSql('create extension if not exists pg_trgm;');
    this.addSql('create index "institution_search_text_trgm" on "institution" using gin ("search_text" gin_trgm_ops);');
    this.addSql('create index "institution_name_id_index" on "institution" ("name", "id");');
    this.addSql('create index "institution_municipality_prefix" on "institution" ("municipality_code" text_pattern_ops);');
    this.addSql('create index "municipality_code_prefix" on "municipality" ("code" text_pattern_ops);');
    this.addSql('create index "partnership_party_partnership_id_index" on "partnership_party" ("partnership_id");');
    this.addSql('create index "membership_network_id_joined_on_index" on "membership" ("network_id", "joined_on");');
    this.addSql('alter table "partnership" add constraint "partnership_dates_check" check ("valid_to" is null or "valid_to" >= "valid_from");');
    this.addSql('alter table "membership" add constraint "membership_dates_check" check ("left_on" is null or "left_on" >= "joined_on");');
    this.addSql('alter table "grant" add constraint "grant_amount_check" check ("amount" >= 0);');
    this.addSql('alter table "funding_source" add constraint "funding_source_amount_check" check ("amount" >= 0);');
    this.addSql(`alter table "institution" add constraint "institution_postal_code_check" check ("postal_code" ~ '^[0-9]{2}-[0-9]{3}$');`);
    this.addSql(`alter table "institution" add constraint "institution_krs_check" check ("krs" ~ '^[0-9]{10}$');`);
    this.addSql(`alter table "institution" add constraint "institution_regon_check" check ("regon" ~ '^([0-9]{9}|[0-9]{14})$');`);
    this.addSql(`alter table "institution" add constraint "institution_nip_check" check ("nip" ~ '^[0-9]{10}$');`);
  }
}
