-- Tracked tables refuse TRUNCATE: it would bypass the row triggers that record their history
-- (registry_capture.sql). Enabled ALWAYS, as the capture triggers.
create or replace function registry_no_truncate()
returns trigger
language plpgsql as $$
begin
  raise exception 'truncate of % would bypass its history: delete the rows instead', tg_table_name using errcode = 'insufficient_privilege';
end
$$;

create or replace trigger "institution_no_truncate" before truncate on "institution" for each statement execute function registry_no_truncate();
alter table "institution" enable always trigger "institution_no_truncate";
create or replace trigger "partnership_no_truncate" before truncate on "partnership" for each statement execute function registry_no_truncate();
alter table "partnership" enable always trigger "partnership_no_truncate";
create or replace trigger "partnership_party_no_truncate" before truncate on "partnership_party" for each statement execute function registry_no_truncate();
alter table "partnership_party" enable always trigger "partnership_party_no_truncate";
create or replace trigger "network_no_truncate" before truncate on "network" for each statement execute function registry_no_truncate();
alter table "network" enable always trigger "network_no_truncate";
create or replace trigger "membership_no_truncate" before truncate on "membership" for each statement execute function registry_no_truncate();
alter table "membership" enable always trigger "membership_no_truncate";
create or replace trigger "meeting_no_truncate" before truncate on "meeting" for each statement execute function registry_no_truncate();
alter table "meeting" enable always trigger "meeting_no_truncate";
create or replace trigger "meeting_attendance_no_truncate" before truncate on "meeting_attendance" for each statement execute function registry_no_truncate();
alter table "meeting_attendance" enable always trigger "meeting_attendance_no_truncate";
create or replace trigger "programme_no_truncate" before truncate on "programme" for each statement execute function registry_no_truncate();
alter table "programme" enable always trigger "programme_no_truncate";
create or replace trigger "grant_no_truncate" before truncate on "grant" for each statement execute function registry_no_truncate();
alter table "grant" enable always trigger "grant_no_truncate";
create or replace trigger "funding_source_no_truncate" before truncate on "funding_source" for each statement execute function registry_no_truncate();
alter table "funding_source" enable always trigger "funding_source_no_truncate";
