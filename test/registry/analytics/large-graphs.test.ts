// Large-graph behaviour without a database: the sampled estimates agree with the exact metrics
// (exactly when every node is a pivot, closely when sampled), and the dynamic GEXF of a pair that
// cooperated twice carries two spells.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderExport } from '../../../src/registry/analytics/exports/formats';
import { mergeIntervals } from '../../../src/registry/analytics/exports/export-model';
import { GraphAnalysis, MetricMethod } from '../../../src/registry/analytics/graph-analysis';
import type { GraphRows, LinkRow, NodeRow } from '../../../src/registry/analytics/graph-rows';
import type { GraphScope } from '../../../src/registry/analytics/graph-scope';
import { seededRandom } from '../../../src/registry/analytics/random';
import { PartnershipKind } from '../../../src/registry/cooperation/partnership.entities';
import { InstitutionType } from '../../../src/registry/institutions/institution-kinds';
import { hasNetworkx, python } from './support';

const SCOPE: GraphScope = { from: '2020-01-01', to: '2020-01-01', asOf: '2020-01-01', voivodeship: null, types: null, networkId: null };

const id = (i: number): string => `n${String(i).padStart(5, '0')}`;
const node = (i: number): NodeRow => ({
  id: id(i),
  name: id(i),
  type: InstitutionType.NGO,
  municipality: null,
  pilot: false,
  synthetic: true,
  startsOn: null,
  endsOn: null,
  memberships: null,
});
let partnerships = 0;
const link = (a: string, b: string, validFrom = '2019-01-01', validTo: string | null = null): LinkRow => ({
  partnershipId: `p${partnerships++}`,
  source: a < b ? a : b,
  target: a < b ? b : a,
  kind: PartnershipKind.INFORMAL,
  areas: [],
  validFrom,
  validTo,
});

/** A sparse random graph (preferential attachment, a few isolated nodes and a separate small part). */
function randomRows(n: number, seed: number): GraphRows {
  const random = seededRandom(seed);
  const nodes = Array.from({ length: n }, (_, i) => node(i));
  const links: LinkRow[] = [];
  const seen = new Set<string>();
  const ends: number[] = [0];
  for (let i = 1; i < n - 20; i++) {
    for (let k = 0; k < 2; k++) {
      const j = ends[Math.floor(random() * ends.length)];
      const key = `${Math.min(i, j)}-${Math.max(i, j)}`;
      if (i === j || seen.has(key)) continue;
      seen.add(key);
      links.push(link(id(i), id(j)));
      ends.push(i, j);
    }
  }
  // A separate chain of ten and ten isolated nodes.
  for (let i = n - 20; i < n - 11; i++) links.push(link(id(i), id(i + 1)));
  links.sort((a, b) => (a.source + a.target < b.source + b.target ? -1 : 1));
  return { nodes, links };
}

