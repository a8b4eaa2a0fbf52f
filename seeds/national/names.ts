// Plausible Polish names for generated institutions. Every generated row is marked
// synthetic=true; names are built from the TERYT place and word lists, never taken from a real
// register, and no KRS, REGON, NIP or address is made up.
import { ActivityField, InstitutionType, LegalForm } from '../../src/registry/institutions/institution-kinds';
import type { TercCounty, TercMunicipality } from '../../src/registry/places/teryt';
import { countyGenitive, localUnit } from '../pilot/places';
import type { Rng } from './random';

export interface NamedTemplate {
  name: string;
  shortName: string | null;
  legalForm: LegalForm | null;
  fields: ActivityField[];
}

const MOTTOS = [
  'Nadzieja',
  'Razem',
  'Wspólna Droga',
  'Otwarte Drzwi',
  'Nowy Start',
  'Pomocna Dłoń',
  'Aktywni',
  'Przystań',
  'Most',
  'Horyzont',
  'Szansa',
  'Krok Dalej',
  'Tęcza',
  'Iskra',
  'Ognisko',
  'Źródło',
  'Promyk',
  'Zielony Zakątek',
  'Wzajemność',
  'Sąsiedzi',
  'Dobry Początek',
  'Warsztat',
  'Kuźnia',
  'Przyszłość',
  'Ład',
  'Równe Szanse',
  'Bez Barier',
  'Przyjaźń',
  'Wspólnota',
  'Zaufanie',
  'Lepsze Jutro',
  'Drugi Brzeg',
  'Latarnia',
  'Pasieka',
  'Korzenie',
  'Dąb',
  'Klon',
  'Wrzos',
] as const;

const TRADES = [
  'Usługi Budowlane',
  'Piekarnia',
  'Zakład Stolarski',
  'Przetwórstwo Owocowe',
  'Usługi Porządkowe',
  'Transport i Logistyka',
  'Zieleń Miejska',
  'Catering',
  'Drukarnia',
  'Pralnia',
  'Zakład Krawiecki',
  'Usługi Opiekuńcze',
  'Serwis Samochodowy',
  'Hurtownia Spożywcza',
  'Produkcja Opakowań',
  'Ogrodnictwo',
] as const;

const SURNAMES = [
  'Nowak',
  'Kowalczyk',
  'Wiśniewski',
  'Wójcik',
  'Kamiński',
  'Lewandowski',
  'Zieliński',
  'Szymański',
  'Dąbrowski',
  'Kozłowski',
  'Jankowski',
  'Mazur',
  'Krawczyk',
  'Piotrowski',
  'Grabowski',
  'Pawłowski',
] as const;

