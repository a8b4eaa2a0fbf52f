-- Persons (by pseudonym) of any groups of institutions, each group named by an integer (its index
-- in the request): the total, per eligibility category (a person may have several), and per
-- outcome (one each: IN_PROGRESS while an episode is open, else the last ended episode's by end
-- date, start date, id; NO_EPISODE without episodes). min_institutions 1: everyone served by the
-- group; 2: people with records at two or more of its institutions. Each requested institution's
-- records are read once through its index; for people served by two or more institutions their
-- institutions are paired with the groups' pairs, so only those people's records are read in
-- full. Counts only, never a row about a person; the service role may execute it, PUBLIC may not.
create or replace function casework_group_person_counts(group_ids integer[], institution_ids uuid[], min_institutions integer)
returns table (group_id integer, dimension text, value text, n bigint)
language plpgsql stable security definer set search_path = pg_catalog, public set jit = off as $$
begin
  if min_institutions is null or min_institutions not in (1, 2) then
    raise exception 'min_institutions must be 1 or 2' using errcode = '22023';
  end if;
  return query
  with req as materialized (
    select distinct r.grp, r.institution_id from unnest(group_ids, institution_ids) as r(grp, institution_id)
    where r.grp is not null and r.institution_id is not null
  ), recs as materialized (
    -- min 2: every record of the requested institutions, each institution read once by its index.
    select p.institution_id, p.key_version, p.pseudonym
    from (select distinct q.institution_id from req q) i
    cross join lateral (
      select x.institution_id, x.key_version, x.pseudonym from participant x where x.institution_id = i.institution_id offset 0
    ) p
    where min_institutions = 2
  ), candidates as (
    -- People at two or more of the requested institutions, with those institutions in order.
    select r.key_version, r.pseudonym, array_agg(r.institution_id order by r.institution_id) as institutions
    from recs r group by r.key_version, r.pseudonym having count(*) >= 2
  ), person_pairs as materialized (
    select c.key_version, c.pseudonym, a.i1, b.i2
    from candidates c
    cross join lateral unnest(c.institutions) with ordinality as a(i1, o1)
    cross join lateral unnest(c.institutions) with ordinality as b(i2, o2)
    where a.o1 < b.o2
  ), group_pairs as materialized (
    select a.grp, a.institution_id as i1, b.institution_id as i2
    from req a join req b on b.grp = a.grp and b.institution_id > a.institution_id
    where min_institutions = 2
  ), shared_keys as (
    -- Shared in a group: records at both institutions of one of its pairs. Every institution of
    -- the group where such a person has a record is in one of the matching pairs.
    select distinct g.grp, v.institution_id, pp.key_version, pp.pseudonym
    from person_pairs pp
    join group_pairs g on g.i1 = pp.i1 and g.i2 = pp.i2
    cross join lateral (values (pp.i1), (pp.i2)) as v(institution_id)
  ), person_recs as materialized (
    select q.grp, x.id, x.key_version, x.pseudonym, x.categories
    from req q
    cross join lateral (
      select y.id, y.key_version, y.pseudonym, y.categories from participant y where y.institution_id = q.institution_id offset 0
    ) x
    where min_institutions = 1
    union all
    select k.grp, x.id, x.key_version, x.pseudonym, x.categories
    from shared_keys k
    cross join lateral (
      select y.id, y.key_version, y.pseudonym, y.categories from participant y
      where y.institution_id = k.institution_id and y.key_version = k.key_version and y.pseudonym = k.pseudonym offset 0
    ) x
  ), persons as (
    select pr.grp,
      case when count(e.id) = 0 then 'NO_EPISODE'
           when bool_or(e.id is not null and e.ended_on is null) then 'IN_PROGRESS'
           else ((array_agg(e.outcome order by e.ended_on desc, e.started_on desc, e.id desc) filter (where e.id is not null))[1])::text
      end as outcome
    from person_recs pr
    left join lateral (
      select x.id, x.started_on, x.ended_on, x.outcome from service_episode x where x.participant_id = pr.id offset 0
    ) e on true
    group by pr.grp, pr.key_version, pr.pseudonym
  ), categories as (
    select distinct pr.grp, pr.key_version, pr.pseudonym, c.category
    from person_recs pr cross join lateral unnest(pr.categories) as c(category)
  )
  select p.grp, 'total'::text, null::text, count(*) from persons p group by p.grp
  union all
  select c.grp, 'category'::text, c.category, count(*) from categories c group by c.grp, c.category
  union all
  select p.grp, 'outcome'::text, p.outcome, count(*) from persons p group by p.grp, p.outcome;
end
$$;

revoke all on function casework_group_person_counts(integer[], uuid[], integer) from public;
grant execute on function casework_group_person_counts(integer[], uuid[], integer) to ksr_casework_app;
