// How much the generator makes at each scale. Counts are totals in the database, pilot rows
// included: the generator adds what the pilot seed does not already hold.
import { InstitutionType } from '../../src/registry/institutions/institution-kinds';

export type ScaleName = 'tiny' | 'pilot' | 'national' | 'national10';
const SCALE_NAMES: readonly ScaleName[] = ['tiny', 'pilot', 'national', 'national10'];

export interface ScaleSpec {
  name: ScaleName;
  /** Only these voivodeships get generated rows (tests); all 16 when absent. */
  voivodeships?: readonly string[];
  /** Institutions of types not bound one-per-place, in total (pilot rows count towards these). */
  counted: Partial<Record<InstitutionType, number>>;
  /**
   * One per place: an OPS and a GKRPA per municipality, a PUP per county, a PCPR per land county,
   * a ROPS and a WUP per voivodeship.
   */
  perPlace: boolean;
  /** Partnerships to add (bilateral, some multilateral). */
  partnerships: number;
  /** Share of culture, sport, education and health institutions of a voivodeship on its platform. */
  platformShare: number;
  /**
   * Synthetic people the casework generator adds (seeds/national/people.ts); each has records at
   * 1–4 institutions (participant rows) with their service episodes.
   */
  people: number;
}

/** ~40,000 institutions in all with the one-per-place ones (2,477 OPS and GKRPA, 380 PUP …). */
const NATIONAL_COUNTED: Partial<Record<InstitutionType, number>> = {
  [InstitutionType.KIS]: 400,
  [InstitutionType.CIS]: 250,
  [InstitutionType.NGO]: 10_000,
  [InstitutionType.SOCIAL_COOPERATIVE]: 1_200,
  [InstitutionType.CULTURAL_INSTITUTION]: 4_000,
  [InstitutionType.SPORT_ORGANISATION]: 4_000,
  [InstitutionType.SCHOOL]: 5_500,
  [InstitutionType.TRAINING_INSTITUTION]: 1_000,
  [InstitutionType.HEALTH_PROVIDER]: 2_500,
  [InstitutionType.ADDICTION_THERAPY]: 500,
  [InstitutionType.EMPLOYER]: 5_000,
};

const times = (counts: Partial<Record<InstitutionType, number>>, k: number) =>
  Object.fromEntries(Object.entries(counts).map(([t, n]) => [t, n * k])) as Partial<Record<InstitutionType, number>>;

export const SCALES: Record<ScaleName, ScaleSpec> = {
  /** For tests: świętokrzyskie only, small counts (loads in a second or two). */
  tiny: {
    name: 'tiny',
    voivodeships: ['26'],
    counted: {
      [InstitutionType.KIS]: 20,
      [InstitutionType.CIS]: 6,
      [InstitutionType.NGO]: 150,
      [InstitutionType.SOCIAL_COOPERATIVE]: 10,
      [InstitutionType.CULTURAL_INSTITUTION]: 40,
      [InstitutionType.SPORT_ORGANISATION]: 40,
      [InstitutionType.SCHOOL]: 40,
      [InstitutionType.TRAINING_INSTITUTION]: 10,
      [InstitutionType.HEALTH_PROVIDER]: 20,
      [InstitutionType.ADDICTION_THERAPY]: 5,
      [InstitutionType.EMPLOYER]: 40,
    },
    perPlace: true,
    partnerships: 1_500,
    platformShare: 0.15,
    people: 4_000,
  },
  /** The pilot seed alone: nothing is generated. */
  pilot: { name: 'pilot', counted: {}, perPlace: false, partnerships: 0, platformShare: 0, people: 0 },
  national: { name: 'national', counted: NATIONAL_COUNTED, perPlace: true, partnerships: 150_000, platformShare: 0.15, people: 200_000 },
  /**
   * Ten times the national counts and partnerships. One-per-place institutions stay one per place
   * (there are still 2,477 municipalities), so institutions are ~8.8× and partnerships 10×.
   */
  national10: { name: 'national10', counted: times(NATIONAL_COUNTED, 10), perPlace: true, partnerships: 1_500_000, platformShare: 0.15, people: 2_000_000 },
};

export function scaleNamed(name: string): ScaleSpec {
  if (!(SCALE_NAMES as readonly string[]).includes(name)) throw new Error(`--scale must be one of ${SCALE_NAMES.join(', ')}, got "${name}"`);
  return SCALES[name as ScaleName];
}
