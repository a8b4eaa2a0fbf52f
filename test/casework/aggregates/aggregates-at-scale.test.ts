import 'reflect-metadata';
// The counting functions at national scale (migration aggregates_at_scale): integer group keys,
// voivodeships grouped inside SQL (none refused, however many institutions it seats), caches of the
// voivodeship counts and the reintegration-path cube rebuilt after every change. The counts are
// checked against counts computed here from the raw rows (as the owner), the batching against the
// statement counter, the caches against writes, committed or not, from the service role and the owner.
// The public reads person counts from the latest statistical release (src/casework/releases): after a
// write the tests publish one (`app.release()`, no noise) and compare it with the raw rows under the
// release's contribution bounds; reads of a release cost the same few statements however many
// groups and rows they return.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statisticsOf } from '../../../src/casework/aggregates/aggregate.service';
import { MAX_STEPS } from '../../../src/casework/aggregates/paths.service';
import { openCaseworkOwner } from '../../../src/casework/bootstrap';
import { partyKey } from '../../../src/casework/releases/publish';
import { replaceReference, type ReferenceSnapshot } from '../../../src/casework/reference/reference.service';
import { monitoringSchedule, DueStatus } from '../../../src/casework/monitoring/schedule';
import { Role, type Caller } from '../../../src/common/auth';
import { todayInPoland } from '../../../src/common/dates';
import { discloseCount } from '../../../src/common/disclosure';
import { stableId } from '../../../src/common/ids';
import { PartnershipStatus } from '../../../src/registry/cooperation/partnership.entities';
import { clubCircle, pilotPlan, testPesels } from '../../support/casework-fixtures';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
const RESEARCHER: Caller = { role: Role.RESEARCHER, subject: 'researcher' };
const VOIVODESHIPS = ['02', '04', '06', '08', '10', '12', '14', '16', '18', '20', '22', '24', '26', '28', '30', '32'];
const STATS = `{ k total { count suppressed } byCategory { category count suppressed } byOutcome { outcome count suppressed } }`;

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true });
}, 120_000);
afterAll(() => app?.close());

async function entities(representations: Record<string, unknown>[], selection: string, caller: Caller = RESEARCHER) {
  const res = await app.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, { r: representations }, caller);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data?._entities as any[];
}

/** SQL statements the subgraph sent while `run` ran. */
async function statementsOf(run: () => Promise<unknown>): Promise<number> {
  const before = app.db.statements();
  await run();
  return app.db.statements() - before;
}

// ---- counts computed here from the raw rows (as the owner) ----

interface Rec {
  id: string;
  institution_id: string;
  person: string;
  categories: string[];
  /** Fixed-width UTC text, so that text order is time order. */
  created_at: string;
}
interface Episode {
  id: string;
  participant_id: string;
  institution_id: string;
  kind: string;
  started_on: string;
  ended_on: string | null;
  outcome: string | null;
}

async function rawRows() {
  const recs = await app.sql<Rec>(
    'owner',
    `select id, institution_id, key_version || ':' || pseudonym as person, categories, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') as created_at from participant`,
  );
  const episodes = await app.sql<Episode>(
    'owner',
    `select id, participant_id, institution_id, kind::text as kind, started_on::text as started_on, ended_on::text as ended_on, outcome::text as outcome from service_episode`,
  );
  const byParticipant = new Map<string, Episode[]>();
  for (const e of episodes) byParticipant.set(e.participant_id, [...(byParticipant.get(e.participant_id) ?? []), e]);
  const contacts = await app.sql<{ episode_id: string; contacted_on: string }>(
    'owner',
    `select episode_id, contacted_on::text as contacted_on from monitoring_contact`,
  );
  const contactsOf = new Map<string, string[]>();
  for (const c of contacts) contactsOf.set(c.episode_id, [...(contactsOf.get(c.episode_id) ?? []), c.contacted_on]);
  // The order the database sorts category names in (its collation), for the release's category bound.
  const names = (await app.sql<{ c: string }>('owner', `select distinct unnest(categories) as c from participant order by 1`)).map((r) => r.c);
  const rank = new Map(names.map((n, i) => [n, i]));
  const categoryOrder = (a: string, b: string) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0);
  return { recs, episodes, byParticipant, contactsOf, categoryOrder };
}
type Raw = Awaited<ReturnType<typeof rawRows>>;

