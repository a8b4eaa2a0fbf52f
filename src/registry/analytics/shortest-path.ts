// The shortest cooperation path between two institutions: fewest hops (graphology's bidirectional
// BFS), with the partnerships that link each consecutive pair.
import { bidirectional } from 'graphology-shortest-path/unweighted';
import { edgeKey, type CooperationGraph } from './cooperation-graph';

export interface PathStep {
  from: string;
  to: string;
  /** Ids of the partnerships between the two, in the graph's window. */
  partnershipIds: string[];
}

export interface CooperationPathResult {
  institutionIds: string[];
  steps: PathStep[];
}

/** Null when the two are in different components; both must be nodes of the graph. */
export function shortestPath(graph: CooperationGraph, from: string, to: string): CooperationPathResult | null {
  const path = from === to ? [from] : bidirectional(graph, from, to);
  if (!path) return null;
  const steps = path.slice(1).map((next, i) => ({
    from: path[i],
    to: next,
    partnershipIds: graph.getEdgeAttribute(edgeKey(path[i], next), 'links').map((l) => l.partnershipId),
  }));
  return { institutionIds: path, steps };
}
