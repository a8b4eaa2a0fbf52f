// Command line: `token` prints a development JWT, `seed` loads TERYT and the pilot network,
// `schema` writes the registry's SDL to schema/registry.graphql.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { issueToken, Role } from './common/auth';
import { loadConfig } from './config';
import { startDatabaseServer } from './db/database';
import { openRegistryDatabase } from './registry/bootstrap';
import { schemaFiles } from './gateway/schema-files';

const USAGE = `usage:
  npm run token -- --role ADMIN|INSTITUTION_STAFF|REGIONAL_COORDINATOR|RESEARCHER [--institution <uuid>] [--voivodeship <NN>] [--subject <id>] [--expires 12h]
  npm run seed
  npm run schema:print`;

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
  if (!role || !(role in Role) || role === Role.PUBLIC) throw new Error(`--role must be one of ${Object.values(Role).filter((r) => r !== Role.PUBLIC).join(', ')}`);
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
    const registry = await openRegistryDatabase(db.urlFor('registry'), { seed: true, log: (m) => console.log(m) });
    await registry.orm.close();
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

const commands: Record<string, (args: string[]) => Promise<void>> = { token, seed, schema };

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