/** A name for a generated institution of a counted type, seated in municipality `m`. */
export function nameFor(type: InstitutionType, m: TercMunicipality, rng: Rng): NamedTemplate {
  const unit = localUnit(m);
  const motto = () => `„${rng.pick(MOTTOS)}”`;
  const maybeWhere = () => (rng.chance(0.5) ? ` ${unit.where}` : '');
  switch (type) {
    case InstitutionType.KIS:
      return {
        name: `Klub Integracji Społecznej ${rng.chance(0.5) ? motto() + ' ' : ''}${unit.where}`,
        shortName: `KIS ${m.name}`,
        legalForm: null,
        fields: [ActivityField.SOCIAL_WORK, ActivityField.VOCATIONAL_ACTIVATION, ActivityField.EDUCATION, ActivityField.CULTURE],
      };
    case InstitutionType.CIS:
      return {
        name: `Centrum Integracji Społecznej ${rng.chance(0.5) ? motto() + ' ' : ''}${unit.where}`,
        shortName: `CIS ${m.name}`,
        legalForm: null,
        fields: [ActivityField.VOCATIONAL_ACTIVATION, ActivityField.SOCIAL_WORK],
      };
    case InstitutionType.NGO: {
      const foundation = rng.chance(0.45);
      const field = rng.pick([
        ActivityField.SOCIAL_WORK,
        ActivityField.COUNSELLING,
        ActivityField.CULTURE,
        ActivityField.HOUSING,
        ActivityField.EDUCATION,
        ActivityField.SPORT_RECREATION,
        ActivityField.ADDICTION_THERAPY,
      ]);
      return {
        name: `${foundation ? 'Fundacja' : 'Stowarzyszenie'} ${motto()}${maybeWhere()}`,
        shortName: null,
        legalForm: foundation ? LegalForm.FOUNDATION : LegalForm.ASSOCIATION,
        fields: [field],
      };
    }
    case InstitutionType.SOCIAL_COOPERATIVE:
      return {
        name: `Spółdzielnia Socjalna ${motto()}${maybeWhere()}`,
        shortName: null,
        legalForm: LegalForm.COOPERATIVE,
        fields: [ActivityField.SOCIAL_ECONOMY, ActivityField.VOCATIONAL_ACTIVATION],
      };
    case InstitutionType.CULTURAL_INSTITUTION: {
      const [name, short] = rng.pick([
        [`${unit.masculine} Ośrodek Kultury ${unit.where}`, `${unit.abbreviation}OK ${m.name}`],
        [`${unit.feminine} Biblioteka Publiczna ${unit.where}`, `${unit.abbreviation}BP ${m.name}`],
        [`Dom Kultury ${motto()} ${unit.where}`, null],
        [`Muzeum Regionalne ${unit.where}`, null],
        [`Świetlica Wiejska ${motto()} ${unit.where}`, null],
      ] as const);
      return { name, shortName: short, legalForm: LegalForm.LOCAL_GOVERNMENT, fields: [ActivityField.CULTURE, ActivityField.EDUCATION] };
    }
    case InstitutionType.SPORT_ORGANISATION: {
      const prefix =
        m.kind === 'URBAN'
          ? rng.pick(['Miejski Klub Sportowy', 'Uczniowski Klub Sportowy', 'Klub Sportowy'])
          : rng.pick(['Ludowy Klub Sportowy', 'Uczniowski Klub Sportowy', 'Klub Sportowy']);
      return { name: `${prefix} ${motto()} ${m.name}`, shortName: null, legalForm: LegalForm.ASSOCIATION, fields: [ActivityField.SPORT_RECREATION] };
    }
    case InstitutionType.SCHOOL: {
      const kind = rng.pick([
        'Szkoła Podstawowa nr',
        'Zespół Szkół nr',
        'Liceum Ogólnokształcące nr',
        'Zespół Szkół Zawodowych nr',
        'Branżowa Szkoła I Stopnia nr',
      ]);
      return {
        name: `${kind} ${rng.int(1, 12)} ${unit.where}`,
        shortName: null,
        legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT,
        fields: [ActivityField.EDUCATION],
      };
    }
    case InstitutionType.TRAINING_INSTITUTION:
      return {
        name: `${rng.pick(['Centrum Kształcenia Zawodowego', 'Ośrodek Szkoleniowy', 'Centrum Szkoleń Zawodowych', 'Akademia Umiejętności'])} ${motto()}${maybeWhere()}`,
        shortName: null,
        legalForm: rng.pick([LegalForm.COMPANY, LegalForm.SOLE_TRADER, LegalForm.ASSOCIATION]),
        fields: [ActivityField.EDUCATION, ActivityField.VOCATIONAL_ACTIVATION],
      };
    case InstitutionType.HEALTH_PROVIDER:
      return {
        name: `${rng.pick(['Samodzielny Publiczny Zakład Opieki Zdrowotnej', 'Przychodnia Rodzinna', 'Centrum Zdrowia Psychicznego', 'Ośrodek Zdrowia', 'Poradnia Zdrowia Psychicznego'])} ${unit.where}`,
        shortName: null,
        legalForm: rng.pick([LegalForm.PUBLIC_BUDGETARY_UNIT, LegalForm.COMPANY]),
        fields: [ActivityField.HEALTH_PREVENTION],
      };
    case InstitutionType.ADDICTION_THERAPY:
      return {
        name: `${rng.pick(['Poradnia Terapii Uzależnień', 'Ośrodek Terapii Uzależnień', 'Punkt Konsultacyjny ds. Uzależnień'])} ${unit.where}`,
        shortName: null,
        legalForm: null,
        fields: [ActivityField.ADDICTION_THERAPY, ActivityField.HEALTH_PREVENTION],
      };
    case InstitutionType.EMPLOYER: {
      const company = rng.chance(0.6);
      return {
        name: company ? `${rng.pick(TRADES)} ${motto()} sp. z o.o.` : `${rng.pick(TRADES)} ${rng.pick(SURNAMES)} ${m.name}`,
        shortName: null,
        legalForm: company ? LegalForm.COMPANY : LegalForm.SOLE_TRADER,
        fields: [ActivityField.VOCATIONAL_ACTIVATION],
      };
    }
    default:
      return { name: `${type} ${unit.where}`, shortName: null, legalForm: null, fields: [] };
  }
}

/** Names of the one-per-place institutions (same patterns as the pilot's stand-ins). */
export const placeNames = {
  ops: (m: TercMunicipality): NamedTemplate => {
    const unit = localUnit(m);
    return {
      name: `${unit.masculine} Ośrodek Pomocy Społecznej ${unit.where}`,
      shortName: `${unit.abbreviation}OPS ${m.name}`,
      legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT,
      fields: [ActivityField.SOCIAL_WORK],
    };
  },
  gkrpa: (m: TercMunicipality): NamedTemplate => {
    const unit = localUnit(m);
    return {
      name: `${unit.feminine} Komisja Rozwiązywania Problemów Alkoholowych ${unit.where}`,
      shortName: `${unit.abbreviation}KRPA ${m.name}`,
      legalForm: LegalForm.UNINCORPORATED,
      fields: [ActivityField.HEALTH_PREVENTION, ActivityField.ADDICTION_THERAPY],
    };
  },
  pup: (c: TercCounty): NamedTemplate => ({
    name: `Powiatowy Urząd Pracy dla ${countyGenitive(c)}`,
    shortName: `PUP ${c.name}`,
    legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT,
    fields: [ActivityField.VOCATIONAL_ACTIVATION],
  }),
  pcpr: (c: TercCounty): NamedTemplate => ({
    name: `Powiatowe Centrum Pomocy Rodzinie dla ${countyGenitive(c)}`,
    shortName: `PCPR ${c.name}`,
    legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT,
    fields: [ActivityField.SOCIAL_WORK],
  }),
  rops: (voivodeship: string): NamedTemplate => ({
    name: `Regionalny Ośrodek Polityki Społecznej – województwo ${voivodeship}`,
    shortName: `ROPS ${voivodeship}`,
    legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT,
    fields: [ActivityField.SOCIAL_WORK, ActivityField.COUNSELLING],
  }),
  wup: (voivodeship: string): NamedTemplate => ({
    name: `Wojewódzki Urząd Pracy – województwo ${voivodeship}`,
    shortName: `WUP ${voivodeship}`,
    legalForm: LegalForm.PUBLIC_BUDGETARY_UNIT,
    fields: [ActivityField.VOCATIONAL_ACTIVATION],
  }),
};
