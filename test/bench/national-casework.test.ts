// The casework part of the national generator at the tiny scale: deterministic (same seed, same
// rows and checksum), every row synthetic, episode kinds that fit the institution, the reference
// copy equal to the registry's, and people shared between institutions so that partnerships,
// networks and voivodeships have counts above k through the gateway, equal to a direct SQL count.
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAllInOne, type AllInOne } from '../../src/app';
import { Linkage } from '../../src/casework/linkage/keys';
import { todayInPoland } from '../../src/common/dates';
import { loadConfig } from '../../src/config';
import { ensureDatabase } from '../../src/db/orm';
import { generateCasework, generateNational, peopleDigest, readCaseworkInputs, SCALES } from '../../seeds/national';
import { compareFingerprints, fingerprint } from '../../bench/lib/fingerprint';
import { startFloorServer } from '../../bench/lib/floor-server';
import { loadWorkloads } from '../../bench/workloads';
import { testDatabaseUrl } from '../support/registry-app';

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

/** People with a record at >= 2 of each group's institutions, counted directly (not through casework's function). */
async function sharedDirect(url: string, groups: { key: string; institutions: string[] }[]): Promise<Map<string, number>> {
  const keys = groups.flatMap((g) => g.institutions.map(() => g.key));
  const ids = groups.flatMap((g) => g.institutions);
  const rows = await query<{ key: string; n: string }>(
    url,
    `with g(key, institution_id) as (select distinct * from unnest($1::text[], $2::uuid[]))
     select key, count(*)::text as n from (
       select g.key from g join participant p on p.institution_id = g.institution_id
       group by g.key, p.key_version, p.pseudonym having count(distinct p.institution_id) >= 2) x
     group by key`,
    [keys, ids],
  );
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
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
    app = await startAllInOne({ config, registryDatabaseUrl: registryUrl, caseworkDatabaseUrl: caseworkUrl, seed: false, quiet: true, errorLog: () => undefined });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  const gql = async (q: string, variables: Record<string, unknown> = {}): Promise<any> => {
    const res = await fetch(app.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q, variables }) });
    const body = (await res.json()) as { data?: any; errors?: unknown[] };
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
    expect(await one(caseworkUrl, 'select count(*)::text as n from participant p left join reference_institution r on r.id = p.institution_id where r.id is null')).toBe(0);
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

  // TODO(issue 9): live-count semantics, superseded by statistical releases; to be rewritten against releases.
  it.skip('copies the reference data from the registry', async () => {
    expect(report.rows.reference_institution).toBe(await one(registryUrl, 'select count(*)::text as n from institution'));
    expect(report.rows.reference_partnership).toBe(await one(registryUrl, "select count(*)::text as n from partnership where status = 'ACTIVE' and data_sharing"));
    expect(report.rows.reference_membership).toBe(await one(registryUrl, 'select count(*)::text as n from membership where left_on is null or left_on >= $1::date', [todayInPoland()]));
    expect(await one(caseworkUrl, 'select count(*)::text as n from reference_refresh')).toBeGreaterThan(0);
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
    await expect(generateCasework({ registryUrl, caseworkUrl: againUrl, scale: SCALES.pilot, seed: SEED, linkage })).rejects.toThrow(/already holds generated data/);
    // People for a registry generated with another seed are refused (before anything is written).
    await expect(generateCasework({ registryUrl, caseworkUrl: againUrl, scale: SCALES.tiny, seed: SEED + 1, linkage })).rejects.toThrow(/generate tiny \(seed 4\) there first/);
  }, 120_000);

  // TODO(issue 9): live-count semantics, superseded by statistical releases; to be rewritten against releases.
  it.skip('shares people between partners: partnership counts above k through the gateway equal a direct count', async () => {
    const parties = await query<{ id: string; parties: string[] }>(
      registryUrl,
      `select p.id, array_agg(pp.institution_id::text order by pp.id) as parties from partnership p join partnership_party pp on pp.partnership_id = p.id
       where p.status in ('ACTIVE', 'ENDED') group by p.id`,
    );
    const direct = await sharedDirect(caseworkUrl, parties.map((p) => ({ key: p.id, institutions: p.parties })));
    const ranked = [...direct].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const k = config.casework.disclosureK;
    const above = ranked.filter(([, n]) => n >= k);
    // Many partnerships of the tiny network share at least k people (club–OPS, club–PUP, OPS–PUP of one area).
    expect(above.length).toBeGreaterThan(20);
    const picks = [...above.slice(0, 3), above[above.length - 1]];
    for (const [id, n] of picks) {
      const data = await gql('query($id: ID!) { partnership(id: $id) { id sharedParticipants { total { count suppressed } byOutcome { outcome count suppressed } } } }', { id });
      expect(data.partnership.sharedParticipants.total, id).toEqual({ count: n, suppressed: false });
    }
    // Below k the count is suppressed.
    const small = ranked.find(([, n]) => n > 0 && n < k);
    if (small) {
      const data = await gql('query($id: ID!) { partnership(id: $id) { sharedParticipants { total { count suppressed } } } }', { id: small[0] });
      expect(data.partnership.sharedParticipants.total).toEqual({ count: null, suppressed: true });
    }
  });

  // TODO(issue 9): live-count semantics, superseded by statistical releases; to be rewritten against releases.
  it.skip('counts shared participants of a network and people served in the voivodeship like SQL does', async () => {
    const today = todayInPoland();
    // The LSR whose members share the most people.
    const members = await query<{ id: string; members: string[] }>(
      registryUrl,
      `select n.id, array_agg(m.institution_id::text order by m.id) as members from network n join membership m on m.network_id = n.id
       where n.kind = 'LOCAL_REINTEGRATION_NETWORK' and m.joined_on <= $1::date and (m.left_on is null or m.left_on >= $1::date) group by n.id`,
      [today],
    );
    const shared = await sharedDirect(caseworkUrl, members.map((m) => ({ key: m.id, institutions: m.members })));
    const [networkId, n] = [...shared].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    expect(n).toBeGreaterThanOrEqual(config.casework.disclosureK);
    const data = await gql('query($id: ID!) { network(id: $id) { sharedParticipants { total { count suppressed } } } }', { id: networkId });
    expect(data.network.sharedParticipants.total).toEqual({ count: n, suppressed: false });

    const served = await one(
      caseworkUrl,
      "select count(distinct (p.key_version, p.pseudonym))::text as n from participant p join reference_institution r on r.id = p.institution_id where r.voivodeship = '26'",
    );
    const v = await gql('{ voivodeship(code: "26") { participantsServed { total { count suppressed } } } }');
    expect(v.voivodeship.participantsServed.total).toEqual({ count: served, suppressed: false });
    expect(served).toBeGreaterThan(report.rows.people * 0.9);
  });

  // TODO(issue 9): live-count semantics, superseded by statistical releases; to be rewritten against releases.
  it.skip('answers bench workloads 5 and 6, and the floor of 6 gives the same ids and counts as ours', async () => {
    const workloads = loadWorkloads(config.projectRoot);
    const five = workloads.find((w) => w.number === 5)!;
    const six = workloads.find((w) => w.number === 6)!;
    expect(five.available && six.available).toBe(true);
    const graph = await gql(five.document!, five.variables);
    expect(graph.cooperationGraph.nodeCount).toBeGreaterThan(100);
    expect(graph.cooperationGraph.nodes.edges.length).toBeGreaterThan(0);
    const ours = await gql(six.document!, six.variables);
    const partnerships = ours.network.members.edges.flatMap((e: any) => e.node.institution.partnerships.edges.map((x: any) => x.node));
    expect(partnerships.length).toBeGreaterThan(5);
    expect(partnerships.some((p: any) => p.sharedParticipants.total.count >= config.casework.disclosureK)).toBe(true);
    const floor = await startFloorServer({ registry: registryUrl, casework: caseworkUrl, k: config.casework.disclosureK }, { [six.id]: six.floor! });
    try {
      const res = await fetch(floor.url, { method: 'POST', body: JSON.stringify({ workload: six.id, variables: six.variables }) });
      const body = (await res.json()) as { data: unknown };
      expect(compareFingerprints(fingerprint(body.data), fingerprint(ours))).toBeNull();
      expect(body.data).toEqual(ours);
    } finally {
      await floor.stop();
    }
  });
});
