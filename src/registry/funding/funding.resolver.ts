import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { Institution } from '../institutions/institution.entities';
import { institutionById } from '../institutions/institution.service';
import { FundingSource, Grant, Programme } from './funding.entities';
import { GrantListArgs, RecordGrantInput, SetFundingSourceInput } from './funding.inputs';
import * as funding from './funding.service';
import { Role } from '../../common/auth';
import { Allow, Public, SignedIn } from '../../common/permissions';
import { Transaction } from '../../common/transaction';

const GrantConnection = Connection('Grant', Grant);

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => [Programme], { description: 'Funding programmes, measures and projects, by code.' })
  @Public()
  programmes(@Ctx() ctx: RequestContext): Promise<Programme[]> {
    return funding.allProgrammes(ctx);
  }

  @Query(() => Programme, { nullable: true })
  @Public()
  programme(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Programme | null> {
    return funding.programmeById(ctx, id);
  }

  @FieldResolver(() => Programme, { nullable: true })
  parent(@Ctx() ctx: RequestContext, @Root() p: Programme): Promise<Programme | null> | null {
    return p.parent ? funding.programmeById(ctx, p.parent.id) : null;
  }

  @FieldResolver(() => [Programme])
  children(@Ctx() ctx: RequestContext, @Root() p: Programme): Promise<Programme[]> {
    return funding.subProgrammes(ctx, p.id);
  }

  @FieldResolver(() => GrantConnection, { description: 'Grants under this programme and its sub-programmes.' })
  grants(@Ctx() ctx: RequestContext, @Root() p: Programme, @Args(() => GrantListArgs) args: GrantListArgs) {
    return funding.listGrants(ctx, { ...args.filter, programmeId: p.id }, args.first, args.after);
  }
}

@Resolver(() => Grant)
export class GrantResolver {
  @Query(() => GrantConnection, { description: 'Grants by award date.' })
  @Public()
  grants(@Ctx() ctx: RequestContext, @Args(() => GrantListArgs) args: GrantListArgs) {
    return funding.listGrants(ctx, args.filter, args.first, args.after);
  }

  @FieldResolver(() => Programme)
  programme(@Ctx() ctx: RequestContext, @Root() g: Grant): Promise<Programme | null> {
    return funding.programmeById(ctx, g.programme.id);
  }

  @FieldResolver(() => Institution)
  recipient(@Ctx() ctx: RequestContext, @Root() g: Grant): Promise<Institution | null> {
    return institutionById(ctx, g.recipient.id);
  }

  @FieldResolver(() => Institution, { nullable: true })
  club(@Ctx() ctx: RequestContext, @Root() g: Grant): Promise<Institution | null> | null {
    return g.club ? institutionById(ctx, g.club.id) : null;
  }

  @Mutation(() => Grant, { description: 'Record a grant (admin). A club-creation grant above its programme cap is refused.' })
  @Allow([Role.ADMIN], 'only an admin (the granting authority) may record grants')
  @Transaction()
  recordGrant(@Ctx() ctx: RequestContext, @Arg('input', () => RecordGrantInput) input: RecordGrantInput) {
    return funding.recordGrant(ctx, input);
  }

  @Mutation(() => FundingSource, { description: "Set one source of an institution's funding for a year (its staff or an admin)." })
  @SignedIn()
  @Transaction()
  setFundingSource(@Ctx() ctx: RequestContext, @Arg('input', () => SetFundingSourceInput) input: SetFundingSourceInput) {
    return funding.setFundingSource(ctx, input);
  }
}

@Resolver(() => Institution)
export class InstitutionFundingResolver {
  @FieldResolver(() => [Grant], { description: 'Grants it received, by date.' })
  grants(@Ctx() ctx: RequestContext, @Root() i: Institution): Promise<Grant[]> {
    return funding.grantsOf(ctx, i.id);
  }

  @FieldResolver(() => [FundingSource], { description: 'Its funding by year and source.' })
  fundingSources(@Ctx() ctx: RequestContext, @Root() i: Institution, @Arg('year', () => Int, { nullable: true }) year?: number | null) {
    return funding.fundingSourcesOf(ctx, i.id, year);
  }
}
