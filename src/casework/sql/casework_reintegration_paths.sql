-- Counts per reintegration path and end state (casework_compute_path_groups.sql), cut to
-- max_steps (truncated says the path went on). Filters apply to the person's first episode: the
-- voivodeship of its institution, its start date within [first_from, first_to], the type of its
-- institution. Answered from the owner-only cube (casework_path, casework_path_cube) for whole
-- months and paths of at most 16 steps, rebuilt on the first request after a change; anything
-- else, and a read-only transaction, is computed directly. Counts only, never a row of a person;
-- the service role may execute it, PUBLIC may not.
create or replace function casework_reintegration_paths(voivodeship_code text, first_from date, first_to date, first_type text, max_steps integer)
returns table (steps text[], truncated boolean, end_state text, n bigint)
language plpgsql volatile security definer set search_path = pg_catalog, public as $$
begin
  -- The cube answers whole months and paths cut to at most 16 steps; anything else, and a
  -- read-only transaction, is computed directly from the episodes.
  if current_setting('transaction_read_only') = 'on'
     or max_steps is null or max_steps < 1 or max_steps > 16
     or (first_from is not null and extract(day from first_from) <> 1)
     or (first_to is not null and extract(day from first_to + 1) <> 1) then
    return query
      select g.steps[1:max_steps], cardinality(g.steps) > max_steps, g.end_state, sum(g.n)::bigint
      from casework_compute_path_groups() g
      where (voivodeship_code is null or g.voivodeship = voivodeship_code)
        and (first_from is null or g.first_on >= first_from)
        and (first_to is null or g.first_on <= first_to)
        and (casework_reintegration_paths.first_type is null or g.first_type = casework_reintegration_paths.first_type)
      group by 1, 2, 3;
    return;
  end if;
  if not casework_cache_is_fresh('paths', '') then
    perform pg_advisory_xact_lock(hashtext('ksr:casework:cache:paths'));
    if not casework_cache_is_fresh('paths', '') then
      delete from casework_change where consumer = 'paths';
      delete from casework_path_cube;
      delete from casework_path;
      -- The distinct paths (cut to 16 steps) get integer ids: the cube groups by those.
      with g as materialized (
        select x.voivodeship, date_trunc('month', x.first_on)::date as first_month, x.first_type,
          x.steps[1:16] as steps, cardinality(x.steps) > 16 as longer, x.end_state, x.n
        from casework_compute_path_groups() x
      ), paths as materialized (
        select (row_number() over (order by d.steps, d.longer))::int as id, d.steps, d.longer from (select distinct y.steps, y.longer from g y) d
      ), stored as (
        insert into casework_path (id, steps, longer) select p.id, p.steps, p.longer from paths p
      )
      insert into casework_path_cube (voivodeship, first_month, first_type, path_id, end_state, n)
        select g.voivodeship, g.first_month, g.first_type, p.id, g.end_state, sum(g.n)
        from g join paths p on p.steps = g.steps and p.longer = g.longer
        group by 1, 2, 3, 4, 5;
      insert into casework_cache_state (consumer, built_for) values ('paths', '')
        on conflict (consumer) do update set built_for = excluded.built_for, built_at = now();
    end if;
  end if;
  return query
    select p.steps[1:max_steps], cardinality(p.steps) > max_steps or p.longer, c.end_state, sum(c.n)::bigint
    from (
      select x.path_id, x.end_state, sum(x.n) as n
      from casework_path_cube x
      where (voivodeship_code is null or x.voivodeship = voivodeship_code)
        and (first_from is null or x.first_month >= first_from)
        and (first_to is null or x.first_month <= first_to)
        and (casework_reintegration_paths.first_type is null or x.first_type = casework_reintegration_paths.first_type)
      group by x.path_id, x.end_state
    ) c
    join casework_path p on p.id = c.path_id
    group by 1, 2, 3;
end
$$;

revoke all on function casework_reintegration_paths(text, date, date, text, integer) from public;
grant execute on function casework_reintegration_paths(text, date, date, text, integer) to ksr_casework_app;
