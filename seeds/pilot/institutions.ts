// Institutions the sources name: the ministry, IPiSS, OSAR, the two conventions, the six ROPS and
// the nine świętokrzyskie clubs with their founders. No identifiers (KRS, REGON, NIP) or addresses
// are invented for them: what the sources do not give stays null.
import { ActivityField, InstitutionType } from '../../src/registry/institutions/institution-kinds';
import type { TercRegister } from '../../src/registry/places/teryt';
import {
  CONVENTIONS,
  IPISS,
  MINISTRY,
  OSAR,
  PILOT_CLUB_FIELDS,
  PILOT_VOIVODESHIPS,
  SWIETOKRZYSKIE_ACTIVITY_STARTED_ON,
  SWIETOKRZYSKIE_CLUBS,
  SWIETOKRZYSKIE_CREATED_ON,
  WARSZAWA,
  ropsName,
  type PilotVoivodeship,
} from './facts';
import { keys } from './ids';
import type { InstitutionRow } from './plan';
import { placeOf, type Place } from './places';

/** A pilot club with what the generators need to know about it. */
export interface PilotClub {
  key: string;
  voivodeship: PilotVoivodeship;
  /** 1-based number within its voivodeship. */
  n: number;
  name: string;
  place: Place;
  founderKey: string;
  activityStartedOn: string | null;
  synthetic: boolean;
}

const fact = (row: Omit<InstitutionRow, 'pilot' | 'synthetic'>): InstitutionRow => ({ ...row, pilot: false, synthetic: false });

/** Ministry, IPiSS, OSAR, the conventions and the ROPS of the pilot voivodeships. */
export function nationalAndRegionalInstitutions(): InstitutionRow[] {
  return [
    fact({ key: keys.ministry, type: InstitutionType.MINISTRY, ...MINISTRY, locality: 'Warszawa', municipality: WARSZAWA, fields: [] }),
    fact({ key: keys.ipiss, type: InstitutionType.RESEARCH_INSTITUTE, ...IPISS, locality: 'Warszawa', municipality: WARSZAWA, fields: [] }),
    fact({
      key: keys.osar,
      type: InstitutionType.COORDINATION_CENTRE,
      ...OSAR,
      locality: 'Warszawa',
      municipality: WARSZAWA,
      founderKey: keys.ipiss,
      fields: [ActivityField.COUNSELLING],
    }),
    fact({ key: keys.kisConvention, type: InstitutionType.CONVENTION, ...CONVENTIONS.kis, fields: [] }),
    fact({ key: keys.cisConvention, type: InstitutionType.CONVENTION, ...CONVENTIONS.cis, fields: [] }),
    ...PILOT_VOIVODESHIPS.map((v) =>
      fact({
        key: keys.rops(v.code),
        type: InstitutionType.ROPS,
        name: ropsName(v),
        shortName: `ROPS ${v.name}`,
        municipality: v.capital,
        fields: [ActivityField.SOCIAL_WORK],
      }),
    ),
  ];
}

/** The nine świętokrzyskie clubs and their six founders, as the source table gives them. */
export function swietokrzyskieClubs(terc: TercRegister): { clubs: PilotClub[]; rows: InstitutionRow[] } {
  const voivodeship = PILOT_VOIVODESHIPS.find((v) => v.code === '26') as PilotVoivodeship;
  const clubs: PilotClub[] = [];
  const rows: InstitutionRow[] = [];
  const founders = new Set<string>();
  SWIETOKRZYSKIE_CLUBS.forEach((club, i) => {
    const founderKey = keys.founder(club.founder.slug);
    const place = placeOf(terc, club.municipality);
    if (!founders.has(founderKey)) {
      founders.add(founderKey);
      // The sources give no founder addresses: its seat is taken as the municipality of its first
      // club in the table (for Fundacja Pestka, Suchedniów); street and postal code stay unknown.
      rows.push(
        fact({
          key: founderKey,
          type: InstitutionType.NGO,
          name: club.founder.name,
          legalForm: club.founder.legalForm,
          municipality: club.municipality,
          fields: [],
        }),
      );
    }
    const key = keys.club('26', i + 1);
    rows.push({
      key,
      type: InstitutionType.KIS,
      name: club.name,
      street: club.street,
      postalCode: club.postalCode,
      locality: club.locality,
      municipality: club.municipality,
      fields: [...PILOT_CLUB_FIELDS],
      createdOn: SWIETOKRZYSKIE_CREATED_ON,
      activityStartedOn: SWIETOKRZYSKIE_ACTIVITY_STARTED_ON,
      registeredOn: club.registeredOn,
      founderKey,
      pilot: true,
      synthetic: false,
    });
    clubs.push({ key, voivodeship, n: i + 1, name: club.name, place, founderKey, activityStartedOn: SWIETOKRZYSKIE_ACTIVITY_STARTED_ON, synthetic: false });
  });
  return { clubs, rows };
}
