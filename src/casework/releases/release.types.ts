// What a published person count says about where it comes from.
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { DateTime } from '../../common/scalars';

@ObjectType({
  description:
    'A statistical release: person counts computed from a cut of the data at one time, with fresh differentially private noise ' +
    '(discrete Gaussian, zCDP budget rho), stored and served unchanged until the next release.',
})
export class StatisticsRelease {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTime)
  publishedAt!: Date;

  @Field(() => DateTime, { description: 'The data were cut at this time: later changes show in the next release.' })
  dataUpTo!: Date;

  @Field(() => Float, { description: 'The privacy budget this release spent (zCDP rho).' })
  rho!: number;

  @Field(() => Float, { description: 'The same budget read as (epsilon, delta)-differential privacy, with delta as configured.' })
  epsilon!: number;
}
