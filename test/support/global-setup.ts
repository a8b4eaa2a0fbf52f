// Starts one embedded PostgreSQL for the whole run (unless DATABASE_URL points at a server);
// every test file then creates its own database on it.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../src/db/embedded';

let embedded: EmbeddedServer | undefined;
let dataDir: string | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    // Under /tmp: world-traversable, so the unprivileged postgres user can reach it.
    dataDir = mkdtempSync(path.join(tmpdir(), 'ksr-test-pg-'));
    chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir, port: 0, persistent: false });
    url = embedded.url;
  }
  project.provide('pgServerUrl', url);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
