import { Migration } from '@mikro-orm/migrations';

export class Migration20261123100441 extends Migration {
  override up(): void {
    this.addSql(`create type "sex" as enum ('FEMALE', 'MALE');`);
    this.addSql(
      `create type "episode_kind" as enum ('CLUB_ACTIVITIES', 'CIS_PROGRAMME', 'SOCIAL_CONTRACT', 'SOCIAL_ASSISTANCE', 'LABOUR_OFFICE_REGISTRATION', 'ACTIVATION', 'ACTIVATION_AND_INTEGRATION_PROGRAMME', 'LOCAL_ACTIVITY_PROGRAMME', 'THERAPY', 'VOCATIONAL_TRAINING', 'PUBLIC_WORKS', 'OTHER');`,
    );
    this.addSql(
      `create type "episode_outcome" as enum ('OPEN_LABOUR_MARKET', 'SUBSIDISED_EMPLOYMENT', 'SOCIAL_COOPERATIVE', 'SELF_EMPLOYMENT', 'FURTHER_EDUCATION', 'REFERRED_ONWARD', 'COMPLETED_WITHOUT_EMPLOYMENT', 'DROPPED_OUT');`,
    );
    this.addSql(`create type "contact_source" as enum ('CENTRE', 'OPS', 'PUP', 'GKRPA');`);
    this.addSql(
      `create type "employment_status" as enum ('OPEN_LABOUR_MARKET', 'SUBSIDISED_EMPLOYMENT', 'SOCIAL_COOPERATIVE', 'SELF_EMPLOYED', 'IN_EDUCATION', 'REGISTERED_UNEMPLOYED', 'NOT_WORKING', 'UNKNOWN');`,
    );
    this.addSql(`create type "ipzs_record_kind" as enum ('MONITORING_EVENT', 'EVALUATION_ENTRY', 'EVALUATION_INTERIM', 'EVALUATION_EXIT');`);
    this.addSql(
      `create table "audit_event" ("id" uuid not null default gen_random_uuid(), "at" timestamptz not null default now(), "subject" text not null, "role" text not null, "institution_id" uuid null, "operation" text not null, "record_type" text not null, "record_ids" uuid[] not null, constraint "audit_event_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "audit_event_institution_id_at_index" on "audit_event" ("institution_id", "at");`);

    this.addSql(
      `create table "participant" ("id" uuid not null, "institution_id" uuid not null, "pseudonym" varchar(64) not null, "key_version" varchar(12) not null, "birth_year" smallint not null, "sex" "sex" not null, "residence_municipality_code" varchar(7) null, "categories" text[] not null default '{}', "synthetic" boolean not null default false, "version" int not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "participant_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "participant_institution_id_index" on "participant" ("institution_id");`);
    this.addSql(`alter table "participant" add constraint "participant_id_institution_id_unique" unique ("id", "institution_id");`);
    this.addSql(
      `alter table "participant" add constraint "participant_institution_id_key_version_pseudonym_unique" unique ("institution_id", "key_version", "pseudonym");`,
    );

    this.addSql(
      `create table "reference_institution" ("id" uuid not null, "type" text not null, "sector" text not null, "voivodeship" varchar(2) null, "municipality_code" varchar(7) null, constraint "reference_institution_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "reference_institution_voivodeship_index" on "reference_institution" ("voivodeship");`);

    this.addSql(
      `create table "reference_membership" ("id" uuid not null, "network_id" uuid not null, "institution_id" uuid not null, "joined_on" date not null, "left_on" date null, constraint "reference_membership_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "reference_membership_network_id_index" on "reference_membership" ("network_id");`);

    this.addSql(
      `create table "reference_partnership" ("id" uuid not null, "status" text not null, "data_sharing" boolean not null, "valid_from" date not null, "valid_to" date null, "party_ids" uuid[] not null, constraint "reference_partnership_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "reference_refresh" ("id" uuid not null, "finished_at" timestamptz not null default now(), "source" text not null, "institutions" int not null, "memberships" int not null, "partnerships" int not null, constraint "reference_refresh_pkey" primary key ("id"));`,
    );

    this.addSql(
      `create table "service_episode" ("id" uuid not null, "institution_id" uuid not null, "participant_id" uuid not null, "kind" "episode_kind" not null, "started_on" date not null, "ended_on" date null, "outcome" "episode_outcome" null, "external_ref" varchar(64) null, "synthetic" boolean not null default false, "version" int not null default 1, "created_at" timestamptz not null default now(), constraint "service_episode_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "service_episode_institution_id_index" on "service_episode" ("institution_id");`);
    this.addSql(`create index "service_episode_participant_id_index" on "service_episode" ("participant_id");`);
    this.addSql(`alter table "service_episode" add constraint "service_episode_institution_id_external_ref_unique" unique ("institution_id", "external_ref");`);
    this.addSql(
      `alter table "service_episode" add constraint "service_episode_participant_id_kind_started_on_unique" unique ("participant_id", "kind", "started_on");`,
    );

    this.addSql(
      `create table "monitoring_contact" ("id" uuid not null, "institution_id" uuid not null, "participant_id" uuid not null, "episode_id" uuid not null, "contacted_on" date not null, "source" "contact_source" not null, "source_institution_id" uuid null, "employment_status" "employment_status" not null, "note" text null, "synthetic" boolean not null default false, "created_at" timestamptz not null default now(), constraint "monitoring_contact_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "monitoring_contact_institution_id_index" on "monitoring_contact" ("institution_id");`);
    this.addSql(`create index "monitoring_contact_participant_id_index" on "monitoring_contact" ("participant_id");`);
    this.addSql(`create index "monitoring_contact_episode_id_index" on "monitoring_contact" ("episode_id");`);
    this.addSql(
      `alter table "monitoring_contact" add constraint "monitoring_contact_episode_id_contacted_on_source_unique" unique ("episode_id", "contacted_on", "source");`,
    );

    this.addSql(
      `create table "ipzs" ("id" uuid not null, "institution_id" uuid not null, "participant_id" uuid not null, "episode_id" uuid null, "drawn_up_on" date not null, "goals" text[] not null default '{}', "diagnoses" jsonb not null, "planned_services" jsonb not null, "synthetic" boolean not null default false, "version" int not null default 1, "created_at" timestamptz not null default now(), constraint "ipzs_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "ipzs_institution_id_index" on "ipzs" ("institution_id");`);
    this.addSql(`create index "ipzs_participant_id_index" on "ipzs" ("participant_id");`);

    this.addSql(
      `create table "ipzs_record" ("id" uuid not null, "institution_id" uuid not null, "ipzs_id" uuid not null, "kind" "ipzs_record_kind" not null, "recorded_on" date not null, "note" text not null, "created_at" timestamptz not null default now(), constraint "ipzs_record_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "ipzs_record_institution_id_index" on "ipzs_record" ("institution_id");`);
    this.addSql(`create index "ipzs_record_ipzs_id_index" on "ipzs_record" ("ipzs_id");`);

    this.addSql(
      `create table "social_contract" ("id" uuid not null, "institution_id" uuid not null, "participant_id" uuid not null, "signed_on" date not null, "ends_on" date null, "instruments" text[] not null default '{}', "synthetic" boolean not null default false, "version" int not null default 1, "created_at" timestamptz not null default now(), constraint "social_contract_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "social_contract_institution_id_index" on "social_contract" ("institution_id");`);
    this.addSql(`create index "social_contract_participant_id_index" on "social_contract" ("participant_id");`);

    this.addSql(
      `alter table "service_episode" add constraint "service_episode_participant_id_foreign" foreign key ("participant_id") references "participant" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "monitoring_contact" add constraint "monitoring_contact_participant_id_foreign" foreign key ("participant_id") references "participant" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "monitoring_contact" add constraint "monitoring_contact_episode_id_foreign" foreign key ("episode_id") references "service_episode" ("id") on update cascade;`,
    );

    this.addSql(
      `alter table "ipzs" add constraint "ipzs_participant_id_foreign" foreign key ("participant_id") references "participant" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "ipzs" add constraint "ipzs_episode_id_foreign" foreign key ("episode_id") references "service_episode" ("id") on update cascade on delete set null;`,
    );

    this.addSql(`alter table "ipzs_record" add constraint "ipzs_record_ipzs_id_foreign" foreign key ("ipzs_id") references "ipzs" ("id") on update cascade;`);

    this.addSql(
      `alter table "social_contract" add constraint "social_contract_participant_id_foreign" foreign key ("participant_id") references "participant" ("id") on update cascade;`,
    );
  }
}
