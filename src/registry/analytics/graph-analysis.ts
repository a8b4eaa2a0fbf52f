// Metrics of one cooperation graph, computed with graphology on first use and kept with the graph
// (which the cache keeps per graph version and scope): a query pays only for the metrics it asks
// for, once. Path-based metrics (betweenness, closeness, distances) count hops: an edge's weight
// (number of partnerships) is a strength, not a distance. PageRank and Louvain use the weight.
import louvain from 'graphology-communities-louvain';
import { connectedComponents } from 'graphology-components';
import betweennessCentrality from 'graphology-metrics/centrality/betweenness';
import closenessCentrality from 'graphology-metrics/centrality/closeness';
import pagerank from 'graphology-metrics/centrality/pagerank';
import { density } from 'graphology-metrics/graph/density';
import modularityOf from 'graphology-metrics/graph/modularity';
import { weightedDegree } from 'graphology-metrics/node/weighted-degree';
import type { InstitutionType, Sector } from '../institutions/institution-kinds';
import { buildGraph, type CooperationGraph } from './cooperation-graph';
import type { GraphRows } from './graph-rows';
import type { GraphScope } from './graph-scope';
import { seededRandom } from './random';
import { estimateByPivots, indexedBrandes, type PathLengthStats, type PivotEstimate } from './sampled-centrality';

export interface AnalysisOptions {
  /** Up to this many nodes, betweenness, closeness and path lengths are exact (O(V·E)). */
  exactMaxNodes: number;
  /** Above it, how many source nodes the estimates use. */
  pivots: number;
}

/** Names sort as Polish readers expect (ą after a, ł after l). */
const POLISH = new Intl.Collator('pl');

const DEFAULT_ANALYSIS: AnalysisOptions = { exactMaxNodes: 2000, pivots: 200 };

export enum MetricMethod {
  EXACT = 'EXACT',
  SAMPLED = 'SAMPLED',
}

export interface Centrality {
  betweenness: Map<string, number>;
  closeness: Map<string, number>;
  method: MetricMethod;
  /** Source nodes used when sampled. */
  pivots: number | null;
}

export type LargestComponentStats = PathLengthStats & { nodeCount: number; edgeCount: number; method: MetricMethod };

export interface Communities {
  /** Community of each node: 0 is the largest (ties by smallest member id). */
  of: Map<string, number>;
  sizes: number[];
  /** Null without edges (modularity is undefined there). */
  modularity: number | null;
}

export interface PairCount<K> {
  a: K;
  b: K;
  /** Distinct partnerships linking an institution of `a` with one of `b`. */
  partnerships: number;
  /** Distinct institution pairs (edges) between `a` and `b`. */
  edges: number;
}

export type NodeOrder = 'NAME' | 'DEGREE' | 'WEIGHTED_DEGREE' | 'BETWEENNESS' | 'CLOSENESS' | 'PAGERANK' | 'CLUSTERING';

export class GraphAnalysis {
  readonly graph: CooperationGraph;
  private readonly memo = new Map<string, unknown>();

  constructor(
    readonly rows: GraphRows,
    readonly scope: GraphScope,
    readonly version: string,
    readonly options: AnalysisOptions = DEFAULT_ANALYSIS,
  ) {
    this.graph = buildGraph(rows);
  }

  private once<T>(name: string, compute: () => T): T {
    if (!this.memo.has(name)) this.memo.set(name, compute());
    return this.memo.get(name) as T;
  }

  hasNode(id: string): boolean {
    return this.graph.hasNode(id);
  }

  get partnershipCount(): number {
    return this.once('partnerships', () => new Set(this.rows.links.map((l) => l.partnershipId)).size);
  }

  get density(): number {
    return this.graph.order > 1 ? density(this.graph) : 0;
  }

  /** Share of edges (institution pairs) whose two institutions are of different sectors. */
  get crossSectorEdgeShare(): number | null {
    return this.once('crossSectorShare', () => {
      if (this.graph.size === 0) return null;
      let cross = 0;
      this.graph.forEachEdge((_e, _a, _s, _t, sa, ta) => {
        if (sa.sector !== ta.sector) cross += 1;
      });
      return cross / this.graph.size;
    });
  }

