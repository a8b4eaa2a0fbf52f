import { Arg, Args, Ctx, Directive, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageArgs } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { Institution } from '../institutions/institution.entities';
import { institutionById } from '../institutions/institution.service';
import { Municipality, Voivodeship } from '../places/place.entities';
import { municipalityByCode } from '../places/place.service';
import { Meeting, Membership, Network, NetworkKind } from './network.entities';
import {
  AddMembershipInput,
  CreateNetworkInput,
  EndMembershipInput,
  InstitutionNetworkArgs,
  MemberArgs,
  NetworkListArgs,
  RecordMeetingInput,
} from './network.inputs';
import * as networks from './network.service';
import { Public, SignedIn } from '../../common/permissions';
import { Transaction } from '../../common/transaction';

const NetworkConnection = Connection('Network', Network);
const MembershipConnection = Connection('Membership', Membership);
const MeetingConnection = Connection('Meeting', Meeting);

@Resolver(() => Network)
export class NetworkResolver {
  @Query(() => Network, { nullable: true })
  @Public()
  network(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Network | null> {
    return networks.networkById(ctx, id);
  }

  @Query(() => NetworkConnection, { description: 'Networks and platforms by name.' })
  @Public()
  networks(@Ctx() ctx: RequestContext, @Args(() => NetworkListArgs) args: NetworkListArgs) {
    return networks.listNetworks(ctx, args.filter, args.first, args.after);
  }

  @FieldResolver(() => Network, { nullable: true })
  parent(@Ctx() ctx: RequestContext, @Root() n: Network): Promise<Network | null> | null {
    return n.parent ? networks.networkById(ctx, n.parent.id) : null;
  }

  @FieldResolver(() => NetworkConnection, { description: 'Networks nested in this one (e.g. the LSRs of an RSR).' })
  children(@Ctx() ctx: RequestContext, @Root() n: Network, @Args(() => PageArgs) page: PageArgs) {
    return networks.childrenOf(ctx, n.id, page.first, page.after);
  }

  @FieldResolver(() => Voivodeship, { nullable: true })
  voivodeship(@Ctx() ctx: RequestContext, @Root() n: Network): Promise<Voivodeship | null> | null {
    return networks.voivodeshipOfNetwork(ctx, n);
  }

  @FieldResolver(() => Municipality, { nullable: true })
  municipality(@Ctx() ctx: RequestContext, @Root() n: Network): Promise<Municipality | null> | null {
    return n.municipality ? municipalityByCode(ctx, n.municipality.code) : null;
  }

  @FieldResolver(() => MembershipConnection, { description: 'Memberships in force on `asOf` (default today), by institution name.' })
  members(@Ctx() ctx: RequestContext, @Root() n: Network, @Args(() => MemberArgs) args: MemberArgs) {
    return networks.membersOf(ctx, n.id, args);
  }

  @FieldResolver(() => MeetingConnection, { description: 'Meetings by date.' })
  meetings(@Ctx() ctx: RequestContext, @Root() n: Network, @Args(() => PageArgs) page: PageArgs) {
    return networks.meetingsOf(ctx, n.id, page.first, page.after);
  }

  @Mutation(() => Network, { description: 'Create a network (admin, or a regional coordinator in their voivodeship).' })
  @SignedIn()
  @Transaction()
  createNetwork(@Ctx() ctx: RequestContext, @Arg('input', () => CreateNetworkInput) input: CreateNetworkInput) {
    return networks.createNetwork(ctx, input);
  }

  @Mutation(() => Membership, { description: "Add a member (the network's coordinator, its regional coordinator, or an admin)." })
  @SignedIn()
  @Transaction()
  addMembership(@Ctx() ctx: RequestContext, @Arg('input', () => AddMembershipInput) input: AddMembershipInput) {
    return networks.addMembership(ctx, input);
  }

  @Mutation(() => Membership, { description: 'End a membership; it stays visible for earlier dates.' })
  @SignedIn()
  @Transaction()
  endMembership(@Ctx() ctx: RequestContext, @Arg('input', () => EndMembershipInput) input: EndMembershipInput) {
    return networks.endMembership(ctx, input);
  }

  @Mutation(() => Meeting, { description: 'Record a meeting of a network with the institutions that attended.' })
  @SignedIn()
  @Transaction()
  recordMeeting(@Ctx() ctx: RequestContext, @Arg('input', () => RecordMeetingInput) input: RecordMeetingInput) {
    return networks.recordMeeting(ctx, input);
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Network)
  network(@Ctx() ctx: RequestContext, @Root() m: Membership): Promise<Network | null> {
    return networks.networkById(ctx, m.network.id);
  }

  @FieldResolver(() => Institution)
  institution(@Ctx() ctx: RequestContext, @Root() m: Membership): Promise<Institution | null> {
    return institutionById(ctx, m.institution.id);
  }
}

@Resolver(() => Meeting)
export class MeetingResolver {
  @FieldResolver(() => Network)
  network(@Ctx() ctx: RequestContext, @Root() m: Meeting): Promise<Network | null> {
    return networks.networkById(ctx, m.network.id);
  }

  @FieldResolver(() => [Institution], { description: 'Institutions that attended, by name.' })
  @Directive('@listSize(assumedSize: 30)')
  attendees(@Ctx() ctx: RequestContext, @Root() m: Meeting): Promise<Institution[]> {
    return networks.attendeesOf(ctx, m.id);
  }
}

@Resolver(() => Institution)
export class InstitutionNetworksResolver {
  @FieldResolver(() => NetworkConnection, { description: 'Networks it belongs to on `asOf` (default today).' })
  networks(@Ctx() ctx: RequestContext, @Root() i: Institution, @Args(() => InstitutionNetworkArgs) args: InstitutionNetworkArgs) {
    return networks.networksOf(ctx, i.id, args);
  }

  @FieldResolver(() => MembershipConnection, { description: 'Its memberships (with role and dates) on `asOf` (default today).' })
  memberships(@Ctx() ctx: RequestContext, @Root() i: Institution, @Args(() => InstitutionNetworkArgs) args: InstitutionNetworkArgs) {
    return networks.membershipsOf(ctx, i.id, args);
  }
}

@Resolver(() => Voivodeship)
export class VoivodeshipNetworksResolver {
  @FieldResolver(() => Network, { nullable: true, description: 'Its regional cooperation platform (Regionalna Platforma Współpracy).' })
  platform(@Ctx() ctx: RequestContext, @Root() v: Voivodeship): Promise<Network | null> {
    return networks.platformOf(ctx, v.code);
  }

  @FieldResolver(() => NetworkConnection, { description: 'Networks of the voivodeship (RSR, platform, LSRs…), by name.' })
  networks(
    @Ctx() ctx: RequestContext,
    @Root() v: Voivodeship,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('kinds', () => [NetworkKind], { nullable: true }) kinds?: NetworkKind[] | null,
  ) {
    return networks.networksOfVoivodeship(ctx, v.code, kinds, page.first, page.after);
  }
}
