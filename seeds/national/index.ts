// `npm run generate`: fills a registry database with the national synthetic network by bulk COPY,
// on top of the pilot seed (migrations, TERYT and the pilot network are applied first, so the
// command works on an empty database as well as on one `npm start` has seeded). One transaction:
// a failure leaves nothing behind. Nothing the application relies on (indexes, constraints,
// triggers) is disabled; statistics are refreshed with ANALYZE at the end.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openCaseworkOwner } from '../../src/casework/bootstrap';
import type { Linkage } from '../../src/casework/linkage/keys';
import { todayInPoland } from '../../src/common/dates';
import { openRegistryDatabase } from '../../src/registry/bootstrap';
import { SECTOR_OF, type InstitutionType } from '../../src/registry/institutions/institution-kinds';
import { seedCasework } from '../casework';
import { pilotSeeds } from '../seeding';
import { buildNationalPlan, type NationalPlan } from './build';
import { copyTables, type CopyTable } from './copy-rows';
import { peopleCopyTables, type CaseworkInputs } from './people';
import type { ScaleName, ScaleSpec } from './scales';

export { buildNationalPlan } from './build';
export { copyTables } from './copy-rows';
export { peopleDigest, type CaseworkInputs } from './people';
export { SCALES, scaleNamed, type ScaleName, type ScaleSpec } from './scales';

export const DEFAULT_SEED = 20261123;
const GENERATOR = 'ksr-national-generator';
const GENERATOR_VERSION = 1;

/** What the generator recorded on the database (as its COMMENT), to tell scales and seeds apart. */
interface GeneratedMarker {
  generator: typeof GENERATOR;
  version: number;
  scale: ScaleName;
  seed: number;
}

const CASEWORK_GENERATOR = 'ksr-casework-generator';
const CASEWORK_GENERATOR_VERSION = 1;

/** What the casework generator recorded on the casework database (its COMMENT). */
interface CaseworkMarker {
  generator: typeof CASEWORK_GENERATOR;
  version: number;
  scale: ScaleName;
  seed: number;
}

export interface GenerateReport {
  scale: ScaleName;
  seed: number;
  /** The same scale and seed were already there: nothing was written. */
  alreadyGenerated: boolean;
  rows: Record<string, number>;
  /** Milliseconds: migrations and pilot seed, building the plan, each COPY, commit, ANALYZE, total. */
  timings: Record<string, number>;
}

async function readMarker(client: Client): Promise<GeneratedMarker | null>;
async function readMarker(client: Client, generator: typeof CASEWORK_GENERATOR): Promise<CaseworkMarker | null>;
async function readMarker(client: Client, generator: string = GENERATOR): Promise<GeneratedMarker | CaseworkMarker | null> {
  const { rows } = await client.query<{ comment: string | null }>(
    "select shobj_description(oid, 'pg_database') as comment from pg_database where datname = current_database()",
  );
  try {
    const marker = JSON.parse(rows[0]?.comment ?? 'null') as GeneratedMarker | CaseworkMarker | null;
    return marker?.generator === generator ? marker : null;
  } catch {
    return null;
  }
}

/** Joins COPY lines into chunks of about 256 KiB. */
function* chunks(lines: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= 262_144) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

async function copyPlan(client: Client, plan: NationalPlan, timings: Record<string, number>): Promise<Record<string, number>> {
  return copyAll(client, copyTables(plan), timings);
}

async function copyAll(client: Client, tables: CopyTable[], timings: Record<string, number>): Promise<Record<string, number>> {
  const rows: Record<string, number> = {};
  for (const table of tables) {
    const started = performance.now();
    let count = 0;
    const counted = function* () {
      for (const line of table.rows()) {
        count++;
        yield line;
      }
    };
    const sql = `copy "${table.table}" (${table.columns.map((c) => `"${c}"`).join(', ')}) from stdin`;
    await pipeline(Readable.from(chunks(counted())), client.query(copyFrom(sql)));
    rows[table.table] = count;
    timings[`copy ${table.table}`] = Math.round(performance.now() - started);
  }
  return rows;
}

