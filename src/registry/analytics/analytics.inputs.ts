// Arguments of the analytics queries. Field-level checks run here (class-validator); the rules
// across fields (asOf or a window, known voivodeship, network exists) in graph-scope and the service.
import { IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { PageArgs } from '../../common/connection';
import { LocalDate } from '../../common/scalars';
import { IsVoivodeshipCode } from '../../common/validation';
import { InstitutionType, Sector } from '../institutions/institution-kinds';

@InputType({ description: 'Which institutions are nodes; filters combine with AND, lists match any of their values.' })
export class CooperationGraphFilter {
  @Field(() => String, { nullable: true, description: 'Institutions seated in this voivodeship (TERYT code, e.g. "26").' })
  @IsVoivodeshipCode()
  voivodeship?: string | null;

  @Field(() => [Sector], { nullable: true })
  sectors?: Sector[] | null;

  @Field(() => [InstitutionType], { nullable: true })
  types?: InstitutionType[] | null;

  @Field(() => ID, { nullable: true, description: "Members of this network during the graph's date or window." })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id (uuid)' })
  networkId?: string | null;
}

@ArgsType()
export class GraphArgs {
  @Field(() => LocalDate, { nullable: true, description: 'The graph on this date (default today): partnerships in force then.' })
  asOf?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Instead of asOf, a window: partnerships in force at any time from `from` to `to`.' })
  from?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'End of the window (default today).' })
  to?: string | null;

  @Field(() => CooperationGraphFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CooperationGraphFilter | null;
}

@ArgsType()
export class CooperationPathArgs extends GraphArgs {
  @Field(() => ID)
  fromId!: string;

  @Field(() => ID)
  toId!: string;
}

@ArgsType()
export class EvolutionArgs {
  @Field(() => LocalDate)
  from!: string;

  @Field(() => LocalDate)
  to!: string;

  @Field(() => CooperationGraphFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: CooperationGraphFilter | null;
}

@ArgsType()
export class CoverageArgs {
  @Field(() => LocalDate, { nullable: true, description: 'Partnerships in force on this date (default today).' })
  asOf?: string | null;

  @Field(() => String, { nullable: true, description: 'Only the clubs of this voivodeship.' })
  @IsVoivodeshipCode()
  voivodeship?: string | null;
}

export enum CooperationNodeOrder {
  NAME = 'NAME',
  DEGREE = 'DEGREE',
  WEIGHTED_DEGREE = 'WEIGHTED_DEGREE',
  BETWEENNESS = 'BETWEENNESS',
  CLOSENESS = 'CLOSENESS',
  PAGERANK = 'PAGERANK',
  CLUSTERING = 'CLUSTERING',
}
registerEnumType(CooperationNodeOrder, { name: 'CooperationNodeOrder', description: 'NAME ascending; the metrics descending; ties by id.' });

@ArgsType()
export class CooperationNodeArgs extends PageArgs {
  @Field(() => CooperationNodeOrder, { defaultValue: CooperationNodeOrder.DEGREE })
  orderBy!: CooperationNodeOrder;

  @Field(() => Int, { nullable: true, description: 'Only the members of this community.' })
  community?: number | null;
}
