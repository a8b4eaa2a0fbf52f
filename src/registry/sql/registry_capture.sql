-- Provenance and history, captured by the database so that no write path can skip them: one
-- registry_change row per written row of a tracked table (AFTER row triggers, argument: the record
-- type), with the operation (CREATED, UPDATED, ENDED, REMOVED), the row's state after the write
-- (before it, for a removal), the fields that changed (UPDATE), and who wrote it: the
-- transaction-local setting `ksr.actor` (JSON: channel, role, institution, subject, file, line,
-- detail) that the service sets per mutation and seeds and migrations set too. A write without it
-- is channel DATABASE. The triggers are enabled ALWAYS, so that session_replication_role = replica
-- does not switch them off (create or replace resets that: the alter table follows each one).
create or replace function registry_capture()
returns trigger
language plpgsql as $$
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
end
$$;

create or replace trigger "institution_capture" after insert or update or delete on "institution" for each row execute function registry_capture('INSTITUTION');
alter table "institution" enable always trigger "institution_capture";
create or replace trigger "partnership_capture" after insert or update or delete on "partnership" for each row execute function registry_capture('PARTNERSHIP');
alter table "partnership" enable always trigger "partnership_capture";
create or replace trigger "partnership_party_capture" after insert or update or delete on "partnership_party" for each row execute function registry_capture('PARTNERSHIP_PARTY');
alter table "partnership_party" enable always trigger "partnership_party_capture";
create or replace trigger "network_capture" after insert or update or delete on "network" for each row execute function registry_capture('NETWORK');
alter table "network" enable always trigger "network_capture";
create or replace trigger "membership_capture" after insert or update or delete on "membership" for each row execute function registry_capture('MEMBERSHIP');
alter table "membership" enable always trigger "membership_capture";
create or replace trigger "meeting_capture" after insert or update or delete on "meeting" for each row execute function registry_capture('MEETING');
alter table "meeting" enable always trigger "meeting_capture";
create or replace trigger "meeting_attendance_capture" after insert or update or delete on "meeting_attendance" for each row execute function registry_capture('MEETING_ATTENDANCE');
alter table "meeting_attendance" enable always trigger "meeting_attendance_capture";
create or replace trigger "programme_capture" after insert or update or delete on "programme" for each row execute function registry_capture('PROGRAMME');
alter table "programme" enable always trigger "programme_capture";
create or replace trigger "grant_capture" after insert or update or delete on "grant" for each row execute function registry_capture('GRANT');
alter table "grant" enable always trigger "grant_capture";
create or replace trigger "funding_source_capture" after insert or update or delete on "funding_source" for each row execute function registry_capture('FUNDING_SOURCE');
alter table "funding_source" enable always trigger "funding_source_capture";
