// Helpers of the analytics tests: fixed graphs written straight into the database, paging through
// the graph's nodes and links, the export endpoints on their own HTTP server, and networkx as an independent reader.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { newId } from '../../../src/common/ids';
import { analyticsRoutes } from '../../../src/registry/analytics/export.routes';
import type { TestApp } from '../../support/registry-app';
import { sql } from '../../support/registry-helpers';
import { collectNodes, data } from '../../support/requests';

/** Inserts institutions named `name` in a municipality (its voivodeship scopes the fixture). */
export async function institutions(app: TestApp, municipality: string, names: string[], type = 'NGO'): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of names) {
    ids[name] = newId();
    await sql(app, `insert into institution (id, type, name, municipality_code, created_on) values (?, ?, ?, ?, '2000-01-01')`, [
      ids[name],
      type,
      name,
      municipality,
    ]);
  }
  return ids;
}

export interface PartnershipSpec {
  parties: string[];
  validFrom?: string;
  validTo?: string | null;
  status?: 'ACTIVE' | 'ENDED' | 'PROPOSED' | 'DECLINED';
  kind?: string;
  areas?: string[];
}

export async function partnership(app: TestApp, spec: PartnershipSpec): Promise<string> {
  const id = newId();
  await sql(app, `insert into partnership (id, kind, areas, status, valid_from, valid_to, proposed_by_id) values (?, ?, ?::text[], ?, ?, ?, ?)`, [
    id,
    spec.kind ?? 'INFORMAL',
    `{${(spec.areas ?? ['SOCIAL_WORK']).join(',')}}`,
    spec.status ?? 'ACTIVE',
    spec.validFrom ?? '2010-01-01',
    spec.validTo ?? null,
    spec.parties[0],
  ]);
  for (const [i, party] of spec.parties.entries()) {
    await sql(app, `insert into partnership_party (id, partnership_id, institution_id, role, confirmed_at) values (?, ?, ?, ?, now())`, [
      newId(),
      id,
      party,
      i === 0 ? 'LEAD' : 'PARTNER',
    ]);
  }
  return id;
}

/** Edges of a path, a star or any list of pairs, each one bilateral partnership. */
export async function edges(app: TestApp, ids: Record<string, string>, pairs: [string, string][]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [a, b] of pairs) out[`${a}-${b}`] = await partnership(app, { parties: [ids[a], ids[b]] });
  return out;
}

/** Every node of a graph with the fields asked, following the cursor. */
export const allNodes = (app: TestApp, args: string, fields: string): Promise<any[]> => graphElements(app, 'nodes', args, fields);

export const allLinks = (app: TestApp, args: string, fields: string): Promise<any[]> => graphElements(app, 'links', args, fields);

async function graphElements(app: TestApp, list: 'nodes' | 'links', args: string, fields: string): Promise<any[]> {
  const query = `query($after: String) { cooperationGraph(${args}) { ${list}(first: 100, after: $after) { edges { node { ${fields} } } pageInfo { hasNextPage endCursor } } } }`;
  return (await collectNodes(async (after) => data(await app.gql(query, { after })).cooperationGraph[list])).nodes;
}

/** The export routes on their own server over the test's database (the app mounts them in main). */
export async function startExportServer(app: TestApp): Promise<{ url: string; close(): Promise<void> }> {
  const server = express();
  analyticsRoutes(app.db.orm, app.config, () => undefined)(server);
  const listener = http.createServer(server);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => listener.close(() => resolve())) };
}

/** Runs Python (networkx) on `script` with `args`; returns its JSON output. */
export function python(script: string, args: string[]): any {
  const run = spawnSync('python3', ['-c', script, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout);
}

export const hasNetworkx = (): boolean => spawnSync('python3', ['-c', 'import networkx'], { encoding: 'utf8' }).status === 0;
