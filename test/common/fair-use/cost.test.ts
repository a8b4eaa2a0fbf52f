// Costs of the README's example queries and of the bench workloads (the table in README "Cost and
// budgets"), declared by @cost/@listSize in the supergraph; the actual cost the API reports for the
// README's queries against the pilot network.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, Kind, parse, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costModelFromSdl, requestedCost, type CostModel } from '../../../src/common/fair-use/cost';
import { findProjectRoot } from '../../../src/config';
import { loadWorkloads } from '../../../bench/workloads';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { postQuery } from '../../support/requests';

const root = findProjectRoot();
const readmeQueries = (): string[] => [...readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

/** The README's table: requested cost of each example (in order) and of each bench workload operation. */
const README_EXAMPLES = [4268, 123, 641, 323, 18];
const WORKLOADS: Record<string, number> = {
  '1-dashboard': 341,
  '2-navigation': 12503,
  '3-search': 62,
  '4-neighbourhood': 5152,
  '5-graph-metrics': 345,
  '6-shared-participants': 110404,
  '7-propose-confirm:Propose': 10,
  '7-propose-confirm:Confirm': 14,
};

describe('declared costs', () => {
  let schema: GraphQLSchema;
  let model: CostModel;
  beforeAll(() => {
    const sdl = readFileSync(path.join(root, 'schema', 'supergraph.graphql'), 'utf8');
    schema = buildSchema(sdl, { assumeValidSDL: true });
    model = costModelFromSdl(sdl);
  });

  it('of the README examples and the bench workloads are the README table', () => {
    const examples = readmeQueries().map((q) => requestedCost({ schema, model, document: parse(q) }));
    expect(examples).toEqual(README_EXAMPLES);
    const costs: Record<string, number | undefined> = {};
    for (const w of loadWorkloads(root).filter((w) => w.available)) {
      const document = parse(w.document!);
      const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
      for (const name of names)
        costs[names.length > 1 ? `${w.id}:${name}` : w.id] = requestedCost({ schema, model, document, operationName: name, variables: w.variables });
    }
    expect(costs).toEqual(WORKLOADS);
    // The per-operation maximum (MAX_QUERY_COST, 1,000,000) leaves the largest bench workload room many times over.
    expect(Math.max(...Object.values(WORKLOADS)) * 2).toBeLessThan(1_000_000);
  });
});

describe('reported costs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startRegistryApp();
  });
  afterAll(() => app?.close());

  it('every README query answers with extensions.cost: its requested cost and the actual cost of its answer', async () => {
    const queries = readmeQueries()
      .map((q, i) => [q, README_EXAMPLES[i]] as const)
      .filter(([q]) => !q.trimStart().startsWith('mutation'));
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const [query, requested] of queries) {
      const res = await postQuery(app.url, query);
      const body = res.json as {
        data?: unknown;
        errors?: unknown[];
        extensions?: { cost?: { requested: number; actual: number; limit: number; remaining: number } };
      };
      expect(body.errors).toBeUndefined();
      const cost = body.extensions!.cost!;
      expect(cost.requested).toBe(requested);
      expect(cost.actual).toBeGreaterThan(0);
      expect(cost.limit).toBe(app.config.fairUse.budgets!.points.anonymous);
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(cost.remaining));
    }
  });

  it('counts what the answer holds: 16 voivodeships of 16 requested, 3 institutions of a page of 3', async () => {
    const one = (await app.gql('{ voivodeships { code } }')) as { extensions?: { cost?: { requested: number; actual: number } } };
    expect(one.extensions?.cost).toMatchObject({ requested: 16, actual: 16 });
    const page = (await app.gql('{ institutions(first: 3) { totalCount edges { node { id } } } }')) as {
      extensions?: { cost?: { requested: number; actual: number } };
    };
    // The connection (1) and 3 × (edge 1 + node 1).
    expect(page.extensions?.cost).toMatchObject({ requested: 7, actual: 7 });
  });
});
