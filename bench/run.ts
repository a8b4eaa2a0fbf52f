// `npm run bench`: the registry workloads side by side with the SQL floor, a peer (PostGraphile 4)
// and the federation split, and their growth with the data. See bench/README.md for the method.
//
//   npm run bench -- [--scale national] [--growth pilot,national] [--national10] [--seed N]
//                    [--duration 8] [--warmup 2] [--connections 1,8,32] [--fed-connections 1,8]
//                    [--growth-connections 1] [--workloads 1,2,3,4,7] [--no-peer] [--no-split]
//                    [--workers N] [--worker-connections 8,32] [--no-workers]
//                    [--generate-only] [--out <dir>]
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { startAllInOne, type AllInOne } from '../src/app';
import { CALLER_HEADER, issueForwardedIdentity, issueToken, PUBLIC_CALLER, Role } from '../src/common/auth';
import { todayInPoland } from '../src/common/dates';
import { loadConfig, type Config } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { withDatabase } from '../src/db/orm';
import { Linkage } from '../src/casework/linkage/keys';
import { DEFAULT_SEED, generateCasework, generateNational, SCALES, scaleNamed, type GenerateReport, type ScaleName } from '../seeds/national';
import { compareFingerprints, fingerprint } from './lib/fingerprint';
import { startFloorServer } from './lib/floor-server';
import { graphqlBody, post } from './lib/graphql';
import { runLoad, sampleMemory, type LoadJob, type LoadResult } from './lib/load';
import { startProcess } from './lib/processes';
import { writeReports, type BenchResults, type Cell, type Probe } from './lib/report';
import { loadWorkloads, type Workload } from './workloads';

const BENCH_NOTE = 'ksr-bench workload 7 (removed after the run)';
const log = (m: string): void => console.log(`[bench] ${m}`);

const list = (text: string): number[] => text.split(',').filter(Boolean).map(Number);

function options() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'national' },
      growth: { type: 'string' },
      national10: { type: 'boolean', default: false },
      seed: { type: 'string' },
      duration: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '1,8,32' },
      'fed-connections': { type: 'string', default: '1,8' },
      'growth-connections': { type: 'string', default: '1' },
      workloads: { type: 'string', default: '1,2,3,4,5,6,7' },
      'no-peer': { type: 'boolean', default: false },
      'no-split': { type: 'boolean', default: false },
      workers: { type: 'string', default: String(os.availableParallelism()) },
      'worker-connections': { type: 'string', default: '8,32' },
      'no-workers': { type: 'boolean', default: false },
      out: { type: 'string' },
      'generate-only': { type: 'boolean', default: false },
    },
  });
  const scale = scaleNamed(values.scale ?? 'national').name;
  const growth = new Set<ScaleName>((values.growth ?? 'pilot,national').split(',').map((s) => scaleNamed(s).name));
  if (values.national10) growth.add('national10');
  growth.add(scale);
  const order: ScaleName[] = ['tiny', 'pilot', 'national', 'national10'];
  return {
    scale,
    growth: order.filter((s) => growth.has(s)),
    seed: values.seed === undefined ? DEFAULT_SEED : Number(values.seed),
    durationSec: Number(values.duration),
    warmupSec: Number(values.warmup),
    connections: list(values.connections ?? ''),
    fedConnections: list(values['fed-connections'] ?? ''),
    growthConnections: list(values['growth-connections'] ?? ''),
    workloads: new Set(list(values.workloads ?? '')),
    peer: !values['no-peer'],
    split: !values['no-split'],
    workers: values['no-workers'] ? 0 : Number(values.workers),
    workerConnections: list(values['worker-connections'] ?? ''),
    out: values.out,
    generateOnly: values['generate-only'],
  };
}
type Options = ReturnType<typeof options>;

