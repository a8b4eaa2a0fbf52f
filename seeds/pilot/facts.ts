// What the source documents state about the KSR pilot (seed-documents/000, domain.md §2–§4, §6).
// Nothing here is generated; where a name or address is not in the sources it is left out.
import { ActivityField, LegalForm } from '../../src/registry/institutions/institution-kinds';

/** The six pilot voivodeships, with the number of pilot clubs created in each (MAPA nr 1). */
export const PILOT_VOIVODESHIPS = [
  { code: '04', name: 'kujawsko-pomorskie', clubs: 3, capital: '0463011', capitalLocative: 'Toruniu' },
  { code: '06', name: 'lubelskie', clubs: 7, capital: '0663011', capitalLocative: 'Lublinie' },
  { code: '22', name: 'pomorskie', clubs: 4, capital: '2261011', capitalLocative: 'Gdańsku' },
  { code: '24', name: 'śląskie', clubs: 6, capital: '2469011', capitalLocative: 'Katowicach' },
  { code: '26', name: 'świętokrzyskie', clubs: 9, capital: '2661011', capitalLocative: 'Kielcach' },
  { code: '32', name: 'zachodniopomorskie', clubs: 3, capital: '3262011', capitalLocative: 'Szczecinie' },
] as const;

export type PilotVoivodeship = (typeof PILOT_VOIVODESHIPS)[number];
export type PilotVoivodeshipCode = PilotVoivodeship['code'];

export const PILOT_CLUB_TOTAL = 32;

/** Warszawa (TERYT 1465011): seat of the ministry and of IPiSS, where OSAR works. */
export const WARSZAWA = '1465011';

export const MINISTRY = {
  name: 'Ministerstwo Rodziny, Pracy i Polityki Społecznej',
  shortName: 'MRPiPS',
  legalForm: LegalForm.STATE_ADMINISTRATION,
};
export const IPISS = {
  name: 'Instytut Pracy i Spraw Socjalnych',
  shortName: 'IPiSS',
  legalForm: LegalForm.RESEARCH_INSTITUTE,
};
/** Run at IPiSS: IPiSS is recorded as its founder. */
export const OSAR = { name: 'Ośrodek Sektorowej Animacji Reintegracji', shortName: 'OSAR' };

export const CONVENTIONS = {
  kis: { name: 'Konwent Klubów Integracji Społecznej', shortName: 'Konwent KIS' },
  cis: { name: 'Konwent Centrów Integracji Społecznej', shortName: 'Konwent CIS' },
};

/**
 * ROPS of a pilot voivodeship, seated in its capital. The sources name them only as "Regionalne
 * Ośrodki Polityki Społecznej województw: …", so the name follows the common pattern; it is not the
 * official name of each office.
 */
export const ropsName = (v: PilotVoivodeship): string => `Regionalny Ośrodek Polityki Społecznej w ${v.capitalLocative}`;

/** All nine świętokrzyskie clubs were created and started on the same days. */
export const SWIETOKRZYSKIE_CREATED_ON = '2019-05-01';
export const SWIETOKRZYSKIE_ACTIVITY_STARTED_ON = '2019-06-01';

export interface FounderFact {
  /** Slug for the stable id key. */
  slug: string;
  name: string;
  legalForm: LegalForm;
}

const founder = (slug: string, name: string): FounderFact => ({
  slug,
  name,
  legalForm: name.startsWith('Fundacja') ? LegalForm.FOUNDATION : LegalForm.ASSOCIATION,
});

const MOZESZ_WIECEJ = founder('fundacja-mozesz-wiecej', 'Fundacja Możesz Więcej');
const PROREW = founder('stowarzyszenie-prorew', 'Stowarzyszenie PROREW');
const HOMO_POLITICUS = founder('stowarzyszenie-homo-politicus', 'Stowarzyszenie Homo Politicus');
const DOLINA_KACANKI = founder('stowarzyszenie-dolina-kacanki', 'Stowarzyszenie Aktywności Lokalnej „Dolina Kacanki”');
// Two distinct organisations share the name „Nadzieja Rodzinie”: a foundation in Chmielnik and an
// association in Kielce.
const NADZIEJA_FUNDACJA = founder('fundacja-nadzieja-rodzinie-chmielnik', 'Fundacja „Nadzieja Rodzinie” Chmielnik');
const NADZIEJA_STOWARZYSZENIE = founder('stowarzyszenie-nadzieja-rodzinie', 'Stowarzyszenie „Nadzieja Rodzinie”');
/** One foundation running three clubs. */
export const PESTKA = founder('fundacja-pestka', 'Fundacja Pestka');

export interface ClubFact {
  founder: FounderFact;
  /** Descriptive name: the sources list clubs by founder and seat, not by a name of their own. */
  name: string;
  street: string;
  postalCode: string;
  /** The post town (the locality of the postal address). */
  locality: string;
  /** TERYT code of the municipality of the seat. */
  municipality: string;
  registeredOn: string;
}