export async function generateNational(options: { url: string; scale: ScaleSpec; seed?: number; log?: (m: string) => void }): Promise<GenerateReport> {
  const { scale } = options;
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => undefined);
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  // Migrations, TERYT and the pilot network (each is a no-op when already there).
  const registry = await openRegistryDatabase(options.url, { seed: pilotSeeds.registry, quiet: true });
  await registry.orm.close();
  timings['migrate and pilot seed'] = Math.round(performance.now() - t0);

  const client = new Client({ connectionString: options.url });
  await client.connect();
  try {
    const marker = await readMarker(client);
    if (marker && marker.scale === scale.name && marker.seed === seed && marker.version === GENERATOR_VERSION) {
      log(`${scale.name} (seed ${seed}) is already generated in this database: nothing to do`);
      return { scale: scale.name, seed, alreadyGenerated: true, rows: {}, timings };
    }
    if (marker) {
      throw new Error(
        `this database already holds generated data (scale ${marker.scale}, seed ${marker.seed}); generate into a fresh database (--database <name>)`,
      );
    }
    if (scale.name === 'pilot') {
      log('pilot: the pilot seed only, nothing to generate');
      return { scale: scale.name, seed, alreadyGenerated: false, rows: {}, timings };
    }

    let started = performance.now();
    const plan = buildNationalPlan(scale, seed);
    timings['build plan'] = Math.round(performance.now() - started);
    log(
      `planned ${plan.institutions.length} institutions, ${plan.partnerships.count} partnerships, ${plan.networks.length} networks, ${plan.memberships.length} memberships (${timings['build plan']} ms)`,
    );

    await client.query('begin');
    try {
      // Concurrent generators on one database wait for each other (and then find the marker).
      await client.query("select pg_advisory_xact_lock(hashtext('ksr:generate:national'))");
      // The registry's history records the generated rows as seeded (channel SEED).
      await client.query("select set_config('ksr.actor', $1, true)", [
        JSON.stringify({ channel: 'SEED', file: 'seeds/national', detail: `national generator, scale ${scale.name}, seed ${seed}` }),
      ]);
      const again = await readMarker(client);
      if (again) throw new Error(`another generator wrote ${again.scale} (seed ${again.seed}) meanwhile`);
      const rows = await copyPlan(client, plan, timings);
      const { rows: db } = await client.query<{ name: string }>('select current_database() as name');
      const comment: GeneratedMarker = { generator: GENERATOR, version: GENERATOR_VERSION, scale: scale.name, seed };
      await client.query(`comment on database ${client.escapeIdentifier(db[0].name)} is ${client.escapeLiteral(JSON.stringify(comment))}`);
      started = performance.now();
      // Deferred constraint triggers (the graph version) and foreign keys are checked here.
      await client.query('commit');
      timings.commit = Math.round(performance.now() - started);
      started = performance.now();
      await client.query('analyze');
      timings.analyze = Math.round(performance.now() - started);
      timings.total = Math.round(performance.now() - t0);
      log(
        `loaded ${Object.entries(rows)
          .map(([t, n]) => `${n} ${t}`)
          .join(', ')} in ${timings.total} ms`,
      );
      return { scale: scale.name, seed, alreadyGenerated: false, rows, timings };
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    }
  } finally {
    await client.end();
  }
}

/** Types of institution that hold generated participants (seeds/national/people.ts). */
const SERVING_TYPES = ['KIS', 'CIS', 'OPS', 'PUP', 'NGO'];

