// Who a participant is in the statistics: sex and birth year (both read from the PESEL, which is
// then discarded) and the eligibility categories of the Act on social employment and of EU
// priority VII (domain.md §5).
import { registerEnumType } from 'type-graphql';

export enum Sex {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
}

export enum EligibilityCategory {
  // The statutory list (art. 1 of the Act of 13 June 2003 on social employment).
  HOMELESS_IN_PROGRAMME = 'HOMELESS_IN_PROGRAMME',
  ALCOHOL_ADDICTION_AFTER_THERAPY = 'ALCOHOL_ADDICTION_AFTER_THERAPY',
  DRUG_ADDICTION_AFTER_THERAPY = 'DRUG_ADDICTION_AFTER_THERAPY',
  MENTAL_ILLNESS = 'MENTAL_ILLNESS',
  LONG_TERM_UNEMPLOYED = 'LONG_TERM_UNEMPLOYED',
  RELEASED_FROM_PRISON = 'RELEASED_FROM_PRISON',
  REFUGEE_IN_INTEGRATION_PROGRAMME = 'REFUGEE_IN_INTEGRATION_PROGRAMME',
  DISABLED = 'DISABLED',
  // Extensions: others in a special labour-market situation, and EU priority VII groups.
  AGED_50_PLUS = 'AGED_50_PLUS',
  SINGLE_PARENT_RETURNING_TO_WORK = 'SINGLE_PARENT_RETURNING_TO_WORK',
  YOUTH_15_25_AT_RISK = 'YOUTH_15_25_AT_RISK',
  LEAVING_FOSTER_CARE = 'LEAVING_FOSTER_CARE',
  MINORITY = 'MINORITY',
  RURAL_RESIDENT = 'RURAL_RESIDENT',
  OTHER_SPECIAL_LABOUR_MARKET_SITUATION = 'OTHER_SPECIAL_LABOUR_MARKET_SITUATION',
}

export const ALL_CATEGORIES = Object.values(EligibilityCategory);

registerEnumType(Sex, { name: 'Sex', description: 'Read from the PESEL at registration.' });
registerEnumType(EligibilityCategory, {
  name: 'EligibilityCategory',
  description:
    'Why a person may take part: the eight statutory groups of the Act on social employment (homeless in a programme of leaving ' +
    'homelessness … disabled), then extensions (50+, single parents returning to work, EU priority VII groups).',
});