/** `dimension:value` → n (non-zero cells only), the rule of README "k and secondary suppression". */
function expectedCounts(raw: Raw, institutions: readonly string[], min: number): Map<string, number> {
  const inGroup = new Set(institutions);
  const people = new Map<string, Rec[]>();
  for (const r of raw.recs) if (inGroup.has(r.institution_id)) people.set(r.person, [...(people.get(r.person) ?? []), r]);
  const out = new Map<string, number>();
  const add = (key: string) => out.set(key, (out.get(key) ?? 0) + 1);
  for (const records of people.values()) {
    if (new Set(records.map((r) => r.institution_id)).size < min) continue;
    add('total:');
    for (const c of new Set(records.flatMap((r) => r.categories))) add(`category:${c}`);
    const eps = records.flatMap((r) => raw.byParticipant.get(r.id) ?? []);
    let outcome = 'NO_EPISODE';
    if (eps.some((e) => e.ended_on === null)) outcome = 'IN_PROGRESS';
    else if (eps.length) {
      const cmp = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
      outcome = [...eps].sort((a, b) => cmp(a.ended_on!, b.ended_on!) || cmp(a.started_on, b.started_on) || cmp(a.id, b.id))[0].outcome!;
    }
    add(`outcome:${outcome}`);
  }
  return out;
}

/** Per person, the records a release counts: those with an episode, the earliest RELEASE_MAX_INSTITUTIONS of them (by creation, then id). */
function keptRecords(raw: Raw): Rec[][] {
  const byPerson = new Map<string, Rec[]>();
  for (const r of raw.recs) if (raw.byParticipant.has(r.id)) byPerson.set(r.person, [...(byPerson.get(r.person) ?? []), r]);
  const order = (a: Rec, b: Rec) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1);
  return [...byPerson.values()].map((records) => [...records].sort(order).slice(0, app.config.casework.releases.maxInstitutions));
}

/** People an exact release counts as overdue in a group: a graduation of theirs there, through a kept record, with a due date passed without a contact, on `today`. */
function releasedOverdue(raw: Raw, institutions: readonly string[], today: string): number {
  const inGroup = new Set(institutions);
  return keptRecords(raw).filter((kept) =>
    kept.some(
      (r) =>
        inGroup.has(r.institution_id) &&
        (raw.byParticipant.get(r.id) ?? []).some(
          (e) =>
            ['CIS_PROGRAMME', 'CLUB_ACTIVITIES'].includes(e.kind) &&
            e.ended_on !== null &&
            e.outcome !== 'DROPPED_OUT' &&
            monitoringSchedule(e.ended_on, raw.contactsOf.get(e.id) ?? [], today).due.some((d) => d.status === DueStatus.OVERDUE),
        ),
    ),
  ).length;
}

/**
 * What an exact release counts for a group (casework_release_group_counts, migration statistics_releases):
 * only people with an episode, through their earliest RELEASE_MAX_INSTITUTIONS records (by creation,
 * then id); a person counts when at least `min` of those records are at the group's institutions,
 * with the first RELEASE_MAX_CATEGORIES of their categories there (in the database's text order) and
 * one outcome from those records' episodes. The cap on shared groups per person is not applied here:
 * institutions and voivodeships, which it cannot bind (a person has at most as many of either as
 * records), are what this is compared with.
 */
function releasedCounts(raw: Raw, institutions: readonly string[], min: number): Map<string, number> {
  const { maxCategories } = app.config.casework.releases;
  const inGroup = new Set(institutions);
  const out = new Map<string, number>();
  const add = (key: string) => out.set(key, (out.get(key) ?? 0) + 1);
  for (const kept of keptRecords(raw)) {
    const here = kept.filter((r) => inGroup.has(r.institution_id));
    if (new Set(here.map((r) => r.institution_id)).size < min) continue;
    add('total:');
    for (const c of [...new Set(here.flatMap((r) => r.categories))].sort(raw.categoryOrder).slice(0, maxCategories)) add(`category:${c}`);
    const eps = here.flatMap((r) => raw.byParticipant.get(r.id) ?? []);
    let outcome = 'IN_PROGRESS';
    if (!eps.some((e) => e.ended_on === null)) {
      const cmp = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
      outcome = [...eps].sort((a, b) => cmp(a.ended_on!, b.ended_on!) || cmp(a.started_on, b.started_on) || cmp(a.id, b.id))[0].outcome!;
    }
    add(`outcome:${outcome}`);
  }
  return out;
}

/** The statistics the public is shown for these released counts (the service's disclosure rule). */
const published = (counts: Map<string, number>) => {
  const total = counts.get('total:') ?? 0;
  const part = (dimension: string) =>
    new Map([...counts].filter(([key]) => key.startsWith(`${dimension}:`)).map(([key, n]) => [key.slice(dimension.length + 1), n]));
  return statisticsOf({ total, categories: part('category'), outcomes: part('outcome') }, app.config.casework.disclosureK, false);
};

