import 'reflect-metadata';
// Migrations on an empty database: the schema and the TERYT register come up with no institutions,
// applying the migrations (or the whole bootstrap) again changes nothing, the database enforces its
// own checks, and the pilot seed can be loaded later, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryMigrations } from '../../src/db/migrations/registry';
import { openRegistryDatabase } from '../../src/registry/bootstrap';
import { seedPilotNetwork } from '../../seeds/pilot';
import { startRegistryApp, type TestApp } from '../support/registry-app';
import { fingerprint, sql } from '../support/registry-helpers';
import { data } from '../support/requests';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp({ seed: false });
});
afterAll(() => app?.close());

/** Every table, column, index and constraint of the public schema. */
async function schemaShape(): Promise<string[]> {
  const rows = await sql<{ item: string }>(
    app,
    `select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable as item from information_schema.columns where table_schema = 'public'
     union all select 'index ' || indexname || ' ' || indexdef from pg_indexes where schemaname = 'public'
     union all select 'constraint ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = 'public'::regnamespace
     order by 1`,
  );
  return rows.map((r) => r.item);
}

const counts = async () =>
  data(
    await app.gql(`{
      voivodeships { code counties { code } }
      municipalities { totalCount }
      institutions { totalCount }
      partnerships(filter: { statuses: [PROPOSED, ACTIVE, ENDED, DECLINED] }) { totalCount }
      networks { totalCount }
      grants { totalCount }
      programmes { code }
    }`),
  );

describe('an empty database', () => {
  it('is migrated, has the TERYT register and no institutions', async () => {
    const res = await counts();
    expect(res.voivodeships).toHaveLength(16);
    expect(res.voivodeships.flatMap((v: any) => v.counties)).toHaveLength(380);
    expect(res.municipalities.totalCount).toBe(2477);
    expect(res.institutions.totalCount).toBe(0);
    expect(res.partnerships.totalCount).toBe(0);
    expect(res.networks.totalCount).toBe(0);
    expect(res.grants.totalCount).toBe(0);
    expect(res.programmes).toEqual([]);
    expect(data(await app.gql(`{ voivodeship(code: "26") { institutionCounts { total } platform { id } } }`)).voivodeship).toEqual({
      institutionCounts: { total: 0 },
      platform: null,
    });
  });

  it('has applied every listed migration, in order', async () => {
    const executed = await app.db.orm.getMigrator().getExecutedMigrations();
    expect(executed.map((m) => m.name)).toEqual(registryMigrations.map((m) => m.name));
    expect(await app.db.orm.getMigrator().getPendingMigrations()).toEqual([]);
    expect(await sql(app, `select extname from pg_extension where extname = 'pg_trgm'`)).toHaveLength(1);
  });

  it('applying the migrations again is a no-op', async () => {
    const shape = await schemaShape();
    expect(shape.length).toBeGreaterThan(50);
    const before = await fingerprint(app);
    expect(await app.db.orm.getMigrator().up()).toEqual([]);
    expect(await schemaShape()).toEqual(shape);
    expect(await fingerprint(app)).toEqual(before);
    expect((await app.db.orm.getMigrator().getExecutedMigrations()).map((m) => m.name)).toEqual(registryMigrations.map((m) => m.name));
  });

  it('bootstrapping the same database again changes nothing (migrations and TERYT are idempotent)', async () => {
    const shape = await schemaShape();
    const places = await sql<{ v: number; c: number; m: number }>(
      app,
      'select (select count(*) from voivodeship)::int as v, (select count(*) from county)::int as c, (select count(*) from municipality)::int as m',
    );
    const again = await openRegistryDatabase(app.config.databaseUrl!, { quiet: true });
    try {
      expect(await schemaShape()).toEqual(shape);
      expect(
        await sql(
          app,
          'select (select count(*) from voivodeship)::int as v, (select count(*) from county)::int as c, (select count(*) from municipality)::int as m',
        ),
      ).toEqual(places);
      expect(places).toEqual([{ v: 16, c: 380, m: 2477 }]);
    } finally {
      await again.orm.close();
    }
    expect((await counts()).institutions.totalCount).toBe(0);
  });

  it('enforces its own checks whatever the application does', async () => {
    await expect(
      sql(app, `insert into institution (id, type, name, postal_code) values ('01900000-0000-7000-8000-000000000000', 'NGO', 'Test', '26026')`),
    ).rejects.toThrow(/institution_postal_code_check/);
    await expect(
      sql(app, `insert into institution (id, type, name, nip) values ('01900000-0000-7000-8000-000000000001', 'NGO', 'Test', '123')`),
    ).rejects.toThrow(/institution_nip_check/);
    await expect(
      sql(app, `insert into institution (id, type, name, municipality_code) values ('01900000-0000-7000-8000-000000000002', 'NGO', 'Test', '2699011')`),
    ).rejects.toThrow(/foreign key/);
    expect((await counts()).institutions.totalCount).toBe(0);
  });
});

describe('seeding later', () => {
  it('loads the pilot network once; a second run writes nothing', async () => {
    const first = await seedPilotNetwork(app.db.orm.em.fork());
    expect(first).toMatchObject({ alreadySeeded: false, pilotClubs: 32, programmes: 3, grants: 32 });
    expect(data(await app.gql(`{ institutions(filter: { pilot: true }) { totalCount } }`)).institutions.totalCount).toBe(32);
    const before = await fingerprint(app);
    const second = await seedPilotNetwork(app.db.orm.em.fork());
    expect(second).toMatchObject({ alreadySeeded: true, institutions: 0, partnerships: 0 });
    expect(await fingerprint(app)).toEqual(before);
    expect((await counts()).institutions.totalCount).toBe(first.institutions);
  });
});
