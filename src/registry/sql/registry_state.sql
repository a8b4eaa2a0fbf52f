-- A row as the history and the feed carry it (registry_change.state): derived columns dropped,
-- money as exact text.
create or replace function registry_state(r jsonb)
returns jsonb
language sql immutable as $$
select (r - 'search_text' - 'updated_at')
  || case when r ? 'amount' and r->'amount' <> 'null'::jsonb then jsonb_build_object('amount', r->>'amount') else '{}'::jsonb end
  || case when r ? 'club_creation_cap' and r->'club_creation_cap' <> 'null'::jsonb then jsonb_build_object('club_creation_cap', r->>'club_creation_cap') else '{}'::jsonb end
$$;