/** Overdue due dates of the institutions' graduations on `today`, from the pure schedule. */
function expectedOverdue(raw: Raw, institutions: readonly string[], today: string): number {
  const inGroup = new Set(institutions);
  return raw.episodes
    .filter((e) => inGroup.has(e.institution_id) && ['CIS_PROGRAMME', 'CLUB_ACTIVITIES'].includes(e.kind) && e.ended_on !== null && e.outcome !== 'DROPPED_OUT')
    .reduce(
      (sum, e) => sum + monitoringSchedule(e.ended_on!, raw.contactsOf.get(e.id) ?? [], today).due.filter((d) => d.status === DueStatus.OVERDUE).length,
      0,
    );
}

const rowsToMap = (rows: Record<string, any>[]) => new Map(rows.map((r) => [`${r.dimension}:${r.value ?? ''}`, Number(r.n)]));
const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => (a < b ? -1 : 1));
const pgArray = (values: readonly (string | number)[]) => `{${values.join(',')}}`;

/** Groups of every kind the service asks about: partnerships' parties, networks' members, single institutions. */
async function pilotGroups(): Promise<string[][]> {
  const plan = pilotPlan();
  const parties = plan.partnerships.filter((p) => p.status === PartnershipStatus.ACTIVE).map((p) => p.parties.map((x) => stableId(x.institutionKey)));
  const members = await app.sql<{ ids: string[] }>(
    'owner',
    `select array_agg(institution_id::text order by institution_id) as ids from reference_membership group by network_id`,
  );
  const clubs = plan.institutions.filter((i) => i.pilot).map((i) => [stableId(i.key)]);
  return [...parties, ...members.map((m) => m.ids), ...clubs];
}

describe('the counting functions against the raw rows', () => {
  it('count the groups (integer keys) exactly as computed here, for one institution and for two or more', async () => {
    const raw = await rawRows();
    const groups = await pilotGroups();
    expect(groups.length).toBeGreaterThan(100);
    for (const min of [1, 2]) {
      const groupIds = groups.flatMap((g, i) => g.map(() => i));
      const rows = await app.sql('app', `select group_id, dimension, value, n from casework_group_person_counts($1::int[], $2::uuid[], $3)`, [
        pgArray(groupIds),
        pgArray(groups.flat()),
        min,
      ]);
      let nonEmpty = 0;
      groups.forEach((g, i) => {
        const got = rowsToMap(rows.filter((r) => r.group_id === i));
        const want = expectedCounts(raw, g, min);
        if (want.size) nonEmpty += 1;
        expect(sorted(got), `group ${i} (min ${min})`).toEqual(sorted(want));
      });
      expect(nonEmpty).toBeGreaterThan(min === 1 ? 100 : 20);
    }
  });

  it('keep the text-keyed entry point of the privacy migration (same rows, by key)', async () => {
    const groups = (await pilotGroups()).slice(0, 40);
    const keys = groups.flatMap((g) => g.map(() => JSON.stringify(g)));
    const old = await app.sql('app', `select group_key, dimension, value, n from casework_person_counts($1::text[], $2::uuid[], 2)`, [
      keys,
      pgArray(groups.flat()),
    ]);
    const fresh = await app.sql('app', `select group_id, dimension, value, n from casework_group_person_counts($1::int[], $2::uuid[], 2)`, [
      pgArray(groups.flatMap((g, i) => g.map(() => i))),
      pgArray(groups.flat()),
    ]);
    groups.forEach((g, i) => {
      expect(sorted(rowsToMap(old.filter((r) => r.group_key === JSON.stringify(g))))).toEqual(sorted(rowsToMap(fresh.filter((r) => r.group_id === i))));
    });
    expect(old.length).toBeGreaterThan(0);
  });

  it('count voivodeships by the reference copy, people once across their institutions', async () => {
    const raw = await rawRows();
    const seats = await app.sql<{ id: string; voivodeship: string }>(
      'owner',
      `select id, voivodeship from reference_institution where voivodeship is not null`,
    );
    const rows = await app.sql('app', `select voivodeship, dimension, value, n from casework_voivodeship_person_counts($1::text[])`, [pgArray(VOIVODESHIPS)]);
    let withPeople = 0;
    for (const code of VOIVODESHIPS) {
      const want = expectedCounts(
        raw,
        seats.filter((s) => s.voivodeship === code).map((s) => s.id),
        1,
      );
      if (want.size) withPeople += 1;
      expect(sorted(rowsToMap(rows.filter((r) => r.voivodeship === code))), code).toEqual(sorted(want));
    }
    expect(withPeople).toBeGreaterThan(5);
  });

  it('count overdue contacts of groups and voivodeships as the schedules do', async () => {
    const raw = await rawRows();
    const today = todayInPoland();
    const groups = (await pilotGroups()).slice(-60);
    const rows = await app.sql('app', `select group_id, n from casework_group_overdue_contacts($1::int[], $2::uuid[], $3::date)`, [
      pgArray(groups.flatMap((g, i) => g.map(() => i))),
      pgArray(groups.flat()),
      today,
    ]);
    let positive = 0;
    for (const [i, g] of groups.entries()) {
      const want = expectedOverdue(raw, g, today);
      if (want > 0) positive += 1;
      expect(Number(rows.find((r) => r.group_id === i)?.n ?? 0), `group ${i}`).toBe(want);
    }
    expect(positive).toBeGreaterThan(10);
    const seats = await app.sql<{ id: string; voivodeship: string }>(
      'owner',
      `select id, voivodeship from reference_institution where voivodeship is not null`,
    );
    const byVoivodeship = await app.sql('app', `select voivodeship, n from casework_voivodeship_overdue_contacts($1::text[], $2::date)`, [
      pgArray(VOIVODESHIPS),
      today,
    ]);
    for (const code of VOIVODESHIPS) {
      const want = expectedOverdue(
        raw,
        seats.filter((s) => s.voivodeship === code).map((s) => s.id),
        today,
      );
      expect(Number(byVoivodeship.find((r) => r.voivodeship === code)?.n ?? 0), code).toBe(want);
    }
  });
});

