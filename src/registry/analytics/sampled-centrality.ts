// Betweenness, closeness and path lengths estimated from a sample of source nodes ("pivots"),
// for graphs too large for the exact all-sources computation (Brandes & Pich 2007 for
// betweenness, Eppstein & Wang 2004 for closeness). Each pivot costs one run of graphology's
// indexed Brandes routine (BFS with shortest-path counts), O(V + E); k pivots cost O(k·(V + E))
// instead of O(V·(V + E)). Pivots are drawn per connected component in proportion to its size
// (at least one each), so a component fully sampled (small ones usually are) is exact.
import { createUnweightedIndexedBrandes } from 'graphology-shortest-path/indexed-brandes';
import type { CooperationGraph } from './cooperation-graph';
import { sample, type Random } from './random';

/** graphology's neighbourhood index (CSR arrays), as the indexed Brandes routine carries it. */
interface NodeIndex {
  nodes: string[];
  starts: ArrayLike<number>;
  neighborhood: ArrayLike<number>;
}

/** graphology's indexed Brandes routine and its node index (typed on the factory, set on the function at runtime). */
export function indexedBrandes(graph: CooperationGraph) {
  const brandes = createUnweightedIndexedBrandes(graph);
  return { brandes, index: (brandes as unknown as { index: NodeIndex }).index };
}

/** The parts of mnemonist's FixedStack the accumulation reads (its typings omit `items`). */
interface BrandesStack {
  items: ArrayLike<number>;
  size: number;
  pop(): number | undefined;
}

export interface PathLengthStats {
  /** Longest shortest path; a lower bound when sampled. */
  diameter: number | null;
  averagePathLength: number | null;
}

export interface PivotEstimate {
  /** Normalised like graphology's (and networkx's) betweenness: pairs / ((n-1)(n-2)/2). */
  betweenness: Map<string, number>;
  /** Wasserman–Faust closeness: ((r)/(n-1)) · (r / total distance to the r reachable nodes). */
  closeness: Map<string, number>;
  pivots: number;
  /** Path lengths within `components[0]` (the largest component). */
  largest: PathLengthStats & { exact: boolean };
}

/**
 * @param components connected components, largest first
 * @param budget pivots to spend over the whole graph (each component gets its share, at least one)
 */
export function estimateByPivots(graph: CooperationGraph, components: readonly string[][], budget: number, random: Random): PivotEstimate {
  const { brandes, index } = indexedBrandes(graph);
  const N = graph.order;
  const position = new Map(index.nodes.map((node, i) => [node, i]));
  const delta = new Float64Array(N);
  const centrality = new Float64Array(N);
  const distanceSum = new Float64Array(N);
  const exactDistanceSum = new Float64Array(N).fill(-1);
  const distance = new Int32Array(N);
  const componentSize = new Int32Array(N);
  let pivotCount = 0;
  const largest = { diameter: null as number | null, averagePathLength: null as number | null, exact: true };

  components.forEach((component, c) => {
    const size = component.length;
    for (const node of component) componentSize[position.get(node) ?? 0] = size;
    const k = Math.min(size, Math.max(1, Math.ceil((budget * size) / N)));
    const scale = size / k;
    let eccentricity = 0;
    let meanDistanceSum = 0;
    for (const pivot of sample(component, k, random)) {
      const source = position.get(pivot) ?? 0;
      const [stackResult, predecessors, sigma] = brandes(source);
      const stack = stackResult as unknown as BrandesStack;
      // The stack holds nodes in BFS order: distances follow from the first predecessor.
      let total = 0;
      for (let i = 0; i < stack.size; i++) {
        const w = stack.items[i];
        distance[w] = w === source ? 0 : distance[predecessors[w][0]] + 1;
        delta[w] = 0;
        total += distance[w];
        distanceSum[w] += distance[w] * scale;
        if (distance[w] > eccentricity) eccentricity = distance[w];
      }
      exactDistanceSum[source] = total;
      if (size > 1) meanDistanceSum += total / (size - 1);
      // Brandes' dependency accumulation (as in graphology-metrics' betweenness).
      while (stack.size !== 0) {
        const w = stack.pop() as number;
        const coefficient = (1 + delta[w]) / sigma[w];
        for (const v of predecessors[w]) delta[v] += sigma[v] * coefficient;
        if (w !== source) centrality[w] += delta[w] * scale;
      }
      pivotCount += 1;
    }
    if (c === 0) {
      largest.diameter = eccentricity;
      largest.averagePathLength = size > 1 ? meanDistanceSum / k : null;
      largest.exact = k === size;
    }
  });

  const norm = N > 2 ? 1 / ((N - 1) * (N - 2)) : 0;
  const betweenness = new Map<string, number>();
  const closeness = new Map<string, number>();
  index.nodes.forEach((node, i) => {
    betweenness.set(node, centrality[i] * norm);
    const reachable = componentSize[i] - 1;
    // A pivot knows its own distances exactly; the others use the estimate.
    const total = exactDistanceSum[i] >= 0 ? exactDistanceSum[i] : distanceSum[i];
    closeness.set(node, reachable > 0 && total > 0 ? (reachable / total) * (reachable / (N - 1)) : 0);
  });
  return { betweenness, closeness, pivots: pivotCount, largest };
}
