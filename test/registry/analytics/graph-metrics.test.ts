// Graph metrics against values computed by hand on small fixed graphs, each built in its own
// voivodeship of a fresh database so that the voivodeship filter isolates it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { allNodes, edges, institutions, partnership } from './support';
import { data, edgesOf } from '../../support/requests';

let app: TestApp;
let path: Record<string, string>;
let star: Record<string, string>;
let triangles: Record<string, string>;
let trianglePartnerships: Record<string, string>;

beforeAll(async () => {
  app = await startRegistryApp({ seed: false });
  // A path of 4 in dolnośląskie (02): a – b – c – d.
  path = await institutions(app, '0201011', ['a', 'b', 'c', 'd']);
  await edges(app, path, [
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
  ]);
  // A star of 5 in kujawsko-pomorskie (04): hub with four leaves.
  star = await institutions(app, '0401011', ['hub', 'l1', 'l2', 'l3', 'l4']);
  await edges(app, star, [
    ['hub', 'l1'],
    ['hub', 'l2'],
    ['hub', 'l3'],
    ['hub', 'l4'],
  ]);
  // Two triangles joined by a bridge c – d in lubelskie (06).
  triangles = await institutions(app, '0601011', ['a', 'b', 'c', 'd', 'e', 'f']);
  trianglePartnerships = await edges(app, triangles, [
    ['a', 'b'],
    ['b', 'c'],
    ['a', 'c'],
    ['c', 'd'],
    ['d', 'e'],
    ['e', 'f'],
    ['d', 'f'],
  ]);
});
afterAll(() => app?.close());

const SUMMARY = `nodeCount edgeCount partnershipCount density componentCount averageClustering modularity communityCount
  largestComponent { nodeCount edgeCount diameter averagePathLength method } accuracy { centrality pivots }`;
const NODE = 'id degree weightedDegree betweenness closeness clustering community pagerank';

async function graph(voivodeship: string) {
  const res = data<any>(await app.gql(`query($v: String) { cooperationGraph(filter: { voivodeship: $v }) { ${SUMMARY} } }`, { v: voivodeship }));
  const nodes = await allNodes(app, `filter: { voivodeship: "${voivodeship}" }`, NODE);
  return { summary: res.cooperationGraph, node: (id: string) => nodes.find((n) => n.id === id) };
}

describe('a path of four: a – b – c – d', () => {
  it('has the hand-computed metrics', async () => {
    const { summary, node } = await graph('02');
    expect(summary).toMatchObject({ nodeCount: 4, edgeCount: 3, partnershipCount: 3, componentCount: 1, averageClustering: 0 });
    expect(summary.density).toBeCloseTo(3 / 6);
    expect(summary.largestComponent).toMatchObject({ nodeCount: 4, edgeCount: 3, diameter: 3, method: 'EXACT' });
    // Distances 1,2,3,1,2,1 over 6 pairs.
    expect(summary.largestComponent.averagePathLength).toBeCloseTo(10 / 6);
    expect(summary.accuracy).toEqual({ centrality: 'EXACT', pivots: null });
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((k) => node(path[k]));
    expect([a.degree, b.degree, c.degree, d.degree]).toEqual([1, 2, 2, 1]);
    // b lies on a–c and a–d: 2 of the 3 pairs not involving b.
    expect(b.betweenness).toBeCloseTo(2 / 3);
    expect(c.betweenness).toBeCloseTo(2 / 3);
    expect(a.betweenness).toBe(0);
    // Closeness (n−1)/Σd: a 3/6, b 3/4.
    expect(a.closeness).toBeCloseTo(0.5);
    expect(b.closeness).toBeCloseTo(0.75);
    expect(d.closeness).toBeCloseTo(0.5);
    expect([a, b, c, d].every((n) => n.clustering === 0)).toBe(true);
    // PageRank is symmetric on a path and sums to 1.
    expect(a.pagerank).toBeCloseTo(d.pagerank);
    expect(a.pagerank + b.pagerank + c.pagerank + d.pagerank).toBeCloseTo(1);
    expect(b.pagerank).toBeGreaterThan(a.pagerank);
  });
});

