// The taxonomies of the HSDS export: institution types under their sectors (one hierarchical
// taxonomy), fields of activity, and the export profile's own terms that name what an attribute
// carries (a partnership, a network membership, the pilot and synthetic flags). Every id is a
// name-based UUID (v5), so the same term has the same id in every export.
import { v5 } from 'uuid';
import { ActivityField, InstitutionType, SECTOR_OF, Sector } from '../institutions/institution-kinds';

/** Namespace of every id this export derives (terms, locations, addresses, phones, attributes…). */
const NAMESPACE = '6f1d3c5e-2b7a-5c4e-9a61-3e0b8d2f4a17';

/** A stable UUID for a derived HSDS record: the same parts always give the same id. */
export const hsdsId = (...parts: string[]): string => v5(parts.join(':'), NAMESPACE);

export interface HsdsTaxonomy {
  id: string;
  name: string;
  description: string;
  version: string;
}

export interface HsdsTaxonomyTerm {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy_id: string;
  taxonomy: string;
  language: string;
  parent_id?: string;
}

const TYPE_NAMES: Record<InstitutionType, [english: string, polish: string]> = {
  KIS: ['Social integration club', 'Klub Integracji Społecznej (KIS)'],
  CIS: ['Social integration centre', 'Centrum Integracji Społecznej (CIS)'],
  OPS: ['Social assistance centre', '(Miejski/Gminny) Ośrodek Pomocy Społecznej (OPS)'],
  PCPR: ['County family support centre', 'Powiatowe Centrum Pomocy Rodzinie (PCPR)'],
  ROPS: ['Regional social policy centre', 'Regionalny Ośrodek Polityki Społecznej (ROPS)'],
  PUP: ['County labour office', 'Powiatowy Urząd Pracy (PUP)'],
  WUP: ['Voivodeship labour office', 'Wojewódzki Urząd Pracy (WUP)'],
  NGO: ['Foundation or association', 'fundacja / stowarzyszenie'],
  SOCIAL_COOPERATIVE: ['Social cooperative', 'spółdzielnia socjalna'],
  CULTURAL_INSTITUTION: ['Cultural institution', 'dom kultury, biblioteka'],
  SPORT_ORGANISATION: ['Sport organisation', 'klub sportowy'],
  SCHOOL: ['School', 'szkoła'],
  TRAINING_INSTITUTION: ['Training institution', 'placówka szkoleniowa'],
  HEALTH_PROVIDER: ['Health-care provider', 'ZOZ, poradnia'],
  ADDICTION_THERAPY: ['Addiction therapy centre', 'ośrodek terapii uzależnień'],
  GKRPA: ['Municipal alcohol problems commission', 'gminna komisja rozwiązywania problemów alkoholowych (GKRPA)'],
  EMPLOYER: ['Employer', 'pracodawca'],
  MUNICIPAL_OFFICE: ['Municipal office', 'urząd gminy'],
  COUNTY_OFFICE: ['County office', 'starostwo powiatowe'],
  MINISTRY: ['Ministry', 'ministerstwo'],
  RESEARCH_INSTITUTE: ['Research institute', 'instytut badawczy'],
  COORDINATION_CENTRE: ['Coordination centre', 'ośrodek koordynujący (np. OSAR)'],
  CONVENTION: ['Convention of clubs or centres', 'Konwent KIS/CIS'],
};

const SECTOR_NAMES: Record<Sector, string> = {
  SOCIAL_EMPLOYMENT: 'Social employment',
  SOCIAL_ASSISTANCE: 'Social assistance',
  LABOUR_MARKET: 'Labour market',
  NON_GOVERNMENTAL: 'Non-governmental',
  SOCIAL_ECONOMY: 'Social economy',
  CULTURE: 'Culture',
  SPORT_RECREATION: 'Sport and recreation',
  EDUCATION: 'Education',
  HEALTH: 'Health',
  HEALTH_PREVENTION: 'Health prevention',
  BUSINESS: 'Business',
  LOCAL_GOVERNMENT: 'Local government',
  NATIONAL_GOVERNMENT: 'National government',
  RESEARCH_COORDINATION: 'Research and coordination',
};

const FIELD_NAMES: Record<ActivityField, string> = {
  EDUCATION: 'Education',
  CULTURE: 'Culture',
  HEALTH_PREVENTION: 'Health prevention',
  SPORT_RECREATION: 'Sport and recreation',
  VOCATIONAL_ACTIVATION: 'Vocational activation',
  SOCIAL_WORK: 'Social work',
  HOUSING: 'Housing',
  ADDICTION_THERAPY: 'Addiction therapy',
  SOCIAL_ECONOMY: 'Social economy',
  COUNSELLING: 'Counselling',
};

