-- Row-level security on the tables holding person-level data and on the audit trail: each row
-- belongs to one institution (its data controller). The service connects as ksr_casework_app (not
-- the tables' owner), so these policies apply to it: it sees and writes the rows of the
-- institution set for the transaction (casework_current_institution.sql) and nothing else.
-- Cross-institution counts come only from the SECURITY DEFINER functions, which return counts,
-- never rows. Dropped and created again: idempotent inside the step's transaction.

alter table "participant" enable row level security;
drop policy if exists "participant_owner" on "participant";
create policy "participant_owner" on "participant" using ("institution_id" = casework_current_institution()) with check ("institution_id" = casework_current_institution());

alter table "service_episode" enable row level security;
drop policy if exists "service_episode_owner" on "service_episode";
create policy "service_episode_owner" on "service_episode" using ("institution_id" = casework_current_institution()) with check ("institution_id" = casework_current_institution());

alter table "ipzs" enable row level security;
drop policy if exists "ipzs_owner" on "ipzs";
create policy "ipzs_owner" on "ipzs" using ("institution_id" = casework_current_institution()) with check ("institution_id" = casework_current_institution());

alter table "ipzs_record" enable row level security;
drop policy if exists "ipzs_record_owner" on "ipzs_record";
create policy "ipzs_record_owner" on "ipzs_record" using ("institution_id" = casework_current_institution()) with check ("institution_id" = casework_current_institution());

alter table "social_contract" enable row level security;
drop policy if exists "social_contract_owner" on "social_contract";
create policy "social_contract_owner" on "social_contract" using ("institution_id" = casework_current_institution()) with check ("institution_id" = casework_current_institution());

alter table "monitoring_contact" enable row level security;
drop policy if exists "monitoring_contact_owner" on "monitoring_contact";
create policy "monitoring_contact_owner" on "monitoring_contact" using ("institution_id" = casework_current_institution()) with check ("institution_id" = casework_current_institution());

alter table "audit_event" enable row level security;
drop policy if exists "audit_event_owner" on "audit_event";
create policy "audit_event_owner" on "audit_event" using ("institution_id" = casework_current_institution()) with check ("institution_id" = casework_current_institution());
