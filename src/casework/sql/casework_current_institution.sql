-- The institution set for the transaction (`set_config('ksr.institution', id, true)`): the
-- row-level security policies (owner_policies.sql) let the service see and write its rows only.
create or replace function casework_current_institution()
returns uuid
language sql stable as $$
select nullif(current_setting('ksr.institution', true), '')::uuid
$$;
