// Stable ids of the pilot network. Every seeded row's id is stableId(key) with a descriptive key,
// so re-seeding any database gives the same ids, and tests and the README can name records.
import { stableId } from '../../src/common/ids';
import { PILOT_VOIVODESHIPS, PESTKA, type PilotVoivodeshipCode } from './facts';

/** Keys of seeded records; ids derive from them (see `stableId`). */
export const keys = {
  ministry: 'institution:ministry:mrpips',
  ipiss: 'institution:research-institute:ipiss',
  osar: 'institution:coordination-centre:osar',
  kisConvention: 'institution:convention:kis',
  cisConvention: 'institution:convention:cis',
  rops: (v: string) => `institution:rops:${v}`,
  /** Pilot club n (1-based; świętokrzyskie in the source table's order) of voivodeship v. */
  club: (v: string, n: number) => `institution:kis:${v}:${n}`,
  /** A founder named in the sources, by slug. */
  founder: (slug: string) => `institution:ngo:${slug}`,
  // Generated stand-ins (synthetic): keyed by what they stand for, so each is created once.
  standInFounder: (clubKey: string) => `institution:ngo:founder-of:${clubKey.replace(/^institution:/, '')}`,
  wup: (v: string) => `institution:wup:${v}`,
  regionalNgo: (v: string) => `institution:ngo:regional:${v}`,
  nationalNgo: (n: number) => `institution:ngo:national-body:${n}`,
  ops: (municipality: string) => `institution:ops:${municipality}`,
  pup: (county: string) => `institution:pup:${county}`,
  /** The partner of one new-profile area (culture, sport, education, health) in a municipality. */
  areaPartner: (area: string, municipality: string) => `institution:${area.toLowerCase()}:${municipality}`,
  nationalBody: 'network:national-body',
  rsr: (v: string) => `network:rsr:${v}`,
  platform: (v: string) => `network:platform:${v}`,
  /** The local network of a club, by the club's key. */
  lsr: (clubKey: string) => `network:lsr:${clubKey.replace(/^institution:/, '')}`,
  programme: (code: string) => `programme:${code}`,
} as const;

const byVoivodeship = (f: (v: PilotVoivodeshipCode) => string): Record<PilotVoivodeshipCode, string> =>
  Object.fromEntries(PILOT_VOIVODESHIPS.map((v) => [v.code, f(v.code)])) as Record<PilotVoivodeshipCode, string>;

export const MINISTRY_ID = stableId(keys.ministry);
export const IPISS_ID = stableId(keys.ipiss);
export const OSAR_ID = stableId(keys.osar);
export const KIS_CONVENTION_ID = stableId(keys.kisConvention);
export const CIS_CONVENTION_ID = stableId(keys.cisConvention);

/** ROPS by voivodeship code ('04', '06', '22', '24', '26', '32'). */
export const ROPS_IDS = byVoivodeship((v) => stableId(keys.rops(v)));

const clubId = (v: PilotVoivodeshipCode, n: number): string => stableId(keys.club(v, n));

/** Pilot club ids by voivodeship code, clubs numbered 1..count. */
export const PILOT_CLUB_IDS = Object.fromEntries(
  PILOT_VOIVODESHIPS.map((v) => [v.code, Array.from({ length: v.clubs }, (_, i) => clubId(v.code, i + 1))]),
) as Record<PilotVoivodeshipCode, string[]>;

/** The nine świętokrzyskie clubs in the source table's order (Lp. 1–9; 7–9 are Fundacja Pestka's). */
export const SWIETOKRZYSKIE_CLUB_IDS = PILOT_CLUB_IDS['26'];

/** Fundacja Pestka: one founder of three świętokrzyskie clubs. */
export const PESTKA_ID = stableId(keys.founder(PESTKA.slug));

export const NATIONAL_BODY_ID = stableId(keys.nationalBody);
/** Regional Reintegration Network (RSR) by voivodeship code. */
export const RSR_IDS = byVoivodeship((v) => stableId(keys.rsr(v)));
/** Regional Cooperation Platform by voivodeship code. */
export const PLATFORM_IDS = byVoivodeship((v) => stableId(keys.platform(v)));
/** The Local Reintegration Network (LSR) of a pilot club. */
export const lsrId = (v: PilotVoivodeshipCode, n: number): string => stableId(keys.lsr(keys.club(v, n)));

export const POWER_PROGRAMME_ID = stableId(keys.programme('POWER'));
export const MEASURE_2_5_ID = stableId(keys.programme('POWR.02.05'));
export const KSR_PROGRAMME_ID = stableId(keys.programme('POWR.02.05.00-00-0114/17'));
