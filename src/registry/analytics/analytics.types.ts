// GraphQL object types of the analytics. The graph types wrap the cached GraphAnalysis: each field
// is a getter, so a query computes (once per graph version) only the metrics it selects.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../common/connection';
import { LocalDate } from '../../common/scalars';
import { PartnershipKind } from '../cooperation/partnership.entities';
import { ActivityField, InstitutionType, NEW_PROFILE_AREAS, Sector } from '../institutions/institution-kinds';
import { distinctAreas, distinctKinds, type EdgeAttributes, type NodeAttributes } from './cooperation-graph';
import type { ClubCoverage as ClubCoverageData, CoverageReport, NewProfileArea, VoivodeshipCoverage as VoivodeshipCoverageData } from './coverage';
import { MetricMethod, type GraphAnalysis } from './graph-analysis';
import type { CooperationPathResult, PathStep } from './shortest-path';

registerEnumType(MetricMethod, {
  name: 'MetricMethod',
  description: 'EXACT: computed over all nodes. SAMPLED: estimated from a sample of source nodes (large graphs; see the analytics README).',
});

@ObjectType({ description: 'An institution as a node of a cooperation graph, with its metrics in that graph.' })
export class CooperationNode {
  @Field(() => ID, { description: 'The institution id.' })
  readonly id: string;

  constructor(
    private readonly analysis: GraphAnalysis,
    id: string,
  ) {
    this.id = id;
  }

  private get attrs(): NodeAttributes {
    return this.analysis.graph.getNodeAttributes(this.id);
  }

  @Field(() => String)
  get name(): string {
    return this.attrs.name;
  }

  @Field(() => InstitutionType)
  get type(): InstitutionType {
    return this.attrs.type;
  }

  @Field(() => Sector)
  get sector(): Sector {
    return this.attrs.sector;
  }

  @Field(() => String, { nullable: true, description: 'TERYT code of the voivodeship of its seat.' })
  get voivodeship(): string | null {
    return this.attrs.voivodeship;
  }

  @Field(() => Boolean)
  get pilot(): boolean {
    return this.attrs.pilot;
  }

  @Field(() => Boolean)
  get synthetic(): boolean {
    return this.attrs.synthetic;
  }

  @Field(() => Int, { description: 'Number of distinct partner institutions in the graph.' })
  get degree(): number {
    return this.analysis.degree(this.id);
  }

  @Field(() => Int, { description: 'Number of partnerships with them (a pair with two partnerships counts twice).' })
  get weightedDegree(): number {
    return this.analysis.weightedDegree(this.id);
  }

  @Field(() => Float, { description: 'Share of shortest paths between other pairs passing through it, normalised to 0–1 (hops; see accuracy).' })
  get betweenness(): number {
    return this.analysis.centrality.betweenness.get(this.id) ?? 0;
  }

  @Field(() => Float, { description: 'Closeness in hops, Wasserman–Faust variant (comparable across components): 0–1.' })
  get closeness(): number {
    return this.analysis.centrality.closeness.get(this.id) ?? 0;
  }

  @Field(() => Float, { description: 'PageRank (damping 0.85) with edges weighted by the number of partnerships; sums to 1 over the graph.' })
  get pagerank(): number {
    return this.analysis.pagerank.get(this.id) ?? 0;
  }

  @Field(() => Float, { description: 'Local clustering coefficient: share of pairs of its partners that are partners themselves.' })
  get clustering(): number {
    return this.analysis.clustering.get(this.id) ?? 0;
  }

  @Field(() => Int, { description: 'Its Louvain community (0 is the largest).' })
  get community(): number {
    return this.analysis.communities.of.get(this.id) ?? 0;
  }
}

@ObjectType({ description: 'A pair of institutions linked by one or more partnerships in the graph.' })
export class CooperationLink {
  @Field(() => ID, { description: 'The smaller institution id of the pair.' })
  readonly sourceId: string;

  @Field(() => ID)
  readonly targetId: string;

  constructor(
    private readonly analysis: GraphAnalysis,
    sourceId: string,
    targetId: string,
  ) {
    this.sourceId = sourceId;
    this.targetId = targetId;
  }

  get attrs(): EdgeAttributes {
    return this.analysis.graph.getEdgeAttributes(this.sourceId, this.targetId);
  }

  @Field(() => Int, { description: 'Number of partnerships between the two.' })
  get weight(): number {
    return this.attrs.weight;
  }

  @Field(() => Boolean, { description: 'The two institutions are of different sectors.' })
  get crossSector(): boolean {
    const g = this.analysis.graph;
    return g.getNodeAttribute(this.sourceId, 'sector') !== g.getNodeAttribute(this.targetId, 'sector');
  }

  @Field(() => [PartnershipKind])
  get kinds(): PartnershipKind[] {
    return distinctKinds(this.attrs.links);
  }

  @Field(() => [ActivityField])
  get areas(): ActivityField[] {
    return distinctAreas(this.attrs.links);
  }

  get partnershipIds(): string[] {
    return this.attrs.links.map((l) => l.partnershipId);
  }
}

export const CooperationNodeConnection = Connection('CooperationNode', CooperationNode);
export const CooperationLinkConnection = Connection('CooperationLink', CooperationLink);

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

