// The national generator at the tiny scale (świętokrzyskie only): deterministic, the counts its
// scale asks for, every row marked synthetic, and every reference resolvable in the database.
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstitutionType } from '../../../src/registry/institutions/institution-kinds';
import { ensureDatabase } from '../../../src/db/orm';
import { buildNationalPlan, copyTables, generateNational, SCALES } from '../../../seeds/national';
import { testDatabaseUrl } from '../../support/registry-app';

const digest = (seed: number): Record<string, string> => {
  const plan = buildNationalPlan(SCALES.tiny, seed);
  return Object.fromEntries(
    copyTables(plan).map((t) => {
      const hash = createHash('sha256');
      for (const row of t.rows()) hash.update(row);
      return [t.table, hash.digest('hex')];
    }),
  );
};

describe('national generator: plan', () => {
  it('gives the same rows for the same seed and different rows for another', () => {
    const first = digest(7);
    expect(digest(7)).toEqual(first);
    const other = digest(8);
    expect(other.institution).not.toEqual(first.institution);
    expect(other.partnership).not.toEqual(first.partnership);
  });

  it('keeps most partnerships within a county and gives degrees a heavy tail', () => {
    const plan = buildNationalPlan(SCALES.national, 1);
    const p = plan.partnerships;
    expect(p.count).toBe(150_000);
    let sameCounty = 0;
    const degree = new Int32Array(plan.nodes.length);
    for (let k = 0; k < p.count; k++) {
      const lead = plan.nodes[p.partyNode[p.partyStart[k]]];
      const partner = plan.nodes[p.partyNode[p.partyStart[k] + 1]];
      if (lead.county === partner.county) sameCounty++;
      for (let i = p.partyStart[k]; i < p.partyStart[k + 1]; i++) degree[p.partyNode[i]]++;
    }
    expect(sameCounty / p.count).toBeGreaterThan(0.6);
    const sorted = Array.from(degree).sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1];
    expect(median).toBeLessThanOrEqual(8);
    expect(sorted.at(-1)!).toBeGreaterThan(20 * median);
    // About 40,000 institutions in all (pilot rows included), an OPS in each of the 2,477 municipalities.
    expect(plan.nodes.length).toBeGreaterThan(38_000);
    expect(plan.nodes.length).toBeLessThan(42_000);
    expect(plan.nodes.filter((n) => n.type === InstitutionType.OPS)).toHaveLength(2477);
    expect(plan.nodes.filter((n) => n.type === InstitutionType.PUP)).toHaveLength(380);
  }, 60_000);
});

