// Drives one cell (a target, a workload, a concurrency) from a child process running autocannon,
// while this process samples memory and counts SQL statements.
import { fork } from 'node:child_process';
import path from 'node:path';

interface WriteJob {
  document: string;
  pairs: [string, string][];
  firstDay: string;
  dayOffset: number;
  note: string;
}

export type LoadJob = {
  url: string;
  connections: number;
  durationSec: number;
  warmupSec: number;
  headers: Record<string, string>;
} & ({ kind: 'fixed'; body: string } | { kind: 'write'; write: WriteJob });

export interface LoadResult {
  requests: number;
  rps: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  bytesPerRequest: number;
  non2xx: number;
  errors: number;
  graphqlErrors: number;
  errorSample?: string;
  durationSec: number;
  /** Requests of the warm-up (statements are counted over warm-up and run together). */
  warmupRequests?: number;
  /** Write workload: iterations started (each used one day). */
  iterations?: number;
}

export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'load-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let settled = false;
    child.on('message', (message: { ok: boolean; result?: LoadResult; error?: string }) => {
      settled = true;
      child.kill();
      if (message.ok && message.result) resolve(message.result);
      else reject(new Error(`load generator: ${message.error}`));
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`load generator exited with ${code}`));
    });
    child.send(job);
  });
}

/** Peak RSS and heap of this process (and optionally of another, by pid) while `run` executes. */
export async function sampleMemory<T>(run: () => Promise<T>, pid?: number): Promise<{ value: T; rssMb: number; heapUsedMb: number }> {
  const { readFileSync } = await import('node:fs');
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    if (pid) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        rss = Math.max(rss, kb * 1024);
      } catch {
        // the process is gone
      }
      return;
    }
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 250);
  try {
    const value = await run();
    sample();
    return { value, rssMb: rss / 2 ** 20, heapUsedMb: heap / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}