describe('voivodeships of any size', () => {
  it('answer a voivodeship seating more than 5,000 institutions (not BAD_USER_INPUT) from the release, all sixteen in the statements of one', async () => {
    // 5,100 more institutions seated in 26 (none of them serves anyone): beyond any limit on explicit groups.
    const extra = Array.from({ length: 5100 }, () => randomUUID());
    await app.sql('owner', `insert into reference_institution (id, type, sector, voivodeship) select unnest($1::uuid[]), 'NGO', 'NGO', '26'`, [pgArray(extra)]);
    try {
      const [{ seated }] = await app.sql('owner', `select count(*)::int as seated from reference_institution where voivodeship = '26'`);
      expect(seated).toBeGreaterThan(5000);
      // The release groups the voivodeship by every institution it seats.
      await app.release();
      const selection = `... on Voivodeship { participantsServed ${STATS} overdueMonitoringContacts { count suppressed } }`;
      const alone = await statementsOf(() => entities([{ __typename: 'Voivodeship', code: '26' }], selection));
      let result: any[] = [];
      const statements = await statementsOf(async () => {
        result = await entities(
          VOIVODESHIPS.map((code) => ({ __typename: 'Voivodeship', code })),
          selection,
        );
      });
      // The release, its voivodeship cells, its overdue cells: the same for sixteen as for one.
      expect(statements).toBe(alone);
      expect(statements).toBe(3);
      const raw = await rawRows();
      const seats = await app.sql<{ id: string; voivodeship: string }>(
        'owner',
        `select id, voivodeship from reference_institution where voivodeship is not null`,
      );
      let overdueShown = 0;
      for (const [i, code] of VOIVODESHIPS.entries()) {
        const seated = seats.filter((s) => s.voivodeship === code).map((s) => s.id);
        expect(result[i].participantsServed, code).toEqual(published(releasedCounts(raw, seated, 1)));
        const { count, suppressed } = discloseCount(releasedOverdue(raw, seated, todayInPoland()), 10);
        expect(result[i].overdueMonitoringContacts, code).toEqual({ count, suppressed });
        if (!suppressed) overdueShown += 1;
      }
      expect(overdueShown).toBeGreaterThan(0);
      const v26 = result[VOIVODESHIPS.indexOf('26')];
      expect(v26.participantsServed.k).toBe(10);
      expect(v26.participantsServed.total.suppressed).toBe(false);
      expect(v26.participantsServed.total.count).toBeGreaterThan(100);
    } finally {
      await app.sql('owner', `delete from reference_institution where id = any($1::uuid[])`, [pgArray(extra)]);
    }
  });
});