describe('national generator: loaded into PostgreSQL (tiny scale)', () => {
  const url = testDatabaseUrl();
  let client: Client;
  let report: Awaited<ReturnType<typeof generateNational>>;

  beforeAll(async () => {
    await ensureDatabase(url);
    report = await generateNational({ url, scale: SCALES.tiny, seed: 3 });
    client = new Client({ connectionString: url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });

  const one = async (sql: string): Promise<number> => Number((await client.query<{ n: string }>(sql)).rows[0].n);

  it('loads the counts of its scale on top of the pilot seed', async () => {
    const plan = buildNationalPlan(SCALES.tiny, 3);
    expect(report.rows).toEqual({
      institution: plan.institutions.length,
      partnership: SCALES.tiny.partnerships,
      partnership_party: plan.partnerships.partyStart[plan.partnerships.count],
      network: plan.networks.length,
      membership: plan.memberships.length,
    });
    // Totals per counted type in świętokrzyskie include the pilot's rows there.
    for (const [type, total] of Object.entries(SCALES.tiny.counted)) {
      expect(await one(`select count(*) as n from institution where type = '${type}' and municipality_code like '26%'`), type).toBe(total);
    }
    // One OPS and one GKRPA per municipality of the voivodeship, a PUP per county.
    expect(await one("select count(*) as n from institution where type = 'OPS' and municipality_code like '26%'")).toBe(
      await one("select count(*) as n from municipality where code like '26%'"),
    );
    expect(await one("select count(distinct municipality_code) as n from institution where type = 'GKRPA' and municipality_code like '26%'")).toBe(
      await one("select count(*) as n from municipality where code like '26%'"),
    );
    expect(await one("select count(*) as n from institution where type = 'PUP' and municipality_code like '26%'")).toBe(
      await one("select count(*) as n from county where code like '26%'"),
    );
    // An LSR per club.
    expect(await one("select count(*) as n from network where kind = 'LOCAL_REINTEGRATION_NETWORK' and voivodeship_code = '26'")).toBe(SCALES.tiny.counted.KIS);
  });

  it('marks every generated row synthetic and leaves the pilot facts as they were', async () => {
    const ids = new Set(buildNationalPlan(SCALES.tiny, 3).institutions.map((i) => i.id));
    const { rows } = await client.query<{ id: string; synthetic: boolean; pilot: boolean }>('select id, synthetic, pilot from institution');
    const generated = rows.filter((r) => ids.has(r.id));
    expect(generated).toHaveLength(ids.size);
    expect(generated.every((r) => r.synthetic && !r.pilot)).toBe(true);
    expect(await one('select count(*) as n from partnership where not synthetic')).toBe(0);
    expect(await one('select count(*) as n from institution where pilot')).toBe(32);
    expect(await one("select count(*) as n from network where not synthetic and kind <> 'LOCAL_REINTEGRATION_NETWORK'")).toBeGreaterThan(0);
  });

  it('keeps references whole: parties, founders, memberships, one lead per partnership, no pair twice', async () => {
    expect(await one('select count(*) as n from partnership_party pp left join institution i on i.id = pp.institution_id where i.id is null')).toBe(0);
    expect(
      await one(
        "select count(*) as n from partnership p where (select count(*) from partnership_party pp where pp.partnership_id = p.id and pp.role = 'LEAD') <> 1",
      ),
    ).toBe(0);
    expect(
      await one(
        "select count(*) as n from partnership p join partnership_party pp on pp.partnership_id = p.id and pp.role = 'LEAD' where pp.institution_id <> p.proposed_by_id",
      ),
    ).toBe(0);
    expect(await one('select count(*) as n from partnership p where (select count(*) from partnership_party pp where pp.partnership_id = p.id) < 2')).toBe(0);
    expect(
      await one('select count(*) as n from institution i left join institution f on f.id = i.founder_id where i.founder_id is not null and f.id is null'),
    ).toBe(0);
    expect(
      await one(
        'select count(*) as n from membership m left join network n on n.id = m.network_id left join institution i on i.id = m.institution_id where n.id is null or i.id is null',
      ),
    ).toBe(0);
    expect(await one('select count(*) as n from (select network_id, institution_id from membership group by 1, 2 having count(*) > 1) d')).toBe(0);
    // No pair of institutions gets two generated partnerships (lead and first partner).
    const plan = buildNationalPlan(SCALES.tiny, 3);
    const pairs = new Set<string>();
    for (let k = 0; k < plan.partnerships.count; k++) {
      const a = plan.partnerships.partyNode[plan.partnerships.partyStart[k]];
      const b = plan.partnerships.partyNode[plan.partnerships.partyStart[k] + 1];
      pairs.add(a < b ? `${a}|${b}` : `${b}|${a}`);
    }
    expect(pairs.size).toBe(plan.partnerships.count);
  });

  it('computes search_text with the application normaliser', async () => {
    const { rows } = await client.query<{ name: string; search_text: string }>(
      "select name, search_text from institution where synthetic and name like '%„%' limit 5",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.search_text).not.toMatch(/[„”ąćęłńóśźżĄĆĘŁŃÓŚŹŻA-Z]/);
  });

  it('does nothing when run again with the same scale and seed, and refuses another', async () => {
    expect((await generateNational({ url, scale: SCALES.tiny, seed: 3 })).alreadyGenerated).toBe(true);
    await expect(generateNational({ url, scale: SCALES.tiny, seed: 4 })).rejects.toThrow(/already holds generated data/);
  });
});
