// `npm run generate`: fills a registry database with the national synthetic network by bulk COPY,
// on top of the pilot seed (migrations, TERYT and the pilot network are applied first, so the
// command works on an empty database as well as on one `npm start` has seeded). One transaction:
// a failure leaves nothing behind. Nothing the application relies on (indexes, constraints,
// triggers) is disabled; statistics are refreshed with ANALYZE at the end.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openRegistryDatabase } from '../../src/registry/bootstrap';
import { buildNationalPlan, type NationalPlan } from './build';
import { copyTables } from './copy-rows';
import { SCALES, type ScaleName, type ScaleSpec } from './scales';

export { buildNationalPlan } from './build';
export { copyTables } from './copy-rows';
export { SCALES, SCALE_NAMES, scaleNamed, type ScaleName, type ScaleSpec } from './scales';

export const DEFAULT_SEED = 20261123;
const GENERATOR = 'ksr-national-generator';
const GENERATOR_VERSION = 1;

/** What the generator recorded on the database (as its COMMENT), to tell scales and seeds apart. */
export interface GeneratedMarker {
  generator: typeof GENERATOR;
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

async function readMarker(client: Client): Promise<GeneratedMarker | null> {
  const { rows } = await client.query<{ comment: string | null }>(
    "select shobj_description(oid, 'pg_database') as comment from pg_database where datname = current_database()",
  );
  try {
    const marker = JSON.parse(rows[0]?.comment ?? 'null') as GeneratedMarker | null;
    return marker?.generator === GENERATOR ? marker : null;
  } catch {
    return null;
  }
}

/** The generator's marker on the database at `url`, if any (the bench uses it to find its data). */
export async function generatedMarker(url: string): Promise<GeneratedMarker | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await readMarker(client);
  } finally {
    await client.end();
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
  const rows: Record<string, number> = {};
  for (const table of copyTables(plan)) {
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
  const registry = await openRegistryDatabase(options.url, { seed: true, quiet: true });
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
      throw new Error(`this database already holds generated data (scale ${marker.scale}, seed ${marker.seed}); generate into a fresh database (--database <name>)`);
    }
    if (scale.name === 'pilot') {
      log('pilot: the pilot seed only, nothing to generate');
      return { scale: scale.name, seed, alreadyGenerated: false, rows: {}, timings };
    }

    let started = performance.now();
    const plan = buildNationalPlan(scale, seed);
    timings['build plan'] = Math.round(performance.now() - started);
    log(`planned ${plan.institutions.length} institutions, ${plan.partnerships.count} partnerships, ${plan.networks.length} networks, ${plan.memberships.length} memberships (${timings['build plan']} ms)`);

    await client.query('begin');
    try {
      // Concurrent generators on one database wait for each other (and then find the marker).
      await client.query("select pg_advisory_xact_lock(hashtext('ksr:generate:national'))");
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
      log(`loaded ${Object.entries(rows).map(([t, n]) => `${n} ${t}`).join(', ')} in ${timings.total} ms`);
      return { scale: scale.name, seed, alreadyGenerated: false, rows, timings };
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    }
  } finally {
    await client.end();
  }
}

export const scaleSpec = (name: ScaleName): ScaleSpec => SCALES[name];