/** What the people generator needs from the registry: serving institutions and clubs' NGO partners, in a fixed order. */
export async function readCaseworkInputs(registry: Client, scale: ScaleSpec): Promise<CaseworkInputs> {
  const scope = scale.voivodeships ? [...scale.voivodeships] : null;
  const { rows: institutions } = await registry.query<{ id: string; type: string; municipality: string; started_on: string | null }>(
    `select id::text, type::text, municipality_code as municipality, least(activity_started_on, created_on, registered_on)::text as started_on
     from institution
     where status <> 'CLOSED' and municipality_code is not null and type::text = any($1::text[])
       and ($2::text[] is null or left(municipality_code, 2) = any($2::text[]))
     order by id`,
    [SERVING_TYPES, scope],
  );
  const { rows: partners } = await registry.query<{ club: string; partner: string }>(
    `select distinct a.institution_id::text as club, b.institution_id::text as partner
     from partnership p
     join partnership_party a on a.partnership_id = p.id
     join partnership_party b on b.partnership_id = p.id and b.institution_id <> a.institution_id
     join institution ia on ia.id = a.institution_id
     join institution ib on ib.id = b.institution_id
     where p.status in ('ACTIVE', 'ENDED') and ia.type in ('KIS', 'CIS') and ib.type = 'NGO' and ib.status <> 'CLOSED'
     order by 1, 2`,
  );
  return {
    institutions: institutions.map((i) => ({ id: i.id, type: i.type as InstitutionType, municipality: i.municipality, startedOn: i.started_on })),
    clubPartners: partners.map((p) => [p.club, p.partner]),
  };
}

const sectorCase = (column: string): string =>
  `case ${column}::text ${Object.entries(SECTOR_OF)
    .map(([type, sector]) => `when '${type}' then '${sector}'`)
    .join(' ')} end`;

/**
 * The casework reference copy as a refresh over GraphQL would write it (src/casework/reference/):
 * every institution, the memberships in force on `today` or later, the ACTIVE data-sharing
 * partnerships with their parties; each a COPY out of the registry into casework.
 */
function referenceCopies(today: string): { table: string; columns: string[]; select: string }[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`reference copy: bad date ${today}`);
  return [
    {
      table: 'reference_institution',
      columns: ['id', 'type', 'sector', 'voivodeship', 'municipality_code'],
      select: `select id, type::text, ${sectorCase('type')}, left(municipality_code, 2), municipality_code from institution order by id`,
    },
    {
      table: 'reference_membership',
      columns: ['id', 'network_id', 'institution_id', 'joined_on', 'left_on'],
      select: `select id, network_id, institution_id, joined_on, left_on from membership where left_on is null or left_on >= date '${today}' order by id`,
    },
    {
      table: 'reference_partnership',
      columns: ['id', 'status', 'data_sharing', 'valid_from', 'valid_to', 'party_ids'],
      select: `select p.id, p.status::text, p.data_sharing, p.valid_from, p.valid_to, array_agg(pp.institution_id order by pp.id)
               from partnership p join partnership_party pp on pp.partnership_id = p.id
               where p.status = 'ACTIVE' group by p.id order by p.id`,
    },
  ];
}

export interface CaseworkGenerateOptions {
  /** The registry database the people are keyed to (already generated for this scale and seed). */
  registryUrl: string;
  /** The casework database to fill (created and migrated when needed). */
  caseworkUrl: string;
  scale: ScaleSpec;
  seed?: number;
  /** The network keys pseudonyms are made with (the service's: loadConfig().casework.linkageKeys). */
  linkage: Linkage;
  log?: (m: string) => void;
}

/**
 * Fills the casework database for a generated registry: migrations and the pilot's synthetic
 * casework first (as `npm run seed:casework`), then, in one transaction as the owner (row-level
 * security does not apply to the owner): the reference copy from the registry, the people's
 * participant records and their service episodes, by COPY. Same scale and seed again: nothing;
 * another: refused.
 */
