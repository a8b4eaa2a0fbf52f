// Export round trips: the pilot graph exported over HTTP and by the CLI command, read back by an
// independent reader (networkx, Debian's python3-networkx; Python's csv module), and compared
// with what the GraphQL API says about the same graph.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pilotSeeds } from '../../../seeds';
import { exportCommand } from '../../../src/registry/analytics/export.command';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { allLinks, allNodes, hasNetworkx, python, startExportServer } from './support';

let app: TestApp;
let exports: Awaited<ReturnType<typeof startExportServer>>;
let dir: string;

beforeAll(async () => {
  if (!hasNetworkx()) throw new Error('python3 with networkx is required (apt-get install -y python3-networkx)');
  app = await startRegistryApp();
  exports = await startExportServer(app);
  dir = mkdtempSync(path.join(tmpdir(), 'ksr-export-'));
});
afterAll(async () => {
  await exports?.close();
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Reads a GraphML or GEXF file with networkx and prints nodes and edges with their data as JSON. */
const READ_WITH_NETWORKX = `
import json, sys
import networkx as nx
kind, file = sys.argv[1], sys.argv[2]
g = nx.read_graphml(file) if kind == 'graphml' else nx.read_gexf(file)
print(json.dumps({
  'directed': g.is_directed(),
  'multigraph': g.is_multigraph(),
  'mode': g.graph.get('mode'),
  'nodes': {n: d for n, d in g.nodes(data=True)},
  'edges': [[u, v, d] for u, v, d in g.edges(data=True)],
}, default=list))
`;

const READ_CSV = `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
  print(json.dumps(list(csv.DictReader(f))))
`;

const NODE_FIELDS = 'id name type sector voivodeship pilot synthetic institution { createdOn activityStartedOn registeredOn closedOn }';
const LINK_FIELDS = 'sourceId targetId weight kinds areas partnerships { id kind validFrom validTo }';

async function download(file: string, query: string): Promise<string> {
  const res = await fetch(`${exports.url}/export/${file}?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  const target = path.join(dir, `${file}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(target, await res.text());
  return target;
}

const pairKey = (a: string, b: string): string => [a, b].sort().join('|');
const firstDate = (i: any): string | null => [i.createdOn, i.activityStartedOn, i.registeredOn].filter(Boolean).sort()[0] ?? null;

/** Merged validity intervals of a pair's partnerships, as the exports should give them. */
function intervals(partnerships: { validFrom: string; validTo: string | null }[]): [string, string | null][] {
  const sorted = [...partnerships].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const out: [string, string | null][] = [];
  for (const p of sorted) {
    const last = out.at(-1);
    const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (last && (last[1] === null || next(last[1]) >= p.validFrom)) {
      if (last[1] !== null && (p.validTo === null || p.validTo > last[1])) last[1] = p.validTo;
    } else out.push([p.validFrom, p.validTo]);
  }
  return out;
}

describe('GraphML over HTTP', () => {
  it('round-trips the świętokrzyskie graph at the end of 2019 through networkx', async () => {
    const args = 'asOf: "2019-12-31", filter: { voivodeship: "26" }';
    const [nodes, links] = await Promise.all([allNodes(app, args, NODE_FIELDS), allLinks(app, args, LINK_FIELDS)]);
    expect(nodes.length).toBeGreaterThan(20);
    const file = await download('graph.graphml', 'voivodeship=26&asOf=2019-12-31');
    const g = python(READ_WITH_NETWORKX, ['graphml', file]);
    expect(g.directed).toBe(false);
    expect(g.multigraph).toBe(false);
    expect(Object.keys(g.nodes).sort()).toEqual(nodes.map((n) => n.id).sort());
    expect(g.edges).toHaveLength(links.length);
    for (const n of nodes) {
      const read = g.nodes[n.id];
      expect(read).toMatchObject({ label: n.name, type: n.type, sector: n.sector, voivodeship: n.voivodeship, pilot: n.pilot, synthetic: n.synthetic });
      expect(read.start ?? null).toBe(firstDate(n.institution));
    }
    const byPair = new Map(links.map((l) => [pairKey(l.sourceId, l.targetId), l]));
    for (const [u, v, d] of g.edges) {
      const link = byPair.get(pairKey(u, v));
      expect(link, `${u}–${v}`).toBeDefined();
      expect(d.weight).toBe(link.weight);
      expect(d.kind.split(';')).toEqual(link.kinds);
      expect(d.areas.split(';')).toEqual(link.areas);
      expect(d.partnerships.split(';').sort()).toEqual(link.partnerships.map((p: any) => p.id).sort());
      expect(d.start).toBe(link.partnerships.map((p: any) => p.validFrom).sort()[0]);
    }
  });

  it('answers bad parameters with 400 and a typed error naming the parameter', async () => {
    for (const [query, field] of [
      ['voivodeship=99', 'voivodeship'],
      ['asOf=2019-13-45', 'asOf'],
      ['sectors=CULTURE,NOPE', 'sectors'],
      ['from=2020-01-01&to=2019-01-01', 'to'],
      ['voivodship=26', 'voivodship'],
    ]) {
      const res = await fetch(`${exports.url}/export/graph.graphml?${query}`);
      expect(res.status, query).toBe(400);
      const body = await res.json();
      expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('GEXF from the CLI command', () => {
  it('writes a dynamic graph whose nodes and edges carry their dates for the timeline', async () => {
    const out = path.join(dir, 'window.gexf');
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = app.config.databaseUrl;
    try {
      await exportCommand(['--format', 'gexf', '--voivodeship', '26', '--from', '2019-01-01', '--to', '2020-12-31', '--out', out], pilotSeeds.registry);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
    }
    expect(readFileSync(out, 'utf8')).toContain('mode="dynamic"');
    const args = 'from: "2019-01-01", to: "2020-12-31", filter: { voivodeship: "26" }';
    const [nodes, links] = await Promise.all([allNodes(app, args, NODE_FIELDS), allLinks(app, args, LINK_FIELDS)]);
    const g = python(READ_WITH_NETWORKX, ['gexf', out]);
    expect(g.mode).toBe('dynamic');
    expect(g.multigraph).toBe(false);
    expect(Object.keys(g.nodes).sort()).toEqual(nodes.map((n) => n.id).sort());
    expect(g.edges).toHaveLength(links.length);
    for (const n of nodes) {
      const read = g.nodes[n.id];
      expect(read).toMatchObject({ label: n.name, type: n.type, sector: n.sector, pilot: n.pilot, synthetic: n.synthetic });
      expect(read.start ?? null).toBe(firstDate(n.institution));
      expect(read.end ?? null).toBe(n.institution.closedOn);
    }
    const byPair = new Map(links.map((l) => [pairKey(l.sourceId, l.targetId), l]));
    let ended = 0;
    for (const [u, v, d] of g.edges) {
      const link = byPair.get(pairKey(u, v));
      expect(d.weight).toBe(link.weight);
      expect(d.kind.split(';')).toEqual(link.kinds);
      // One interval: start/end on the edge; several: spells (networkx reads a missing end as "None").
      const read: [string, string | null][] = d.spells ? d.spells.map(([s, e]: [string, string]) => [s, e === 'None' ? null : e]) : [[d.start, d.end ?? null]];
      expect(read).toEqual(intervals(link.partnerships));
      if (read.some(([, e]) => e !== null)) ended += 1;
    }
    // The window includes area partnerships that ended in 2020.
    expect(ended).toBeGreaterThan(0);
  });
});

describe('CSV over HTTP', () => {
  it("gives nodes.csv and edges.csv of the same graph in Gephi's spreadsheet shape", async () => {
    const query = 'voivodeship=26&asOf=2019-12-31&sectors=SOCIAL_EMPLOYMENT,CULTURE,EDUCATION';
    const args = 'asOf: "2019-12-31", filter: { voivodeship: "26", sectors: [SOCIAL_EMPLOYMENT, CULTURE, EDUCATION] }';
    const [nodes, links] = await Promise.all([allNodes(app, args, NODE_FIELDS), allLinks(app, args, LINK_FIELDS)]);
    const nodeRows = python(READ_CSV, [await download('nodes.csv', query)]);
    const edgeRows = python(READ_CSV, [await download('edges.csv', query)]);
    expect(nodeRows.map((r: any) => r.Id).sort()).toEqual(nodes.map((n) => n.id).sort());
    for (const r of nodeRows) {
      const n = nodes.find((x) => x.id === r.Id);
      expect(r).toMatchObject({ Label: n.name, type: n.type, sector: n.sector, pilot: String(n.pilot), synthetic: String(n.synthetic) });
    }
    expect(edgeRows).toHaveLength(links.length);
    for (const r of edgeRows) {
      const link = links.find((l) => pairKey(l.sourceId, l.targetId) === pairKey(r.Source, r.Target));
      expect(r).toMatchObject({ Type: 'Undirected', Weight: String(link.weight), kind: link.kinds.join(';'), areas: link.areas.join(';') });
    }
  });
});