describe('a star of five', () => {
  it('has the hand-computed metrics', async () => {
    const { summary, node } = await graph('04');
    expect(summary).toMatchObject({ nodeCount: 5, edgeCount: 4, componentCount: 1, averageClustering: 0 });
    expect(summary.density).toBeCloseTo(4 / 10);
    expect(summary.largestComponent.diameter).toBe(2);
    // 4 pairs at distance 1, 6 at distance 2.
    expect(summary.largestComponent.averagePathLength).toBeCloseTo(16 / 10);
    const hub = node(star.hub);
    expect(hub).toMatchObject({ degree: 4, weightedDegree: 4, clustering: 0 });
    // Every pair of leaves passes through the hub.
    expect(hub.betweenness).toBeCloseTo(1);
    expect(hub.closeness).toBeCloseTo(1);
    for (const leaf of ['l1', 'l2', 'l3', 'l4'].map((k) => node(star[k]))) {
      expect(leaf.degree).toBe(1);
      expect(leaf.betweenness).toBe(0);
      expect(leaf.closeness).toBeCloseTo(4 / 7);
    }
  });
});

describe('two triangles joined by a bridge', () => {
  it('has the hand-computed metrics and the two triangles as communities', async () => {
    const { summary, node } = await graph('06');
    expect(summary).toMatchObject({ nodeCount: 6, edgeCount: 7, componentCount: 1, communityCount: 2 });
    expect(summary.density).toBeCloseTo(7 / 15);
    expect(summary.largestComponent.diameter).toBe(3);
    expect(summary.largestComponent.averagePathLength).toBeCloseTo(27 / 15);
    // Two communities of 3 internal edges, each of degree sum 7, m = 7: 2·(3/7 − (7/14)²).
    expect(summary.modularity).toBeCloseTo(5 / 14);
    const n = (k: string) => node(triangles[k]);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => n(k).degree)).toEqual([2, 2, 3, 3, 2, 2]);
    // c lies on the 6 paths from {a, b} to {d, e, f}, out of C(5,2) = 10 pairs.
    expect(n('c').betweenness).toBeCloseTo(0.6);
    expect(n('d').betweenness).toBeCloseTo(0.6);
    expect(n('a').betweenness).toBe(0);
    expect(n('a').closeness).toBeCloseTo(5 / 10);
    expect(n('c').closeness).toBeCloseTo(5 / 7);
    expect(n('a').clustering).toBe(1);
    expect(n('c').clustering).toBeCloseTo(1 / 3);
    // Average clustering: four nodes at 1, two at 1/3.
    expect(summary.averageClustering).toBeCloseTo((4 + 2 / 3) / 6);
    const left = new Set(['a', 'b', 'c'].map((k) => n(k).community));
    const right = new Set(['d', 'e', 'f'].map((k) => n(k).community));
    expect(left.size).toBe(1);
    expect(right.size).toBe(1);
    expect([...left][0]).not.toBe([...right][0]);
  });

  it('finds the shortest cooperation path with its partnerships', async () => {
    const res = data<any>(
      await app.gql(
        `query($from: ID!, $to: ID!) { cooperationPath(fromId: $from, toId: $to, filter: { voivodeship: "06" }) {
          length institutionIds institutions { id } steps { fromId toId from { id } to { id } partnerships { id kind } } } }`,
        { from: triangles.a, to: triangles.f },
      ),
    );
    const p = res.cooperationPath;
    expect(p.length).toBe(3);
    expect(p.institutionIds).toEqual([triangles.a, triangles.c, triangles.d, triangles.f]);
    expect(p.institutions.map((i: any) => i.id)).toEqual(p.institutionIds);
    expect(p.steps.map((s: any) => s.partnerships.map((x: any) => x.id))).toEqual([
      [trianglePartnerships['a-c']],
      [trianglePartnerships['c-d']],
      [trianglePartnerships['d-f']],
    ]);
    expect(p.steps[1]).toMatchObject({ fromId: triangles.c, toId: triangles.d, from: { id: triangles.c }, to: { id: triangles.d } });
  });

  it('has no path to an institution outside the component, and refuses one outside the graph', async () => {
    const q = `query($from: ID!, $to: ID!, $v: String) { cooperationPath(fromId: $from, toId: $to, filter: { voivodeship: $v }) { length } }`;
    const lonely = await institutions(app, '0601011', ['lonely']);
    expect(data<any>(await app.gql(q, { from: triangles.a, to: lonely.lonely, v: '06' })).cooperationPath).toBeNull();
    const outside = await app.gql(q, { from: triangles.a, to: path.a, v: '06' });
    expect(outside.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toId' });
    const unknown = await app.gql(q, { from: '01900000-0000-7000-8000-000000000000', to: path.a, v: '06' });
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromId' });
  });
});

