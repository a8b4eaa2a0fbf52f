// `npm run export -- --format gexf --voivodeship 26 --asOf 2019-12-31 --out file.gexf`: the same
// graph and formats as the HTTP export, from the command line. Without --out it writes to stdout;
// `--format csv --out <dir>` writes nodes.csv and edges.csv into the directory. The database is
// found as `npm start` finds it (DATABASE_URL, or the embedded server; stop `npm start` first).
// `--format hsds [--out <dir>]` writes the registry as Open Referral HSDS 3.0 (src/registry/hsds/).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { EntityManager } from '@mikro-orm/postgresql';
import { PUBLIC_CALLER } from '../../common/auth';
import { Loaders } from '../../common/loaders';
import { loadConfig } from '../../config';
import { startDatabaseServer } from '../../db/database';
import { openRegistryDatabase, type RegistrySeed } from '../bootstrap';
import { writeHsdsExport } from '../hsds/command';
import { exportGraph } from './analytics.service';
import { isExportFormat, type ExportFormat } from './exports/formats';
import { PARAM_FIELDS, scopeFromParams } from './graph-scope';

export const EXPORT_USAGE =
  'npm run export -- --format hsds [--out <directory>]\n  or: npm run export -- --format graphml|gexf|nodes.csv|edges.csv|csv [--asOf YYYY-MM-DD | --from YYYY-MM-DD [--to YYYY-MM-DD]] [--voivodeship NN] [--sectors A,B] [--types A,B] [--networkId <uuid>] [--out <file, or directory for csv>]';

/** `seed`: what SEED_ON_START seeds an empty database with (handed in by the entry point, src/cli.ts). */
export async function exportCommand(args: string[], seed?: RegistrySeed): Promise<void> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      asOf: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      voivodeship: { type: 'string' },
      sectors: { type: 'string', multiple: true },
      types: { type: 'string', multiple: true },
      networkId: { type: 'string' },
    },
  });
  const { format, out, ...params } = values;
  if (format === 'hsds') {
    if (Object.values(params).some((v) => v !== undefined)) throw new Error(`--format hsds takes --out only\n${EXPORT_USAGE}`);
    await withRegistry(seed, async (em, note) => note(await writeHsdsExport(em, out)));
    return;
  }
  const formats: ExportFormat[] = format === 'csv' ? ['nodes.csv', 'edges.csv'] : format && isExportFormat(format) ? [format] : [];
  if (!formats.length) throw new Error(`--format: one of hsds, graphml, gexf, nodes.csv, edges.csv, csv\n${EXPORT_USAGE}`);
  if (format === 'csv' && !out) throw new Error('--out <directory> is required for --format csv');
  const scope = scopeFromParams(params);

  await withRegistry(seed, async (em, note) => {
    const ctx = { em, caller: PUBLIC_CALLER, loaders: new Loaders(em, 'read-only') };
    for (const f of formats) {
      const { body, version } = await exportGraph(ctx, scope, f, PARAM_FIELDS);
      if (!out) {
        process.stdout.write(body);
        continue;
      }
      const file = format === 'csv' ? path.join(out, f) : out;
      mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      if (format === 'csv') mkdirSync(out, { recursive: true });
      writeFileSync(file, body);
      note(`wrote ${file} (graph version ${version})`);
    }
  });
}

/** Opens the registry database as `npm start` finds it, runs `work` on a fork, closes it all. */
async function withRegistry(seed: RegistrySeed | undefined, work: (em: EntityManager, note: (m: string) => void) => Promise<void>): Promise<void> {
  const config = loadConfig();
  const note = (m: string): void => console.error(m);
  const db = await startDatabaseServer(config, note, ['registry']);
  try {
    const registry = await openRegistryDatabase(db.urlFor('registry'), { seed: config.seedOnStart ? seed : undefined, quiet: true, log: note });
    try {
      await work(registry.orm.em.fork(), note);
    } finally {
      await registry.orm.close();
    }
  } finally {
    await db.stop();
  }
}
