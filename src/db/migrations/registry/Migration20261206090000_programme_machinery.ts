import { Migration } from '@mikro-orm/migrations';

// Hand-checked (issue 13 §4): the programme's machinery (src/registry/programme/): the regional
// animation teams (ZRAR) with their animators counted by role, duties and organised meetings;
// OSAR's advisory duty, consultations and training cycle; the April 2019 competition with its
// offers and agreements; the test map. The tables are MikroORM's schema diff of the entities, plus
// checks. Self-contained on purpose: no application code is imported.
export class Migration20261206090000 extends Migration {
  override up(): void {
    this.addSql(`create type "consultation_topic" as enum ('KSR_MODEL', 'CLUB_ACTIVITIES_NEW_PROFILE', 'REGIONAL_ANIMATION_TECHNIQUES');`);
    this.addSql(`create type "offer_status" as enum ('SELECTED', 'NOT_SELECTED');`);
    this.addSql(
      `create type "team_duty_kind" as enum ('ANIMATION_PLAN', 'SYSTEMIC_RECOMMENDATIONS', 'LEGISLATIVE_RECOMMENDATIONS', 'LSR_MEETINGS', 'RSR_MEETINGS');`,
    );
    this.addSql(`create type "duty_status" as enum ('PLANNED', 'IN_PROGRESS', 'DONE');`);
    this.addSql(`create type "animator_role" as enum ('TEAM_LEADER', 'REGIONAL_ANIMATOR');`);
    this.addSql(
      `create table "test_map_site" ("id" uuid not null, "voivodeship_code" varchar(2) not null, "municipality_code" varchar(7) not null, "organisation_id" uuid null, "synthetic" boolean not null default false, constraint "test_map_site_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "test_map_site_voivodeship_code_index" on "test_map_site" ("voivodeship_code");`);
    this.addSql(
      `alter table "test_map_site" add constraint "test_map_site_municipality_code_organisation_id_unique" unique ("municipality_code", "organisation_id");`,
    );
    this.addSql(
      `create table "competition_call" ("id" uuid not null, "title" text not null, "organiser_id" uuid not null, "programme_id" uuid not null, "announced_in" text not null, "clubs_to_create" smallint not null, "cap_per_club" numeric(14,2) not null, constraint "competition_call_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "advisory_duty" ("id" uuid not null, "coordinator_id" uuid not null, "months" smallint not null, "starts_on" date null, "ends_on" date null, "topics" "consultation_topic"[] not null, "synthetic" boolean not null default false, constraint "advisory_duty_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "training_session" ("id" uuid not null, "duty_id" uuid not null, "number" smallint not null, "title" text not null, "date" date not null, "synthetic" boolean not null default false, constraint "training_session_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "training_session_duty_id_index" on "training_session" ("duty_id");`);
    this.addSql(
      `create table "competition_offer" ("id" uuid not null, "call_id" uuid not null, "applicant_id" uuid not null, "voivodeship_code" varchar(2) not null, "municipality_code" varchar(7) not null, "status" "offer_status" not null, "synthetic" boolean not null default false, constraint "competition_offer_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "competition_offer_call_id_index" on "competition_offer" ("call_id");`);
    this.addSql(
      `alter table "competition_offer" add constraint "competition_offer_call_id_applicant_id_municipality_code_unique" unique ("call_id", "applicant_id", "municipality_code");`,
    );
    this.addSql(
      `create table "competition_agreement" ("id" uuid not null, "call_id" uuid not null, "offer_id" uuid not null, "voivodeship_code" varchar(2) not null, "number" smallint not null, "founder_id" uuid not null, "club_id" uuid not null, "grant_id" uuid null, "signed_on" date null, "synthetic" boolean not null default false, constraint "competition_agreement_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "competition_agreement_call_id_index" on "competition_agreement" ("call_id");`);
    this.addSql(`alter table "competition_agreement" add constraint "competition_agreement_offer_id_unique" unique ("offer_id");`);
    this.addSql(`alter table "competition_agreement" add constraint "competition_agreement_club_id_unique" unique ("club_id");`);
    this.addSql(`alter table "competition_agreement" add constraint "competition_agreement_grant_id_unique" unique ("grant_id");`);
    this.addSql(
      `create table "animation_team" ("id" uuid not null, "name" text not null, "voivodeship_code" varchar(2) not null, "animator_count" smallint not null, "synthetic" boolean not null default false, constraint "animation_team_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "animation_team" add constraint "animation_team_voivodeship_code_unique" unique ("voivodeship_code");`);
    this.addSql(
      `create table "team_meeting" ("id" uuid not null, "team_id" uuid not null, "meeting_id" uuid not null, constraint "team_meeting_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "team_meeting_team_id_index" on "team_meeting" ("team_id");`);
    this.addSql(`create index "team_meeting_meeting_id_index" on "team_meeting" ("meeting_id");`);
    this.addSql(`alter table "team_meeting" add constraint "team_meeting_team_id_meeting_id_unique" unique ("team_id", "meeting_id");`);
    this.addSql(
      `create table "team_duty" ("id" uuid not null, "team_id" uuid not null, "kind" "team_duty_kind" not null, "status" "duty_status" not null, "starts_on" date null, "due_on" date null, "completed_on" date null, "synthetic" boolean not null default false, constraint "team_duty_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "team_duty_team_id_index" on "team_duty" ("team_id");`);
    this.addSql(`alter table "team_duty" add constraint "team_duty_team_id_kind_unique" unique ("team_id", "kind");`);
    this.addSql(
      `create table "animation_team_role" ("id" uuid not null, "team_id" uuid not null, "role" "animator_role" not null, "count" smallint not null, constraint "animation_team_role_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "animation_team_role" add constraint "animation_team_role_team_id_role_unique" unique ("team_id", "role");`);
    this.addSql(
      `create table "advisory_consultation" ("id" uuid not null, "duty_id" uuid not null, "team_id" uuid not null, "date" date not null, "topic" "consultation_topic" not null, "hours" smallint not null, "synthetic" boolean not null default false, constraint "advisory_consultation_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "advisory_consultation_duty_id_index" on "advisory_consultation" ("duty_id");`);
    this.addSql(`create index "advisory_consultation_team_id_index" on "advisory_consultation" ("team_id");`);
    this.addSql(
      `alter table "test_map_site" add constraint "test_map_site_voivodeship_code_foreign" foreign key ("voivodeship_code") references "voivodeship" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "test_map_site" add constraint "test_map_site_municipality_code_foreign" foreign key ("municipality_code") references "municipality" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "test_map_site" add constraint "test_map_site_organisation_id_foreign" foreign key ("organisation_id") references "institution" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "competition_call" add constraint "competition_call_organiser_id_foreign" foreign key ("organiser_id") references "institution" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_call" add constraint "competition_call_programme_id_foreign" foreign key ("programme_id") references "programme" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "advisory_duty" add constraint "advisory_duty_coordinator_id_foreign" foreign key ("coordinator_id") references "institution" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "training_session" add constraint "training_session_duty_id_foreign" foreign key ("duty_id") references "advisory_duty" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "competition_offer" add constraint "competition_offer_call_id_foreign" foreign key ("call_id") references "competition_call" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_offer" add constraint "competition_offer_applicant_id_foreign" foreign key ("applicant_id") references "institution" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_offer" add constraint "competition_offer_voivodeship_code_foreign" foreign key ("voivodeship_code") references "voivodeship" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_offer" add constraint "competition_offer_municipality_code_foreign" foreign key ("municipality_code") references "municipality" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_agreement" add constraint "competition_agreement_call_id_foreign" foreign key ("call_id") references "competition_call" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_agreement" add constraint "competition_agreement_offer_id_foreign" foreign key ("offer_id") references "competition_offer" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_agreement" add constraint "competition_agreement_voivodeship_code_foreign" foreign key ("voivodeship_code") references "voivodeship" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_agreement" add constraint "competition_agreement_founder_id_foreign" foreign key ("founder_id") references "institution" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_agreement" add constraint "competition_agreement_club_id_foreign" foreign key ("club_id") references "institution" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "competition_agreement" add constraint "competition_agreement_grant_id_foreign" foreign key ("grant_id") references "grant" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "animation_team" add constraint "animation_team_voivodeship_code_foreign" foreign key ("voivodeship_code") references "voivodeship" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "team_meeting" add constraint "team_meeting_team_id_foreign" foreign key ("team_id") references "animation_team" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "team_meeting" add constraint "team_meeting_meeting_id_foreign" foreign key ("meeting_id") references "meeting" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "team_duty" add constraint "team_duty_team_id_foreign" foreign key ("team_id") references "animation_team" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "animation_team_role" add constraint "animation_team_role_team_id_foreign" foreign key ("team_id") references "animation_team" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "advisory_consultation" add constraint "advisory_consultation_duty_id_foreign" foreign key ("duty_id") references "advisory_duty" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "advisory_consultation" add constraint "advisory_consultation_team_id_foreign" foreign key ("team_id") references "animation_team" ("id") on update cascade;`,
    );
    this.addSql(`alter table "animation_team" add constraint "animation_team_animator_count_check" check ("animator_count" >= 0);`);
    this.addSql(`alter table "animation_team_role" add constraint "animation_team_role_count_check" check ("count" >= 0);`);
    this.addSql(`alter table "team_duty" add constraint "team_duty_dates_check" check ("due_on" is null or "starts_on" is null or "due_on" >= "starts_on");`);
    this.addSql(`alter table "advisory_duty" add constraint "advisory_duty_months_check" check ("months" between 1 and 120);`);
    this.addSql(`alter table "advisory_consultation" add constraint "advisory_consultation_hours_check" check ("hours" between 1 and 24);`);
    this.addSql(`alter table "competition_call" add constraint "competition_call_announced_in_check" check ("announced_in" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$');`);
    this.addSql(`alter table "competition_call" add constraint "competition_call_cap_check" check ("cap_per_club" >= 0 and "clubs_to_create" >= 0);`);
  }
}
