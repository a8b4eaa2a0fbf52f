// The graph over time: asOf and windows change the answer as partnerships start and end, the
// monthly evolution, and the cache following writes (graph version).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Role } from '../../../src/common/auth';
import { clearAnalyticsCache } from '../../../src/registry/analytics/analytics-cache';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { institutions, partnership } from './support';
import { sql } from '../../support/registry-helpers';
import { data } from '../../support/requests';

let app: TestApp;
let ids: Record<string, string>;
let ab: string;
let bc: string;

beforeAll(async () => {
  app = await startRegistryApp({ seed: false });
  // In lubuskie (08): a–b in force in the first half of 2020 (then ended), b–c from March 2020,
  // c–d only proposed; d created in 2020-05.
  ids = await institutions(app, '0801011', ['a', 'b', 'c', 'd']);
  await sql(app, `update institution set created_on = '2020-05-10' where id = ?`, [ids.d]);
  ab = await partnership(app, {
    parties: [ids.a, ids.b],
    validFrom: '2020-01-01',
    validTo: '2020-06-30',
    status: 'ENDED',
    kind: 'CONTRACT',
    areas: ['CULTURE'],
  });
  bc = await partnership(app, { parties: [ids.b, ids.c], validFrom: '2020-03-01', status: 'ACTIVE' });
  await partnership(app, { parties: [ids.c, ids.d], validFrom: '2020-03-01', status: 'PROPOSED' });
});
afterAll(() => app?.close());

const GRAPH = `query($asOf: LocalDate, $from: LocalDate, $to: LocalDate) {
  cooperationGraph(asOf: $asOf, from: $from, to: $to, filter: { voivodeship: "08" }) {
    asOf from to nodeCount edgeCount partnershipCount links { edges { node { sourceId targetId partnerships { id } } } } } }`;

async function at(variables: Record<string, string>) {
  const g = data<any>(await app.gql(GRAPH, variables)).cooperationGraph;
  return { ...g, partnerships: g.links.edges.flatMap((e: any) => e.node.partnerships.map((p: any) => p.id)).sort() };
}

describe('asOf', () => {
  it('changes the answer as partnerships start and end and institutions appear', async () => {
    expect(await at({ asOf: '2019-12-31' })).toMatchObject({ asOf: '2019-12-31', nodeCount: 3, edgeCount: 0, partnerships: [] });
    expect(await at({ asOf: '2020-01-01' })).toMatchObject({ nodeCount: 3, edgeCount: 1, partnerships: [ab] });
    expect(await at({ asOf: '2020-04-01' })).toMatchObject({ nodeCount: 3, edgeCount: 2, partnerships: [ab, bc].sort() });
    // The last day of a partnership is still in force; the next day it is not.
    expect(await at({ asOf: '2020-06-30' })).toMatchObject({ nodeCount: 4, edgeCount: 2 });
    expect(await at({ asOf: '2020-07-01' })).toMatchObject({ nodeCount: 4, edgeCount: 1, partnerships: [bc] });
  });

  it('defaults to today', async () => {
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date());
    expect(await at({})).toMatchObject({ asOf: today, from: today, to: today, partnerships: [bc] });
  });

  it('over a window counts every partnership in force at some time in it', async () => {
    expect(await at({ from: '2020-01-01', to: '2020-02-01' })).toMatchObject({ asOf: null, edgeCount: 1, partnerships: [ab] });
    expect(await at({ from: '2019-01-01', to: '2020-12-31' })).toMatchObject({ nodeCount: 4, edgeCount: 2, partnerships: [ab, bc].sort() });
  });
});

describe('evolution', () => {
  it('gives month-end points of institutions, partnerships, cross-sector share and density', async () => {
    const res = data<any>(
      await app.gql(`{ cooperationEvolution(from: "2019-12-15", to: "2020-07-15", filter: { voivodeship: "08" }) {
        date institutions activeInstitutions partnerships edges crossSectorEdgeShare density } }`),
    );
    const points = res.cooperationEvolution;
    expect(points.map((p: any) => p.date)).toEqual([
      '2019-12-31',
      '2020-01-31',
      '2020-02-29',
      '2020-03-31',
      '2020-04-30',
      '2020-05-31',
      '2020-06-30',
      '2020-07-15',
    ]);
    expect(points.map((p: any) => p.partnerships)).toEqual([0, 1, 1, 2, 2, 2, 2, 1]);
    expect(points.map((p: any) => p.institutions)).toEqual([3, 3, 3, 3, 3, 4, 4, 4]);
    expect(points.map((p: any) => p.activeInstitutions)).toEqual([0, 2, 2, 3, 3, 3, 3, 2]);
    expect(points[3].density).toBeCloseTo(2 / 3);
    expect(points[5].density).toBeCloseTo(2 / 6);
    // All four are NGOs: no cross-sector edges, and no share without edges.
    expect(points[0].crossSectorEdgeShare).toBeNull();
    expect(points[3].crossSectorEdgeShare).toBe(0);
  });

  it('refuses reversed or too long ranges, naming the field', async () => {
    const q = `query($from: LocalDate!, $to: LocalDate!) { cooperationEvolution(from: $from, to: $to) { date } }`;
    const reversed = await app.gql(q, { from: '2020-01-01', to: '2019-01-01' });
    expect(reversed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    const long = await app.gql(q, { from: '1900-01-01', to: '2020-01-01' });
    expect(long.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });
});

describe('cache', () => {
  const COUNT = `{ cooperationGraph(asOf: "2021-01-01", filter: { voivodeship: "08" }) { graphVersion edgeCount density nodes(orderBy: BETWEENNESS) { edges { node { id betweenness } } } } }`;

  it('serves a repeated graph from the cache, at a cost independent of the graph size', async () => {
    clearAnalyticsCache();
    let first: any;
    const cold = await app.countStatements(async () => (first = data<any>(await app.gql(COUNT))));
    const warm = await app.countStatements(async () => expect(data<any>(await app.gql(COUNT))).toEqual(first));
    // Cold: the version and the graph; warm: the version only.
    expect(cold).toBe(2);
    expect(warm).toBe(1);
  });

  it('recomputes when the registry changes through the API', async () => {
    const before = data<any>(await app.gql(COUNT)).cooperationGraph;
    expect(before.edgeCount).toBe(1);
    const admin = await app.token({ role: Role.ADMIN });
    const version = (await sql(app, 'select version from partnership where id = ?', [bc]))[0].version;
    const ended = await app.gql(
      `mutation($id: ID!, $v: Int!) { endPartnership(input: { partnershipId: $id, version: $v, endedOn: "2020-12-31" }) { status } }`,
      { id: bc, v: version },
      admin,
    );
    expect(ended.errors).toBeUndefined();
    const after = data<any>(await app.gql(COUNT)).cooperationGraph;
    expect(after.edgeCount).toBe(0);
    expect(after.graphVersion).not.toBe(before.graphVersion);
  });
});