/** What an attribute of the export profile carries (its `link_type` and its term's code). */
export enum ProfileTerm {
  PARTNERSHIP = 'partnership',
  NETWORK_MEMBERSHIP = 'network_membership',
  PILOT_CLUB = 'pilot_club',
  SYNTHETIC_RECORD = 'synthetic_record',
  INSTITUTION_STATUS = 'institution_status',
}

const PROFILE_DESCRIPTIONS: Record<ProfileTerm, [name: string, description: string]> = {
  partnership: [
    'Partnership',
    'A partnership in force or since ended (never a proposed or declined one). The value is JSON: partnership_id, kind, status, areas, valid_from, valid_to (null while open-ended), role of this organization (LEAD or PARTNER) and partners [{organization_id, name, role}].',
  ],
  network_membership: [
    'Network membership',
    'Membership of a reintegration network (LSR, RSR, regional cooperation platform, national KSR body, convention). The value is JSON: membership_id, network_id, network_name, network_kind, voivodeship (TERYT code or null), role, joined_on, left_on (null while a member).',
  ],
  pilot_club: ['Pilot club', 'One of the 32 pilot clubs of the new service profile (KSR test, 2019). Value "true".'],
  synthetic_record: ['Synthetic record', 'A generated stand-in: the source documents do not name this record. Value "true".'],
  institution_status: ['Institution status', 'Status of the institution in the registry: PLANNED, ACTIVE, SUSPENDED or CLOSED (the value).'],
};

const taxonomy = (key: string, name: string, description: string): HsdsTaxonomy => ({ id: hsdsId('taxonomy', key), name, description, version: '1' });

const TAXONOMIES = {
  institutionType: taxonomy(
    'institution-type',
    'KSR institution types',
    'Types of institution of the National Reintegration Network (Krajowa Sieć Reintegracji), under the sector each type belongs to.',
  ),
  activityField: taxonomy(
    'activity-field',
    'KSR fields of activity',
    'Fields of activity of an institution; the same values name the areas of cooperation of a partnership.',
  ),
  profile: taxonomy(
    'profile',
    'KSR export profile',
    'What an attribute of this export carries: partnerships, network memberships, the pilot and synthetic flags, the institution status.',
  ),
} as const;

const term = (tax: HsdsTaxonomy, code: string, name: string, description: string, parentId?: string): HsdsTaxonomyTerm => ({
  id: hsdsId('taxonomy_term', tax.id, code),
  code,
  name,
  description,
  taxonomy_id: tax.id,
  taxonomy: tax.name,
  language: 'en',
  ...(parentId ? { parent_id: parentId } : {}),
});

const sectorTerm = (s: Sector): HsdsTaxonomyTerm =>
  term(TAXONOMIES.institutionType, `sector:${s}`, SECTOR_NAMES[s], `Sector ${SECTOR_NAMES[s].toLowerCase()}: the institution types under it.`);

export const sectorTerms = new Map(Object.values(Sector).map((s) => [s, sectorTerm(s)]));

export const typeTerms = new Map(
  Object.values(InstitutionType).map((t) => [
    t,
    term(
      TAXONOMIES.institutionType,
      t,
      TYPE_NAMES[t][0],
      `${TYPE_NAMES[t][1]}; sector: ${SECTOR_NAMES[SECTOR_OF[t]].toLowerCase()}.`,
      sectorTerms.get(SECTOR_OF[t])!.id,
    ),
  ]),
);

export const fieldTerms = new Map(
  Object.values(ActivityField).map((f) => [
    f,
    term(TAXONOMIES.activityField, f, FIELD_NAMES[f], `Field of activity or area of cooperation: ${FIELD_NAMES[f].toLowerCase()}.`),
  ]),
);

export const profileTerms = new Map(Object.values(ProfileTerm).map((p) => [p, term(TAXONOMIES.profile, p, ...PROFILE_DESCRIPTIONS[p])]));

/** Every taxonomy, in a stable order. */
export const allTaxonomies = (): HsdsTaxonomy[] => Object.values(TAXONOMIES);

/** Every term: sectors before the types under them, then fields, then the profile's terms. */
export const allTaxonomyTerms = (): HsdsTaxonomyTerm[] => [...sectorTerms.values(), ...typeTerms.values(), ...fieldTerms.values(), ...profileTerms.values()];

export const typeLabel = (t: InstitutionType): string => TYPE_NAMES[t][0];
