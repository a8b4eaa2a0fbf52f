import { Arg, Args, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { Institution } from '../institutions/institution.entities';
import { InstitutionConnection } from '../institutions/institution.resolver';
import { institutionById } from '../institutions/institution.service';
import { Partnership, PartnershipParty } from './partnership.entities';
import { EndPartnershipInput, PartnerArgs, PartnershipListArgs, PartyDecisionInput, ProposePartnershipInput } from './partnership.inputs';
import * as partnerships from './partnership.service';
import { Public, SignedIn } from '../../common/permissions';
import { Transaction } from '../../common/transaction';

const PartnershipConnection = Connection('Partnership', Partnership);

@Resolver(() => Partnership)
export class PartnershipResolver {
  @Query(() => Partnership, { nullable: true })
  @Public()
  partnership(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Partnership | null> {
    return partnerships.partnershipById(ctx, id);
  }

  @Query(() => PartnershipConnection, { description: 'Partnerships by start date; by default those in force today.' })
  @Public()
  partnerships(@Ctx() ctx: RequestContext, @Args(() => PartnershipListArgs) args: PartnershipListArgs) {
    return partnerships.listPartnerships(ctx, args.filter, args.first, args.after);
  }

  @FieldResolver(() => [PartnershipParty], { description: 'The parties, the lead first.' })
  @Directive('@listSize(assumedSize: 4)')
  parties(@Ctx() ctx: RequestContext, @Root() p: Partnership): Promise<PartnershipParty[]> {
    return partnerships.partiesOf(ctx, p.id);
  }

  @FieldResolver(() => Institution, { nullable: true })
  proposedBy(@Ctx() ctx: RequestContext, @Root() p: Partnership): Promise<Institution | null> {
    return institutionById(ctx, p.proposedBy.id);
  }

  @Mutation(() => Partnership, { description: 'Propose a partnership on behalf of your institution; it is ACTIVE once every other party confirms.' })
  @SignedIn()
  @Transaction()
  proposePartnership(@Ctx() ctx: RequestContext, @Arg('input', () => ProposePartnershipInput) input: ProposePartnershipInput) {
    return partnerships.proposePartnership(ctx, input);
  }

  @Mutation(() => Partnership, { description: 'Confirm a proposed partnership as one of its parties.' })
  @SignedIn()
  @Transaction()
  confirmPartnership(@Ctx() ctx: RequestContext, @Arg('input', () => PartyDecisionInput) input: PartyDecisionInput) {
    return partnerships.confirmPartnership(ctx, input);
  }

  @Mutation(() => Partnership, { description: 'Decline a proposed partnership as one of its parties.' })
  @SignedIn()
  @Transaction()
  declinePartnership(@Ctx() ctx: RequestContext, @Arg('input', () => PartyDecisionInput) input: PartyDecisionInput) {
    return partnerships.declinePartnership(ctx, input);
  }

  @Mutation(() => Partnership, { description: 'End an active partnership (a party or an admin); it stays visible for earlier dates.' })
  @SignedIn()
  @Transaction()
  endPartnership(@Ctx() ctx: RequestContext, @Arg('input', () => EndPartnershipInput) input: EndPartnershipInput) {
    return partnerships.endPartnership(ctx, input);
  }
}

@Resolver(() => PartnershipParty)
export class PartnershipPartyResolver {
  @FieldResolver(() => Institution)
  institution(@Ctx() ctx: RequestContext, @Root() party: PartnershipParty): Promise<Institution | null> {
    return institutionById(ctx, party.institution.id);
  }
}

@Resolver(() => Institution)
export class InstitutionCooperationResolver {
  @FieldResolver(() => PartnershipConnection, { description: 'Its partnerships; by default those in force today.' })
  partnerships(@Ctx() ctx: RequestContext, @Root() i: Institution, @Args(() => PartnershipListArgs) args: PartnershipListArgs) {
    return partnerships.partnershipsOf(ctx, i.id, args.filter, args.first, args.after);
  }

  @FieldResolver(() => InstitutionConnection, { description: 'Distinct institutions it has a partnership with in force on `asOf`, by name.' })
  partners(@Ctx() ctx: RequestContext, @Root() i: Institution, @Args(() => PartnerArgs) args: PartnerArgs) {
    return partnerships.partnersOf(ctx, i.id, args);
  }
}
