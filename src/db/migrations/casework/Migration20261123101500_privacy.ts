import { Migration } from '@mikro-orm/migrations';

/** Tables holding person-level data: each row belongs to one institution (its data controller). */
const PERSON_TABLES = ['participant', 'service_episode', 'ipzs', 'ipzs_record', 'social_contract', 'monitoring_contact'];
const REFERENCE_TABLES = ['reference_institution', 'reference_membership', 'reference_partnership', 'reference_refresh'];
// The service role (the application's copy: src/casework/bootstrap.ts APP_ROLE).
const APP_ROLE = 'ksr_casework_app';

// Hand-written: what the database enforces whatever the application does. The service connects as
// APP_ROLE (not the tables' owner), so row-level security applies to it: it sees and writes the
// rows of the institution set for the transaction (`set_config('ksr.institution', id, true)`) and
// nothing else. Cross-institution counts come only from the SECURITY DEFINER functions below, which
// return counts, never rows. The audit trail is append-only.
export class Migration20261123101500 extends Migration {
  override up(): void {
    // Children carry their participant's institution: composite keys make a mismatch impossible.
    this.addSql('alter table "service_episode" add constraint "service_episode_id_institution_id_unique" unique ("id", "institution_id");');
    this.addSql('alter table "ipzs" add constraint "ipzs_id_institution_id_unique" unique ("id", "institution_id");');
    for (const table of ['service_episode', 'ipzs', 'social_contract', 'monitoring_contact']) {
      this.addSql(
        `alter table "${table}" add constraint "${table}_owner_foreign" foreign key ("participant_id", "institution_id") references "participant" ("id", "institution_id");`,
      );
    }
    this.addSql(
      'alter table "ipzs" add constraint "ipzs_episode_owner_foreign" foreign key ("episode_id", "institution_id") references "service_episode" ("id", "institution_id");',
    );
    this.addSql(
      'alter table "ipzs_record" add constraint "ipzs_record_owner_foreign" foreign key ("ipzs_id", "institution_id") references "ipzs" ("id", "institution_id");',
    );
    this.addSql(
      'alter table "monitoring_contact" add constraint "monitoring_contact_episode_owner_foreign" foreign key ("episode_id", "institution_id") references "service_episode" ("id", "institution_id");',
    );

    this.addSql(
      `alter table "participant" add constraint "participant_pseudonym_check" check ("pseudonym" ~ '^[0-9a-f]{64}$' and "key_version" ~ '^v[0-9]+$');`,
    );
    this.addSql('alter table "participant" add constraint "participant_birth_year_check" check ("birth_year" between 1800 and 2299);');
    this.addSql(`alter table "participant" add constraint "participant_residence_check" check ("residence_municipality_code" ~ '^[0-9]{6}[123]$');`);
    this.addSql('alter table "service_episode" add constraint "service_episode_dates_check" check ("ended_on" is null or "ended_on" >= "started_on");');
    this.addSql('alter table "service_episode" add constraint "service_episode_outcome_check" check (("ended_on" is null) = ("outcome" is null));');
    this.addSql('alter table "social_contract" add constraint "social_contract_dates_check" check ("ends_on" is null or "ends_on" >= "signed_on");');
    this.addSql('create index "participant_pseudonym_index" on "participant" ("key_version", "pseudonym");');

    // The service's role: created here without a login; bootstrap gives it one with the configured
    // password. Roles are cluster-wide: parallel migrations of several databases may race.
    this.addSql(`do $$ begin create role ${APP_ROLE} nologin; exception when duplicate_object or unique_violation then null; end $$;`);
    this.addSql(`do $$ begin execute format('grant connect on database %I to ${APP_ROLE}', current_database()); end $$;`);
    this.addSql(`grant usage on schema public to ${APP_ROLE};`);
    for (const table of PERSON_TABLES) this.addSql(`grant select, insert, update on "${table}" to ${APP_ROLE};`);
    for (const table of REFERENCE_TABLES) this.addSql(`grant select, insert, update, delete on "${table}" to ${APP_ROLE};`);
    this.addSql(`grant select, insert on "audit_event" to ${APP_ROLE};`);

    this.addSql(
      `create function casework_current_institution() returns uuid language sql stable as $$ select nullif(current_setting('ksr.institution', true), '')::uuid $$;`,
    );
    for (const table of [...PERSON_TABLES, 'audit_event']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(
        `create policy "${table}_owner" on "${table}" using ("institution_id" = casework_current_institution()) with check ("institution_id" = casework_current_institution());`,
      );
    }

    // Append-only, for every role (the grants already refuse the service; this stops the owner too).
    this.addSql(`create function audit_event_append_only() returns trigger language plpgsql as $$ begin raise exception 'audit_event is append-only'; end $$;`);
    this.addSql('create trigger "audit_event_no_update" before update or delete on "audit_event" for each row execute function audit_event_append_only();');
    this.addSql('create trigger "audit_event_no_truncate" before truncate on "audit_event" for each statement execute function audit_event_append_only();');

    // Persons (by pseudonym) with a record at >= min_institutions of each group of institutions:
    // the total, per eligibility category (a person may have several), and per outcome (one each:
    // IN_PROGRESS while an episode is open, else the last ended episode's, else NO_EPISODE).
    this.addSql(`create function casework_person_counts(group_keys text[], institution_ids uuid[], min_institutions integer)
returns table (group_key text, dimension text, value text, n bigint)
language sql stable security definer set search_path = pg_catalog, public as $$
  with req as (
    select distinct r.group_key, r.institution_id from unnest(group_keys, institution_ids) as r(group_key, institution_id)
  ), recs as (
    select req.group_key, p.id, p.institution_id, p.key_version, p.pseudonym, p.categories
    from req join participant p on p.institution_id = req.institution_id
  ), persons as (
    select r.group_key, r.key_version, r.pseudonym from recs r
    group by r.group_key, r.key_version, r.pseudonym
    having count(distinct r.institution_id) >= min_institutions
  ), person_recs as (
    select r.* from recs r join persons s using (group_key, key_version, pseudonym)
  ), categories as (
    select distinct pr.group_key, pr.key_version, pr.pseudonym, c.category
    from person_recs pr cross join lateral unnest(pr.categories) as c(category)
  ), ranked as (
    select pr.group_key, pr.key_version, pr.pseudonym, e.ended_on, e.outcome::text as outcome,
      row_number() over (partition by pr.group_key, pr.key_version, pr.pseudonym
                         order by (e.ended_on is null) desc, e.ended_on desc, e.started_on desc, e.id desc) as rn
    from person_recs pr join service_episode e on e.participant_id = pr.id
  ), outcomes as (
    select s.group_key,
      case when r.rn is null then 'NO_EPISODE' when r.ended_on is null then 'IN_PROGRESS' else r.outcome end as outcome
    from persons s left join ranked r on r.group_key = s.group_key and r.key_version = s.key_version and r.pseudonym = s.pseudonym and r.rn = 1
  )
  select p.group_key, 'total', null, count(*) from persons p group by p.group_key
  union all
  select c.group_key, 'category', c.category, count(*) from categories c group by c.group_key, c.category
  union all
  select o.group_key, 'outcome', o.outcome, count(*) from outcomes o group by o.group_key, o.outcome
$$;`);

    // Overdue graduate-monitoring contacts of each group of institutions on a date. Due dates are
    // 3, 6, 9, 12, 18, 24, 30 and 36 months after completion (date + interval clamps to the month's
    // end, as src/casework/monitoring/schedule.ts does); a due date is met by a contact after the
    // previous one and on or before it.
    this.addSql(`create function casework_overdue_contacts(group_keys text[], institution_ids uuid[], as_of date)
returns table (group_key text, n bigint)
language sql stable security definer set search_path = pg_catalog, public as $$
  with req as (
    select distinct r.group_key, r.institution_id from unnest(group_keys, institution_ids) as r(group_key, institution_id)
  ), graduations as (
    select req.group_key, e.id, e.ended_on from req join service_episode e on e.institution_id = req.institution_id
    where e.kind in ('CIS_PROGRAMME', 'CLUB_ACTIVITIES') and e.ended_on is not null and e.outcome <> 'DROPPED_OUT'
  ), due as (
    select g.group_key, g.id, (g.ended_on + make_interval(months => s.prev))::date as window_start,
      (g.ended_on + make_interval(months => s.months))::date as due_on
    from graduations g cross join (values (0, 3), (3, 6), (6, 9), (9, 12), (12, 18), (18, 24), (24, 30), (30, 36)) as s(prev, months)
  )
  select d.group_key, count(*) from due d
  where d.due_on < as_of
    and not exists (select 1 from monitoring_contact c where c.episode_id = d.id and c.contacted_on > d.window_start and c.contacted_on <= d.due_on)
  group by d.group_key
$$;`);

    // Other institutions serving the same person as one of the caller's participants, limited to
    // those with an ACTIVE data-sharing partnership with the caller's institution in force on the
    // date. The institution comes from the transaction's setting, not from an argument.
    this.addSql(`create function casework_linked_institutions(participant uuid, as_of date)
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
$$;`);
    for (const fn of [
      'casework_person_counts(text[], uuid[], integer)',
      'casework_overdue_contacts(text[], uuid[], date)',
      'casework_linked_institutions(uuid, date)',
    ]) {
      this.addSql(`revoke all on function ${fn} from public;`);
      this.addSql(`grant execute on function ${fn} to ${APP_ROLE};`);
    }
  }
}
