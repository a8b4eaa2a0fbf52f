// Research analytics queries (public: institution-level registry data only).
import { Arg, Args, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { loadPresent } from '../../common/loaders';
import { Partnership } from '../cooperation/partnership.entities';
import { Institution } from '../institutions/institution.entities';
import { institutionById, institutionsByIds } from '../institutions/institution.service';
import { Voivodeship } from '../places/place.entities';
import { voivodeshipByCode } from '../places/place.service';
import * as analytics from './analytics.service';
import { CooperationNodeArgs, CooperationPathArgs, CoverageArgs, EvolutionArgs, GraphArgs } from './analytics.inputs';
import { AreaGap, AreaPartners, ClubCoverage, NewProfileCoverage, VoivodeshipCoverage } from './coverage.types';
import { EvolutionPoint } from './evolution.types';
import { CooperationLink, CooperationLinkConnection, CooperationNode, CooperationNodeConnection } from './graph-elements.types';
import { CooperationGraph } from './graph.types';
import { CooperationPath, CooperationPathStep } from './path.types';
import { linkPage, nodeOf, nodePage } from './graph-pages';
import { Public } from '../../common/permissions';

const partnershipsByIds = (ctx: RequestContext, ids: readonly string[]): Promise<Partnership[]> => loadPresent(ctx.loaders.byKey(Partnership), ids);

@Resolver(() => CooperationGraph)
class CooperationGraphResolver {
  @Query(() => CooperationGraph, { description: 'The cooperation graph on a date (default today) or over a window, with its metrics.' })
  // Every metric of the graph is computed when its version is not cached (cold: about 1.4 s at national scale).
  @Directive('@cost(weight: 100)')
  @Public()
  async cooperationGraph(@Ctx() ctx: RequestContext, @Args(() => GraphArgs) args: GraphArgs): Promise<CooperationGraph> {
    return new CooperationGraph(await analytics.cooperationGraph(ctx, args.filter, args));
  }

  @Query(() => CooperationPath, {
    nullable: true,
    description: 'A shortest chain of partnerships between two institutions in the graph; null when none links them.',
  })
  @Public()
  async cooperationPath(@Ctx() ctx: RequestContext, @Args(() => CooperationPathArgs) args: CooperationPathArgs): Promise<CooperationPath | null> {
    const path = await analytics.cooperationPath(ctx, args.fromId, args.toId, args.filter, args);
    return path && new CooperationPath(path);
  }

  @Query(() => [EvolutionPoint], { description: 'The graph at each month-end from `from` to `to` (the last point is `to`).' })
  @Public()
  cooperationEvolution(@Ctx() ctx: RequestContext, @Args(() => EvolutionArgs) args: EvolutionArgs): Promise<EvolutionPoint[]> {
    return analytics.cooperationEvolution(ctx, args.from, args.to, args.filter);
  }

  @Query(() => NewProfileCoverage, { description: "Each club's partners in the four areas of the new service profile, and the gaps per voivodeship." })
  @Public()
  async newProfileCoverage(@Ctx() ctx: RequestContext, @Args(() => CoverageArgs) args: CoverageArgs): Promise<NewProfileCoverage> {
    return new NewProfileCoverage(await analytics.newProfileCoverage(ctx, args.asOf, args.voivodeship));
  }

  @FieldResolver(() => CooperationNodeConnection, { description: 'The nodes with their metrics, in the order asked.' })
  nodes(@Root() graph: CooperationGraph, @Args(() => CooperationNodeArgs) args: CooperationNodeArgs) {
    return nodePage(graph.analysis, args);
  }

  @FieldResolver(() => CooperationNode, { nullable: true, description: "One institution's metrics; null when it is not a node." })
  node(@Root() graph: CooperationGraph, @Arg('id', () => ID) id: string): CooperationNode | null {
    return nodeOf(graph.analysis, id);
  }

  @FieldResolver(() => CooperationLinkConnection, { description: 'The edges (institution pairs), by source then target id.' })
  links(@Root() graph: CooperationGraph, @Args(() => PageArgs) page: PageArgs) {
    return linkPage(graph.analysis, page.first, page.after);
  }
}

@Resolver(() => CooperationNode)
class CooperationNodeResolver {
  @FieldResolver(() => Institution)
  institution(@Ctx() ctx: RequestContext, @Root() node: CooperationNode): Promise<Institution | null> {
    return institutionById(ctx, node.id);
  }
}

@Resolver(() => CooperationLink)
class CooperationLinkResolver {
  @FieldResolver(() => Institution)
  source(@Ctx() ctx: RequestContext, @Root() link: CooperationLink): Promise<Institution | null> {
    return institutionById(ctx, link.sourceId);
  }

  @FieldResolver(() => Institution)
  target(@Ctx() ctx: RequestContext, @Root() link: CooperationLink): Promise<Institution | null> {
    return institutionById(ctx, link.targetId);
  }

  @FieldResolver(() => [Partnership], { description: 'The partnerships between the two in the graph.' })
  partnerships(@Ctx() ctx: RequestContext, @Root() link: CooperationLink): Promise<Partnership[]> {
    return partnershipsByIds(ctx, link.partnershipIds);
  }
}

@Resolver(() => CooperationPath)
class CooperationPathResolver {
  @FieldResolver(() => [Institution])
  institutions(@Ctx() ctx: RequestContext, @Root() path: CooperationPath): Promise<Institution[]> {
    return institutionsByIds(ctx, path.institutionIds);
  }
}

@Resolver(() => CooperationPathStep)
class CooperationPathStepResolver {
  @FieldResolver(() => Institution)
  from(@Ctx() ctx: RequestContext, @Root() step: CooperationPathStep): Promise<Institution | null> {
    return institutionById(ctx, step.fromId);
  }

  @FieldResolver(() => Institution)
  to(@Ctx() ctx: RequestContext, @Root() step: CooperationPathStep): Promise<Institution | null> {
    return institutionById(ctx, step.toId);
  }

  @FieldResolver(() => [Partnership], { description: 'The partnerships linking the two.' })
  partnerships(@Ctx() ctx: RequestContext, @Root() step: CooperationPathStep): Promise<Partnership[]> {
    return partnershipsByIds(ctx, step.partnershipIds);
  }
}

@Resolver(() => ClubCoverage)
class ClubCoverageResolver {
  @FieldResolver(() => Institution)
  club(@Ctx() ctx: RequestContext, @Root() club: ClubCoverage): Promise<Institution | null> {
    return institutionById(ctx, club.clubId);
  }
}

@Resolver(() => AreaPartners)
class AreaPartnersResolver {
  @FieldResolver(() => [Institution])
  partners(@Ctx() ctx: RequestContext, @Root() area: AreaPartners): Promise<Institution[]> {
    return institutionsByIds(ctx, area.partnerIds);
  }
}

@Resolver(() => AreaGap)
class AreaGapResolver {
  @FieldResolver(() => [Institution])
  clubs(@Ctx() ctx: RequestContext, @Root() gap: AreaGap): Promise<Institution[]> {
    return institutionsByIds(ctx, gap.clubIds);
  }
}

@Resolver(() => VoivodeshipCoverage)
class VoivodeshipCoverageResolver {
  @FieldResolver(() => Voivodeship, { nullable: true })
  voivodeship(@Ctx() ctx: RequestContext, @Root() v: VoivodeshipCoverage): Promise<Voivodeship | null> | null {
    return v.code ? voivodeshipByCode(ctx, v.code) : null;
  }
}

/** The analytics resolvers, for src/registry/resolvers.ts. */
export const analyticsResolvers = [
  CooperationGraphResolver,
  CooperationNodeResolver,
  CooperationLinkResolver,
  CooperationPathResolver,
  CooperationPathStepResolver,
  ClubCoverageResolver,
  AreaPartnersResolver,
  AreaGapResolver,
  VoivodeshipCoverageResolver,
] as const;
