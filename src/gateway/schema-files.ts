// The SDL files committed under schema/: each subgraph's schema and the composed supergraph, with
// the URLs a split deployment (or Apollo Router) uses by default.
import { printSubgraphSchema } from '@apollo/subgraph';
import { buildCaseworkSchema } from '../casework/schema';
import { buildRegistrySchema } from '../registry/schema';
import { composeSupergraph } from './compose';

const DEFAULT_SUBGRAPH_URLS = {
  registry: 'http://localhost:4001/graphql',
  casework: 'http://localhost:4002/graphql',
};

export async function schemaFiles(): Promise<Record<string, string>> {
  const registry = await buildRegistrySchema();
  const casework = await buildCaseworkSchema();
  return {
    'registry.graphql': printSubgraphSchema(registry),
    'casework.graphql': printSubgraphSchema(casework),
    'supergraph.graphql': composeSupergraph([
      { name: 'registry', schema: registry, url: DEFAULT_SUBGRAPH_URLS.registry },
      { name: 'casework', schema: casework, url: DEFAULT_SUBGRAPH_URLS.casework },
    ]),
  };
}