export async function generateCasework(options: CaseworkGenerateOptions): Promise<GenerateReport> {
  const { scale, linkage } = options;
  const seed = options.seed ?? DEFAULT_SEED;
  const log = options.log ?? (() => undefined);
  const timings: Record<string, number> = {};
  const t0 = performance.now();
  const registry = new Client({ connectionString: options.registryUrl });
  const casework = new Client({ connectionString: options.caseworkUrl });
  await registry.connect();
  try {
    const registryMarker = await readMarker(registry);
    if (scale.name !== 'pilot' && (registryMarker?.scale !== scale.name || registryMarker.seed !== seed)) {
      throw new Error(
        `the registry database holds ${registryMarker ? `${registryMarker.scale} (seed ${registryMarker.seed})` : 'no generated network'}: generate ${scale.name} (seed ${seed}) there first`,
      );
    }
    // Migrations and the pilot's synthetic casework (each a no-op when already there).
    const owner = await openCaseworkOwner(options.caseworkUrl, { quiet: true });
    try {
      await seedCasework(owner.orm.em.fork(), linkage);
    } finally {
      await owner.orm.close();
    }
    timings['migrate and pilot seed'] = Math.round(performance.now() - t0);
    await casework.connect();
    const marker = await readMarker(casework, CASEWORK_GENERATOR);
    if (marker && marker.scale === scale.name && marker.seed === seed && marker.version === CASEWORK_GENERATOR_VERSION) {
      log(`casework ${scale.name} (seed ${seed}) is already generated in this database: nothing to do`);
      return { scale: scale.name, seed, alreadyGenerated: true, rows: {}, timings };
    }
    if (marker)
      throw new Error(`this casework database already holds generated data (scale ${marker.scale}, seed ${marker.seed}); generate into a fresh database`);

    let started = performance.now();
    const inputs = await readCaseworkInputs(registry, scale);
    timings['read registry'] = Math.round(performance.now() - started);

    const rows: Record<string, number> = {};
    await casework.query('begin');
    try {
      await casework.query("select pg_advisory_xact_lock(hashtext('ksr:generate:casework'))");
      // The same lock as a reference refresh: the copy is replaced whole.
      await casework.query("select pg_advisory_xact_lock(hashtext('ksr:casework:reference'))");
      const again = await readMarker(casework, CASEWORK_GENERATOR);
      if (again) throw new Error(`another generator wrote casework ${again.scale} (seed ${again.seed}) meanwhile`);
      for (const table of ['reference_membership', 'reference_partnership', 'reference_institution']) await casework.query(`delete from ${table}`);
      for (const ref of referenceCopies(todayInPoland())) {
        started = performance.now();
        const columns = ref.columns.map((c) => `"${c}"`).join(', ');
        await pipeline(registry.query(copyTo(`copy (${ref.select}) to stdout`)), casework.query(copyFrom(`copy "${ref.table}" (${columns}) from stdin`)));
        rows[ref.table] = Number((await casework.query<{ n: string }>(`select count(*)::text as n from "${ref.table}"`)).rows[0].n);
        timings[`copy ${ref.table}`] = Math.round(performance.now() - started);
      }
      await casework.query('insert into reference_refresh (id, source, institutions, memberships, partnerships) values (gen_random_uuid(), $1, $2, $3, $4)', [
        `${CASEWORK_GENERATOR} (registry ${scale.name}, seed ${seed})`,
        rows.reference_institution,
        rows.reference_membership,
        rows.reference_partnership,
      ]);
      const stats = { people: 0 };
      Object.assign(rows, await copyAll(casework, peopleCopyTables(inputs, scale, seed, linkage, stats), timings));
      rows.people = stats.people;
      const { rows: db } = await casework.query<{ name: string }>('select current_database() as name');
      const comment: CaseworkMarker = { generator: CASEWORK_GENERATOR, version: CASEWORK_GENERATOR_VERSION, scale: scale.name, seed };
      await casework.query(`comment on database ${casework.escapeIdentifier(db[0].name)} is ${casework.escapeLiteral(JSON.stringify(comment))}`);
      started = performance.now();
      await casework.query('commit');
      timings.commit = Math.round(performance.now() - started);
    } catch (e) {
      await casework.query('rollback').catch(() => undefined);
      throw e;
    }
    started = performance.now();
    await casework.query('analyze');
    timings.analyze = Math.round(performance.now() - started);
    timings.total = Math.round(performance.now() - t0);
    log(
      `casework: loaded ${Object.entries(rows)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ')} in ${timings.total} ms`,
    );
    return { scale: scale.name, seed, alreadyGenerated: false, rows, timings };
  } finally {
    await casework.end().catch(() => undefined);
    await registry.end();
  }
}