@ObjectType()
export class CooperationPathStep {
  constructor(step: PathStep) {
    this.fromId = step.from;
    this.toId = step.to;
    this.partnershipIds = step.partnershipIds;
  }

  @Field(() => ID)
  fromId: string;

  @Field(() => ID)
  toId: string;

  partnershipIds: string[];
}

@ObjectType({ description: 'A shortest chain of partnerships between two institutions (fewest hops).' })
export class CooperationPath {
  constructor(path: CooperationPathResult) {
    this.institutionIds = path.institutionIds;
    this.steps = path.steps.map((s) => new CooperationPathStep(s));
  }

  @Field(() => [ID], { description: 'The institutions on the path, in order from the first to the last.' })
  institutionIds: string[];

  @Field(() => [CooperationPathStep])
  steps: CooperationPathStep[];

  @Field(() => Int, { description: 'Number of hops.' })
  get length(): number {
    return this.steps.length;
  }
}

@ObjectType({ description: 'The graph on one month-end.' })
export class EvolutionPoint {
  @Field(() => LocalDate)
  date!: string;

  @Field(() => Int, { description: 'Institutions of the filter existing on the date (nodes).' })
  institutions!: number;

  @Field(() => Int, { description: 'Those with at least one partnership in force in the graph.' })
  activeInstitutions!: number;

  @Field(() => Int)
  partnerships!: number;

  @Field(() => Int)
  edges!: number;

  @Field(() => Float, { nullable: true })
  crossSectorEdgeShare!: number | null;

  @Field(() => Float)
  density!: number;
}

@ObjectType()
export class AreaPartners {
  @Field(() => ActivityField)
  readonly area: NewProfileArea;

  readonly partnerIds: string[];

  constructor(area: NewProfileArea, partnerIds: string[]) {
    this.area = area;
    this.partnerIds = partnerIds;
  }

  @Field(() => Int)
  get partnerCount(): number {
    return this.partnerIds.length;
  }
}

@ObjectType({ description: "A club's partners in each area of the new service profile." })
export class ClubCoverage {
  constructor(private readonly data: ClubCoverageData) {}

  @Field(() => ID)
  get clubId(): string {
    return this.data.clubId;
  }

  @Field(() => String, { nullable: true })
  get voivodeship(): string | null {
    return this.data.voivodeship;
  }

  @Field(() => Float, { description: 'Areas covered / 4.' })
  get score(): number {
    return this.data.score;
  }

  @Field(() => [ActivityField])
  get covered(): ActivityField[] {
    return this.data.covered;
  }

  @Field(() => [ActivityField])
  get missing(): ActivityField[] {
    return this.data.missing;
  }

  @Field(() => [AreaPartners])
  get areas(): AreaPartners[] {
    return NEW_PROFILE_AREAS.map((area) => new AreaPartners(area, this.data.partners[area]));
  }
}

@ObjectType()
export class AreaGap {
  @Field(() => ActivityField)
  readonly area: NewProfileArea;

  @Field(() => [ID], { description: 'The clubs missing the area.' })
  readonly clubIds: string[];

  constructor(area: NewProfileArea, clubIds: string[]) {
    this.area = area;
    this.clubIds = clubIds;
  }

  @Field(() => Int)
  get clubCount(): number {
    return this.clubIds.length;
  }
}

@ObjectType()
export class VoivodeshipCoverage {
  constructor(private readonly data: VoivodeshipCoverageData) {}

  @Field(() => String, { nullable: true, description: 'TERYT code; null for clubs without a seat.' })
  get code(): string | null {
    return this.data.voivodeship;
  }

  @Field(() => Int)
  get clubCount(): number {
    return this.data.clubCount;
  }

  @Field(() => Int, { description: 'Clubs with partners in all four areas.' })
  get fullyCovered(): number {
    return this.data.fullyCovered;
  }

  @Field(() => Float)
  get averageScore(): number {
    return this.data.averageScore;
  }

  @Field(() => [AreaGap], { description: 'Per area, the clubs missing it.' })
  get gaps(): AreaGap[] {
    return this.data.gaps.map((g) => new AreaGap(g.area, g.clubIds));
  }
}

@ObjectType({
  description:
    'New-profile coverage of every club (KIS, CIS). A partner covers an area by its sector (EDUCATION, CULTURE, HEALTH or HEALTH_PREVENTION, SPORT_RECREATION), or when the partnership names the area and the partner works in that field itself (not for other clubs).',
})
export class NewProfileCoverage {
  constructor(private readonly report: CoverageReport) {}

  @Field(() => LocalDate)
  get asOf(): string {
    return this.report.asOf;
  }

  @Field(() => [ActivityField], { description: 'The four areas of the new service profile.' })
  get areas(): ActivityField[] {
    return [...NEW_PROFILE_AREAS];
  }

  @Field(() => [ClubCoverage], { description: 'Clubs by voivodeship, then id.' })
  get clubs(): ClubCoverage[] {
    return this.report.clubs.map((c) => new ClubCoverage(c));
  }

  @Field(() => [VoivodeshipCoverage])
  get voivodeships(): VoivodeshipCoverage[] {
    return this.report.voivodeships.map((v) => new VoivodeshipCoverage(v));
  }
}
