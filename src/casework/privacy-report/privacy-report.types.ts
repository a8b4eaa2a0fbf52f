// The insider-probing report as it leaves casework: counts per institution and month of
// registration. Nothing here describes a person: no participant, pseudonym, day or second institution.
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { InstitutionRef } from '../federation/registry-types';

@ObjectType({ description: 'Registrations at one institution in one month (of registration) that may be probing; exact counts, never a person.' })
export class PrivacyReportRow {
  @Field(() => InstitutionRef, { description: 'The institution that registered the people.' })
  institution!: InstitutionRef;

  @Field(() => String, { description: 'Month of registration, YYYY-MM (calendar in Poland).' })
  month!: string;

  @Field(() => Int, { description: "All of the institution's registrations that month." })
  registrations!: number;

  @Field(() => Int, { description: '(a) Registered more than graceDays days before the report date, and no service episode recorded at all.' })
  withoutEpisodeAfterGrace!: number;

  @Field(() => Int, { description: '(b) Registrations of a person (same pseudonym) registered at another institution before; ordinary in itself.' })
  knownElsewhere!: number;

  @Field(() => Int, { description: '(b) Of knownElsewhere: grace period over and no episode recorded within graceDays days of the registration.' })
  knownElsewhereNoEpisodeWithinGrace!: number;

  @Field(() => Int, { description: '(b) Of knownElsewhere: no episode recorded at all so far (recent registrations included).' })
  knownElsewhereWithoutEpisode!: number;

  @Field(() => Int, {
    description:
      "(c) Days of the month with a burst: at least burstMinimum registrations and more than burstFactor × the institution's usual daily rate (see PrivacyReport.burstFactor).",
  })
  burstDays!: number;

  @Field(() => Int, { description: '(c) Registrations on those days.' })
  burstRegistrations!: number;

  @Field(() => Int, { description: '(c) Registrations on the largest of those days (0 without a burst).' })
  largestBurstDay!: number;
}

@ObjectType({
  description:
    'Signals of insider probing (registering a known PESEL to see whether counts move), per institution and month of registration. ' +
    'Rows are listed only where a signal is non-zero. Counts are exact (the report exists to find small numbers) and ADMIN-only.',
})
export class PrivacyReport {
  @Field(() => LocalDate, { description: 'The report date: rows and episodes recorded after it are not seen.' })
  asOf!: string;

  @Field(() => LocalDate, { description: 'First day of the first month covered.' })
  from!: string;

  @Field(() => LocalDate, { description: 'Last day of the last month covered.' })
  to!: string;

  @Field(() => Int, { description: 'Days a registration has to be followed by a service episode.' })
  graceDays!: number;

  @Field(() => Int, { description: 'Registrations an institution-day needs to be a burst.' })
  burstMinimum!: number;

  @Field(() => Float, {
    description:
      "A burst day has more than burstFactor × the institution's usual daily rate: the median of its registrations per active day over the 365 days before (0 if none).",
  })
  burstFactor!: number;

  @Field(() => [PrivacyReportRow], { description: 'By month, then institution id.' })
  rows!: PrivacyReportRow[];
}
