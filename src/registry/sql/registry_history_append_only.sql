-- registry_change and registry_commit are append-only for every role, the owner included (the
-- registry service connects as the owner of its tables): BEFORE UPDATE/DELETE/TRUNCATE triggers
-- refuse, enabled ALWAYS so that session_replication_role = replica does not switch them off.
create or replace function registry_history_append_only()
returns trigger
language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'insufficient_privilege';
end
$$;

create or replace trigger "registry_change_no_update" before update or delete on "registry_change" for each row execute function registry_history_append_only();
alter table "registry_change" enable always trigger "registry_change_no_update";
create or replace trigger "registry_change_no_truncate" before truncate on "registry_change" for each statement execute function registry_history_append_only();
alter table "registry_change" enable always trigger "registry_change_no_truncate";
create or replace trigger "registry_commit_no_update" before update or delete on "registry_commit" for each row execute function registry_history_append_only();
alter table "registry_commit" enable always trigger "registry_commit_no_update";
create or replace trigger "registry_commit_no_truncate" before truncate on "registry_commit" for each statement execute function registry_history_append_only();
alter table "registry_commit" enable always trigger "registry_commit_no_truncate";
