-- Statistical releases are append-only: the service role may insert and read them, nobody may
-- change or delete one (as for the audit table).
create or replace function statistics_release_immutable()
returns trigger
language plpgsql as $$
begin
  raise exception 'statistical releases are append-only';
end
$$;

create or replace trigger "statistics_release_append_only" before update or delete on "statistics_release" for each row execute function statistics_release_immutable();
create or replace trigger "statistics_release_no_truncate" before truncate on "statistics_release" for each statement execute function statistics_release_immutable();
create or replace trigger "statistics_release_cell_append_only" before update or delete on "statistics_release_cell" for each row execute function statistics_release_immutable();
create or replace trigger "statistics_release_cell_no_truncate" before truncate on "statistics_release_cell" for each statement execute function statistics_release_immutable();
