// Casework commands of src/cli.ts: seeding, bulk import, the reference refresh and re-keying.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { CALLER_HEADER, issueForwardedIdentity, PUBLIC_CALLER, Role } from '../common/auth';
import { isUuid } from '../common/ids';
import { loadConfig, type Config } from '../config';
import { startDatabaseServer } from '../db/database';
import type { OrmHandle } from '../db/orm';
import { openCaseworkDatabase, openCaseworkOwner, type CaseworkSeed } from './bootstrap';
import { importLines, numberedLines } from './import/import.service';
import { Linkage } from './linkage/keys';
import { rekeyParticipants } from './linkage/rekey';
import { formatPrivacyReport, privacyReport } from './privacy-report/privacy-report.service';
import { epsilonOf } from './releases/budget';
import { publishRelease, releasePlan } from './releases/publish';
import { refreshInstitutionReference } from './reference/refresh';
import { createCaseworkSubgraph } from './server';

export const CASEWORK_USAGE = `  npm run seed:casework
  npm run import -- --institution <uuid> <file.ndjson>
  npm run refresh-reference -- --registry <url> [--subgraph]
  npm run rekey
  npm run release-statistics
  npm run privacy-report -- [--from YYYY-MM] [--to YYYY-MM] [--json]`;

const say = (m: string): void => console.log(m);

/** Runs `work` with the casework database (embedded server started if needed), then stops it. */
async function withDatabase<T>(work: (config: Config, url: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await startDatabaseServer(config, say, ['casework']);
  try {
    return await work(config, db.urlFor('casework'));
  } finally {
    await db.stop();
  }
}

async function withService<T>(work: (config: Config, handle: OrmHandle) => Promise<T>): Promise<T> {
  return withDatabase(async (config, url) => {
    const handle = await openCaseworkDatabase(url, { quiet: true, config, log: say });
    try {
      return await work(config, handle);
    } finally {
      await handle.orm.close();
    }
  });
}

async function seedCommand(seed: CaseworkSeed): Promise<void> {
  await withDatabase(async (config, url) => {
    const handle = await openCaseworkDatabase(url, { seed, config, log: say });
    await handle.orm.close();
  });
}

/** Imports an NDJSON file as staff of the institution (audited as cli:import:<user>); fails (exit code 1) when lines were rejected. */
async function importCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, options: { institution: { type: 'string' } }, allowPositionals: true });
  if (!values.institution || !isUuid(values.institution)) throw new Error('--institution <uuid> is required');
  if (positionals.length !== 1) throw new Error('give one file: npm run import -- --institution <uuid> <file.ndjson>');
  const lines = numberedLines(readFileSync(positionals[0], 'utf8'));
  const report = await withService(async (config, handle) => {
    const subgraph = await createCaseworkSubgraph(handle.orm, config);
    const ctx = subgraph.contextFor({ role: Role.INSTITUTION_STAFF, institutionId: values.institution, subject: `cli:import:${userInfo().username}` });
    return importLines(ctx, lines);
  });
  say(`lines: ${report.lines}, accepted: ${report.accepted}, rejected: ${report.rejected}`);
  say(`changes: ${JSON.stringify(report.changes)}`);
  for (const p of report.problems) say(`line ${p.line}: ${p.field}: ${p.reason}`);
  // An error, not process.exitCode: the embedded server's exit hook would reset the code to 0.
  if (report.rejected > 0) throw new Error(`${report.rejected} of ${report.lines} lines were rejected (the others were imported)`);
}

/** `--registry` is the gateway's public URL, or with `--subgraph` the registry subgraph's (a signed public identity is sent). */
async function refreshCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { registry: { type: 'string' }, subgraph: { type: 'boolean', default: false } } });
  if (!values.registry || !/^https?:\/\//.test(values.registry)) throw new Error('--registry <http(s) URL of the GraphQL endpoint> is required');
  const report = await withService((config, handle) => {
    const headers = values.subgraph ? async () => ({ [CALLER_HEADER]: await issueForwardedIdentity(PUBLIC_CALLER, config.subgraphSecret) }) : {};
    return refreshInstitutionReference(handle.orm.em.fork(), values.registry!, headers);
  });
  say(
    `reference copy refreshed from ${report.source}: ${report.institutions} institutions, ${report.memberships} memberships, ${report.partnerships} data-sharing partnerships`,
  );
}

async function rekeyCommand(): Promise<void> {
  await withDatabase(async (config, url) => {
    const owner = await openCaseworkOwner(url, { quiet: true });
    try {
      const report = await rekeyParticipants(owner.orm.em.fork(), new Linkage(config.casework.linkageKeys));
      say(`re-keyed ${report.rekeyed} participants to key ${report.currentVersion}`);
      if (report.unrecoverable) say(`${report.unrecoverable} participants are under a key version no longer configured: they stay unlinked until re-imported`);
    } finally {
      await owner.orm.close();
    }
  });
}

/** Publishes a statistical release now (the service also does on its schedule). */
async function releaseCommand(): Promise<void> {
  const release = await withService(async (config, handle) => {
    const r = await publishRelease(handle.orm.em.fork(), config.casework.releases);
    const plan = releasePlan(config.casework.releases);
    return { ...r, plan, epsilon: epsilonOf(config.casework.releases.rho, config.casework.releases.delta) };
  });
  say(
    `release ${release.id} published at ${release.publishedAt.toISOString()}: ${release.cells} groups, rho ${release.rho} (epsilon ${release.epsilon.toFixed(2)})`,
  );
  for (const t of release.plan.tables)
    say(`  ${t.name}: sigma ${t.sigma.toFixed(2)} (rho ${t.rho.toFixed(4)}, sensitivity² ${t.sensitivity2}): ${t.description}`);
  say(`  paths are published from ${release.plan.pathThreshold} people (noisy)`);
}

/** A month (YYYY-MM) or a day of it, as the report's date argument. */
function monthArg(value: string | undefined, option: string): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d{4})-(0[1-9]|1[0-2])(-\d{2})?$/.exec(value);
  if (!match || match[1] === '0000') throw new Error(`--${option} must be a month, YYYY-MM`);
  return `${match[1]}-${match[2]}-01`;
}

/** The insider-probing report (aggregates only), as an administrator; a table, or JSON with --json. */
async function privacyReportCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean', default: false } } });
  const [from, to] = [monthArg(values.from, 'from'), monthArg(values.to, 'to')];
  const report = await withService(async (config, handle) => {
    const subgraph = await createCaseworkSubgraph(handle.orm, config);
    // permission: ADMIN (the operator of the CLI runs the system)
    const ctx = subgraph.contextFor({ role: Role.ADMIN, subject: `cli:privacy-report:${userInfo().username}` });
    return privacyReport(ctx, { from, to });
  });
  say(values.json ? JSON.stringify(report, null, 2) : formatPrivacyReport(report));
}

/** `seed`: the synthetic casework data `seed-casework` loads, handed in by the entry point (src/cli.ts). */
export const caseworkCommands = (seed: CaseworkSeed): Record<string, (args: string[]) => Promise<void>> => ({
  'seed-casework': () => seedCommand(seed),
  import: importCommand,
  'refresh-reference': refreshCommand,
  rekey: rekeyCommand,
  'release-statistics': releaseCommand,
  'privacy-report': privacyReportCommand,
});
