-- Other institutions serving the same person as one of the caller's participants, limited to
-- those with an ACTIVE data-sharing partnership with the caller's institution in force on the
-- date. The institution comes from the transaction's setting, not from an argument.
create or replace function casework_linked_institutions(participant uuid, as_of date)
returns table (institution_id uuid)
language sql stable security definer set search_path = pg_catalog, public as $$
select distinct other.institution_id
from participant me
join participant other on other.key_version = me.key_version and other.pseudonym = me.pseudonym and other.institution_id <> me.institution_id
where me.id = participant
  and me.institution_id = casework_current_institution()
  and exists (
    select 1 from reference_partnership rp
    where rp.status = 'ACTIVE' and rp.data_sharing and rp.valid_from <= as_of and (rp.valid_to is null or rp.valid_to >= as_of)
      and me.institution_id = any (rp.party_ids) and other.institution_id = any (rp.party_ids)
  )
order by 1
$$;

revoke all on function casework_linked_institutions(uuid, date) from public;
grant execute on function casework_linked_institutions(uuid, date) to ksr_casework_app;
