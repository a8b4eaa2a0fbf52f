-- casework_group_person_counts' rules grouped by reference_institution.voivodeship inside SQL (no
-- list of institutions leaves the database), for the given codes or (null) all. Planned for the
-- codes given (EXECUTE ... USING): one voivodeship reads its institutions' rows through the
-- indexes, all of them scan the tables. Internal: the cache of casework_voivodeship_person_counts.
create or replace function casework_compute_voivodeship_counts(codes text[])
returns table (voivodeship text, dimension text, value text, n bigint)
language plpgsql stable set search_path = pg_catalog, public set jit = off set work_mem = '128MB' as $$
begin
  return query execute $q$
  with recs as not materialized (
    select ri.voivodeship::text as grp, p.id, p.key_version collate "C" as key_version, p.pseudonym collate "C" as pseudonym, p.categories
    from reference_institution ri join participant p on p.institution_id = ri.id
    where ri.voivodeship is not null and ($1::text[] is null or ri.voivodeship = any ($1::text[]))
  ), persons as materialized (
    -- One row per person of each voivodeship, in one sort: an open episode first, else the last ended one.
    select distinct on (r.pseudonym, r.key_version, r.grp) r.grp,
      case when e.id is null then 'NO_EPISODE' when e.ended_on is null then 'IN_PROGRESS' else e.outcome::text end as outcome
    from recs r left join service_episode e on e.participant_id = r.id
    order by r.pseudonym, r.key_version, r.grp, (e.id is not null) desc, (e.ended_on is null) desc, e.ended_on desc, e.started_on desc, e.id desc
  ), categories as (
    select distinct r.grp, r.key_version, r.pseudonym, c.category
    from recs r cross join lateral unnest(r.categories) as c(category)
  )
  select p.grp, 'total'::text, null::text, count(*) from persons p group by p.grp
  union all
  select c.grp, 'category'::text, c.category, count(*) from categories c group by c.grp, c.category
  union all
  select p.grp, 'outcome'::text, p.outcome, count(*) from persons p group by p.grp, p.outcome
  $q$ using codes;
end
$$;

revoke all on function casework_compute_voivodeship_counts(text[]) from public;