  /** Connected components, largest first (ties by smallest node id). */
  get components(): string[][] {
    return this.once('components', () =>
      connectedComponents(this.graph)
        .map((c) => [...c].sort())
        .sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1)),
    );
  }

  degree(id: string): number {
    return this.graph.degree(id);
  }

  weightedDegree(id: string): number {
    return weightedDegree(this.graph, id, 'weight');
  }

  private get exact(): boolean {
    return this.graph.order <= this.options.exactMaxNodes;
  }

  /** Betweenness and closeness: exact with graphology, or estimated from pivots (see the README). */
  get centrality(): Centrality {
    return this.once('centrality', () => {
      if (this.exact) {
        const toMap = (values: Record<string, number>) => new Map(Object.entries(values));
        return {
          betweenness: toMap(betweennessCentrality(this.graph, { getEdgeWeight: null, normalized: true })),
          closeness: toMap(closenessCentrality(this.graph, { wassermanFaust: true })),
          method: MetricMethod.EXACT,
          pivots: null,
        };
      }
      const estimate = this.pivotEstimate;
      return { betweenness: estimate.betweenness, closeness: estimate.closeness, method: MetricMethod.SAMPLED, pivots: estimate.pivots };
    });
  }

  private get pivotEstimate(): PivotEstimate {
    return this.once('pivots', () => estimateByPivots(this.graph, this.components, this.options.pivots, seededRandom()));
  }

  /** Size and path lengths of the largest component (sampled with the centrality on large graphs). */
  get largestComponent(): LargestComponentStats {
    return this.once('largest', () => {
      const nodes = this.components[0] ?? [];
      const size = { nodeCount: nodes.length, edgeCount: nodes.reduce((sum, n) => sum + this.graph.degree(n), 0) / 2 };
      if (this.exact) return { ...size, ...this.exactPathLengths(nodes), method: MetricMethod.EXACT };
      const { diameter, averagePathLength, exact } = this.pivotEstimate.largest;
      return { ...size, diameter, averagePathLength, method: exact ? MetricMethod.EXACT : MetricMethod.SAMPLED };
    });
  }

  /**
   * Diameter and mean distance of a component: one BFS from each of its nodes over graphology's
   * neighbourhood index (typed arrays; singleSourceLength builds an object per source, ~10× slower).
   */
  private exactPathLengths(nodes: readonly string[]): PathLengthStats {
    if (nodes.length === 0) return { diameter: null, averagePathLength: null };
    const { index } = indexedBrandes(this.graph);
    const position = new Map(index.nodes.map((n, i) => [n, i]));
    const distance = new Int32Array(this.graph.order);
    const queue = new Int32Array(this.graph.order);
    let diameter = 0;
    let total = 0;
    for (const node of nodes) {
      distance.fill(-1);
      const source = position.get(node) ?? 0;
      distance[source] = 0;
      queue[0] = source;
      for (let head = 0, tail = 1; head < tail; head++) {
        const v = queue[head];
        for (let j = index.starts[v]; j < index.starts[v + 1]; j++) {
          const w = index.neighborhood[j];
          if (distance[w] !== -1) continue;
          distance[w] = distance[v] + 1;
          total += distance[w];
          if (distance[w] > diameter) diameter = distance[w];
          queue[tail++] = w;
        }
      }
    }
    const pairs = nodes.length * (nodes.length - 1);
    return { diameter, averagePathLength: pairs > 0 ? total / pairs : null };
  }

  get pagerank(): Map<string, number> {
    return this.once('pagerank', () => {
      if (this.graph.order === 0) return new Map<string, number>();
      return new Map(Object.entries(pagerank(this.graph, { getEdgeWeight: 'weight', maxIterations: 1000 })));
    });
  }

  /**
   * Local clustering coefficient (graphology has none): triangles through a node over the pairs
   * of its neighbours. Triangles are counted per edge from the smaller neighbourhood, so the cost
   * is the sum over edges of the smaller degree, not the sum of squared degrees.
   */
  get clustering(): Map<string, number> {
    return this.once('clustering', () => {
      const g = this.graph;
      const triangles = new Map<string, number>(g.nodes().map((n) => [n, 0]));
      g.forEachEdge((_e, _a, s, t) => {
        const [small, large] = g.degree(s) <= g.degree(t) ? [s, t] : [t, s];
        let common = 0;
        g.forEachNeighbor(small, (x) => {
          if (x !== large && g.hasEdge(large, x)) common += 1;
        });
        triangles.set(s, (triangles.get(s) ?? 0) + common);
        triangles.set(t, (triangles.get(t) ?? 0) + common);
      });
      // Each triangle through a node was seen from both of its edges at that node.
      return new Map(
        g.nodes().map((n) => {
          const d = g.degree(n);
          return [n, d < 2 ? 0 : (triangles.get(n) ?? 0) / (d * (d - 1))];
        }),
      );
    });
  }

  get averageClustering(): number {
    const values = [...this.clustering.values()];
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
  }

  get communities(): Communities {
    return this.once('communities', () => {
      const g = this.graph;
      const raw: Record<string, number> =
        g.size === 0 ? Object.fromEntries(g.nodes().map((n, i) => [n, i])) : louvain.detailed(g, { getEdgeWeight: 'weight', rng: seededRandom() }).communities;
      const members = new Map<number, string[]>();
      for (const node of g.nodes()) {
        const list = members.get(raw[node]) ?? [];
        list.push(node);
        members.set(raw[node], list);
      }
      // Stable numbering: by size, then by smallest member (nodes iterate in id order).
      const ordered = [...members.values()].sort((a, b) => b.length - a.length || (a[0] < b[0] ? -1 : 1));
      const of = new Map<string, number>();
      ordered.forEach((list, id) => list.forEach((n) => of.set(n, id)));
      const modularity = g.size === 0 ? null : modularityOf(g, { getNodeCommunity: (n) => of.get(n) ?? -1, getEdgeWeight: 'weight' });
      return { of, sizes: ordered.map((l) => l.length), modularity };
    });
  }

  /** Partnerships and edges by pair of sectors and of institution types (a ≤ b). */
  get crossSectorMatrix(): { bySector: PairCount<Sector>[]; byType: PairCount<InstitutionType>[] } {
    return this.once('matrix', () => {
      const tally = <K extends string>(key: (node: string) => K) => {
        const cells = new Map<string, { a: K; b: K; partnerships: Set<string>; edges: number }>();
        this.graph.forEachEdge((_e, attrs, s, t) => {
          const [a, b] = [key(s), key(t)].sort() as [K, K];
          const id = `${a}|${b}`;
          const cell = cells.get(id) ?? { a, b, partnerships: new Set<string>(), edges: 0 };
          cell.edges += 1;
          for (const link of attrs.links) cell.partnerships.add(link.partnershipId);
          cells.set(id, cell);
        });
        return [...cells.values()]
          .sort((x, y) => (x.a === y.a ? (x.b < y.b ? -1 : 1) : x.a < y.a ? -1 : 1))
          .map((c) => ({ a: c.a, b: c.b, partnerships: c.partnerships.size, edges: c.edges }));
      };
      return {
        bySector: tally((n) => this.graph.getNodeAttribute(n, 'sector')),
        byType: tally((n) => this.graph.getNodeAttribute(n, 'type')),
      };
    });
  }

  /** Node ids in a metric's order (descending; NAME ascending), ties by id. */
  ordered(order: NodeOrder): string[] {
    return this.once(`order:${order}`, () => {
      const nodes = this.graph.nodes();
      if (order === 'NAME') {
        const name = (n: string) => this.graph.getNodeAttribute(n, 'name');
        return nodes.sort((a, b) => POLISH.compare(name(a), name(b)) || (a < b ? -1 : 1));
      }
      const value = this.metricOf(order);
      return nodes.sort((a, b) => value(b) - value(a) || (a < b ? -1 : 1));
    });
  }

  private metricOf(order: Exclude<NodeOrder, 'NAME'>): (id: string) => number {
    switch (order) {
      case 'DEGREE':
        return (id) => this.degree(id);
      case 'WEIGHTED_DEGREE':
        return (id) => this.weightedDegree(id);
      case 'BETWEENNESS':
        return (id) => this.centrality.betweenness.get(id) ?? 0;
      case 'CLOSENESS':
        return (id) => this.centrality.closeness.get(id) ?? 0;
      case 'PAGERANK':
        return (id) => this.pagerank.get(id) ?? 0;
      case 'CLUSTERING':
        return (id) => this.clustering.get(id) ?? 0;
    }
  }
}
