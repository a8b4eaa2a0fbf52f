// Reintegration paths as they leave casework: per path of institution types, disclosure-controlled
// counts of people and of their end states. Nothing here describes a person.
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { OutcomeGroup } from '../episodes/episode-kinds';
import { StatisticsRelease } from '../releases/release.types';
import { DisclosedCount } from './aggregate.types';

@InputType({ description: 'Which people: all filters apply to the first episode of each person (across institutions).' })
export class ReintegrationPathFilter {
  @Field(() => String, { nullable: true, description: "2-digit TERYT code of the voivodeship of the first episode's institution (reference copy)." })
  voivodeship?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'First episode started on or after this day; must be 1 January (released by calendar year).' })
  from?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'First episode started on or before this day; must be 31 December (released by calendar year).' })
  to?: string | null;

  @Field(() => String, { nullable: true, description: 'Institution type of the first step (a registry InstitutionType name, e.g. "OPS").' })
  startsWith?: string | null;
}

@ObjectType({ description: "People on a path by where they stand now; a rate is the share of the path's people, given only where the cell is shown." })
export class ReintegrationPathOutcome {
  @Field(() => OutcomeGroup)
  outcome!: OutcomeGroup;

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;

  @Field(() => Float, { nullable: true, description: 'count / people, rounded to 3 decimals; null where the cell is suppressed.' })
  rate!: number | null;
}

@ObjectType({ description: 'A sequence of institution types people went through, in order, consecutive repeats collapsed.' })
export class ReintegrationPath {
  @Field(() => [String], {
    description: 'Institution types (registry InstitutionType names; UNKNOWN when the reference copy lacks the institution), at most maxSteps.',
  })
  steps!: string[];

  @Field(() => Boolean, { description: 'The path went on beyond maxSteps: everyone whose path begins with these steps and is longer.' })
  truncated!: boolean;

  @Field(() => String, { description: 'The steps joined with " → ", ending in " → …" when truncated.' })
  label!: string;

  @Field(() => DisclosedCount, { description: 'People on this path (a listed path has at least k).' })
  people!: DisclosedCount;

  @Field(() => [ReintegrationPathOutcome], {
    description: 'Every outcome but NO_EPISODE, in a fixed order; the parts add up to people, with secondary suppression.',
  })
  byOutcome!: ReintegrationPathOutcome[];

  @Field(() => Float, { nullable: true, description: "Share of the path's people now on the open labour market; null where that cell is suppressed." })
  openLabourMarketRate!: number | null;
}

@ObjectType({
  description:
    'People (counted once each, linked by pseudonym across institutions) by the path of institution types of their service episodes. ' +
    'A path is listed only when at least k people took it, not all of them stand the same, and the table stays safe; the rest are ' +
    'pooled in otherPaths. total = the listed paths + otherPaths, and both are either shown (each at least k) or suppressed together.',
})
export class ReintegrationPathTable {
  @Field(() => [ReintegrationPath], { description: 'The listed paths, most people first.' })
  paths!: ReintegrationPath[];

  @Field(() => DisclosedCount, {
    description: 'People on paths not listed: rarer than k, all of one outcome, or pooled so that the pool holds at least two paths and k people.',
  })
  otherPaths!: DisclosedCount;

  @Field(() => DisclosedCount, { description: 'People matching the filter who have at least one episode.' })
  total!: DisclosedCount;

  @Field(() => Int, { description: 'The threshold applied (to everyone: paths cross institutions).' })
  k!: number;

  @Field(() => Int, { description: 'Paths longer than this are cut to their first maxSteps steps (truncated: true).' })
  maxSteps!: number;

  @Field(() => StatisticsRelease, { nullable: true, description: 'The statistical release the counts come from (null before the first release).' })
  release!: StatisticsRelease | null;
}