describe('sampled centrality', () => {
  it('is exact when every node is a pivot', () => {
    const rows = randomRows(400, 1);
    const exact = new GraphAnalysis(rows, SCOPE, 'v');
    const allPivots = new GraphAnalysis(rows, SCOPE, 'v', { exactMaxNodes: 0, pivots: 400 });
    expect(exact.centrality.method).toBe(MetricMethod.EXACT);
    expect(allPivots.centrality.method).toBe(MetricMethod.SAMPLED);
    for (const n of rows.nodes) {
      expect(allPivots.centrality.betweenness.get(n.id)).toBeCloseTo(exact.centrality.betweenness.get(n.id) ?? NaN, 10);
      expect(allPivots.centrality.closeness.get(n.id)).toBeCloseTo(exact.centrality.closeness.get(n.id) ?? NaN, 10);
    }
    expect(allPivots.largestComponent).toMatchObject({ diameter: exact.largestComponent.diameter, method: MetricMethod.EXACT });
    expect(allPivots.largestComponent.averagePathLength).toBeCloseTo(exact.largestComponent.averagePathLength ?? NaN, 10);
  });

  it('estimates a large graph from a sample of sources and says so', () => {
    const rows = randomRows(3000, 2);
    const exact = new GraphAnalysis(rows, SCOPE, 'v', { exactMaxNodes: 5000, pivots: 0 });
    const sampled = new GraphAnalysis(rows, SCOPE, 'v', { exactMaxNodes: 2000, pivots: 300 });
    const s = sampled.centrality;
    expect(s.method).toBe(MetricMethod.SAMPLED);
    expect(sampled.largestComponent.method).toBe(MetricMethod.SAMPLED);
    expect(s.pivots).toBeLessThan(400);
    // The most central nodes are found: most of the exact top 10 are in the sampled top 20.
    const top = (a: GraphAnalysis, k: number) => a.ordered('BETWEENNESS').slice(0, k);
    const found = top(exact, 10).filter((n) => top(sampled, 20).includes(n)).length;
    expect(found).toBeGreaterThanOrEqual(8);
    // Closeness and mean distance within a few per cent; the sampled diameter is a lower bound.
    const e = exact.centrality;
    const [sl, el] = [sampled.largestComponent, exact.largestComponent];
    const errors = rows.nodes.map((n) => Math.abs((s.closeness.get(n.id) ?? 0) - (e.closeness.get(n.id) ?? 0)) / Math.max(e.closeness.get(n.id) ?? 0, 1e-9));
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.05);
    expect(Math.abs((sl.averagePathLength ?? 0) - (el.averagePathLength ?? 0)) / (el.averagePathLength ?? 1)).toBeLessThan(0.05);
    expect(sl.diameter).toBeLessThanOrEqual(el.diameter ?? 0);
    expect(sampled.components).toHaveLength(1 + 1 + 10);
  });
});

describe('dynamic GEXF', () => {
  it('merges overlapping intervals and writes spells for a pair that cooperated twice', () => {
    expect(
      mergeIntervals([
        ['2020-01-01', '2020-03-31'],
        ['2020-04-01', null],
        ['2019-01-01', '2019-02-01'],
      ]),
    ).toEqual([
      ['2019-01-01', '2019-02-01'],
      ['2020-01-01', null],
    ]);
    partnerships = 0;
    const rows: GraphRows = {
      nodes: [node(1), { ...node(2), startsOn: '2019-05-01', endsOn: '2021-12-31' }, node(3)],
      links: [link(id(1), id(2), '2019-06-01', '2019-12-31'), link(id(1), id(2), '2020-06-01', null), link(id(2), id(3), '2019-06-01', '2020-06-30')],
    };
    const analysis = new GraphAnalysis(rows, { ...SCOPE, asOf: null, from: '2019-01-01', to: '2021-01-01' }, 'v');
    const gexf = renderExport(analysis.graph, analysis.scope, 'gexf');
    if (!hasNetworkx()) throw new Error('python3 with networkx is required');
    const dir = mkdtempSync(path.join(tmpdir(), 'ksr-gexf-'));
    try {
      const file = path.join(dir, 'g.gexf');
      writeFileSync(file, gexf);
      const g = python(
        `import json, sys, networkx as nx
g = nx.read_gexf(sys.argv[1])
print(json.dumps({'nodes': dict(g.nodes(data=True)), 'edges': {u + '|' + v: d for u, v, d in g.edges(data=True)}}, default=list))`,
        [file],
      );
      expect(g.nodes[id(2)]).toMatchObject({ start: '2019-05-01', end: '2021-12-31' });
      expect(g.nodes[id(1)].start).toBeUndefined();
      expect(g.edges[`${id(1)}|${id(2)}`]).toMatchObject({
        weight: 2,
        spells: [
          ['2019-06-01', '2019-12-31'],
          ['2020-06-01', 'None'],
        ],
      });
      expect(g.edges[`${id(2)}|${id(3)}`]).toMatchObject({ weight: 1, start: '2019-06-01', end: '2020-06-30' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
