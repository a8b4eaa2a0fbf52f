import { Migration } from '@mikro-orm/migrations';

export class Migration20261123092227 extends Migration {
  override up(): void {
    this.addSql(`create type "municipality_kind" as enum ('URBAN', 'RURAL', 'URBAN_RURAL');`);
    this.addSql(
      `create type "network_kind" as enum ('LOCAL_REINTEGRATION_NETWORK', 'REGIONAL_REINTEGRATION_NETWORK', 'REGIONAL_COOPERATION_PLATFORM', 'NATIONAL_BODY', 'CONVENTION');`,
    );
    this.addSql(`create type "meeting_kind" as enum ('WORKING', 'CONSULTATION', 'NATIONAL_BODY');`);
    this.addSql(
      `create type "institution_type" as enum ('KIS', 'CIS', 'OPS', 'PCPR', 'ROPS', 'PUP', 'WUP', 'NGO', 'SOCIAL_COOPERATIVE', 'CULTURAL_INSTITUTION', 'SPORT_ORGANISATION', 'SCHOOL', 'TRAINING_INSTITUTION', 'HEALTH_PROVIDER', 'ADDICTION_THERAPY', 'GKRPA', 'EMPLOYER', 'MUNICIPAL_OFFICE', 'COUNTY_OFFICE', 'MINISTRY', 'RESEARCH_INSTITUTE', 'COORDINATION_CENTRE', 'CONVENTION');`,
    );
    this.addSql(
      `create type "legal_form" as enum ('FOUNDATION', 'ASSOCIATION', 'PUBLIC_BUDGETARY_UNIT', 'LOCAL_GOVERNMENT', 'STATE_ADMINISTRATION', 'RESEARCH_INSTITUTE', 'COOPERATIVE', 'COMPANY', 'SOLE_TRADER', 'UNINCORPORATED');`,
    );
    this.addSql(`create type "institution_status" as enum ('PLANNED', 'ACTIVE', 'SUSPENDED', 'CLOSED');`);
    this.addSql(`create type "partnership_kind" as enum ('FORMAL_AGREEMENT', 'CONTRACT', 'LETTER_OF_INTENT', 'PROJECT_PARTNERSHIP', 'INFORMAL');`);
    this.addSql(`create type "partnership_status" as enum ('PROPOSED', 'ACTIVE', 'ENDED', 'DECLINED');`);
    this.addSql(`create type "party_role" as enum ('LEAD', 'PARTNER');`);
    this.addSql(`create type "membership_role" as enum ('COORDINATOR', 'MEMBER', 'OBSERVER', 'REPRESENTATIVE');`);
    this.addSql(`create type "grant_purpose" as enum ('CLUB_CREATION', 'CENTRE_CREATION', 'OPERATING_COSTS', 'PROJECT', 'OTHER');`);
    this.addSql(`create type "funding_source_kind" as enum ('STATE_BUDGET', 'MUNICIPALITY', 'LABOUR_FUND', 'VOIVODESHIP', 'EU_FUNDS', 'OWN_ACTIVITY');`);
    this.addSql(
      `create table "programme" ("id" uuid not null, "code" text not null, "name" text not null, "parent_id" uuid null, "starts_on" date null, "ends_on" date null, "club_creation_cap" numeric(14,2) null, constraint "programme_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "programme" add constraint "programme_code_unique" unique ("code");`);

    this.addSql(`create table "voivodeship" ("code" varchar(2) not null, "name" varchar(255) not null, constraint "voivodeship_pkey" primary key ("code"));`);

    this.addSql(
      `create table "county" ("code" varchar(4) not null, "name" varchar(255) not null, "city_with_county_rights" boolean not null, "voivodeship_code" varchar(2) not null, constraint "county_pkey" primary key ("code"));`,
    );

    this.addSql(
      `create table "municipality" ("code" varchar(7) not null, "name" varchar(255) not null, "kind" "municipality_kind" not null, "county_code" varchar(4) not null, constraint "municipality_pkey" primary key ("code"));`,
    );
    this.addSql(`create index "municipality_county_code_index" on "municipality" ("county_code");`);

    this.addSql(
      `create table "network" ("id" uuid not null, "kind" "network_kind" not null, "name" text not null, "description" text null, "parent_id" uuid null, "voivodeship_code" varchar(2) null, "municipality_code" varchar(7) null, "established_on" date null, "synthetic" boolean not null default false, "version" int not null default 1, constraint "network_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "network_kind_index" on "network" ("kind");`);
    this.addSql(`create index "network_parent_id_index" on "network" ("parent_id");`);
    this.addSql(`create index "network_voivodeship_code_index" on "network" ("voivodeship_code");`);

    this.addSql(
      `create table "meeting" ("id" uuid not null, "network_id" uuid not null, "date" date not null, "kind" "meeting_kind" not null, "topic" text not null, "synthetic" boolean not null default false, constraint "meeting_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "meeting_network_id_index" on "meeting" ("network_id");`);

    this.addSql(
      `create table "institution" ("id" uuid not null, "type" "institution_type" not null, "name" text not null, "short_name" text null, "legal_form" "legal_form" null, "krs" varchar(10) null, "regon" varchar(14) null, "nip" varchar(10) null, "street" text null, "postal_code" varchar(6) null, "locality" text null, "municipality_code" varchar(7) null, "website" text null, "email" text null, "phone" text null, "fields" text[] not null default '{}', "status" "institution_status" not null default 'ACTIVE', "created_on" date null, "activity_started_on" date null, "registered_on" date null, "closed_on" date null, "founder_id" uuid null, "pilot" boolean not null default false, "synthetic" boolean not null default false, "version" int not null default 1, "search_text" text not null default '', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "institution_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "institution_type_index" on "institution" ("type");`);
    this.addSql(`alter table "institution" add constraint "institution_krs_unique" unique ("krs");`);
    this.addSql(`alter table "institution" add constraint "institution_regon_unique" unique ("regon");`);
    this.addSql(`create index "institution_municipality_code_index" on "institution" ("municipality_code");`);
    this.addSql(`create index "institution_founder_id_index" on "institution" ("founder_id");`);

    this.addSql(
      `create table "partnership" ("id" uuid not null, "kind" "partnership_kind" not null, "areas" text[] not null default '{}', "status" "partnership_status" not null default 'PROPOSED', "valid_from" date not null, "valid_to" date null, "note" text null, "data_sharing" boolean not null default false, "proposed_by_id" uuid not null, "synthetic" boolean not null default false, "version" int not null default 1, "created_at" timestamptz not null default now(), constraint "partnership_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "partnership_status_index" on "partnership" ("status");`);

    this.addSql(
      `create table "partnership_party" ("id" uuid not null, "partnership_id" uuid not null, "institution_id" uuid not null, "role" "party_role" not null default 'PARTNER', "confirmed_at" timestamptz null, "declined_at" timestamptz null, constraint "partnership_party_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "partnership_party_institution_id_index" on "partnership_party" ("institution_id");`);
    this.addSql(
      `alter table "partnership_party" add constraint "partnership_party_partnership_id_institution_id_unique" unique ("partnership_id", "institution_id");`,
    );

    this.addSql(
      `create table "membership" ("id" uuid not null, "network_id" uuid not null, "institution_id" uuid not null, "role" "membership_role" not null, "joined_on" date not null, "left_on" date null, "synthetic" boolean not null default false, "version" int not null default 1, constraint "membership_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "membership_institution_id_index" on "membership" ("institution_id");`);
    this.addSql(`create index "membership_network_id_institution_id_index" on "membership" ("network_id", "institution_id");`);

    this.addSql(
      `create table "meeting_attendance" ("id" uuid not null, "meeting_id" uuid not null, "institution_id" uuid not null, constraint "meeting_attendance_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "meeting_attendance_institution_id_index" on "meeting_attendance" ("institution_id");`);
    this.addSql(
      `alter table "meeting_attendance" add constraint "meeting_attendance_meeting_id_institution_id_unique" unique ("meeting_id", "institution_id");`,
    );

    this.addSql(
      `create table "grant" ("id" uuid not null, "programme_id" uuid not null, "recipient_id" uuid not null, "club_id" uuid null, "purpose" "grant_purpose" not null, "amount" numeric(14,2) not null, "awarded_on" date not null, "synthetic" boolean not null default false, constraint "grant_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "grant_programme_id_index" on "grant" ("programme_id");`);
    this.addSql(`create index "grant_recipient_id_index" on "grant" ("recipient_id");`);

    this.addSql(
      `create table "funding_source" ("id" uuid not null, "institution_id" uuid not null, "year" smallint not null, "source" "funding_source_kind" not null, "amount" numeric(14,2) not null, "synthetic" boolean not null default false, constraint "funding_source_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "funding_source" add constraint "funding_source_institution_id_year_source_unique" unique ("institution_id", "year", "source");`);

    this.addSql(
      `alter table "programme" add constraint "programme_parent_id_foreign" foreign key ("parent_id") references "programme" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "county" add constraint "county_voivodeship_code_foreign" foreign key ("voivodeship_code") references "voivodeship" ("code") on update cascade;`,
    );

    this.addSql(
      `alter table "municipality" add constraint "municipality_county_code_foreign" foreign key ("county_code") references "county" ("code") on update cascade;`,
    );

    this.addSql(
      `alter table "network" add constraint "network_parent_id_foreign" foreign key ("parent_id") references "network" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "network" add constraint "network_voivodeship_code_foreign" foreign key ("voivodeship_code") references "voivodeship" ("code") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "network" add constraint "network_municipality_code_foreign" foreign key ("municipality_code") references "municipality" ("code") on update cascade on delete set null;`,
    );

    this.addSql(`alter table "meeting" add constraint "meeting_network_id_foreign" foreign key ("network_id") references "network" ("id") on update cascade;`);

    this.addSql(
      `alter table "institution" add constraint "institution_municipality_code_foreign" foreign key ("municipality_code") references "municipality" ("code") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "institution" add constraint "institution_founder_id_foreign" foreign key ("founder_id") references "institution" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "partnership" add constraint "partnership_proposed_by_id_foreign" foreign key ("proposed_by_id") references "institution" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "partnership_party" add constraint "partnership_party_partnership_id_foreign" foreign key ("partnership_id") references "partnership" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "partnership_party" add constraint "partnership_party_institution_id_foreign" foreign key ("institution_id") references "institution" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "membership" add constraint "membership_network_id_foreign" foreign key ("network_id") references "network" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_institution_id_foreign" foreign key ("institution_id") references "institution" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "meeting_attendance" add constraint "meeting_attendance_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "meeting_attendance" add constraint "meeting_attendance_institution_id_foreign" foreign key ("institution_id") references "institution" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "grant" add constraint "grant_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "grant" add constraint "grant_recipient_id_foreign" foreign key ("recipient_id") references "institution" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "grant" add constraint "grant_club_id_foreign" foreign key ("club_id") references "institution" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "funding_source" add constraint "funding_source_institution_id_foreign" foreign key ("institution_id") references "institution" ("id") on update cascade;`,
    );
  }
}
