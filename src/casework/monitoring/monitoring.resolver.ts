import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { CaseworkContext } from '../context';
import { InstitutionRef, institutionRef } from '../federation/registry-types';
import { MonitoringContact } from './contact.entities';
import { GraduateSchedule, RecordMonitoringContactInput } from './monitoring.inputs';
import * as monitoring from './monitoring.service';
import { StaffOnly } from '../access/personal';
import { Transaction } from '../../common/transaction';

@Resolver(() => MonitoringContact)
export class MonitoringResolver {
  @Query(() => GraduateSchedule, { nullable: true, description: 'The monitoring schedule of a completed programme of your institution (staff only).' })
  @StaffOnly()
  graduateSchedule(@Ctx() ctx: CaseworkContext, @Arg('episodeId', () => ID) episodeId: string): Promise<GraduateSchedule | null> {
    return monitoring.graduateSchedule(ctx, episodeId);
  }

  @Mutation(() => MonitoringContact, { description: 'Record a monitoring contact with a graduate of your institution.' })
  @StaffOnly()
  @Transaction()
  recordMonitoringContact(@Ctx() ctx: CaseworkContext, @Arg('input', () => RecordMonitoringContactInput) input: RecordMonitoringContactInput) {
    return monitoring.recordMonitoringContact(ctx, input);
  }

  @FieldResolver(() => InstitutionRef, { nullable: true, description: 'The cooperating institution that made the contact, if not the centre.' })
  sourceInstitution(@Root() c: MonitoringContact): InstitutionRef | null {
    return c.sourceInstitutionId ? institutionRef(c.sourceInstitutionId) : null;
  }
}
