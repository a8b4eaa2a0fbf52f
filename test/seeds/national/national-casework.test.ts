// The casework part of the national generator at the tiny scale: deterministic (same seed, same
// rows and checksum), every row synthetic, episode kinds that fit the institution, the reference
// copy equal to the registry's, and people shared between institutions so that partnerships,
// networks and voivodeships have counts above k through the gateway. Those counts come from the
// latest statistical release: the tests publish one without noise and compare it with a direct SQL
// count under the release's contribution bounds (earliest RELEASE_MAX_INSTITUTIONS records of a
// person, at most RELEASE_MAX_SHARED_GROUPS shared groups each).
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllInOne, type AllInOne } from '../../../src/app';
import { statisticsOf } from '../../../src/casework/aggregates/aggregate.service';
import { Linkage } from '../../../src/casework/linkage/keys';
import { networkKey, partyKey, publishRelease, type GroupCounts } from '../../../src/casework/releases/publish';
import { todayInPoland } from '../../../src/common/dates';
import { loadConfig } from '../../../src/config';
import { ensureDatabase } from '../../../src/db/orm';
import { generateCasework, generateNational, peopleDigest, readCaseworkInputs, SCALES } from '../../../seeds/national';
import { fingerprint } from '../../../bench/lib/fingerprint';
import { startFloorServer } from '../../../bench/lib/floor-server';
import { loadWorkloads } from '../../../bench/workloads';
import { exactCounts } from '../../support/casework-app';
import { testDatabaseUrl } from '../../support/registry-app';
import { edgesOf, post, postQuery } from '../../support/requests';

const SEED = 3;

async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const one = async (url: string, sql: string, params: unknown[] = []): Promise<number> => Number((await query<{ n: string }>(url, sql, params))[0].n);

/** Generated rows carry this creation instant (the pilot's synthetic people the time of seeding). */
const GENERATED = "created_at = '2026-07-01T00:00:00Z'";

/** A checksum of the generated rows of a casework database (participants and episodes, in id order). */
const checksum = async (url: string): Promise<string> =>
  (
    await query<{ sum: string }>(
      url,
      `select md5((select string_agg(p::text, '|' order by p.id) from participant p where ${GENERATED})
               || (select string_agg(e::text, '|' order by e.id) from service_episode e where ${GENERATED})) as sum`,
    )
  )[0].sum;

/** Per person (key version and pseudonym), the institutions of the records a release counts: their earliest `max` with an episode. */
async function keptInstitutions(url: string, max: number): Promise<Map<string, Set<string>>> {
  const rows = await query<{ person: string; institution_id: string }>(
    url,
    `select person, institution_id::text from (
       select p.key_version || ':' || p.pseudonym as person, p.institution_id,
              row_number() over (partition by p.key_version, p.pseudonym order by p.created_at, p.id) as rank
       from participant p where exists (select 1 from service_episode e where e.participant_id = p.id)) r
     where rank <= $1`,
    [max],
  );
  const out = new Map<string, Set<string>>();
  for (const r of rows) out.set(r.person, (out.get(r.person) ?? new Set()).add(r.institution_id));
  return out;
}

/** The shared groups of a release on `day`, from the reference copy: parties of active partnerships in force and their pairs, members of networks. */
async function releaseSharedGroups(url: string, day: string): Promise<Map<string, string[]>> {
  const groups = new Map<string, string[]>();
  const partnerships = await query<{ ids: string[] }>(
    url,
    `select party_ids::text[] as ids from reference_partnership where status = 'ACTIVE' and valid_from <= $1 and (valid_to is null or valid_to >= $1)`,
    [day],
  );
  for (const { ids } of partnerships) {
    const parties = partyKey(ids).split(',');
    if (parties.length < 2) continue;
    groups.set(parties.join(','), parties);
    for (const [i, a] of parties.entries()) for (const b of parties.slice(i + 1)) groups.set(partyKey([a, b]), [a, b]);
  }
  const networks = await query<{ id: string; ids: string[] }>(
    url,
    `select network_id::text as id, array_agg(distinct institution_id::text) as ids from reference_membership where joined_on <= $1 and (left_on is null or left_on >= $1) group by network_id`,
    [day],
  );
  for (const n of networks) if (n.ids.length >= 2) groups.set(networkKey(n.id), n.ids);
  return groups;
}

/**
 * People with kept records at two or more institutions of each group, and the bounds the release's
 * cap on groups per person sets: `upper` counts everyone, `lower` only people in at most `maxGroups`
 * groups (each of them counts wherever they are); the release keeps `contributions` person-groups in all.
 */