/** The bench's own databases: on DATABASE_URL's server, else an embedded one under <DATA_DIR>/bench. */
async function databaseServer(config: Config): Promise<{ urlOf: (db: string) => string; version: () => Promise<string>; stop: () => Promise<void> }> {
  if (config.databaseUrl) {
    const base = config.databaseUrl;
    return { urlOf: (db) => withDatabase(base, db), version: () => serverVersion(base), stop: () => Promise.resolve() };
  }
  log(`starting embedded PostgreSQL (data in ${path.join(config.dataDir, 'bench')})`);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(config.dataDir, 'bench'), port: 0, persistent: true });
  return { urlOf: (db) => embedded.databaseUrl(db), version: () => serverVersion(embedded.url), stop: () => embedded.stop() };
}

async function serverVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string }>('select version() as v');
    return rows[0].v;
  } finally {
    await client.end();
  }
}

interface ScaleDatabases {
  url: string;
  /** `<name>_casework`: what the all-in-one service opens for casework. */
  caseworkUrl: string;
  report: GenerateReport;
  caseworkReport?: GenerateReport;
}

/**
 * The scale's databases, generated when absent (the generators are no-ops when they are there).
 * The casework database gets its people only when asked (the main scale: workload 6 reads them;
 * the growth scales run workloads 1–4 and leave it as the service makes it, empty).
 */
async function scaleDatabase(urlOf: (db: string) => string, scale: ScaleName, seed: number, casework?: Linkage): Promise<ScaleDatabases> {
  const name = seed === DEFAULT_SEED ? `ksr_bench_${scale}` : `ksr_bench_${scale}_${seed}`;
  const url = urlOf(name);
  const caseworkUrl = urlOf(`${name}_casework`);
  log(`database ${name}: checking / generating ${scale}`);
  const report = await generateNational({ url, scale: SCALES[scale], seed, log: (m) => log(`  ${m}`) });
  if (!casework) return { url, caseworkUrl, report };
  log(`database ${name}_casework: checking / generating ${scale} casework (people, episodes, reference copy)`);
  const caseworkReport = await generateCasework({ registryUrl: url, caseworkUrl, scale: SCALES[scale], seed, linkage: casework, log: (m) => log(`  ${m}`) });
  return { url, caseworkUrl, report, caseworkReport };
}

async function sql<T extends Record<string, unknown>>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** The same variables everywhere; the peer's "TODAY" placeholder becomes today's date. */
const withToday = (variables: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(variables).replaceAll('"TODAY"', `"${todayInPoland()}"`));

interface Target {
  name: Cell['target'];
  url: string;
  headers: () => Promise<Record<string, string>>;
  body: (w: Workload) => string;
  /** SQL statements sent so far by the service (ours: both ORMs, registry and casework). */
  statements?: () => number;
  /** Of those, the casework ORM's. */
  caseworkStatements?: () => number;
  /** Sample this pid's RSS instead of the runner's. */
  pid?: number;
}

class Runner {
  readonly cells: Cell[] = [];
  readonly probes: Probe[] = [];
  private writeDays = 0;

  constructor(private readonly opts: Options) {}

  /** One request alone: its statements, bytes and time. A cached workload is sent twice: cold, then warm. */
  async probe(target: Target, w: Workload, scale: ScaleName, reference?: unknown): Promise<unknown> {
    const send = async () => {
      const before = target.statements?.();
      const caseworkBefore = target.caseworkStatements?.();
      const headers = await target.headers();
      const started = performance.now();
      const { text, json } = await post(target.url, target.body(w), headers);
      const ms = round(performance.now() - started);
      if (json.errors) throw new Error(`${target.name} ${w.id}: ${JSON.stringify(json.errors).slice(0, 500)}`);
      return {
        text,
        json,
        ms,
        statements: before === undefined ? undefined : target.statements!() - before,
        caseworkStatements: caseworkBefore === undefined ? undefined : target.caseworkStatements!() - caseworkBefore,
      };
    };
    const { text, json, ms, statements, caseworkStatements } = await send();
    const warm = w.cached ? await send() : undefined;
    let matchesFloor: string | undefined;
    if (reference !== undefined) {
      const diff = compareFingerprints(fingerprint(reference), fingerprint(json.data));
      matchesFloor = diff ?? 'same ids and counts';
      if (diff) log(`  ! ${target.name} ${w.id} differs from ours: ${diff}`);
    }
    this.probes.push({
      target: target.name,
      scale,
      workload: w.id,
      statements,
      caseworkStatements: caseworkStatements || undefined,
      bytes: Buffer.byteLength(text),
      ms,
      warmMs: warm?.ms,
      warmStatements: warm?.statements,
      comparedWithOurs: matchesFloor,
    });
    if (warm)
      log(
        `  ${target.name} ${w.id}: first request (cold) ${ms} ms, ${statements ?? '?'} statements; again (cached) ${warm.ms} ms, ${warm.statements ?? '?'} statements`,
      );
    return json.data;
  }

