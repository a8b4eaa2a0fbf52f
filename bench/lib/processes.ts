// Services the runner starts as their own processes (the peer; the registry and the gateway in
// split mode): started, awaited until they answer, and stopped by their pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../src/db/embedded';

export interface ServiceProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

async function waitUntilAnswering(url: string, health: string | undefined, child: ChildProcess, output: () => string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${output().slice(-2000)}`);
    try {
      const res = health
        ? await fetch(health)
        : await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`did not answer within ${timeoutMs} ms: ${output().slice(-2000)}`);
}

export async function startProcess(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { port?: number; path?: string; healthPath?: string } = {},
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(
    command,
    args.map((a) => a.replace('{port}', String(port))),
    {
      // One benchmark client measures throughput: cost budgets (README "Cost and budgets") would throttle it.
      env: { ...process.env, BUDGETS: 'false', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}${options.path ?? '/graphql'}`;
  try {
    await waitUntilAnswering(url, options.healthPath && `http://127.0.0.1:${port}${options.healthPath}`, child, () => log);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return {
    url,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
