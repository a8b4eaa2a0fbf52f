// Institution types of the network (domain.md §2), their sectors, and the fields of activity.
import { registerEnumType } from 'type-graphql';

export enum InstitutionType {
  KIS = 'KIS',
  CIS = 'CIS',
  OPS = 'OPS',
  PCPR = 'PCPR',
  ROPS = 'ROPS',
  PUP = 'PUP',
  WUP = 'WUP',
  NGO = 'NGO',
  SOCIAL_COOPERATIVE = 'SOCIAL_COOPERATIVE',
  CULTURAL_INSTITUTION = 'CULTURAL_INSTITUTION',
  SPORT_ORGANISATION = 'SPORT_ORGANISATION',
  SCHOOL = 'SCHOOL',
  TRAINING_INSTITUTION = 'TRAINING_INSTITUTION',
  HEALTH_PROVIDER = 'HEALTH_PROVIDER',
  ADDICTION_THERAPY = 'ADDICTION_THERAPY',
  GKRPA = 'GKRPA',
  EMPLOYER = 'EMPLOYER',
  MUNICIPAL_OFFICE = 'MUNICIPAL_OFFICE',
  COUNTY_OFFICE = 'COUNTY_OFFICE',
  MINISTRY = 'MINISTRY',
  RESEARCH_INSTITUTE = 'RESEARCH_INSTITUTE',
  COORDINATION_CENTRE = 'COORDINATION_CENTRE',
  CONVENTION = 'CONVENTION',
}

export enum Sector {
  SOCIAL_EMPLOYMENT = 'SOCIAL_EMPLOYMENT',
  SOCIAL_ASSISTANCE = 'SOCIAL_ASSISTANCE',
  LABOUR_MARKET = 'LABOUR_MARKET',
  NON_GOVERNMENTAL = 'NON_GOVERNMENTAL',
  SOCIAL_ECONOMY = 'SOCIAL_ECONOMY',
  CULTURE = 'CULTURE',
  SPORT_RECREATION = 'SPORT_RECREATION',
  EDUCATION = 'EDUCATION',
  HEALTH = 'HEALTH',
  HEALTH_PREVENTION = 'HEALTH_PREVENTION',
  BUSINESS = 'BUSINESS',
  LOCAL_GOVERNMENT = 'LOCAL_GOVERNMENT',
  NATIONAL_GOVERNMENT = 'NATIONAL_GOVERNMENT',
  RESEARCH_COORDINATION = 'RESEARCH_COORDINATION',
}

/** Each type belongs to one sector; the sector is derived, never stored. */
export const SECTOR_OF: Record<InstitutionType, Sector> = {
  KIS: Sector.SOCIAL_EMPLOYMENT,
  CIS: Sector.SOCIAL_EMPLOYMENT,
  CONVENTION: Sector.SOCIAL_EMPLOYMENT,
  OPS: Sector.SOCIAL_ASSISTANCE,
  PCPR: Sector.SOCIAL_ASSISTANCE,
  ROPS: Sector.SOCIAL_ASSISTANCE,
  PUP: Sector.LABOUR_MARKET,
  WUP: Sector.LABOUR_MARKET,
  NGO: Sector.NON_GOVERNMENTAL,
  SOCIAL_COOPERATIVE: Sector.SOCIAL_ECONOMY,
  CULTURAL_INSTITUTION: Sector.CULTURE,
  SPORT_ORGANISATION: Sector.SPORT_RECREATION,
  SCHOOL: Sector.EDUCATION,
  TRAINING_INSTITUTION: Sector.EDUCATION,
  HEALTH_PROVIDER: Sector.HEALTH,
  ADDICTION_THERAPY: Sector.HEALTH,
  GKRPA: Sector.HEALTH_PREVENTION,
  EMPLOYER: Sector.BUSINESS,
  MUNICIPAL_OFFICE: Sector.LOCAL_GOVERNMENT,
  COUNTY_OFFICE: Sector.LOCAL_GOVERNMENT,
  MINISTRY: Sector.NATIONAL_GOVERNMENT,
  RESEARCH_INSTITUTE: Sector.RESEARCH_COORDINATION,
  COORDINATION_CENTRE: Sector.RESEARCH_COORDINATION,
};

export const typesOfSectors = (sectors: Sector[]): InstitutionType[] =>
  (Object.keys(SECTOR_OF) as InstitutionType[]).filter((t) => sectors.includes(SECTOR_OF[t]));

export enum LegalForm {
  FOUNDATION = 'FOUNDATION',
  ASSOCIATION = 'ASSOCIATION',
  PUBLIC_BUDGETARY_UNIT = 'PUBLIC_BUDGETARY_UNIT',
  LOCAL_GOVERNMENT = 'LOCAL_GOVERNMENT',
  STATE_ADMINISTRATION = 'STATE_ADMINISTRATION',
  RESEARCH_INSTITUTE = 'RESEARCH_INSTITUTE',
  COOPERATIVE = 'COOPERATIVE',
  COMPANY = 'COMPANY',
  SOLE_TRADER = 'SOLE_TRADER',
  UNINCORPORATED = 'UNINCORPORATED',
}

export enum InstitutionStatus {
  PLANNED = 'PLANNED',
  ACTIVE = 'ACTIVE',
  SUSPENDED = 'SUSPENDED',
  CLOSED = 'CLOSED',
}

/** Fields of an institution's activity; the same values name the areas of a partnership. */
export enum ActivityField {
  EDUCATION = 'EDUCATION',
  CULTURE = 'CULTURE',
  HEALTH_PREVENTION = 'HEALTH_PREVENTION',
  SPORT_RECREATION = 'SPORT_RECREATION',
  VOCATIONAL_ACTIVATION = 'VOCATIONAL_ACTIVATION',
  SOCIAL_WORK = 'SOCIAL_WORK',
  HOUSING = 'HOUSING',
  ADDICTION_THERAPY = 'ADDICTION_THERAPY',
  SOCIAL_ECONOMY = 'SOCIAL_ECONOMY',
  COUNSELLING = 'COUNSELLING',
}

/** The four areas of the new service profile (domain.md §1). */
export const NEW_PROFILE_AREAS = [ActivityField.EDUCATION, ActivityField.CULTURE, ActivityField.HEALTH_PREVENTION, ActivityField.SPORT_RECREATION] as const;

registerEnumType(InstitutionType, {
  name: 'InstitutionType',
  description:
    'KIS social integration club, CIS social integration centre, OPS (M/G)OPS social assistance centre, PCPR county family support centre, ROPS regional social policy centre, PUP/WUP county/voivodeship labour office, GKRPA municipal alcohol problems commission, COORDINATION_CENTRE e.g. OSAR, CONVENTION a convention of clubs or centres.',
});
registerEnumType(Sector, { name: 'Sector', description: 'The sector an institution type belongs to.' });
registerEnumType(LegalForm, { name: 'LegalForm' });
registerEnumType(InstitutionStatus, { name: 'InstitutionStatus' });
registerEnumType(ActivityField, {
  name: 'ActivityField',
  description: 'A field of activity of an institution, or an area of cooperation of a partnership.',
});