  async cell(target: Target, w: Workload, scale: ScaleName, connections: number, job?: Partial<LoadJob>): Promise<LoadResult> {
    const before = target.statements?.();
    const caseworkBefore = target.caseworkStatements?.();
    const load: LoadJob = {
      url: target.url,
      connections,
      durationSec: this.opts.durationSec,
      warmupSec: this.opts.warmupSec,
      headers: await target.headers(),
      kind: 'fixed',
      body: target.body(w),
      ...job,
    } as LoadJob;
    await waitIdle(target, load.url);
    const cpuBefore = machineCpu();
    // Requests the load generator gave up on at the end are still running in the server: the cell
    // lasts until they finish (their memory counts here, and they would slow the next cell down).
    const {
      value: result,
      rssMb,
      heapUsedMb,
    } = await sampleMemory(async () => {
      const r = await runLoad(load);
      await waitIdle(target, load.url);
      return r;
    }, target.pid);
    const cpuAfter = machineCpu();
    const statements = before === undefined ? undefined : target.statements!() - before;
    const caseworkStatements = caseworkBefore === undefined ? undefined : target.caseworkStatements!() - caseworkBefore;
    // Statements are counted over warm-up and measured run together.
    const allRequests = result.requests + (result.warmupRequests ?? 0);
    const cell: Cell = {
      target: target.name,
      scale,
      workload: w.id,
      connections,
      requests: result.requests,
      rps: round(result.rps),
      p50: round(result.latencyMs.p50),
      p95: round(result.latencyMs.p95),
      p99: round(result.latencyMs.p99),
      mean: round(result.latencyMs.mean),
      bytesPerRequest: Math.round(result.bytesPerRequest),
      statementsPerRequest: statements === undefined ? undefined : round(statements / Math.max(1, allRequests)),
      caseworkStatementsPerRequest: caseworkStatements ? round(caseworkStatements / Math.max(1, allRequests)) : undefined,
      rssMb: round(rssMb),
      heapUsedMb: target.pid ? undefined : round(heapUsedMb),
      errors: result.errors + result.non2xx + result.graphqlErrors,
      errorSample: result.errorSample,
      machineCpuBusy: round((cpuAfter.busy - cpuBefore.busy) / Math.max(1, cpuAfter.total - cpuBefore.total)),
      load1: round(os.loadavg()[0]),
    };
    if (job?.kind === 'write') this.writeDays += (result.iterations ?? allRequests) + 10;
    this.cells.push(cell);
    log(
      `  ${target.name.padEnd(15)} ${w.id.padEnd(18)} c=${String(connections).padEnd(3)} p50 ${cell.p50} ms  p95 ${cell.p95}  p99 ${cell.p99}  ${cell.rps} req/s${cell.statementsPerRequest !== undefined ? `  ${cell.statementsPerRequest} stmt/req` : ''}${cell.errors ? `  ERRORS ${cell.errors}: ${result.errorSample}` : ''}`,
    );
    return result;
  }