function boundedShared(groups: Map<string, string[]>, kept: Map<string, Set<string>>, maxGroups: number) {
  const groupsOf = new Map<string, string[]>();
  for (const [key, ids] of groups) for (const id of ids) groupsOf.set(id, [...(groupsOf.get(id) ?? []), key]);
  const upper = new Map<string, number>();
  const lower = new Map<string, number>();
  let contributions = 0;
  for (const institutions of kept.values()) {
    const hits = new Map<string, number>();
    for (const id of institutions) for (const key of groupsOf.get(id) ?? []) hits.set(key, (hits.get(key) ?? 0) + 1);
    const mine = [...hits].filter(([, n]) => n >= 2).map(([key]) => key);
    contributions += Math.min(mine.length, maxGroups);
    for (const key of mine) {
      upper.set(key, (upper.get(key) ?? 0) + 1);
      if (mine.length <= maxGroups) lower.set(key, (lower.get(key) ?? 0) + 1);
    }
  }
  return { upper, lower, contributions };
}

/** The latest release's cells of a table, by group key. */
async function releasedCells(url: string, table: string): Promise<Map<string, GroupCounts>> {
  const rows = await query<{ group_key: string; counts: GroupCounts }>(
    url,
    `select group_key, counts from statistics_release_cell where release_id = (select id from statistics_release order by published_at desc, id desc limit 1) and table_name = $1`,
    [table],
  );
  return new Map(rows.map((r) => [r.group_key, r.counts]));
}

