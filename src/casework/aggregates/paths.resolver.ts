// The reintegration-paths table: a root field anyone may ask (aggregates only, like the counts on
// the registry's entities), disclosure-controlled for every caller.
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { CaseworkContext } from '../context';
import { ReintegrationPathFilter, ReintegrationPathTable } from './paths.types';
import { reintegrationPaths } from './paths.service';

@Resolver()
export class ReintegrationPathResolver {
  @Query(() => ReintegrationPathTable, {
    description:
      'People by the sequence of institution types of their service episodes across institutions (e.g. OPS → KIS → PUP), with ' +
      "their outcomes; by the voivodeship, calendar years and type of each person's first episode, from the latest statistical release. Paths below k are pooled; " +
      'no count below k is ever shown, to anyone.',
  })
  reintegrationPaths(
    @Ctx() ctx: CaseworkContext,
    @Arg('filter', () => ReintegrationPathFilter, { nullable: true }) filter?: ReintegrationPathFilter | null,
  ): Promise<ReintegrationPathTable> {
    return reintegrationPaths(ctx, filter);
  }
}
