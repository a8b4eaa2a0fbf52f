// The SQL floor behind HTTP: POST {"workload": id, "variables": {...}} runs the workload's
// statement through a pg pool (the same size as the ORM's) and returns its JSON text as is.
// Workload 6 also reads the casework database (its own pool, like the casework ORM's).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { todayInPoland } from '../../src/common/dates';
import type { FloorContext, FloorQuery } from '../workloads/floor';

export interface FloorServer {
  url: string;
  stop(): Promise<void>;
}

export interface FloorDatabases {
  registry: string;
  casework: string;
  /** The disclosure threshold (DISCLOSURE_K) the service applies. */
  k: number;
}

export async function startFloorServer(databases: FloorDatabases, queries: Record<string, FloorQuery>): Promise<FloorServer> {
  const pool = new Pool({ connectionString: databases.registry, max: 10 });
  // Connections are opened on first use: only workloads that read casework open any.
  const context: FloorContext = { casework: new Pool({ connectionString: databases.casework, max: 10 }), k: databases.k };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const { workload, variables } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { workload: string; variables: Record<string, unknown> };
          const query = queries[workload];
          if (!query) throw new Error(`no floor query for ${workload}`);
          const body = await query(pool, variables, todayInPoland(), context);
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        } catch (e) {
          const body = JSON.stringify({ errors: [{ message: e instanceof Error ? e.message : String(e) }] });
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(body);
        }
      })();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/floor`,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await pool.end();
      await context.casework.end();
    },
  };
}