describe('national generator: casework at the tiny scale', () => {
  const registryUrl = testDatabaseUrl();
  const caseworkUrl = `${registryUrl}_cw`;
  const againUrl = `${registryUrl}_cw2`;
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_ON_START: 'false' });
  const linkage = new Linkage(config.casework.linkageKeys);
  let report: Awaited<ReturnType<typeof generateCasework>>;
  let app: AllInOne;

  beforeAll(async () => {
    await ensureDatabase(registryUrl);
    await generateNational({ url: registryUrl, scale: SCALES.tiny, seed: SEED });
    report = await generateCasework({ registryUrl, caseworkUrl, scale: SCALES.tiny, seed: SEED, linkage });
    app = await startAllInOne({ config, registryDatabaseUrl: registryUrl, caseworkDatabaseUrl: caseworkUrl, quiet: true, errorLog: () => undefined });
    // The service published a release at start, with noise; one without, to check what it counts.
    await publishRelease(app.caseworkDb.orm.em.fork(), config.casework.releases, { sampler: exactCounts });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  const k = config.casework.disclosureK;
  const { maxInstitutions, maxSharedGroups } = config.casework.releases;
  /** What the public is shown for a released cell (none: all suppressed). */
  const shownOf = (cell: GroupCounts | undefined) =>
    statisticsOf(
      cell
        ? { total: cell.total, categories: new Map(Object.entries(cell.category)), outcomes: new Map(Object.entries(cell.outcome)) }
        : { total: 0, categories: new Map(), outcomes: new Map() },
      k,
      false,
    );

  const gql = async (q: string, variables: Record<string, unknown> = {}): Promise<any> => {
    const body = (await postQuery(app.server.url, q, variables)).json as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  };

  it('loads people with 1–4 records and about three episodes each, all synthetic', async () => {
    const { people, participant, service_episode: episodes } = report.rows;
    expect(people).toBeGreaterThan(0.9 * SCALES.tiny.people);
    expect(people).toBeLessThanOrEqual(SCALES.tiny.people);
    expect(participant / people).toBeGreaterThan(1.7);
    expect(participant / people).toBeLessThan(2.8);
    expect(episodes / people).toBeGreaterThan(2.3);
    expect(episodes / people).toBeLessThan(3.6);
    // The pilot's synthetic people are there too (seeded first), all marked synthetic like ours.
    expect(await one(caseworkUrl, 'select count(*)::text as n from participant')).toBeGreaterThan(participant);
    expect(await one(caseworkUrl, 'select count(*)::text as n from participant where not synthetic')).toBe(0);
    expect(await one(caseworkUrl, 'select count(*)::text as n from service_episode where not synthetic')).toBe(0);
    const perPerson = await query<{ records: number; n: string }>(
      caseworkUrl,
      `select records, count(*)::text as n from (select count(*)::int as records from participant where ${GENERATED} group by key_version, pseudonym) x group by records order by records`,
    );
    expect(perPerson.map((r) => r.records)).toEqual([1, 2, 3, 4]);
    expect(perPerson.reduce((s, r) => s + Number(r.n), 0)).toBe(people);
  });

  it('gives each institution the kinds of episode it provides, in a plausible order', async () => {
    const kinds = await query<{ type: string; kind: string }>(
      caseworkUrl,
      'select distinct r.type, e.kind::text as kind from service_episode e join reference_institution r on r.id = e.institution_id order by 1, 2',
    );
    const allowed: Record<string, string[]> = {
      KIS: ['CLUB_ACTIVITIES'],
      CIS: ['CIS_PROGRAMME'],
      OPS: ['SOCIAL_ASSISTANCE', 'SOCIAL_CONTRACT', 'ACTIVATION_AND_INTEGRATION_PROGRAMME'],
      PUP: ['LABOUR_OFFICE_REGISTRATION', 'ACTIVATION', 'PUBLIC_WORKS', 'VOCATIONAL_TRAINING'],
      NGO: ['LOCAL_ACTIVITY_PROGRAMME', 'VOCATIONAL_TRAINING', 'THERAPY', 'OTHER'],
    };
    for (const { type, kind } of kinds) expect(allowed[type], `${kind} at ${type}`).toContain(kind);
    // Every participant's institution is a known one, and its episodes belong to the same institution.
    expect(
      await one(caseworkUrl, 'select count(*)::text as n from participant p left join reference_institution r on r.id = p.institution_id where r.id is null'),
    ).toBe(0);
    // OPS before the club: for most people with both, assistance started first.
    const [order] = await query<{ before: string; all: string }>(
      caseworkUrl,
      `with firsts as (
         select p.key_version, p.pseudonym, r.type, min(e.started_on) as started
         from participant p join service_episode e on e.participant_id = p.id join reference_institution r on r.id = p.institution_id
         where p.synthetic group by 1, 2, 3)
       select count(*) filter (where o.started <= c.started)::text as before, count(*)::text as "all"
       from firsts o join firsts c using (key_version, pseudonym) where o.type = 'OPS' and c.type in ('KIS', 'CIS')`,
    );
    expect(Number(order.all)).toBeGreaterThan(100);
    expect(Number(order.before) / Number(order.all)).toBeGreaterThan(0.9);
    // Some episodes are open, the ended ones have outcomes (the database checks that too).
    expect(await one(caseworkUrl, 'select count(*)::text as n from service_episode where ended_on is null')).toBeGreaterThan(100);
    expect(await one(caseworkUrl, 'select count(*)::text as n from service_episode where ended_on is not null and outcome is null')).toBe(0);
  });

  it('copies the reference data from the registry (every active partnership, sharing data or not), and the release groups people by it', async () => {
    expect(report.rows.reference_institution).toBe(await one(registryUrl, 'select count(*)::text as n from institution'));
    expect(report.rows.reference_partnership).toBe(await one(registryUrl, "select count(*)::text as n from partnership where status = 'ACTIVE'"));
    expect(await one(registryUrl, "select count(*)::text as n from partnership where status = 'ACTIVE' and not data_sharing")).toBeGreaterThan(0);
    expect(report.rows.reference_membership).toBe(
      await one(registryUrl, 'select count(*)::text as n from membership where left_on is null or left_on >= $1::date', [todayInPoland()]),
    );
    expect(await one(caseworkUrl, 'select count(*)::text as n from reference_refresh')).toBeGreaterThan(0);
    // The release's tables: a cell for every institution and voivodeship of the copy, and for every
    // partner group (an active partnership's parties, any two of them) and network of it, and no other.
    const day = todayInPoland();
    const shared = await releasedCells(caseworkUrl, 'shared');
    expect([...shared.keys()].sort()).toEqual([...(await releaseSharedGroups(caseworkUrl, day)).keys()].sort());
    expect((await releasedCells(caseworkUrl, 'institution')).size).toBe(report.rows.reference_institution);
    expect([...(await releasedCells(caseworkUrl, 'voivodeship')).keys()].sort()).toEqual(
      (await query<{ v: string }>(caseworkUrl, 'select distinct voivodeship as v from reference_institution where voivodeship is not null order by 1')).map(
        (r) => r.v,
      ),
    );
  });

  it('is deterministic: the same seed gives the same rows, another seed others', async () => {
    const registry = new Client({ connectionString: registryUrl });
    await registry.connect();
    const inputs = await readCaseworkInputs(registry, SCALES.tiny).finally(() => registry.end());
    const first = peopleDigest(inputs, SCALES.tiny, SEED, linkage);
    expect(peopleDigest(inputs, SCALES.tiny, SEED, linkage)).toEqual(first);
    expect(peopleDigest(inputs, SCALES.tiny, SEED + 1, linkage).participant).not.toEqual(first.participant);
    // Loaded again into another database: the same checksum and counts.
    const again = await generateCasework({ registryUrl, caseworkUrl: againUrl, scale: SCALES.tiny, seed: SEED, linkage });
    expect(again.rows).toEqual(report.rows);
    expect(await checksum(againUrl)).toBe(await checksum(caseworkUrl));
    // Once there, a second run does nothing; another scale is refused.
    expect((await generateCasework({ registryUrl, caseworkUrl: againUrl, scale: SCALES.tiny, seed: SEED, linkage })).alreadyGenerated).toBe(true);
    await expect(generateCasework({ registryUrl, caseworkUrl: againUrl, scale: SCALES.pilot, seed: SEED, linkage })).rejects.toThrow(
      /already holds generated data/,
    );
    // People for a registry generated with another seed are refused (before anything is written).
    await expect(generateCasework({ registryUrl, caseworkUrl: againUrl, scale: SCALES.tiny, seed: SEED + 1, linkage })).rejects.toThrow(
      /generate tiny \(seed 4\) there first/,
    );
  }, 120_000);

  it('shares people between partners: released partnership counts above k through the gateway, equal to a direct count under the release bounds', async () => {
    const groups = await releaseSharedGroups(caseworkUrl, todayInPoland());
    const { upper, lower, contributions } = boundedShared(groups, await keptInstitutions(caseworkUrl, maxInstitutions), maxSharedGroups);
    const released = await releasedCells(caseworkUrl, 'shared');
    // Each group's count lies between the people who are in no more groups than the cap (they count
    // everywhere) and everyone; in all, every person counts in as many groups as the cap allows.
    for (const [key, cell] of released) {
      expect(cell.total, key).toBeGreaterThanOrEqual(lower.get(key) ?? 0);
      expect(cell.total, key).toBeLessThanOrEqual(upper.get(key) ?? 0);
    }
    expect([...released.values()].reduce((sum, c) => sum + c.total, 0)).toBe(contributions);
    expect([...upper.keys()].every((key) => released.has(key))).toBe(true);
    // Partnerships as the gateway shows them: the registry's ACTIVE ones in force, each with its parties' cell.
    const parties = await query<{ id: string; parties: string[] }>(
      registryUrl,
      `select p.id, array_agg(pp.institution_id::text order by pp.id) as parties from partnership p join partnership_party pp on pp.partnership_id = p.id
       where p.status = 'ACTIVE' and p.valid_from <= $1 and (p.valid_to is null or p.valid_to >= $1) group by p.id`,
      [todayInPoland()],
    );
    const ranked = parties
      .map((p) => ({ id: p.id, key: partyKey(p.parties), n: released.get(partyKey(p.parties))?.total ?? 0 }))
      .sort((a, b) => b.n - a.n || a.id.localeCompare(b.id));
    const above = ranked.filter((p) => p.n >= k);
    // Many partnerships of the tiny network share at least k people (club–OPS, club–PUP, OPS–PUP of one area).
    expect(above.length).toBeGreaterThan(20);
    // Some of them exactly as counted directly: none of their people is in more groups than the cap.
    const exact = above.filter((p) => lower.get(p.key) === upper.get(p.key));
    expect(exact.length).toBeGreaterThan(5);
    const picks = [...above.slice(0, 3), above[above.length - 1], exact[0], exact[exact.length - 1]];
    for (const p of picks) {
      const data = await gql(
        'query($id: ID!) { partnership(id: $id) { id sharedParticipants { total { count suppressed } byOutcome { outcome count suppressed } } } }',
        { id: p.id },
      );
      const { total, byOutcome } = shownOf(released.get(p.key));
      expect(data.partnership.sharedParticipants, p.id).toEqual({ total, byOutcome });
      expect(total, p.id).toEqual({ count: p.n, suppressed: false });
    }
    for (const p of exact.slice(0, 3)) expect(p.n).toBe(upper.get(p.key));
    // Below k the count is suppressed; an ENDED partnership whose parties are no active partners' has no cell.
    const small = ranked.find((p) => p.n > 0 && p.n < k);
    if (small) {
      const data = await gql('query($id: ID!) { partnership(id: $id) { sharedParticipants { total { count suppressed } } } }', { id: small.id });
      expect(data.partnership.sharedParticipants.total).toEqual({ count: null, suppressed: true });
    }
    const ended = await query<{ id: string; parties: string[] }>(
      registryUrl,
      `select p.id, array_agg(pp.institution_id::text) as parties from partnership p join partnership_party pp on pp.partnership_id = p.id where p.status = 'ENDED' group by p.id order by p.id`,
    );
    const unpartnered = ended.find((p) => !released.has(partyKey(p.parties)));
    expect(unpartnered).toBeDefined();
    const data = await gql('query($id: ID!) { partnership(id: $id) { status sharedParticipants { total { count suppressed } } } }', { id: unpartnered!.id });
    expect(data.partnership).toEqual({ status: 'ENDED', sharedParticipants: { total: { count: null, suppressed: true } } });
  });

  it('counts shared participants of a network and people served in the voivodeship like SQL does under the release bounds', async () => {
    const groups = await releaseSharedGroups(caseworkUrl, todayInPoland());
    const { upper, lower } = boundedShared(groups, await keptInstitutions(caseworkUrl, maxInstitutions), maxSharedGroups);
    const released = await releasedCells(caseworkUrl, 'shared');
    // The LSR whose members share the most people in the release.
    const lsrs = await query<{ id: string }>(registryUrl, `select id::text from network where kind = 'LOCAL_REINTEGRATION_NETWORK'`);
    const [networkId, n] = lsrs
      .map((l) => [l.id, released.get(networkKey(l.id))?.total ?? 0] as const)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    expect(n).toBeGreaterThanOrEqual(k);
    expect(n).toBeGreaterThanOrEqual(lower.get(networkKey(networkId)) ?? 0);
    expect(n).toBeLessThanOrEqual(upper.get(networkKey(networkId)) ?? 0);
    const data = await gql('query($id: ID!) { network(id: $id) { sharedParticipants { total { count suppressed } } } }', { id: networkId });
    expect(data.network.sharedParticipants.total).toEqual({ count: n, suppressed: false });

    // People once each, through the records the release keeps (none beyond the cap on groups: a person has at most that many voivodeships).
    const served = await one(
      caseworkUrl,
      `select count(distinct person)::text as n from (
         select p.key_version || ':' || p.pseudonym as person, p.institution_id,
                row_number() over (partition by p.key_version, p.pseudonym order by p.created_at, p.id) as rank
         from participant p where exists (select 1 from service_episode e where e.participant_id = p.id)) r
       join reference_institution i on i.id = r.institution_id where r.rank <= $1 and i.voivodeship = '26'`,
      [maxInstitutions],
    );
    const v = await gql('{ voivodeship(code: "26") { participantsServed { total { count suppressed } } } }');
    expect(v.voivodeship.participantsServed.total).toEqual({ count: served, suppressed: false });
    expect(served).toBeGreaterThan(report.rows.people * 0.9);
  });

  it('answers bench workloads 5 and 6 (its counts the released cells); the floor of 6 gives the same answer', async () => {
    const workloads = loadWorkloads(config.projectRoot);
    const five = workloads.find((w) => w.number === 5)!;
    const six = workloads.find((w) => w.number === 6)!;
    expect(five.available && six.available).toBe(true);
    const graph = await gql(five.document!, five.variables);
    expect(graph.cooperationGraph.nodeCount).toBeGreaterThan(100);
    expect(graph.cooperationGraph.nodes.edges.length).toBeGreaterThan(0);
    const ours = await gql(six.document!, six.variables);
    const released = await releasedCells(caseworkUrl, 'shared');
    expect(ours.network.sharedParticipants).toEqual({ total: shownOf(released.get(networkKey(ours.network.id))).total });
    const partnerships = ours.network.members.edges.flatMap((e: any) => edgesOf(e.node.institution.partnerships));
    expect(partnerships.length).toBeGreaterThan(5);
    for (const p of partnerships) {
      const { total, byOutcome } = shownOf(released.get(partyKey(p.parties.map((x: any) => x.institution.id))));
      expect(p.sharedParticipants, p.id).toEqual({ total, byOutcome });
    }
    expect(partnerships.some((p: any) => p.sharedParticipants.total.count >= k)).toBe(true);
    // The floor reads the same released cells (bench/workloads/floor.ts): the same answer.
    const floor = await startFloorServer({ registry: registryUrl, casework: caseworkUrl, k }, { [six.id]: six.floor! });
    try {
      const body = (await post(floor.url, { workload: six.id, variables: six.variables })).json as { data: unknown };
      expect(fingerprint(body.data).ids).toEqual(fingerprint(ours).ids);
      expect(body.data).toEqual(ours);
    } finally {
      await floor.stop();
    }
  });
});
