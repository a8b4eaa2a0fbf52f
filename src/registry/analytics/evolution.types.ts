// GraphQL type of the graph's evolution: one point per month-end.
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';

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
