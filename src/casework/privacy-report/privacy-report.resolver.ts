// The insider-probing report: ADMIN only (administrators oversee the system; the report holds
// aggregates per institution and month, never a person).
import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../../common/auth';
import { Allow } from '../../common/permissions';
import { LocalDate } from '../../common/scalars';
import type { CaseworkContext } from '../context';
import { PrivacyReport } from './privacy-report.types';
import { privacyReport } from './privacy-report.service';

@Resolver()
export class PrivacyReportResolver {
  @Query(() => PrivacyReport, {
    description:
      'Insider-probing signals per institution and month of registration (ADMIN only): registrations without a service episode after ' +
      '30 days, registrations of people known at another institution not followed by an episode, and bursts of registrations. ' +
      'Whole months containing from and to; by default the 12 months up to this one.',
  })
  // permission: ADMIN (UNAUTHENTICATED for the public, FORBIDDEN for every other role)
  @Allow([Role.ADMIN], 'the insider-probing report is available to administrators only')
  privacyReport(
    @Ctx() ctx: CaseworkContext,
    @Arg('from', () => LocalDate, { nullable: true }) from?: string | null,
    @Arg('to', () => LocalDate, { nullable: true }) to?: string | null,
  ): Promise<PrivacyReport> {
    return privacyReport(ctx, { from, to });
  }
}