describe('multilateral partnerships and weights', () => {
  it('links every pair of parties and weights pairs by their number of partnerships', async () => {
    const ids = await institutions(app, '1001011', ['x', 'y', 'z', 'w']);
    await partnership(app, { parties: [ids.x, ids.y, ids.z] });
    await partnership(app, { parties: [ids.x, ids.y] });
    // Neither a proposal nor a declined one is in force.
    await partnership(app, { parties: [ids.x, ids.w], status: 'PROPOSED' });
    await partnership(app, { parties: [ids.y, ids.w], status: 'DECLINED' });
    const res = data<any>(
      await app.gql(`{ cooperationGraph(filter: { voivodeship: "10" }) { nodeCount edgeCount partnershipCount
        links { totalCount edges { node { sourceId targetId weight partnerships { id } } } } } }`),
    );
    const g = res.cooperationGraph;
    expect(g).toMatchObject({ nodeCount: 4, edgeCount: 3, partnershipCount: 2 });
    const weight = (a: string, b: string) => edgesOf(g.links).find((l: any) => [l.sourceId, l.targetId].sort().join() === [a, b].sort().join())?.weight;
    expect(weight(ids.x, ids.y)).toBe(2);
    expect(weight(ids.x, ids.z)).toBe(1);
    expect(weight(ids.y, ids.z)).toBe(1);
    const nodes = await allNodes(app, 'filter: { voivodeship: "10" }', 'id degree weightedDegree');
    expect(nodes.find((n) => n.id === ids.x)).toMatchObject({ degree: 2, weightedDegree: 3 });
    expect(nodes.find((n) => n.id === ids.w)).toMatchObject({ degree: 0, weightedDegree: 0 });
  });

  it('restricts nodes by sector and type: edges only between remaining nodes', async () => {
    const ids = await institutions(app, '1201011', ['club'], 'KIS');
    const others = await institutions(app, '1201011', ['school'], 'SCHOOL');
    const culture = await institutions(app, '1201011', ['library'], 'CULTURAL_INSTITUTION');
    await partnership(app, { parties: [ids.club, others.school, culture.library] });
    const q = `query($f: CooperationGraphFilter) { cooperationGraph(filter: $f) { nodeCount edgeCount crossSectorEdgeShare
      crossSectorMatrix { bySector { a b partnerships edges } byType { a b partnerships edges } } } }`;
    const all = data<any>(await app.gql(q, { f: { voivodeship: '12' } })).cooperationGraph;
    expect(all).toMatchObject({ nodeCount: 3, edgeCount: 3, crossSectorEdgeShare: 1 });
    expect(all.crossSectorMatrix.bySector).toEqual([
      { a: 'CULTURE', b: 'EDUCATION', partnerships: 1, edges: 1 },
      { a: 'CULTURE', b: 'SOCIAL_EMPLOYMENT', partnerships: 1, edges: 1 },
      { a: 'EDUCATION', b: 'SOCIAL_EMPLOYMENT', partnerships: 1, edges: 1 },
    ]);
    expect(all.crossSectorMatrix.byType).toContainEqual({ a: 'KIS', b: 'SCHOOL', partnerships: 1, edges: 1 });
    const two = data<any>(await app.gql(q, { f: { voivodeship: '12', sectors: ['SOCIAL_EMPLOYMENT', 'EDUCATION'] } })).cooperationGraph;
    expect(two).toMatchObject({ nodeCount: 2, edgeCount: 1 });
    const typed = data<any>(await app.gql(q, { f: { voivodeship: '12', sectors: ['SOCIAL_EMPLOYMENT', 'EDUCATION'], types: ['KIS'] } })).cooperationGraph;
    expect(typed).toMatchObject({ nodeCount: 1, edgeCount: 0, crossSectorEdgeShare: null });
  });
});

describe('bad filter input', () => {
  const q = `query($asOf: LocalDate, $from: LocalDate, $to: LocalDate, $f: CooperationGraphFilter) {
    cooperationGraph(asOf: $asOf, from: $from, to: $to, filter: $f) { nodeCount } }`;
  const cases: [Record<string, unknown>, string][] = [
    [{ f: { voivodeship: '99' } }, 'filter.voivodeship'],
    [{ f: { voivodeship: '2' } }, 'filter.voivodeship'],
    [{ f: { networkId: 'nope' } }, 'filter.networkId'],
    [{ f: { networkId: '01900000-0000-7000-8000-000000000000' } }, 'filter.networkId'],
    [{ asOf: '2020-01-01', from: '2019-01-01' }, 'asOf'],
    [{ to: '2020-01-01' }, 'from'],
    [{ from: '2020-01-01', to: '2019-01-01' }, 'to'],
  ];
  it.each(cases)('%j is BAD_USER_INPUT naming %s', async (variables, field) => {
    const res = await app.gql(q, variables);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });
});
