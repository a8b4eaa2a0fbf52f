// Local partners of the pilot clubs (all synthetic: the sources name none). Each club gets the OPS
// of its municipality, the PUP of its county, and one partner per new-profile area (culture, sport,
// education, health prevention). Partners are shared: one per municipality (one PUP per county),
// so clubs in the same place work with the same institutions. A few clubs deliberately lack an
// area, so coverage analytics has gaps to find.
import { ActivityField, InstitutionType, LegalForm, NEW_PROFILE_AREAS } from '../../src/registry/institutions/institution-kinds';
import { pick, ranked } from './deterministic';
import { keys } from './ids';
import type { PilotClub } from './institutions';
import type { InstitutionRow } from './plan';
import { countyGenitive, localUnit, type Place } from './places';

type NewProfileArea = (typeof NEW_PROFILE_AREAS)[number];

export interface ClubPartners {
  club: PilotClub;
  ops: string;
  pup: string;
  /** Partner key per area; an area without a partner is a deliberate gap. */
  areas: Partial<Record<NewProfileArea, string>>;
}

/** How many clubs have no partner in an area (chosen by hash; the two sets do not overlap). */
const AREA_GAPS = { [ActivityField.SPORT_RECREATION]: 5, [ActivityField.HEALTH_PREVENTION]: 3 } as const;

type PartnerTemplate = Omit<InstitutionRow, 'key' | 'municipality' | 'locality' | 'pilot' | 'synthetic'>;

function areaPartner(area: NewProfileArea, place: Place, key: string): PartnerTemplate {
  const m = place.municipality;
  const unit = localUnit(m);
  switch (area) {
    case ActivityField.CULTURE:
      return {
        ...pick(
          [
            { name: `${unit.masculine} Ośrodek Kultury ${unit.where}`, shortName: `${unit.abbreviation}OK ${m.name}` },
            { name: `${unit.feminine} Biblioteka Publiczna ${unit.where}`, shortName: `${unit.abbreviation}BP ${m.name}` },
          ],
          `${key}:variant`,
        ),
        type: InstitutionType.CULTURAL_INSTITUTION,
        legalForm: LegalForm.LOCAL_GOVERNMENT,
        fields: [ActivityField.CULTURE, ActivityField.EDUCATION],
      };
    case ActivityField.SPORT_RECREATION: {
      // "Ludowy" (rural) clubs only outside towns; "Miejski" only in towns.
      const local = m.kind === 'URBAN' ? (['Miejski Klub Sportowy', 'MKS'] as const) : (['Ludowy Klub Sportowy', 'LKS'] as const);
      const [prefix, short] = pick([local, ['Uczniowski Klub Sportowy', 'UKS'], ['Klub Sportowy', 'KS']] as const, `${key}:variant`);
      return {
        name: `${prefix} „${m.name}”`,
        shortName: `${short} ${m.name}`,
        type: InstitutionType.SPORT_ORGANISATION,
        legalForm: LegalForm.ASSOCIATION,
        fields: [ActivityField.SPORT_RECREATION],
      };
    }
    case ActivityField.EDUCATION:
      return pick<PartnerTemplate>(
        [
          { name: `Zespół Szkół ${unit.where}`, type: InstitutionType.SCHOOL, legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT, fields: [ActivityField.EDUCATION] },
          {
            name: `Centrum Szkoleń Zawodowych ${unit.where}`,
            type: InstitutionType.TRAINING_INSTITUTION,
            legalForm: LegalForm.COMPANY,
            fields: [ActivityField.EDUCATION, ActivityField.VOCATIONAL_ACTIVATION],
          },
        ],
        `${key}:variant`,
      );
    case ActivityField.HEALTH_PREVENTION:
      return pick<PartnerTemplate>(
        [
          {
            name: `${unit.feminine} Komisja Rozwiązywania Problemów Alkoholowych ${unit.where}`,
            shortName: `${unit.abbreviation}KRPA ${m.name}`,
            type: InstitutionType.GKRPA,
            legalForm: LegalForm.UNINCORPORATED,
            fields: [ActivityField.HEALTH_PREVENTION, ActivityField.ADDICTION_THERAPY],
          },
          {
            name: `Poradnia Terapii Uzależnień ${unit.where}`,
            type: InstitutionType.ADDICTION_THERAPY,
            fields: [ActivityField.HEALTH_PREVENTION, ActivityField.ADDICTION_THERAPY],
          },
          { name: `Ośrodek Zdrowia ${unit.where}`, type: InstitutionType.HEALTH_PROVIDER, fields: [ActivityField.HEALTH_PREVENTION] },
        ],
        `${key}:variant`,
      );
  }
}

/** The clubs without a partner in each gap area. */
function clubsLacking(clubs: readonly PilotClub[]): Record<keyof typeof AREA_GAPS, Set<string>> {
  const sport = ranked(clubs, (c) => `gap:sport:${c.key}`).slice(0, AREA_GAPS.SPORT_RECREATION);
  const health = ranked(
    clubs.filter((c) => !sport.includes(c)),
    (c) => `gap:health:${c.key}`,
  ).slice(0, AREA_GAPS.HEALTH_PREVENTION);
  return {
    [ActivityField.SPORT_RECREATION]: new Set(sport.map((c) => c.key)),
    [ActivityField.HEALTH_PREVENTION]: new Set(health.map((c) => c.key)),
  };
}

export function localPartners(clubs: readonly PilotClub[]): { rows: InstitutionRow[]; partners: ClubPartners[] } {
  const rows = new Map<string, InstitutionRow>();
  const lacking = clubsLacking(clubs);
  const add = (key: string, place: Place, template: () => PartnerTemplate): string => {
    if (!rows.has(key)) {
      rows.set(key, { ...template(), key, municipality: place.municipality.code, locality: place.municipality.name, pilot: false, synthetic: true });
    }
    return key;
  };

  const partners = clubs.map((club): ClubPartners => {
    const { municipality: m, county } = club.place;
    const unit = localUnit(m);
    const ops = add(keys.ops(m.code), club.place, () => ({
      name: `${unit.masculine} Ośrodek Pomocy Społecznej ${unit.where}`,
      shortName: `${unit.abbreviation}OPS ${m.name}`,
      type: InstitutionType.OPS,
      legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT,
      fields: [ActivityField.SOCIAL_WORK],
    }));
    // The PUP's seat is unknown: it takes the municipality of the first club of its county.
    const pup = add(keys.pup(county.code), club.place, () => ({
      name: `Powiatowy Urząd Pracy dla ${countyGenitive(county)}`,
      shortName: `PUP ${county.name}`,
      type: InstitutionType.PUP,
      legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT,
      fields: [ActivityField.VOCATIONAL_ACTIVATION],
    }));
    const areas: ClubPartners['areas'] = {};
    for (const area of NEW_PROFILE_AREAS) {
      if ((lacking as Partial<Record<NewProfileArea, Set<string>>>)[area]?.has(club.key)) continue;
      const key = keys.areaPartner(area, m.code);
      areas[area] = add(key, club.place, () => areaPartner(area, club.place, key));
    }
    return { club, ops, pup, areas };
  });
  return { rows: [...rows.values()], partners };
}
