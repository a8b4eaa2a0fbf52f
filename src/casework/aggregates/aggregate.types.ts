// What crosses from casework into the shared graph: counts, disclosure-controlled.
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { OutcomeGroup } from '../episodes/episode-kinds';
import { EligibilityCategory } from '../participants/participant-kinds';
import { StatisticsRelease } from '../releases/release.types';

@ObjectType({ description: 'A published count: at least k, or suppressed (count null, suppressed true); small numbers are never shown.' })
export class DisclosedCount {
  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}

@ObjectType({ description: 'A published count with the statistical release it comes from.' })
export class ReleasedCount extends DisclosedCount {
  @Field(() => StatisticsRelease, {
    nullable: true,
    description: "The statistical release the count comes from; null only for your own institution's count, which is live and exact.",
  })
  release!: StatisticsRelease | null;
}

@ObjectType()
export class ParticipantCategoryCount {
  @Field(() => EligibilityCategory)
  category!: EligibilityCategory;

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}

@ObjectType()
export class ParticipantOutcomeCount {
  @Field(() => OutcomeGroup)
  outcome!: OutcomeGroup;

  @Field(() => Int, { nullable: true })
  count!: number | null;

  @Field(() => Boolean)
  suppressed!: boolean;
}

@ObjectType({
  description:
    'People (counted once each, linked by pseudonym across institutions), by eligibility category (a person may be in several: ' +
    'the parts overlap) and by outcome (one each: the parts add up to the total). Cells below k are suppressed, and further cells ' +
    'where the total and the shown parts would reveal a suppressed one.',
})
export class ParticipantStatistics {
  @Field(() => DisclosedCount)
  total!: DisclosedCount;

  @Field(() => [ParticipantCategoryCount], { description: 'Every category, in a fixed order.' })
  @Directive(`@listSize(assumedSize: ${Object.keys(EligibilityCategory).length})`)
  byCategory!: ParticipantCategoryCount[];

  @Field(() => [ParticipantOutcomeCount], { description: 'Every outcome, in a fixed order.' })
  @Directive(`@listSize(assumedSize: ${Object.keys(OutcomeGroup).length})`)
  byOutcome!: ParticipantOutcomeCount[];

  @Field(() => Int, { nullable: true, description: "The threshold applied; null when the counts are your own institution's, shown exactly." })
  k!: number | null;

  @Field(() => StatisticsRelease, {
    nullable: true,
    description: "The statistical release the counts come from; null only for your own institution's counts, which are live and exact.",
  })
  release!: StatisticsRelease | null;
}
