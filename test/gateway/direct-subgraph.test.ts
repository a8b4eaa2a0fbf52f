// All-in-one mode runs a query that one subgraph answers alone on that subgraph directly
// (src/gateway/single-subgraph.ts). A client must not be able to tell: the same data and the same
// errors as through the query planner, and nothing of the subgraph's federation internals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistryApp, type TestApp } from '../support/registry-app';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

const REGISTRY_PART = `id name type sector municipality { code name } founder { name }
  partnerships(first: 5) { totalCount edges { node { id kind areas validFrom parties { role institution { id name } } } } }
  partners(first: 5) { totalCount edges { node { id name } } }`;

/** Drops the casework field from each institution of a response. */
const withoutCasework = (res: any) => ({
  institutions: {
    ...res.institutions,
    edges: res.institutions.edges.map((e: any) => ({ node: Object.fromEntries(Object.entries(e.node).filter(([k]) => k !== 'participantsServed')) })),
  },
});

describe('a query the registry answers alone', () => {
  it('answers exactly as the planned path does (a query that needs casework too goes through the planner)', async () => {
    const direct = await app.gql(`{ institutions(first: 30, filter: { voivodeship: "26" }) { totalCount edges { node { ${REGISTRY_PART} } } } }`);
    const planned = await app.gql(
      `{ institutions(first: 30, filter: { voivodeship: "26" }) { totalCount edges { node { ${REGISTRY_PART} participantsServed { total { suppressed } } } } } }`,
    );
    expect(direct.errors).toBeUndefined();
    expect(planned.errors).toBeUndefined();
    expect(direct.data!.institutions.edges.length).toBe(30);
    expect(withoutCasework(planned.data)).toEqual(direct.data);
  });

  it('reports bad input with the same error as the planned path', async () => {
    const direct = await app.gql(`{ institutions(first: 500) { edges { node { id } } } }`);
    const planned = await app.gql(`{ institutions(first: 500) { edges { node { id participantsServed { total { suppressed } } } } } }`);
    expect(direct.errors).toEqual(planned.errors);
    expect(direct.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // A variable that does not coerce is reported by the gateway, as always.
    const badVariable = await app.gql(`query ($d: LocalDate) { partnerships(filter: { asOf: $d }) { totalCount } }`, { d: '2019-13-45' });
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never exposes the subgraph schema: introspection is the supergraph, _entities and _service are refused', async () => {
    const schema = await app.gql(`{ __schema { queryType { fields { name } } } }`);
    const fields = (schema.data!.__schema.queryType.fields as { name: string }[]).map((f) => f.name);
    expect(fields).toContain('reintegrationPaths'); // a casework field: this is the supergraph
    expect(fields).not.toContain('_entities');
    expect(fields).not.toContain('_service');
    const entities = await app.gql(`{ _entities(representations: [{ __typename: "Institution", id: "x" }]) { __typename } }`);
    expect(entities.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const service = await app.gql(`{ _service { sdl } }`);
    expect(service.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