describe('batching', () => {
  it("costs the same statements for 10 partnerships' shared participants as for 120: the release and its shared cells", async () => {
    const plan = pilotPlan();
    const pairs = plan.partnerships.filter((p) => p.status === PartnershipStatus.ACTIVE).map((p) => p.parties.map((x) => stableId(x.institutionKey)));
    const reps = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        __typename: 'Partnership',
        id: stableId(`partnership:batching:${i}`),
        status: 'ACTIVE',
        parties: pairs[i % pairs.length].map((id) => ({ institution: { id } })),
      }));
    const selection = `... on Partnership { sharedParticipants { total { count suppressed } byOutcome { outcome count suppressed } } }`;
    const counts: number[] = [];
    let answers: any[] = [];
    for (const n of [10, 40, 120]) counts.push(await statementsOf(async () => (answers = await entities(reps(n), selection))));
    // One statement for the latest release, one for all the groups' cells.
    expect(counts).toEqual([2, 2, 2]);
    // Each answer is its parties' released cell, disclosure-controlled.
    const [release] = await app.sql('owner', `select id from statistics_release order by published_at desc, id desc limit 1`);
    const cells = new Map(
      (await app.sql('owner', `select group_key, counts from statistics_release_cell where release_id = $1 and table_name = 'shared'`, [release.id])).map(
        (r) => [r.group_key as string, r.counts],
      ),
    );
    let shown = 0;
    for (const [i, rep] of reps(120).entries()) {
      const cell = cells.get(partyKey(rep.parties.map((p) => p.institution.id)));
      expect(cell, `pair ${i}`).toBeDefined();
      const { total, byOutcome } = statisticsOf(
        { total: cell.total, categories: new Map(Object.entries(cell.category)), outcomes: new Map(Object.entries(cell.outcome)) },
        app.config.casework.disclosureK,
        false,
      );
      expect(answers[i].sharedParticipants, `pair ${i}`).toEqual({ total, byOutcome });
      if (!total.suppressed) shown += 1;
    }
    expect(shown).toBeGreaterThan(10);
  });

  it('reads 30 aliased reintegration-path tables in the statements of two, each as alone', async () => {
    const filters = Array.from({ length: 30 }, (_, i) => {
      const year = 2015 + (i % 10);
      return { voivodeship: i % 3 === 0 ? null : VOIVODESHIPS[i % 16], from: i % 2 ? `${year}-01-01` : null, to: i % 2 ? `${year + 1}-12-31` : null };
    });
    const TABLE = `{ total { count suppressed } otherPaths { count } paths { label people { count } } release { id } }`;
    const request = (fs: typeof filters) => {
      const args = fs.map((_, i) => `$f${i}: ReintegrationPathFilter`).join(', ');
      const fields = fs.map((_, i) => `p${i}: reintegrationPaths(filter: $f${i}) ${TABLE}`).join('\n');
      return app.gql(`query(${args}) { ${fields} }`, Object.fromEntries(fs.map((f, i) => [`f${i}`, f])), { role: Role.PUBLIC });
    };
    // A national table and a regional one (15 voivodeship-years): the release, its national cell, the regional cells.
    const two = await statementsOf(() =>
      request([
        { voivodeship: null, from: null, to: null },
        { voivodeship: null, from: '2019-01-01', to: '2019-12-31' },
      ]),
    );
    expect(two).toBe(3);
    let res: any;
    // 30 tables, each a sum of up to 32 released cells: no more statements.
    const statements = await statementsOf(async () => {
      res = await request(filters);
    });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(statements).toBe(two);
    const [release] = await app.sql('owner', `select id from statistics_release order by published_at desc, id desc limit 1`);
    for (const [i, f] of filters.entries()) {
      expect(res.data[`p${i}`].release, JSON.stringify(f)).toEqual({ id: release.id });
      const alone = await app.gql(`query($f: ReintegrationPathFilter) { reintegrationPaths(filter: $f) ${TABLE} }`, { f }, { role: Role.PUBLIC });
      expect(res.data[`p${i}`], JSON.stringify(f)).toEqual(alone.data?.reintegrationPaths);
    }
  });
});

