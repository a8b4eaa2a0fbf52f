// Generated stand-ins (synthetic=true) for what the sources count but do not name: the 23 pilot
// clubs outside świętokrzyskie and their founders, the regional organisations of each RSR and the
// NGOs of the national representation. Names say plainly that the real name is unknown.
import { ActivityField, InstitutionType, LegalForm } from '../../src/registry/institutions/institution-kinds';
import type { TercRegister } from '../../src/registry/places/teryt';
import { addDays, between, pick, ranked } from './deterministic';
import { PILOT_CLUB_FIELDS, PILOT_VOIVODESHIPS, type PilotVoivodeship } from './facts';
import { keys } from './ids';
import type { PilotClub } from './institutions';
import type { InstitutionRow } from './plan';
import { municipalitiesOf, placeOf } from './places';

const UNKNOWN = 'nazwa nieznana w źródłach';

/** Number of NGOs standing in for "organizacje pozarządowe" of the national representation. */
export const NATIONAL_NGO_COUNT = 3;

const standIn = (row: Omit<InstitutionRow, 'pilot' | 'synthetic'>): InstitutionRow => ({ ...row, pilot: false, synthetic: true });

/**
 * Stand-in pilot clubs of a voivodeship whose clubs the sources do not list: seats are distinct
 * real municipalities of the voivodeship, picked by a hash of voivodeship and TERYT code.
 */
function standInClubsOf(terc: TercRegister, v: PilotVoivodeship): { clubs: PilotClub[]; rows: InstitutionRow[] } {
  const seats = ranked(municipalitiesOf(terc, v.code), (m) => `pilot-club-seat:${v.code}:${m.code}`).slice(0, v.clubs);
  const clubs: PilotClub[] = [];
  const rows: InstitutionRow[] = [];
  seats.forEach((seat, i) => {
    const n = i + 1;
    const key = keys.club(v.code, n);
    const founderKey = keys.standInFounder(key);
    const name = `KIS pilotażowy nr ${n} (${v.name}) – ${UNKNOWN}`;
    // Not stated for these clubs: plausible dates around the świętokrzyskie ones (May–June 2019).
    const activityStartedOn = addDays('2019-06-01', between(`${key}:activity`, 0, 14));
    rows.push(
      standIn({
        key: founderKey,
        type: InstitutionType.NGO,
        name: `Organizacja tworząca KIS pilotażowy nr ${n} (${v.name}) – ${UNKNOWN}`,
        legalForm: pick([LegalForm.FOUNDATION, LegalForm.ASSOCIATION], `${founderKey}:legal-form`),
        municipality: seat.code,
        fields: [ActivityField.SOCIAL_WORK],
      }),
      {
        key,
        type: InstitutionType.KIS,
        name,
        locality: seat.name,
        municipality: seat.code,
        fields: [...PILOT_CLUB_FIELDS],
        createdOn: addDays('2019-05-01', between(`${key}:created`, 0, 14)),
        activityStartedOn,
        registeredOn: addDays('2019-05-27', between(`${key}:registered`, 0, 24)),
        founderKey,
        pilot: true,
        synthetic: true,
      },
    );
    clubs.push({ key, voivodeship: v, n, name, place: placeOf(terc, seat.code), founderKey, activityStartedOn, synthetic: true });
  });
  return { clubs, rows };
}

/** Stand-in clubs for every pilot voivodeship except świętokrzyskie (whose clubs are facts). */
export function standInClubs(terc: TercRegister): { clubs: PilotClub[]; rows: InstitutionRow[] } {
  const parts = PILOT_VOIVODESHIPS.filter((v) => v.code !== '26').map((v) => standInClubsOf(terc, v));
  return { clubs: parts.flatMap((p) => p.clubs), rows: parts.flatMap((p) => p.rows) };
}

/** Organisations acting above the local level (RSR members) and the NGOs of the national body. */
export function standInOrganisations(): InstitutionRow[] {
  const regional = PILOT_VOIVODESHIPS.flatMap((v) => [
    standIn({
      key: keys.wup(v.code),
      type: InstitutionType.WUP,
      name: `Wojewódzki Urząd Pracy w ${v.capitalLocative}`,
      shortName: `WUP ${v.name}`,
      legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT,
      municipality: v.capital,
      fields: [ActivityField.VOCATIONAL_ACTIVATION],
    }),
    standIn({
      key: keys.regionalNgo(v.code),
      type: InstitutionType.NGO,
      name: `Ponadlokalna organizacja pozarządowa RSR (${v.name}) – ${UNKNOWN}`,
      legalForm: LegalForm.ASSOCIATION,
      municipality: v.capital,
      fields: [ActivityField.SOCIAL_WORK, ActivityField.COUNSELLING],
    }),
  ]);
  const national = Array.from({ length: NATIONAL_NGO_COUNT }, (_, i) =>
    standIn({
      key: keys.nationalNgo(i + 1),
      type: InstitutionType.NGO,
      name: `Organizacja pozarządowa w reprezentacji krajowej KSR nr ${i + 1} – ${UNKNOWN}`,
      legalForm: pick([LegalForm.FOUNDATION, LegalForm.ASSOCIATION], `${keys.nationalNgo(i + 1)}:legal-form`),
      fields: [ActivityField.SOCIAL_WORK],
    }),
  );
  return [...regional, ...national];
}