  get nextWriteDay(): number {
    return this.writeDays;
  }
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** Busy and total jiffies of all CPUs (to see how loaded the machine was during a cell). */
function machineCpu(): { busy: number; total: number } {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = cpu[3] + (cpu[4] ?? 0);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** CPU seconds used so far by a process (this one when no pid). */
function cpuSeconds(pid?: number): number {
  if (!pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  }
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

let activityUrl: string | undefined;

/**
 * Waits until the target's process has been nearly idle for a moment and no query is running in
 * its database: requests the load generator abandoned at the end of a cell are still being served.
 */
async function waitIdle(target: Target, _url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quiet = 0;
  while (Date.now() < deadline && quiet < 2) {
    const before = cpuSeconds(target.pid);
    await new Promise((r) => setTimeout(r, 250));
    const busy = (cpuSeconds(target.pid) - before) / 0.25;
    let active = 0;
    if (activityUrl) {
      const rows = await sql<{ n: string }>(
        activityUrl,
        "select count(*)::text as n from pg_stat_activity where datname = current_database() and state = 'active' and pid <> pg_backend_pid()",
      );
      active = Number(rows[0].n);
    }
    quiet = busy < 0.1 && active === 0 ? quiet + 1 : 0;
  }
}

/** Stops whatever the runner started, also on Ctrl-C. */
const cleanups = new Set<() => Promise<void>>();
function onStop(stop: () => Promise<void>): () => Promise<void> {
  const once = async () => {
    if (!cleanups.delete(once)) return;
    await stop();
  };
  cleanups.add(once);
  return once;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void (async () => {
      for (const stop of [...cleanups].reverse()) await stop().catch(() => undefined);
      process.exit(130);
    })();
  });
}

async function startOurs(config: Config, db: ScaleDatabases): Promise<{ target: Target; app: AllInOne; stop: () => Promise<void> }> {
  const app = await startAllInOne({
    config,
    registryDatabaseUrl: db.url,
    caseworkDatabaseUrl: db.caseworkUrl,
    quiet: true,
    errorLog: (m, e) => console.error(`[ours] ${m}`, e),
  });
  const target: Target = {
    name: 'ours',
    url: app.server.url,
    headers: () => Promise.resolve({}),
    body: graphqlBody,
    statements: () => app.registryDb.statements() + app.caseworkDb.statements(),
    caseworkStatements: () => app.caseworkDb.statements(),
  };
  return { target, app, stop: onStop(() => app.stop()) };
}

async function startFloor(config: Config, db: ScaleDatabases, workloads: Workload[]): Promise<{ target: Target; stop: () => Promise<void> }> {
  const floor = await startFloorServer(
    { registry: db.url, casework: db.caseworkUrl, k: config.casework.disclosureK },
    Object.fromEntries(workloads.filter((w) => w.floor).map((w) => [w.id, w.floor!])),
  );
  const target: Target = {
    name: 'floor',
    url: floor.url,
    headers: () => Promise.resolve({}),
    body: (w) => JSON.stringify({ workload: w.id, variables: w.variables }),
  };
  return { target, stop: onStop(() => floor.stop()) };
}

function ensurePeerInstalled(root: string): string {
  const dir = path.join(root, 'bench', 'peer');
  const installed = path.join(dir, 'node_modules', '.package-lock.json');
  if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(path.join(dir, 'package-lock.json')).mtimeMs) {
    log('installing the peer: npm ci --prefix bench/peer');
    execFileSync('npm', ['ci', '--prefix', dir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  }
  return path.join(dir, 'node_modules', 'postgraphile', 'cli.js');
}

/**
 * Node flags of every Node process the bench starts, the runner itself included (package.json):
 * the service's production setting (a larger young generation, see README "Performance"), given to
 * the peer too so that both run with the same garbage-collector budget.
 */
const NODE_FLAGS = ['--max-semi-space-size=64'];

async function startPeer(root: string, url: string): Promise<{ target: Target; version: string; stop: () => Promise<void> }> {
  const cli = ensurePeerInstalled(root);
  const peer = await startProcess(
    'PostGraphile 4',
    process.execPath,
    [
      ...NODE_FLAGS,
      cli,
      '-c',
      url,
      '-s',
      'public',
      '-n',
      '127.0.0.1',
      '-p',
      '{port}',
      '--append-plugins',
      'postgraphile-plugin-connection-filter,@graphile/pg-aggregates',
      '--disable-default-mutations',
      '--disable-query-log',
    ],
    { NODE_ENV: 'production' },
  );
  const version = (JSON.parse(readFileSync(path.join(path.dirname(cli), 'package.json'), 'utf8')) as { version: string }).version;
  const target: Target = {
    name: 'peer',
    url: peer.url,
    headers: () => Promise.resolve({}),
    body: (w) => JSON.stringify({ query: w.peer!.document, variables: withToday(w.peer!.variables) }),
    pid: peer.pid,
  };
  return { target, version, stop: onStop(() => peer.stop()) };
}

/** Workloads 1–4: ours, the floor and the peer, cell by cell in turn (so background load hits all alike). */
async function measureReads(runner: Runner, scale: ScaleName, reads: Workload[], levels: number[], ours: Target, floor: Target, peer?: Target): Promise<void> {
  for (const w of reads) {
    const answer = await runner.probe(ours, w, scale);
    if (w.floor) await runner.probe(floor, w, scale, answer);
    if (peer && w.peer) await runner.probe(peer, w, scale);
    for (const c of levels) {
      await runner.cell(ours, w, scale, c);
      if (w.floor) await runner.cell(floor, w, scale, c);
      if (peer && w.peer) await runner.cell(peer, w, scale, c);
    }
  }
}

/** Workload 7 on ours: propose → confirm, a fresh pair and day per iteration; rows removed afterwards. */
async function measureWrite(
  runner: Runner,
  config: Config,
  url: string,
  scale: ScaleName,
  write: Workload,
  levels: number[],
  ours: Target,
  app: AllInOne,
): Promise<void> {
  // Registry-only: its statements are the registry ORM's.
  await sql(url, 'delete from partnership where note = $1', [BENCH_NOTE]);
  const admin = await issueToken({ role: Role.ADMIN, subject: 'bench' }, config.jwt, '2h');
  const headers = { authorization: `Bearer ${admin}` };
  const pairs = await writePairs(url);
  if (pairs.length < 20) throw new Error(`workload 7: only ${pairs.length} institution pairs`);
  // One iteration by hand: the statements of each request.
  const [proposer, partner] = pairs[0];
  const before = app.registryDb.statements();
  const proposed = await post(
    app.server.url,
    JSON.stringify({
      query: write.document,
      operationName: 'Propose',
      variables: {
        input: {
          proposerId: proposer,
          partnerIds: [partner],
          kind: 'LETTER_OF_INTENT',
          areas: ['CULTURE'],
          validFrom: '2029-12-31',
          validTo: '2029-12-31',
          note: BENCH_NOTE,
        },
      },
    }),
    headers,
  );
  const middle = app.registryDb.statements();
  const confirmed = await post(
    app.server.url,
    JSON.stringify({
      query: write.document,
      operationName: 'Confirm',
      variables: { input: { partnershipId: proposed.json.data?.proposePartnership?.id, institutionId: partner } },
    }),
    headers,
  );
  if (proposed.json.errors || confirmed.json.errors || confirmed.json.data?.confirmPartnership?.status !== 'ACTIVE') {
    throw new Error(`workload 7 probe failed: ${proposed.text.slice(0, 300)} / ${confirmed.text.slice(0, 300)}`);
  }
  runner.probes.push({ target: 'ours', scale, workload: `${write.id} (propose)`, statements: middle - before, bytes: Buffer.byteLength(proposed.text) });
  runner.probes.push({
    target: 'ours',
    scale,
    workload: `${write.id} (confirm)`,
    statements: app.registryDb.statements() - middle,
    bytes: Buffer.byteLength(confirmed.text),
  });
  const target: Target = { ...ours, headers: () => Promise.resolve(headers) };
  for (const c of levels) {
    await runner.cell(target, write, scale, c, {
      kind: 'write',
      write: { document: write.document!, pairs, firstDay: '2030-01-01', dayOffset: runner.nextWriteDay, note: BENCH_NOTE },
    });
  }
  const [{ n }] = await sql<{ n: string }>(url, "select count(*)::text as n from partnership where note = $1 and status = 'ACTIVE'", [BENCH_NOTE]);
  log(`  workload 7 wrote ${n} active partnerships; removing them`);
  await sql(url, 'delete from partnership where note = $1', [BENCH_NOTE]);
}

/** Pairs for the write workload: institutions of one county with no partnership between them (up to 2,000). */
async function writePairs(url: string): Promise<[string, string][]> {
  const rows = await sql<{ a: string; b: string }>(
    url,
    `with c as (
       select id, left(municipality_code, 4) as county, row_number() over (partition by left(municipality_code, 4) order by id) as rn
       from institution where municipality_code is not null and status = 'ACTIVE')
     select a.id as a, b.id as b from c a join c b on b.county = a.county and b.rn = a.rn + 1
     where a.rn % 2 = 1 and not exists (
       select 1 from partnership_party x join partnership_party y on y.partnership_id = x.partnership_id
       where x.institution_id = a.id and y.institution_id = b.id)
     order by a.id limit 2000`,
  );
  return rows.map((r) => [r.a, r.b]);
}

/** Split mode: the registry subgraph direct vs through the gateway (each its own process), and the all-in-one. */
async function measureSplit(
  runner: Runner,
  root: string,
  config: Config,
  url: string,
  scale: ScaleName,
  reads: Workload[],
  levels: number[],
  ours: Target,
): Promise<void> {
  const main = path.join(root, 'dist', 'src', 'main.js');
  const env = { DATABASE_URL: url, HOST: '127.0.0.1', SEED_ON_START: 'false' };
  const registry = await startProcess('registry subgraph', process.execPath, [...NODE_FLAGS, main, 'registry'], env, { healthPath: '/health' });
  const stopRegistry = onStop(() => registry.stop());
  try {
    const gateway = await startProcess(
      'gateway',
      process.execPath,
      [...NODE_FLAGS, main, 'gateway'],
      { ...env, REGISTRY_URL: registry.url },
      { healthPath: '/health' },
    );
    const stopGateway = onStop(() => gateway.stop());
    // The same supergraph on a second engine (GATEWAY_ENGINE=hive: Hive Gateway), beside @apollo/gateway.
    const hive = await startProcess(
      'Hive gateway',
      process.execPath,
      [...NODE_FLAGS, main, 'gateway'],
      { ...env, REGISTRY_URL: registry.url, GATEWAY_ENGINE: 'hive' },
      { healthPath: '/health' },
    );
    const stopHive = onStop(() => hive.stop());
    try {
      const direct: Target = {
        name: 'registry-direct',
        url: registry.url,
        // The subgraph accepts only the gateway's signed identity (valid 60 s: issued per cell).
        headers: async () => ({ [CALLER_HEADER]: await issueForwardedIdentity(PUBLIC_CALLER, config.subgraphSecret) }),
        body: graphqlBody,
        pid: registry.pid,
      };
      const viaGateway: Target = { name: 'gateway-split', url: gateway.url, headers: () => Promise.resolve({}), body: graphqlBody, pid: gateway.pid };
      const viaHive: Target = { name: 'gateway-hive', url: hive.url, headers: () => Promise.resolve({}), body: graphqlBody, pid: hive.pid };
      const allInOne: Target = { ...ours, name: 'all-in-one' };
      for (const w of reads) {
        const answer = await runner.probe(viaGateway, w, scale);
        await runner.probe(direct, w, scale);
        await runner.probe(viaHive, w, scale, answer);
        for (const c of levels) {
          await runner.cell(direct, w, scale, c);
          await runner.cell(viaGateway, w, scale, c);
          await runner.cell(viaHive, w, scale, c);
          await runner.cell(allInOne, w, scale, c);
        }
      }
    } finally {
      await stopHive();
      await stopGateway();
    }
  } finally {
    await stopRegistry();
  }
}

/**
 * Every core: the built all-in-one service as one process (WEB_CONCURRENCY=1) and as `workers`
 * workers sharing its port (node:cluster), each its own process, as `npm start` runs it; the peer
 * (its own process too) beside them when it is running.
 */
async function measureWorkers(
  runner: Runner,
  root: string,
  db: ScaleDatabases,
  scale: ScaleName,
  reads: Workload[],
  levels: number[],
  workers: number,
  peer?: Target,
): Promise<void> {
  const main = path.join(root, 'dist', 'src', 'main.js');
  const env = (n: number): Record<string, string> => ({
    REGISTRY_DATABASE_URL: db.url,
    CASEWORK_DATABASE_URL: db.caseworkUrl,
    HOST: '127.0.0.1',
    SEED_ON_START: 'false',
    RELEASE_INTERVAL_HOURS: '0',
    WEB_CONCURRENCY: String(n),
  });
  for (const [name, n] of [
    ['one-process', 1],
    ['workers', workers],
  ] as const) {
    const svc = await startProcess(name === 'workers' ? `${n} workers` : 'one process', process.execPath, [...NODE_FLAGS, main, 'all'], env(n), {
      healthPath: '/readyz',
    });
    const stop = onStop(() => svc.stop());
    try {
      const target: Target = { name, url: svc.url, headers: () => Promise.resolve({}), body: graphqlBody, pid: svc.pid };
      for (const w of reads) {
        await runner.probe(target, w, scale);
        for (const c of levels) await runner.cell(target, w, scale, c);
      }
    } finally {
      await stop();
    }
  }
  if (peer)
    for (const w of reads.filter((x) => x.peer))
      for (const c of levels)
        if (!runner.cells.some((x) => x.target === 'peer' && x.workload === w.id && x.scale === scale && x.connections === c))
          await runner.cell(peer, w, scale, c);
}

async function main(): Promise<void> {
  const opts = options();
  // Request log lines off (LOG_LEVEL=warn) in ours and every process started, as for the peer,
  // which logs none; set LOG_LEVEL=info to measure with them.
  process.env.LOG_LEVEL ??= 'warn';
  const started = Date.now();
  const baseConfig = loadConfig();
  const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_ON_START: 'false', BUDGETS: 'false' });
  const root = config.projectRoot;
  const all = loadWorkloads(root);
  const selected = all.filter((w) => opts.workloads.has(w.number));
  const workloads = selected.filter((w) => w.available);
  const reads = workloads.filter((w) => w.kind === 'read');
  const write = workloads.find((w) => w.kind === 'write');
  // The growth table is workloads 1–4 (the registry reads with a floor); split mode measures the
  // registry subgraph alone, so casework workloads (6) stay out of it.
  const growthReads = reads.filter((w) => w.number <= 4);
  const splitReads = reads.filter((w) => !w.casework);
  for (const w of selected.filter((x) => !x.available)) log(`workload ${w.number} (${w.id}): ${w.reason}`);
  const server = await databaseServer(baseConfig);
  const stopServer = onStop(() => server.stop());
  const generated: Record<string, GenerateReport> = {};
  const generatedCasework: Record<string, GenerateReport> = {};
  const linkage = new Linkage(config.casework.linkageKeys);
  let peerVersion: string | undefined;
  const runner = new Runner(opts);
  try {
    const databases = new Map<ScaleName, ScaleDatabases>();
    for (const scale of opts.growth) {
      // People and episodes for the main scale only (workload 6); national10's would take minutes (seeds/national/README.md).
      const db = await scaleDatabase(server.urlOf, scale, opts.seed, scale === opts.scale ? linkage : undefined);
      databases.set(scale, db);
      generated[scale] = db.report;
      if (db.caseworkReport) generatedCasework[scale] = db.caseworkReport;
    }
    if (opts.generateOnly) {
      log(`generated: ${JSON.stringify(generated, null, 2)}`);
      return;
    }
    const mainDb = databases.get(opts.scale)!;
    const url = mainDb.url;
    activityUrl = url;

    const withPeer = opts.peer && reads.some((w) => w.peer);
    log(`main matrix at ${opts.scale}: ours (all-in-one), SQL floor${withPeer ? ', peer' : ''}, in turn per cell`);
    const ours = await startOurs(config, mainDb);
    try {
      const floor = await startFloor(config, mainDb, reads);
      // The peer has queries for workloads 1–4 only ("no peer equivalent" for 5 and 6).
      const peer = withPeer ? await startPeer(root, url) : undefined;
      peerVersion = peer?.version;
      try {
        await measureReads(runner, opts.scale, reads, opts.connections, ours.target, floor.target, peer?.target);
        if (opts.workers > 1) {
          log(`every core at ${opts.scale}: the built service as one process and as ${opts.workers} workers`);
          await measureWorkers(runner, root, mainDb, opts.scale, reads, opts.workerConnections, opts.workers, peer?.target);
        }
      } finally {
        await peer?.stop();
        await floor.stop();
      }
      if (write) await measureWrite(runner, config, url, opts.scale, write, opts.connections, ours.target, ours.app);
      if (opts.split) {
        log(`federation overhead at ${opts.scale}: registry subgraph direct vs through the gateway (split mode) vs all-in-one`);
        await measureSplit(runner, root, config, url, opts.scale, splitReads, opts.fedConnections, ours.target);
      }
    } finally {
      await ours.stop();
    }
    for (const scale of opts.growth.filter((s) => s !== opts.scale)) {
      log(`growth: ${scale}`);
      const db = databases.get(scale)!;
      activityUrl = db.url;
      const o = await startOurs(config, db);
      try {
        const f = await startFloor(config, db, growthReads);
        try {
          await measureReads(runner, scale, growthReads, opts.growthConnections, o.target, f.target);
        } finally {
          await f.stop();
        }
      } finally {
        await o.stop();
      }
    }
    const sizes: Record<string, Record<string, string>> = {};
    const caseworkSizes: Record<string, Record<string, string>> = {};
    for (const [scale, db] of databases) {
      const u = db.url;
      const casework = await sql<Record<string, string>>(
        db.caseworkUrl,
        'select (select count(distinct (key_version, pseudonym)) from participant)::text as people, (select count(*) from participant)::text as participants, (select count(*) from service_episode)::text as episodes',
      ).catch(() => undefined);
      if (casework) caseworkSizes[scale] = casework[0];
      sizes[scale] = (
        await sql<Record<string, string>>(
          u,
          'select (select count(*) from institution)::text as institutions, (select count(*) from partnership)::text as partnerships, (select count(*) from partnership_party)::text as parties, (select count(*) from network)::text as networks, (select count(*) from membership)::text as memberships',
        )
      )[0];
    }
    const results: BenchResults = {
      meta: {
        date: new Date().toISOString(),
        scale: opts.scale,
        seed: opts.seed,
        durationSec: opts.durationSec,
        warmupSec: opts.warmupSec,
        connections: opts.connections,
        fedConnections: opts.fedConnections,
        growthConnections: opts.growthConnections,
        machine: {
          cpus: os.cpus().length,
          cpuModel: os.cpus()[0]?.model ?? '?',
          memoryGb: Math.round(os.totalmem() / 2 ** 30),
          node: process.version,
          postgres: await server.version(),
          platform: `${os.platform()} ${os.release()}`,
        },
        peer: peerVersion ? `PostGraphile ${peerVersion} (+ postgraphile-plugin-connection-filter, @graphile/pg-aggregates)` : undefined,
        runSeconds: Math.round((Date.now() - started) / 1000),
        generated,
        generatedCasework,
        sizes,
        caseworkSizes,
        workers: opts.workers > 1 ? { count: opts.workers, connections: opts.workerConnections } : undefined,
      },
      workloads: all.map((w) => ({
        id: w.id,
        number: w.number,
        title: w.title,
        available: w.available && opts.workloads.has(w.number),
        reason: w.available && !opts.workloads.has(w.number) ? 'not selected in this run (--workloads)' : w.reason,
        hasFloor: w.available ? Boolean(w.floor) : undefined,
        hasPeer: w.available && w.kind === 'read' ? Boolean(w.peer) : undefined,
      })),
      probes: runner.probes,
      cells: runner.cells,
    };
    const out = opts.out ?? path.join(root, 'bench', 'results');
    mkdirSync(out, { recursive: true });
    const files = writeReports(results, out);
    log(`wrote ${files.map((f) => path.relative(root, f)).join(', ')} (${results.meta.runSeconds} s)`);
  } finally {
    await stopServer();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  },
);
