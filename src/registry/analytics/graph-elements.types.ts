// GraphQL types of a cooperation graph's nodes and links. Each field is a getter over the cached
// GraphAnalysis, so a query computes (once per graph version) only the metrics it selects.
import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Connection } from '../../common/connection';
import { PartnershipKind } from '../cooperation/partnership.entities';
import { ActivityField, InstitutionType, Sector } from '../institutions/institution-kinds';
import { distinctAreas, distinctKinds, type EdgeAttributes, type NodeAttributes } from './cooperation-graph';
import { MetricMethod, type GraphAnalysis } from './graph-analysis';

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
