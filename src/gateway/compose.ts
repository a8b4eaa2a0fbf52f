// Composes the subgraph schemas into the supergraph that the gateway (or Apollo Router) serves.
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLSchema } from 'graphql';

export interface SubgraphSchema {
  name: string;
  schema: GraphQLSchema;
  /** URL the supergraph records for this subgraph (Apollo Router routes to it). */
  url: string;
}

export function composeSupergraph(subgraphs: SubgraphSchema[]): string {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(printSubgraphSchema(s.schema)) })));
  if (result.errors) throw new Error(`supergraph composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl;
}
