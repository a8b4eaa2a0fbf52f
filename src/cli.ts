// Command line: `token` prints a development JWT, `seed` loads TERYT and the pilot network,
// `generate` adds the national synthetic network (seeds/national), `schema` writes the committed SDL
// files, `export` writes the cooperation graph (GraphML, GEXF, CSV).
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken, Role } from './common/auth';
import { loadConfig } from './config';
import { startDatabaseServer } from './db/database';
import { openRegistryDatabase } from './registry/bootstrap';
import { EXPORT_USAGE, exportCommand } from './registry/analytics/export.command';
import { schemaFiles } from './gateway/schema-files';
import { withDatabase } from './db/orm';
// An entry point: with main.ts the one place src/ imports seeds/, through seeds/index.ts (see main.ts).
import { DEFAULT_SEED, generateCasework, generateNational, pilotSeeds, scaleNamed } from '../seeds';
import { Linkage } from './casework/linkage/keys';
import { CASEWORK_USAGE, caseworkCommands } from './casework/cli';

const USAGE = `usage:
  npm run token -- --role ADMIN|INSTITUTION_STAFF|REGIONAL_COORDINATOR|RESEARCHER [--institution <uuid>] [--voivodeship <NN>] [--subject <id>] [--expires 12h]
  npm run seed
  npm run generate -- --scale pilot|national|national10 [--seed N] [--database <name>] [--casework-database <name>] [--no-casework]
  npm run schema:print
  ${EXPORT_USAGE}
${CASEWORK_USAGE}`;

async function token(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      role: { type: 'string' },
      institution: { type: 'string' },
      voivodeship: { type: 'string' },
      subject: { type: 'string', default: 'dev-user' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const role = values.role as Role | undefined;
  if (!role || !(role in Role) || role === Role.PUBLIC)
    throw new Error(
      `--role must be one of ${Object.values(Role)
        .filter((r) => r !== Role.PUBLIC)
        .join(', ')}`,
    );
  if (role === Role.INSTITUTION_STAFF && !values.institution) throw new Error('--institution <uuid> is required for INSTITUTION_STAFF');
  if (role === Role.REGIONAL_COORDINATOR && !values.voivodeship) throw new Error('--voivodeship <NN> is required for REGIONAL_COORDINATOR');
  const config = loadConfig();
  const jwt = await issueToken(
    { role, subject: values.subject ?? 'dev-user', institutionId: values.institution, voivodeship: values.voivodeship },
    config.jwt,
    values.expires,
  );
  console.log(jwt);
}

async function seed(): Promise<void> {
  const config = loadConfig();
  const db = await startDatabaseServer(config, (m) => console.log(m), ['registry']);
  try {
    const registry = await openRegistryDatabase(db.urlFor('registry'), { seed: pilotSeeds.registry, log: (m) => console.log(m) });
    await registry.orm.close();
  } finally {
    await db.stop();
  }
}

/**
 * Fills the registry database (or --database on the same server) with the national synthetic
 * network, then the casework database (CASEWORK_DATABASE_URL or the one derived like `npm start`
 * does; with --database, "<name>_casework" on the same server; or --casework-database) with its
 * people, episodes and reference copy; --no-casework skips that.
 */
async function generate(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: 'string', default: 'national' },
      seed: { type: 'string' },
      database: { type: 'string' },
      'casework-database': { type: 'string' },
      'no-casework': { type: 'boolean', default: false },
    },
  });
  const scale = scaleNamed(values.scale ?? 'national');
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  for (const option of ['database', 'casework-database'] as const) {
    const name = values[option];
    if (name !== undefined && !/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--${option} must be a plain identifier`);
  }
  const casework = !values['no-casework'];
  const config = loadConfig();
  const db = await startDatabaseServer(config, (m) => console.log(m), casework ? ['registry', 'casework'] : ['registry']);
  try {
    const url = values.database ? withDatabase(db.urlFor('registry'), values.database) : db.urlFor('registry');
    const report = await generateNational({ url, scale, seed, log: (m) => console.log(m) });
    console.log(JSON.stringify(report, null, 2));
    if (!casework) return;
    const named = values['casework-database'] ?? (values.database ? `${values.database}_casework` : undefined);
    // A named casework database lives on the registry's server.
    const caseworkUrl = named ? withDatabase(url, named) : db.urlFor('casework');
    const caseworkReport = await generateCasework({
      registryUrl: url,
      caseworkUrl,
      scale,
      seed,
      linkage: new Linkage(config.casework.linkageKeys),
      log: (m) => console.log(m),
    });
    console.log(JSON.stringify(caseworkReport, null, 2));
  } finally {
    await db.stop();
  }
}

/** Writes the committed SDL files (a test fails when they drift from the code). */
async function schema(): Promise<void> {
  const config = loadConfig();
  for (const [name, sdl] of Object.entries(await schemaFiles())) {
    const file = path.join(config.projectRoot, 'schema', name);
    writeFileSync(file, sdl);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  token,
  seed,
  generate,
  schema,
  // SEED_ON_START: an empty database gets the pilot network first (as `npm start` does).
  export: (args) => exportCommand(args, pilotSeeds.registry),
  ...caseworkCommands(pilotSeeds.casework),
};

const [command, ...rest] = process.argv.slice(2);
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(USAGE);
  process.exit(2);
}
run(rest).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
