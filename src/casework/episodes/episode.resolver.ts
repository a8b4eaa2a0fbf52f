import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { CaseworkContext } from '../context';
import { ServiceEpisode } from './episode.entities';
import { CloseEpisodeInput, OpenEpisodeInput } from './episode.inputs';
import * as episodes from './episode.service';
import { StaffOnly } from '../access/personal';
import { Transaction } from '../../common/transaction';

@Resolver(() => ServiceEpisode)
export class EpisodeResolver {
  @Mutation(() => ServiceEpisode, { description: "Open (or record) an episode of one of your institution's participants." })
  @StaffOnly()
  @Transaction()
  openEpisode(@Ctx() ctx: CaseworkContext, @Arg('input', () => OpenEpisodeInput) input: OpenEpisodeInput) {
    return episodes.openEpisode(ctx, input);
  }

  @Mutation(() => ServiceEpisode, {
    description: 'End an open episode with its outcome; completing a CIS programme or club activities starts graduate monitoring.',
  })
  @StaffOnly()
  @Transaction()
  closeEpisode(@Ctx() ctx: CaseworkContext, @Arg('input', () => CloseEpisodeInput) input: CloseEpisodeInput) {
    return episodes.closeEpisode(ctx, input);
  }
}
