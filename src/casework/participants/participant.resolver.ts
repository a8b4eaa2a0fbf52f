import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, PageInfoType } from '../../common/connection';
import type { CaseworkContext } from '../context';
import { SocialContract } from '../contracts/contract.entities';
import { contractsOf } from '../contracts/contract.service';
import { ServiceEpisode } from '../episodes/episode.entities';
import { episodesOf } from '../episodes/episode.service';
import { InstitutionRef, institutionRef } from '../federation/registry-types';
import { Ipzs } from '../ipzs/ipzs.entities';
import { ipzsOf } from '../ipzs/ipzs.service';
import { MonitoringContact } from '../monitoring/contact.entities';
import { GraduateSchedule } from '../monitoring/monitoring.inputs';
import { contactsOf, schedulesOf } from '../monitoring/monitoring.service';
import { Participant } from './participant.entities';
import { ParticipantListArgs, RegisterParticipantInput, UpdateParticipantInput } from './participant.inputs';
import * as participants from './participant.service';
import { StaffOnly } from '../access/personal';
import { Transaction } from '../../common/transaction';

const ParticipantConnection = Connection('Participant', Participant, PageInfoType('CaseworkPageInfo', 'Relay-style page information of a casework list.'));

@Resolver(() => Participant)
export class ParticipantResolver {
  @Query(() => Participant, { nullable: true, description: "One of your institution's participants (staff only); any other id answers null." })
  @StaffOnly()
  participant(@Ctx() ctx: CaseworkContext, @Arg('id', () => ID) id: string): Promise<Participant | null> {
    return participants.participantById(ctx, id);
  }

  @Query(() => ParticipantConnection, { description: "Your institution's participants, by registration (staff only)." })
  @StaffOnly()
  participants(@Ctx() ctx: CaseworkContext, @Args(() => ParticipantListArgs) args: ParticipantListArgs) {
    return participants.listParticipants(ctx, args.filter, args.first, args.after);
  }

  @Query(() => Participant, {
    nullable: true,
    description: "Your institution's participant with this PESEL, matched under every active key version (staff only; audited). Send the PESEL as a variable.",
  })
  @StaffOnly()
  participantByPesel(@Ctx() ctx: CaseworkContext, @Arg('pesel', () => String) pesel: string): Promise<Participant | null> {
    return participants.participantByPesel(ctx, pesel);
  }

  @Mutation(() => Participant, { description: 'Register a person at your institution; the PESEL gives the pseudonym, birth year and sex and is discarded.' })
  @StaffOnly()
  @Transaction()
  registerParticipant(@Ctx() ctx: CaseworkContext, @Arg('input', () => RegisterParticipantInput) input: RegisterParticipantInput) {
    return participants.registerParticipant(ctx, input);
  }

  @Mutation(() => Participant)
  @StaffOnly()
  @Transaction()
  updateParticipant(@Ctx() ctx: CaseworkContext, @Arg('input', () => UpdateParticipantInput) input: UpdateParticipantInput) {
    return participants.updateParticipant(ctx, input);
  }

  @FieldResolver(() => InstitutionRef, { description: 'The institution that serves the participant and holds the record.' })
  institution(@Root() p: Participant): InstitutionRef {
    return institutionRef(p.institutionId);
  }

  @FieldResolver(() => [ServiceEpisode], { description: 'By start date.' })
  @StaffOnly()
  episodes(@Ctx() ctx: CaseworkContext, @Root() p: Participant): Promise<ServiceEpisode[]> {
    return episodesOf(ctx, p.id);
  }

  @FieldResolver(() => [Ipzs])
  @StaffOnly()
  ipzs(@Ctx() ctx: CaseworkContext, @Root() p: Participant): Promise<Ipzs[]> {
    return ipzsOf(ctx, p.id);
  }

  @FieldResolver(() => [SocialContract])
  @StaffOnly()
  socialContracts(@Ctx() ctx: CaseworkContext, @Root() p: Participant): Promise<SocialContract[]> {
    return contractsOf(ctx, p.id);
  }

  @FieldResolver(() => [MonitoringContact], { description: 'Graduate monitoring contacts, by date.' })
  @StaffOnly()
  monitoringContacts(@Ctx() ctx: CaseworkContext, @Root() p: Participant): Promise<MonitoringContact[]> {
    return contactsOf(ctx, p.id);
  }

  @FieldResolver(() => [GraduateSchedule], { description: 'Monitoring schedules of the programmes the participant completed.' })
  @StaffOnly()
  monitoringSchedules(@Ctx() ctx: CaseworkContext, @Root() p: Participant): Promise<GraduateSchedule[]> {
    return schedulesOf(ctx, p.id);
  }

  @FieldResolver(() => [InstitutionRef], {
    description:
      'Other institutions that serve the same person, shown only where an ACTIVE partnership between them and your institution has ' +
      'dataSharing agreed (as of the last reference refresh). Each view is audited.',
  })
  @StaffOnly()
  alsoServedBy(@Ctx() ctx: CaseworkContext, @Root() p: Participant): Promise<InstitutionRef[]> {
    return participants.alsoServedBy(ctx, p.id);
  }
}
