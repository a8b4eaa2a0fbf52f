// Kinds of service a person receives at an institution, and how an episode ends.
import { registerEnumType } from 'type-graphql';

export enum EpisodeKind {
  CLUB_ACTIVITIES = 'CLUB_ACTIVITIES',
  CIS_PROGRAMME = 'CIS_PROGRAMME',
  SOCIAL_CONTRACT = 'SOCIAL_CONTRACT',
  SOCIAL_ASSISTANCE = 'SOCIAL_ASSISTANCE',
  LABOUR_OFFICE_REGISTRATION = 'LABOUR_OFFICE_REGISTRATION',
  ACTIVATION = 'ACTIVATION',
  ACTIVATION_AND_INTEGRATION_PROGRAMME = 'ACTIVATION_AND_INTEGRATION_PROGRAMME',
  LOCAL_ACTIVITY_PROGRAMME = 'LOCAL_ACTIVITY_PROGRAMME',
  THERAPY = 'THERAPY',
  VOCATIONAL_TRAINING = 'VOCATIONAL_TRAINING',
  PUBLIC_WORKS = 'PUBLIC_WORKS',
  OTHER = 'OTHER',
}

export enum EpisodeOutcome {
  OPEN_LABOUR_MARKET = 'OPEN_LABOUR_MARKET',
  SUBSIDISED_EMPLOYMENT = 'SUBSIDISED_EMPLOYMENT',
  SOCIAL_COOPERATIVE = 'SOCIAL_COOPERATIVE',
  SELF_EMPLOYMENT = 'SELF_EMPLOYMENT',
  FURTHER_EDUCATION = 'FURTHER_EDUCATION',
  REFERRED_ONWARD = 'REFERRED_ONWARD',
  COMPLETED_WITHOUT_EMPLOYMENT = 'COMPLETED_WITHOUT_EMPLOYMENT',
  DROPPED_OUT = 'DROPPED_OUT',
}

/** A person's outcome in the statistics: where they stand now. */
export enum OutcomeGroup {
  OPEN_LABOUR_MARKET = 'OPEN_LABOUR_MARKET',
  SUBSIDISED_EMPLOYMENT = 'SUBSIDISED_EMPLOYMENT',
  SOCIAL_COOPERATIVE = 'SOCIAL_COOPERATIVE',
  SELF_EMPLOYMENT = 'SELF_EMPLOYMENT',
  FURTHER_EDUCATION = 'FURTHER_EDUCATION',
  REFERRED_ONWARD = 'REFERRED_ONWARD',
  COMPLETED_WITHOUT_EMPLOYMENT = 'COMPLETED_WITHOUT_EMPLOYMENT',
  DROPPED_OUT = 'DROPPED_OUT',
  IN_PROGRESS = 'IN_PROGRESS',
  NO_EPISODE = 'NO_EPISODE',
}

export const ALL_OUTCOME_GROUPS = Object.values(OutcomeGroup);

/** Completing one of these (with any outcome but DROPPED_OUT) starts 3 years of graduate monitoring. */
const MONITORED_KINDS: readonly EpisodeKind[] = [EpisodeKind.CIS_PROGRAMME, EpisodeKind.CLUB_ACTIVITIES];

export const isGraduation = (kind: EpisodeKind, endedOn: string | null | undefined, outcome: EpisodeOutcome | null | undefined): boolean =>
  MONITORED_KINDS.includes(kind) && endedOn != null && outcome != null && outcome !== EpisodeOutcome.DROPPED_OUT;

registerEnumType(EpisodeKind, {
  name: 'EpisodeKind',
  description: 'KIS club activities, a CIS programme, a social contract, OPS assistance, PUP registration and activation, PAI, therapy, …',
});
registerEnumType(EpisodeOutcome, { name: 'EpisodeOutcome' });
registerEnumType(OutcomeGroup, {
  name: 'OutcomeGroup',
  description: "A person's outcome: IN_PROGRESS while an episode is open, else that of their last ended episode, else NO_EPISODE.",
});