describe('the caches', () => {
  const c26 = clubCircle('26', 2);
  const pathPeople = async () =>
    (await app.sql('app', `select coalesce(sum(n), 0)::int as n from casework_reintegration_paths(null, null, null, null, $1)`, [MAX_STEPS]))[0].n as number;
  const directPathPeople = async () =>
    (
      await app.sql(
        'owner',
        `select count(distinct (p.key_version, p.pseudonym))::int as n from participant p where exists (select 1 from service_episode e where e.participant_id = p.id)`,
      )
    )[0].n as number;
  /** The public's count of people served in a voivodeship (from the latest release). */
  const served = async (code: string) =>
    (await entities([{ __typename: 'Voivodeship', code }], `... on Voivodeship { participantsServed { total { count } } }`))[0].participantsServed.total
      .count as number;
  const served26 = () => served('26');
  /** What an exact release of the data as they stand counts in a voivodeship, from the raw rows and the reference copy. */
  const expectedServed = async (code: string) => {
    const seats = await app.sql<{ id: string }>('owner', `select id from reference_institution where voivodeship = $1`, [code]);
    return (
      releasedCounts(
        await rawRows(),
        seats.map((s) => s.id),
        1,
      ).get('total:') ?? 0
    );
  };
  /** The public's national path table total (from the latest release). */
  const releasedPathPeople = async () => {
    const res = await app.gql(`{ reintegrationPaths { total { count } } }`, {}, { role: Role.PUBLIC });
    return res.data?.reintegrationPaths.total.count as number;
  };
  /** Staff of an institution see its own count exactly and live. */
  const ownCount = async (institution: string) => {
    const [own] = await entities(
      [{ __typename: 'Institution', id: institution }],
      `... on Institution { participantsServed { k total { count suppressed } } }`,
      staff(institution),
    );
    expect(own.participantsServed.k).toBeNull();
    return own.participantsServed.total.count as number;
  };
  const overdue26 = async () =>
    Number((await app.sql('app', `select n from casework_voivodeship_overdue_contacts('{26}', $1::date)`, [todayInPoland()]))[0]?.n ?? 0);

  it('show the service role’s writes (an import) to the public at the next release, bounded, not before; to the institution’s staff at once', async () => {
    const c24 = clubCircle('24', 1);
    const STATS26 = `... on Voivodeship { participantsServed ${STATS} }`;
    await app.release();
    const [servedBefore, served24Before, pathsBefore, ownBefore, own24Before] = [
      await served26(),
      await served('24'),
      await releasedPathPeople(),
      await ownCount(c26.club),
      await ownCount(c24.club),
    ];
    expect(servedBefore).toBe(await expectedServed('26'));
    expect(pathsBefore).toBe(await directPathPeople());
    const [first, ...others] = testPesels(3, 83);
    const line = (pesel: string, kind: string, categories = ['HOMELESS_IN_PROGRAMME']) =>
      JSON.stringify({ pesel, categories, episodes: [{ kind, startedOn: '2023-03-01', endedOn: '2023-09-30', outcome: 'OPEN_LABOUR_MARKET' }] });
    const imports: [string, string[]][] = [
      [
        c26.club,
        [
          line(first, 'CLUB_ACTIVITIES', ['HOMELESS_IN_PROGRAMME', 'MENTAL_ILLNESS', 'DISABLED', 'AGED_50_PLUS', 'RURAL_RESIDENT']),
          ...others.map((p) => line(p, 'CLUB_ACTIVITIES')),
        ],
      ],
      // The first person at three more institutions, in this order: the fourth record (in 24) is beyond the release's bound.
      [c26.ops, [line(first, 'SOCIAL_ASSISTANCE')]],
      [c26.pup, [line(first, 'LABOUR_OFFICE_REGISTRATION')]],
      [c24.club, [line(first, 'CLUB_ACTIVITIES')]],
    ];
    for (const [institution, lines] of imports) {
      const res = await app.gql(`mutation($l: [String!]!) { importParticipants(lines: $l) { accepted rejected } }`, { l: lines }, staff(institution));
      expect(res.data?.importParticipants).toEqual({ accepted: lines.length, rejected: 0 });
    }
    // The public's counts stay those of the latest release; each institution's own staff count live.
    expect([await served26(), await served('24'), await releasedPathPeople()]).toEqual([servedBefore, served24Before, pathsBefore]);
    expect([await ownCount(c26.club), await ownCount(c24.club)]).toEqual([ownBefore + 3, own24Before + 1]);
    // The next release counts them once each, through their earliest three records (so not in 24),
    // with at most three categories each; the path cube it reads followed the import.
    await app.release();
    expect([await served26(), await served('24')]).toEqual([servedBefore + 3, served24Before]);
    const [v26] = await entities([{ __typename: 'Voivodeship', code: '26' }], STATS26);
    const seats26 = (await app.sql<{ id: string }>('owner', `select id from reference_institution where voivodeship = '26'`)).map((r) => r.id);
    expect(v26.participantsServed).toEqual(published(releasedCounts(await rawRows(), seats26, 1)));
    expect(await releasedPathPeople()).toBe(pathsBefore + 3);
    expect(await pathPeople()).toBe(pathsBefore + 3);
    expect(await ownCount(c24.club)).toBe(own24Before + 1);
  });

  it('never keep a write committed while they were rebuilt out, and ignore a rolled-back one', async () => {
    const [record] = await app.sql(
      'owner',
      `select p.id as participant_id, p.institution_id from participant p where p.institution_id = $1 and exists (select 1 from service_episode e where e.participant_id = p.id) limit 1`,
      [c26.club],
    );
    const before = await overdue26();
    const pathsBefore = await pathPeople();
    const graduation = `insert into service_episode (id, institution_id, participant_id, kind, started_on, ended_on, outcome) values ($1, $2, $3, 'CIS_PROGRAMME', '2015-01-05', '2015-06-30', 'OPEN_LABOUR_MARKET')`;
    // A rolled-back write changes nothing.
    const client = new Client({ connectionString: app.ownerUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(graduation, [randomUUID(), record.institution_id, record.participant_id]);
      await client.query('rollback');
      expect(await overdue26()).toBe(before);
      // A write still open while the caches are rebuilt, committed afterwards, shows on the next request.
      await client.query('begin');
      await client.query(graduation, [randomUUID(), record.institution_id, record.participant_id]);
      await app.sql('owner', `insert into casework_change (consumer, xid) values ('voivodeship_overdue/26', pg_current_xact_id())`); // some other committed change
      expect(await overdue26()).toBe(before);
      await client.query('commit');
    } finally {
      await client.end();
    }
    // Eight due dates, all long past, none met.
    expect(await overdue26()).toBe(before + 8);
    expect(await pathPeople()).toBe(pathsBefore);
    expect(await pathPeople()).toBe(await directPathPeople());
  });

  /** Every cache rebuilt where stale, by calling the counting functions that read them (as the service role). */
  const freshCaches = async () => {
    await app.sql('app', `select count(*) from casework_voivodeship_person_counts($1::text[])`, [pgArray(VOIVODESHIPS)]);
    await app.sql('app', `select count(*) from casework_voivodeship_overdue_contacts($1::text[], $2::date)`, [pgArray(VOIVODESHIPS), todayInPoland()]);
    await pathPeople();
  };
  const builtAt = async () =>
    new Map((await app.sql('owner', `select consumer, built_at::text as at from casework_cache_state`)).map((r) => [r.consumer as string, r.at as string]));

  const staleCaches = async () => (await app.sql('owner', `select consumer from casework_change order by consumer`)).map((r) => r.consumer as string);
  /** Everything the public reads about people: voivodeships, an institution, a partnership, the national paths. */
  const publicCounts = async () => {
    await entities(
      VOIVODESHIPS.map((code) => ({ __typename: 'Voivodeship', code })),
      `... on Voivodeship { participantsServed { total { count } } }`,
    );
    await entities(
      [
        { __typename: 'Institution', id: c26.club },
        {
          __typename: 'Partnership',
          id: stableId('partnership:caches'),
          status: 'ACTIVE',
          parties: [{ institution: { id: c26.club } }, { institution: { id: c26.ops } }],
        },
      ],
      `... on Institution { participantsServed { total { count } } } ... on Partnership { sharedParticipants { total { count } } }`,
    );
    expect(await releasedPathPeople()).toBeGreaterThan(0);
  };

  it('mark stale only what a write touched; public reads, which come from the release, rebuild none; the next release rebuilds the path cube alone', async () => {
    await freshCaches();
    await app.release();
    await publicCounts();
    expect(await staleCaches()).toEqual([]);
    const before = await builtAt();
    const lines = testPesels(1, 84).map((pesel) => JSON.stringify({ pesel, categories: [], episodes: [{ kind: 'CLUB_ACTIVITIES', startedOn: '2024-02-01' }] }));
    expect(
      (await app.gql(`mutation($l: [String!]!) { importParticipants(lines: $l) { accepted } }`, { l: lines }, staff(c26.club))).data?.importParticipants
        .accepted,
    ).toBe(1);
    const stale = ['paths', 'voivodeship_counts/26', 'voivodeship_overdue/26'];
    expect(await staleCaches()).toEqual(stale);
    // No person count is computed live for the public: nothing is rebuilt, the change log stays.
    await publicCounts();
    expect(await builtAt()).toEqual(before);
    expect(await staleCaches()).toEqual(stale);
    // A release counts paths through the cube: it is rebuilt once, and only it.
    await app.release();
    const after = await builtAt();
    for (const [consumer, at] of after) {
      if (consumer === 'paths') expect(at, consumer).not.toBe(before.get(consumer));
      else expect(at, consumer).toBe(before.get(consumer));
    }
    expect(await staleCaches()).toEqual(stale.filter((c) => c !== 'paths'));
    expect(await pathPeople()).toBe(await directPathPeople());
  });

  it('stay fresh through a reference refresh that changes nothing; one that moves an institution makes both voivodeships stale, and the next release counts its people where it moved', async () => {
    await freshCaches();
    expect(await staleCaches()).toEqual([]);
    const institutions = await app.sql<ReferenceSnapshot['institutions'][number]>(
      'owner',
      `select id, type, sector, voivodeship, municipality_code as "municipalityCode" from reference_institution`,
    );
    const memberships = await app.sql(
      'owner',
      `select id, network_id as "networkId", institution_id as "institutionId", joined_on::text as "joinedOn", left_on::text as "leftOn" from reference_membership`,
    );
    const partnerships = await app.sql(
      'owner',
      `select id, status, data_sharing as "dataSharing", valid_from::text as "validFrom", valid_to::text as "validTo", party_ids::text[] as "partyIds" from reference_partnership`,
    );
    const snapshot = { institutions, memberships, partnerships } as unknown as ReferenceSnapshot;
    const owner = await openCaseworkOwner(app.ownerUrl, { quiet: true });
    try {
      await replaceReference(owner.orm.em.fork(), snapshot, 'test');
      expect(await app.sql('owner', `select consumer from casework_change`)).toEqual([]);
      expect((await app.sql('owner', `select count(*)::int as n from reference_institution`))[0].n).toBe(institutions.length);
      const moved = { ...snapshot, institutions: institutions.map((i) => (i.id === c26.pup ? { ...i, voivodeship: '24' } : i)) };
      const [before24, before26] = [await expectedServed('24'), await expectedServed('26')];
      await replaceReference(owner.orm.em.fork(), moved, 'test');
      expect((await app.sql('owner', `select consumer from casework_change order by consumer`)).map((r) => r.consumer)).toEqual([
        'paths',
        'voivodeship_counts/24',
        'voivodeship_counts/26',
        'voivodeship_overdue/24',
        'voivodeship_overdue/26',
      ]);
      // Voivodeships are grouped by the reference copy as it stands at the release.
      await app.release();
      const [moved24, moved26] = [await expectedServed('24'), await expectedServed('26')];
      // The PUP's people count in 24 now; in 26 they still count through their club and OPS records there.
      expect(moved24).toBeGreaterThan(before24);
      expect(moved26).toBeLessThanOrEqual(before26);
      expect([await served('24'), await served('26')]).toEqual([moved24, moved26]);
      await replaceReference(owner.orm.em.fork(), snapshot, 'test');
    } finally {
      await owner.orm.close();
    }
    await app.release();
    expect([await served('24'), await served('26')]).toEqual([await expectedServed('24'), await expectedServed('26')]);
  });

  it('are the owner’s alone: the service role reads neither them nor the change log, nor runs their helpers', async () => {
    for (const table of [
      'casework_change',
      'casework_cache_state',
      'casework_voivodeship_counts',
      'casework_voivodeship_overdue',
      'casework_path',
      'casework_path_cube',
    ]) {
      await expect(app.sql('app', `select count(*) from ${table}`), table).rejects.toMatchObject({ code: '42501' });
      await expect(app.sql('app', `delete from ${table}`), table).rejects.toMatchObject({ code: '42501' });
    }
    for (const helper of ['casework_compute_voivodeship_counts(null)', 'casework_compute_path_groups()', `casework_cache_is_fresh('paths', '')`]) {
      await expect(app.sql('app', `select * from ${helper}`), helper).rejects.toMatchObject({ code: '42501' });
    }
  });

  it('entry points: SECURITY DEFINER, counts only, executable by the service role and not by PUBLIC', async () => {
    const expected: Record<string, string> = {
      'casework_group_person_counts(integer[], uuid[], integer)': 'TABLE(group_id integer, dimension text, value text, n bigint)',
      'casework_group_overdue_contacts(integer[], uuid[], date)': 'TABLE(group_id integer, n bigint)',
      'casework_voivodeship_person_counts(text[])': 'TABLE(voivodeship text, dimension text, value text, n bigint)',
      'casework_voivodeship_overdue_contacts(text[], date)': 'TABLE(voivodeship text, n bigint)',
      'casework_reintegration_paths(text, date, date, text, integer)': 'TABLE(steps text[], truncated boolean, end_state text, n bigint)',
      'casework_person_counts(text[], uuid[], integer)': 'TABLE(group_key text, dimension text, value text, n bigint)',
    };
    for (const [signature, result] of Object.entries(expected)) {
      const [grants] = await app.sql(
        'owner',
        `select has_function_privilege('public', $1, 'execute') as public_may, has_function_privilege('ksr_casework_app', $1, 'execute') as app_may, pg_get_function_result($1::regprocedure) as result, p.prosecdef from pg_proc p where p.oid = $1::regprocedure`,
        [signature],
      );
      expect(grants, signature).toEqual({ public_may: false, app_may: true, result, prosecdef: true });
    }
    await expect(app.sql('app', `select * from casework_group_person_counts('{0}', '{${c26.club}}', 3)`)).rejects.toThrow(/min_institutions/);
  });
});
