import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../common/context';
import { Node } from '../../common/node';
import { Public } from '../../common/permissions';
import { nodeById, nodesByIds } from './node.service';

@Resolver()
export class NodeResolver {
  // Public like every registry lookup it reuses (institution, partnership, network, programme, places…).
  @Query(() => Node, {
    nullable: true,
    description:
      'A registry record by its global id: the `id` of any Node (a bare UUID, or the opaque id of a place or of a UUID-keyed record); null when none. Casework records are never nodes.',
  })
  @Public()
  node(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<object | null> {
    return nodeById(ctx, id);
  }

  @Query(() => [Node], { nullable: 'items', description: 'Registry records by global id, in order (null for an id that names none); at most 100 ids.' })
  @Directive('@listSize(assumedSize: 100)')
  @Public()
  nodes(@Ctx() ctx: RequestContext, @Arg('ids', () => [ID]) ids: string[]): Promise<(object | null)[]> {
    return nodesByIds(ctx, ids);
  }
}