const clubOf = (f: FounderFact): string => `Klub Integracji Społecznej – ${f.name}`;

/** The nine świętokrzyskie clubs in the order of the source table (Lp. 1–9). */
export const SWIETOKRZYSKIE_CLUBS: readonly ClubFact[] = [
  {
    founder: MOZESZ_WIECEJ,
    name: clubOf(MOZESZ_WIECEJ),
    street: 'Bilcza, ul. Jeżynowa 30',
    postalCode: '26-026',
    locality: 'Morawica',
    municipality: '2604123',
    registeredOn: '2019-06-04',
  },
  {
    founder: PROREW,
    name: clubOf(PROREW),
    street: 'ul. Gimnazjalna 1',
    postalCode: '26-052',
    locality: 'Nowiny',
    municipality: '2604172',
    registeredOn: '2019-06-04',
  },
  {
    founder: HOMO_POLITICUS,
    name: clubOf(HOMO_POLITICUS),
    street: 'ul. Radomska 21',
    postalCode: '27-200',
    locality: 'Starachowice',
    municipality: '2611011',
    registeredOn: '2019-06-05',
  },
  {
    founder: DOLINA_KACANKI,
    name: clubOf(DOLINA_KACANKI),
    street: 'Wiązownica-Kolonia 90',
    postalCode: '28-200',
    locality: 'Staszów',
    municipality: '2612073',
    registeredOn: '2019-05-30',
  },
  {
    founder: NADZIEJA_FUNDACJA,
    name: clubOf(NADZIEJA_FUNDACJA),
    street: 'ul. Witosa 4',
    postalCode: '26-020',
    locality: 'Chmielnik',
    municipality: '2604043',
    registeredOn: '2019-06-18',
  },
  {
    founder: NADZIEJA_STOWARZYSZENIE,
    name: clubOf(NADZIEJA_STOWARZYSZENIE),
    street: 'ul. Kołłątaja 4',
    postalCode: '25-715',
    locality: 'Kielce',
    municipality: '2661011',
    registeredOn: '2019-06-18',
  },
  {
    founder: PESTKA,
    name: 'Klub Integracji Społecznej Fundacji Pestka w Suchedniowie',
    street: 'Wiejski Dom Kultury, Mostki 1',
    postalCode: '26-130',
    locality: 'Suchedniów',
    municipality: '2610053',
    registeredOn: '2019-06-04',
  },
  {
    founder: PESTKA,
    name: 'Klub Integracji Społecznej Fundacji Pestka w Kielcach',
    street: 'ul. Targowa 18 pok. 916',
    postalCode: '25-520',
    locality: 'Kielce',
    municipality: '2661011',
    registeredOn: '2019-06-04',
  },
  // The source spells the town "Górnio"; the post town and municipality are Górno.
  {
    founder: PESTKA,
    name: 'Klub Integracji Społecznej Fundacji Pestka w Górnie',
    street: 'Bęczków 193',
    postalCode: '26-008',
    locality: 'Górno',
    municipality: '2604062',
    registeredOn: '2019-06-04',
  },
];

/** Funding programmes: POWER → measure 2.5 → the KSR project (seed-documents/000). */
export const PROGRAMMES = {
  power: { code: 'POWER', name: 'Program Operacyjny Wiedza Edukacja Rozwój 2014–2020' },
  measure25: { code: 'POWR.02.05', name: 'Działanie 2.5 Skuteczna pomoc społeczna' },
  ksr: {
    code: 'POWR.02.05.00-00-0114/17',
    name: 'Krajowa Sieć Reintegracji – wzmocnienie instytucji zatrudnienia socjalnego w działaniach polityki społecznej wobec wykluczenia społecznego',
    startsOn: '2018-01-01',
    endsOn: '2019-12-31',
    /** "maksymalna kwota dofinansowania na utworzenie jednego KIS wynosiła 60 600,00 zł". */
    clubCreationCap: '60600.00',
  },
} as const;

/** Meeting counts the sources give (their dates and agendas are not given). */
export const MEETING_COUNTS = {
  swietokrzyskieRsrWorking: 3,
  nationalBody: 5,
  consultations: 4,
} as const;
export const CONSULTATION_TOPIC = 'Założenia i uwarunkowania modelu Krajowej Sieci Reintegracji';

/** Areas of the new service profile a pilot club works in (plus its statutory social and vocational reintegration). */
export const PILOT_CLUB_FIELDS: readonly ActivityField[] = [
  ActivityField.EDUCATION,
  ActivityField.CULTURE,
  ActivityField.HEALTH_PREVENTION,
  ActivityField.SPORT_RECREATION,
  ActivityField.SOCIAL_WORK,
  ActivityField.VOCATIONAL_ACTIVATION,
];
