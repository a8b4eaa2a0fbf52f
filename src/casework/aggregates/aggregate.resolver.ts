// The fields casework adds to the registry's entities: disclosure-controlled counts only.
import { Arg, Ctx, Directive, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { CaseworkContext } from '../context';
import { InstitutionRef, NetworkRef, PartnershipRef, PartnershipStatusRef, VoivodeshipRef } from '../federation/registry-types';
import { ParticipantStatistics, ReleasedCount } from './aggregate.types';
import * as aggregates from './aggregate.service';

@Resolver(() => InstitutionRef)
export class InstitutionAggregatesResolver {
  @FieldResolver(() => ParticipantStatistics, {
    description: 'People it serves. Exact for its own staff; for everyone else cells below k are suppressed.',
  })
  participantsServed(@Ctx() ctx: CaseworkContext, @Root() i: InstitutionRef): Promise<ParticipantStatistics> {
    return aggregates.participantsServedBy(ctx, i.id);
  }

  @FieldResolver(() => ParticipantStatistics, { description: 'People served both by it and by the other institution (linked by pseudonym).' })
  sharedParticipantsWith(
    @Ctx() ctx: CaseworkContext,
    @Root() i: InstitutionRef,
    @Arg('institutionId', () => ID) institutionId: string,
  ): Promise<ParticipantStatistics> {
    return aggregates.sharedParticipantsOf(ctx, i.id, institutionId);
  }

  @FieldResolver(() => ReleasedCount, {
    description:
      'For its own staff: graduate-monitoring contacts past their due date without a contact, today, exact. ' +
      'For everyone else, from the latest release: graduates with such a contact at the cut-off, each counted once.',
  })
  overdueMonitoringContacts(@Ctx() ctx: CaseworkContext, @Root() i: InstitutionRef): Promise<ReleasedCount> {
    return aggregates.overdueContactsOf(ctx, i.id);
  }
}

@Resolver(() => PartnershipRef)
export class PartnershipAggregatesResolver {
  @FieldResolver(() => ParticipantStatistics, {
    description: 'People served by two or more of its parties (linked by pseudonym); counted once every party has confirmed (ACTIVE or ENDED).',
  })
  @Directive('@requires(fields: "status parties { institution { id } }")')
  sharedParticipants(@Ctx() ctx: CaseworkContext, @Root() p: PartnershipRef): Promise<ParticipantStatistics> {
    // A proposal binds no one: counting its parties would let anyone pick the institutions to compare.
    const confirmed = p.status === PartnershipStatusRef.ACTIVE || p.status === PartnershipStatusRef.ENDED;
    const parties = (p.parties ?? []).map((party) => party.institution?.id).filter((id): id is string => typeof id === 'string');
    return aggregates.sharedAmongParties(ctx, confirmed ? parties : []);
  }
}

@Resolver(() => NetworkRef)
export class NetworkAggregatesResolver {
  @FieldResolver(() => ParticipantStatistics, { description: 'People served by two or more of its current members (as of the last reference refresh).' })
  sharedParticipants(@Ctx() ctx: CaseworkContext, @Root() n: NetworkRef): Promise<ParticipantStatistics> {
    return aggregates.sharedAmongMembers(ctx, n.id);
  }
}

@Resolver(() => VoivodeshipRef)
export class VoivodeshipAggregatesResolver {
  @FieldResolver(() => ParticipantStatistics, { description: 'People served by institutions seated in the voivodeship, counted once each.' })
  participantsServed(@Ctx() ctx: CaseworkContext, @Root() v: VoivodeshipRef): Promise<ParticipantStatistics> {
    return aggregates.participantsServedIn(ctx, v.code);
  }

  @FieldResolver(() => ReleasedCount, {
    description:
      'From the latest release: graduates of institutions seated in the voivodeship with a graduate-monitoring contact past its due date at the cut-off, each counted once.',
  })
  overdueMonitoringContacts(@Ctx() ctx: CaseworkContext, @Root() v: VoivodeshipRef): Promise<ReleasedCount> {
    return aggregates.overdueContactsIn(ctx, v.code);
  }
}
