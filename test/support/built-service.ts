// The built service (`node dist/src/main.js`) as an operator runs it: spawned on a free port with
// its own DATA_DIR under a temp directory; its log kept for assertions. `npm run build` is run
// first when dist/ is older than the sources (once, under a lock, for test files running at once).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/db/embedded';
import { findProjectRoot } from '../../src/config';

const root = findProjectRoot(__dirname);
const MAIN = path.join(root, 'dist', 'src', 'main.js');

/** The newest modification time of any file under `dir`. */
export function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when a source is newer than dist/src/main.js. */
export async function ensureBuilt(): Promise<void> {
  const lock = path.join(tmpdir(), 'ksr-test-build.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file builds: wait for it (a lock older than 5 minutes is stale).
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    const stale = !existsSync(MAIN) || ['src', 'seeds'].some((d) => newestMtime(path.join(root, d)) > statSync(MAIN).mtimeMs);
    if (stale) {
      const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
      // tsc emits despite type errors (another change in progress): only a missing build is fatal.
      if (build.status !== 0 && !existsSync(MAIN)) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface BuiltService {
  child: ChildProcess;
  port: number;
  url: string;
  dataDir: string;
  /** Everything printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resolves when /readyz answers 200 (rejects after `ms` or when the process exits first). */
  ready(ms?: number): Promise<void>;
}

/** A temp DATA_DIR the unprivileged postgres user can reach. */
export function tempDataDir(prefix = 'ksr-svc-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export async function spawnService(options: { mode?: string; dataDir?: string; env?: Record<string, string>; port?: number } = {}): Promise<BuiltService> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDataDir();
  let log = '';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_ON_START: 'false',
    RELEASE_INTERVAL_HOURS: '0',
    // One process unless a test asks for workers (the cluster test does).
    WEB_CONCURRENCY: '1',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  // The test server's URL must not leak into a service meant to run its own PostgreSQL.
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  const child = spawn(process.execPath, [MAIN, options.mode ?? 'all'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    url,
    dataDir,
    output: () => log,
    exited,
    async ready(ms = 90_000) {
      for (const until = Date.now() + ms; Date.now() < until;) {
        if (gone) throw new Error(`the service exited before it was ready:\n${log}`);
        const ok = await fetch(`${url}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`the service was not ready within ${ms} ms:\n${log}`);
    },
  };
}

/** Whether a process runs (signal 0). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
