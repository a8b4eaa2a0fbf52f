// GraphQL types of a cooperation graph as a whole: its metrics, communities and cross-sector tables.
// Each field is a getter over the cached GraphAnalysis, so a query computes only what it selects.
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { InstitutionType, Sector } from '../institutions/institution-kinds';
import { MetricMethod, type GraphAnalysis } from './graph-analysis';

@ObjectType()
export class CooperationCommunity {
  @Field(() => Int)
  id!: number;

  @Field(() => Int)
  size!: number;
}

@ObjectType({ description: 'Path metrics of the largest connected component.' })
export class LargestComponent {
  @Field(() => Int)
  nodeCount!: number;

  @Field(() => Int)
  edgeCount!: number;

  @Field(() => Int, { nullable: true, description: 'Longest shortest path in hops; a lower bound when method is SAMPLED.' })
  diameter!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean shortest path in hops over its pairs; null below two nodes.' })
  averagePathLength!: number | null;

  @Field(() => MetricMethod)
  method!: MetricMethod;
}

@ObjectType({ description: 'How the path-based metrics were computed.' })
export class MetricAccuracy {
  @Field(() => MetricMethod, { description: 'Of betweenness and closeness.' })
  centrality!: MetricMethod;

  @Field(() => Int, { nullable: true, description: 'Source nodes sampled, when SAMPLED.' })
  pivots!: number | null;

  @Field(() => Int, { description: 'Graphs of up to this many nodes are computed exactly.' })
  exactUpToNodes!: number;
}

@ObjectType()
export class SectorPairCount {
  @Field(() => Sector)
  a!: Sector;

  @Field(() => Sector)
  b!: Sector;

  @Field(() => Int, { description: 'Partnerships linking an institution of sector a with one of sector b.' })
  partnerships!: number;

  @Field(() => Int, { description: 'Pairs of institutions (edges) between the two sectors.' })
  edges!: number;
}

@ObjectType()
export class TypePairCount {
  @Field(() => InstitutionType)
  a!: InstitutionType;

  @Field(() => InstitutionType)
  b!: InstitutionType;

  @Field(() => Int)
  partnerships!: number;

  @Field(() => Int)
  edges!: number;
}

@ObjectType({ description: 'Cooperation by pair of sectors and of institution types (a ≤ b; a = b is within one sector or type).' })
export class CrossSectorMatrix {
  @Field(() => [SectorPairCount])
  bySector!: SectorPairCount[];

  @Field(() => [TypePairCount])
  byType!: TypePairCount[];
}

@ObjectType({
  description:
    'Institutions (nodes) and partnerships in force (edges; a multilateral partnership links every pair of its parties), weighted by the number of partnerships per pair. Public data; cached until the registry changes.',
})
export class CooperationGraph {
  constructor(readonly analysis: GraphAnalysis) {}

  @Field(() => LocalDate, { nullable: true, description: 'The date of the graph (null for a window).' })
  get asOf(): string | null {
    return this.analysis.scope.asOf;
  }

  @Field(() => LocalDate, { description: 'Start of the window (= asOf for a date).' })
  get from(): string {
    return this.analysis.scope.from;
  }

  @Field(() => LocalDate, { description: 'End of the window (= asOf for a date).' })
  get to(): string {
    return this.analysis.scope.to;
  }

  @Field(() => String, { description: 'Version of the registry data the graph was computed from; it changes with any write.' })
  get graphVersion(): string {
    return this.analysis.version;
  }

  @Field(() => Int)
  get nodeCount(): number {
    return this.analysis.graph.order;
  }

  @Field(() => Int, { description: 'Pairs of institutions with at least one partnership.' })
  get edgeCount(): number {
    return this.analysis.graph.size;
  }

  @Field(() => Int, { description: 'Distinct partnerships linking at least two nodes.' })
  get partnershipCount(): number {
    return this.analysis.partnershipCount;
  }

  @Field(() => Float, { description: 'edges / (n(n−1)/2).' })
  get density(): number {
    return this.analysis.density;
  }

  @Field(() => Int, { description: 'Connected components (an isolated institution is one).' })
  get componentCount(): number {
    return this.analysis.components.length;
  }

  @Field(() => LargestComponent)
  get largestComponent(): LargestComponent {
    return this.analysis.largestComponent;
  }

  @Field(() => Float, { description: 'Mean local clustering coefficient over all nodes.' })
  get averageClustering(): number {
    return this.analysis.averageClustering;
  }

  @Field(() => Float, { nullable: true, description: 'Weighted modularity of the Louvain communities; null without edges.' })
  get modularity(): number | null {
    return this.analysis.communities.modularity;
  }

  @Field(() => Int)
  get communityCount(): number {
    return this.analysis.communities.sizes.length;
  }

  @Field(() => [CooperationCommunity], { description: 'Louvain communities, largest first.' })
  get communities(): CooperationCommunity[] {
    return this.analysis.communities.sizes.map((size, id) => ({ id, size }));
  }

  @Field(() => Float, { nullable: true, description: 'Share of edges whose two institutions are of different sectors; null without edges.' })
  get crossSectorEdgeShare(): number | null {
    return this.analysis.crossSectorEdgeShare;
  }

  @Field(() => CrossSectorMatrix)
  get crossSectorMatrix(): CrossSectorMatrix {
    return this.analysis.crossSectorMatrix;
  }

  @Field(() => MetricAccuracy)
  get accuracy(): MetricAccuracy {
    const c = this.analysis.centrality;
    return { centrality: c.method, pivots: c.pivots, exactUpToNodes: this.analysis.options.exactMaxNodes };
  }
}
