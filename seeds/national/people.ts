// Synthetic people for the casework database at a national scale: deterministic from (scale, seed)
// and the registry's institutions, every row marked synthetic. A person lives in a municipality and
// has records (participant rows) at 1–4 institutions of their area, in a plausible order:
//   - the OPS of their municipality (social assistance, sometimes a social contract),
//   - a club (KIS: club activities) or centre (CIS: a CIS programme) of their county,
//   - the PUP of their county (registration, sometimes activation, public works or training),
//   - sometimes an NGO (a partner of their club when it has one, else one of their county).
// About two thirds are anchored on a club or centre; the others are OPS / PUP clients only. So
// club–OPS, club–PUP and OPS–PUP partnerships of one area share people (some above k = 10, most
// pairs of distant institutions none). Episodes end with an outcome when they end by the last day
// of generated history (2026-06-30), else they are open.
// Pseudonyms come from Linkage.forSynthetic (the input space "SYNTHETIC:<key>"), never from a
// PESEL, so a generated person can never link to a real one. Rows are produced lazily, twice (one
// pass per table, from the same seed), so national10 (2 million people) never sits in memory.
import { createHash } from 'node:crypto';
import type { Linkage } from '../../src/casework/linkage/keys';
import { EpisodeKind, EpisodeOutcome } from '../../src/casework/episodes/episode-kinds';
import { EligibilityCategory, Sex } from '../../src/casework/participants/participant-kinds';
import { InstitutionType } from '../../src/registry/institutions/institution-kinds';
import { readTerc, type TercMunicipality, type TercRegister } from '../../src/registry/places/teryt';
import { day, isoDay, LAST_PAST_DAY, municipalityWeight } from './build';
import { GENERATED_AT, type CopyTable } from './copy-rows';
import { derivedId, ID_TABLES, Rng, WeightedIndex } from './random';
import type { ScaleSpec } from './scales';

/** An institution of the registry that can hold participants (read from the registry database). */
interface CaseworkInstitution {
  id: string;
  type: InstitutionType;
  municipality: string;
  /** The first of its activity-start, creation and registration dates ('YYYY-MM-DD'), if known. */
  startedOn: string | null;
}

export interface CaseworkInputs {
  /** KIS, CIS, OPS, PUP and NGOs not closed, in id order. */
  institutions: CaseworkInstitution[];
  /** (club or centre, NGO) pairs with a partnership in force at some time, sorted. */
  clubPartners: [string, string][];
}

interface PlannedEpisode {
  kind: EpisodeKind;
  start: number;
  end: number | null;
  outcome: EpisodeOutcome | null;
}

interface PlannedRecord {
  institutionId: string;
  episodes: PlannedEpisode[];
}

interface PlannedPerson {
  /** 0-based; the person's key for the pseudonym is personKey(seed, n). */
  n: number;
  birthYear: number;
  sex: Sex;
  residence: string;
  categories: EligibilityCategory[];
  records: PlannedRecord[];
}

/** Share of people anchored on a club or centre (the rest are OPS / PUP clients only). */
const ANCHORED = 0.65;
/** Club episodes start from this day (or the club's start, when later). */
const HISTORY_START = day('2016-01-01');
/** No episode starts before this day (OPS assistance can precede the club by a year or two). */
const EARLIEST = day('2013-01-01');
const AS_OF = LAST_PAST_DAY;

const personKey = (seed: number, n: number): string => `national:${seed}:person:${n}`;

/** Outcomes of a completed club or CIS programme (weights). */
const CLUB_OUTCOMES: readonly (readonly [EpisodeOutcome, number])[] = [
  [EpisodeOutcome.OPEN_LABOUR_MARKET, 24],
  [EpisodeOutcome.SUBSIDISED_EMPLOYMENT, 12],
  [EpisodeOutcome.SOCIAL_COOPERATIVE, 6],
  [EpisodeOutcome.SELF_EMPLOYMENT, 3],
  [EpisodeOutcome.FURTHER_EDUCATION, 6],
  [EpisodeOutcome.REFERRED_ONWARD, 10],
  [EpisodeOutcome.COMPLETED_WITHOUT_EMPLOYMENT, 24],
  [EpisodeOutcome.DROPPED_OUT, 15],
];
const ASSISTANCE_OUTCOMES: readonly (readonly [EpisodeOutcome, number])[] = [
  [EpisodeOutcome.REFERRED_ONWARD, 35],
  [EpisodeOutcome.COMPLETED_WITHOUT_EMPLOYMENT, 40],
  [EpisodeOutcome.OPEN_LABOUR_MARKET, 20],
  [EpisodeOutcome.DROPPED_OUT, 5],
];
const CONTRACT_OUTCOMES: readonly (readonly [EpisodeOutcome, number])[] = [
  [EpisodeOutcome.REFERRED_ONWARD, 45],
  [EpisodeOutcome.COMPLETED_WITHOUT_EMPLOYMENT, 25],
  [EpisodeOutcome.OPEN_LABOUR_MARKET, 10],
  [EpisodeOutcome.DROPPED_OUT, 20],
];
const REGISTRATION_OUTCOMES: readonly (readonly [EpisodeOutcome, number])[] = [
  [EpisodeOutcome.OPEN_LABOUR_MARKET, 40],
  [EpisodeOutcome.SUBSIDISED_EMPLOYMENT, 15],
  [EpisodeOutcome.SELF_EMPLOYMENT, 4],
  [EpisodeOutcome.REFERRED_ONWARD, 16],
  [EpisodeOutcome.COMPLETED_WITHOUT_EMPLOYMENT, 15],
  [EpisodeOutcome.DROPPED_OUT, 10],
];
const PROGRAMME_OUTCOMES: readonly (readonly [EpisodeOutcome, number])[] = [
  [EpisodeOutcome.OPEN_LABOUR_MARKET, 25],
  [EpisodeOutcome.SUBSIDISED_EMPLOYMENT, 20],
  [EpisodeOutcome.FURTHER_EDUCATION, 10],
  [EpisodeOutcome.COMPLETED_WITHOUT_EMPLOYMENT, 35],
  [EpisodeOutcome.DROPPED_OUT, 10],
];

/** Eligibility categories drawn besides those that follow from age and place (weights). */
const CATEGORY_POOL: readonly (readonly [EligibilityCategory, number])[] = [
  [EligibilityCategory.LONG_TERM_UNEMPLOYED, 40],
  [EligibilityCategory.ALCOHOL_ADDICTION_AFTER_THERAPY, 14],
  [EligibilityCategory.DRUG_ADDICTION_AFTER_THERAPY, 3],
  [EligibilityCategory.DISABLED, 10],
  [EligibilityCategory.HOMELESS_IN_PROGRAMME, 5],
  [EligibilityCategory.MENTAL_ILLNESS, 6],
  [EligibilityCategory.RELEASED_FROM_PRISON, 4],
  [EligibilityCategory.SINGLE_PARENT_RETURNING_TO_WORK, 6],
  [EligibilityCategory.REFUGEE_IN_INTEGRATION_PROGRAMME, 1],
  [EligibilityCategory.OTHER_SPECIAL_LABOUR_MARKET_SITUATION, 4],
];

const NGO_KINDS: readonly (readonly [EpisodeKind, number])[] = [
  [EpisodeKind.LOCAL_ACTIVITY_PROGRAMME, 40],
  [EpisodeKind.VOCATIONAL_TRAINING, 25],
  [EpisodeKind.THERAPY, 15],
  [EpisodeKind.OTHER, 20],
];

/** Prefix of the institution's own reference of an episode (external_ref), by kind. */
const REF_PREFIX: Record<EpisodeKind, string> = {
  CLUB_ACTIVITIES: 'KIS',
  CIS_PROGRAMME: 'CIS',
  SOCIAL_CONTRACT: 'KS',
  SOCIAL_ASSISTANCE: 'OPS',
  LABOUR_OFFICE_REGISTRATION: 'PUP',
  ACTIVATION: 'AKT',
  ACTIVATION_AND_INTEGRATION_PROGRAMME: 'PAI',
  LOCAL_ACTIVITY_PROGRAMME: 'PAL',
  THERAPY: 'TER',
  VOCATIONAL_TRAINING: 'SZK',
  PUBLIC_WORKS: 'PRP',
  OTHER: 'INN',
};

interface Area {
  municipalities: TercMunicipality[];
  index: WeightedIndex;
}

interface Club {
  id: string;
  type: InstitutionType;
  municipality: string;
  county: string;
  /** First day its people can start. */
  from: number;
  partners: string[];
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** An episode of `length` days from `start`: ended (with an outcome) when it ends by AS_OF, else open. */
function episode(rng: Rng, kind: EpisodeKind, start: number, length: number, outcomes: readonly (readonly [EpisodeOutcome, number])[]): PlannedEpisode {
  const s = Math.max(EARLIEST, Math.min(start, AS_OF));
  const end = s + Math.max(0, length);
  if (end > AS_OF) return { kind, start: s, end: null, outcome: null };
  return { kind, start: s, end, outcome: rng.weighted(outcomes) };
}

/**
 * The people of a scale, one at a time, the same sequence for the same inputs, scale and seed.
 * People without any institution to be served by (no OPS, PUP or club in reach) are skipped.
 */
function* plannedPeople(inputs: CaseworkInputs, scale: ScaleSpec, seed: number, terc: TercRegister = readTerc()): Generator<PlannedPerson> {
  if (scale.people <= 0) return;
  // Its own stream, apart from the registry plan's (which consumes `seed` itself).
  const rng = new Rng(seed ^ 0x0c5e0a4b);
  const wanted = scale.voivodeships ? new Set(scale.voivodeships) : null;
  const inScope = (code: string): boolean => !wanted || wanted.has(code.slice(0, 2));
  const cityCounties = new Set(terc.counties.filter((c) => c.cityWithCountyRights).map((c) => c.code));
  const municipalities = terc.municipalities.filter((m) => inScope(m.code));
  const kindOf = new Map(municipalities.map((m) => [m.code, m.kind]));
  const weightOf = (m: TercMunicipality): number => municipalityWeight(m, cityCounties.has(m.countyCode));
  const byCounty = new Map<string, TercMunicipality[]>();
  for (const m of municipalities) push(byCounty, m.countyCode, m);
  const areas = new Map<string, Area>([...byCounty].map(([c, list]) => [c, { municipalities: list, index: new WeightedIndex(list.map(weightOf)) }]));
  const country: Area = { municipalities, index: new WeightedIndex(municipalities.map(weightOf)) };
  if (municipalities.length === 0) return;

  const ops = new Map<string, string>();
  const pup = new Map<string, string>();
  const ngos = new Map<string, string[]>();
  const partnersOf = new Map<string, string[]>();
  for (const [club, partner] of inputs.clubPartners) push(partnersOf, club, partner);
  const clubs: Club[] = [];
  for (const i of inputs.institutions) {
    if (!inScope(i.municipality)) continue;
    const county = i.municipality.slice(0, 4);
    if (i.type === InstitutionType.OPS && !ops.has(i.municipality)) ops.set(i.municipality, i.id);
    else if (i.type === InstitutionType.PUP && !pup.has(county)) pup.set(county, i.id);
    else if (i.type === InstitutionType.NGO) push(ngos, county, i.id);
    else if (i.type === InstitutionType.KIS || i.type === InstitutionType.CIS) {
      const from = Math.max(HISTORY_START, i.startedOn ? day(i.startedOn) : HISTORY_START);
      if (from < AS_OF - 30) clubs.push({ id: i.id, type: i.type, municipality: i.municipality, county, from, partners: partnersOf.get(i.id) ?? [] });
    }
  }
  // A club's share of the people: how long it has worked in the history, times its own pull.
  const clubIndex = new WeightedIndex(clubs.map((c) => (AS_OF - c.from) * (0.4 + 1.2 * rng.float())));

  for (let n = 0; n < scale.people; n++) {
    const club = clubs.length > 0 && rng.chance(ANCHORED) ? clubs[clubIndex.draw(rng)] : null;
    let residence: string;
    if (club) {
      const area = areas.get(club.county);
      residence = rng.chance(0.55) || !area ? club.municipality : area.municipalities[area.index.draw(rng)].code;
    } else {
      residence = country.municipalities[country.index.draw(rng)].code;
    }
    const county = residence.slice(0, 4);
    const birthYear = rng.int(1956, 2007);
    const sex = rng.chance(0.52) ? Sex.MALE : Sex.FEMALE;
    const categories = new Set<EligibilityCategory>();
    if (birthYear <= 1976 && rng.chance(0.7)) categories.add(EligibilityCategory.AGED_50_PLUS);
    if (birthYear >= 2001 && rng.chance(0.5)) categories.add(EligibilityCategory.YOUTH_15_25_AT_RISK);
    if (birthYear >= 2003 && rng.chance(0.1)) categories.add(EligibilityCategory.LEAVING_FOSTER_CARE);
    if (kindOf.get(residence) === 'RURAL' && rng.chance(0.5)) categories.add(EligibilityCategory.RURAL_RESIDENT);
    const drawn = rng.int(1, 2);
    for (let k = 0; k < drawn; k++) categories.add(rng.weighted(CATEGORY_POOL));
    const addicted = categories.has(EligibilityCategory.ALCOHOL_ADDICTION_AFTER_THERAPY) || categories.has(EligibilityCategory.DRUG_ADDICTION_AFTER_THERAPY);

    // The person's story starts at the club (anchored) or at the OPS / PUP.
    const t0 = club ? rng.int(club.from, AS_OF - 14) : rng.int(HISTORY_START, AS_OF - 14);
    const opsId = ops.get(residence);
    const pupId = pup.get(county);
    let wantsOps = rng.chance(club ? 0.85 : 0.8);
    let wantsPup = rng.chance(club ? 0.55 : 0.6);
    if (!club && !wantsOps && !wantsPup) {
      if (rng.chance(0.5)) wantsOps = true;
      else wantsPup = true;
    }
    const records: PlannedRecord[] = [];

    // 1. The OPS: assistance before the club (or the PUP), sometimes a social contract, sometimes again later.
    if (wantsOps && opsId) {
      const start = t0 - rng.int(club ? 30 : 0, club ? 540 : 200);
      const assistance = episode(rng, EpisodeKind.SOCIAL_ASSISTANCE, start, rng.chance(0.45) ? AS_OF : rng.int(90, 900), ASSISTANCE_OUTCOMES);
      const episodes = [assistance];
      if (rng.chance(club ? 0.35 : 0.15))
        episodes.push(episode(rng, EpisodeKind.SOCIAL_CONTRACT, Math.max(assistance.start + 1, t0 - rng.int(0, 45)), rng.int(120, 365), CONTRACT_OUTCOMES));
      if (!club && rng.chance(0.05))
        episodes.push(
          episode(rng, EpisodeKind.ACTIVATION_AND_INTEGRATION_PROGRAMME, assistance.start + rng.int(30, 200), rng.int(60, 180), PROGRAMME_OUTCOMES),
        );
      if (assistance.end !== null && rng.chance(0.3)) {
        const again = assistance.end + rng.int(60, 600);
        if (again <= AS_OF) episodes.push(episode(rng, EpisodeKind.SOCIAL_ASSISTANCE, again, rng.chance(0.5) ? AS_OF : rng.int(90, 600), ASSISTANCE_OUTCOMES));
      }
      records.push({ institutionId: opsId, episodes: episodes.filter((e) => e.start <= AS_OF) });
    }

    // 2. The club or centre: activities or a programme; a few come back for a second round.
    let clubEnd: number | null = null;
    if (club) {
      const kind = club.type === InstitutionType.CIS ? EpisodeKind.CIS_PROGRAMME : EpisodeKind.CLUB_ACTIVITIES;
      const first = episode(rng, kind, t0, kind === EpisodeKind.CIS_PROGRAMME ? rng.int(180, 540) : rng.int(90, 365), CLUB_OUTCOMES);
      const episodes = [first];
      clubEnd = first.end;
      if (first.end !== null && rng.chance(0.08)) {
        const again = first.end + rng.int(60, 400);
        if (again <= AS_OF) {
          const second = episode(rng, kind, again, rng.int(90, 365), CLUB_OUTCOMES);
          episodes.push(second);
          clubEnd = second.end;
        }
      }
      records.push({ institutionId: club.id, episodes });
    }

    // 3. The PUP: registered before the club, or after it ends (or after the OPS).
    if (wantsPup && pupId) {
      const after = club ? (clubEnd !== null && rng.chance(0.7) ? clubEnd + rng.int(1, 60) : t0 - rng.int(10, 300)) : t0 + rng.int(0, 400);
      if (after <= AS_OF) {
        const registration = episode(rng, EpisodeKind.LABOUR_OFFICE_REGISTRATION, after, rng.int(60, 900), REGISTRATION_OUTCOMES);
        const episodes = [registration];
        const span = (registration.end ?? AS_OF) - registration.start;
        if (span > 40 && rng.chance(0.4))
          episodes.push(episode(rng, EpisodeKind.ACTIVATION, registration.start + rng.int(20, Math.min(span, 240)), rng.int(30, 180), PROGRAMME_OUTCOMES));
        if (span > 40 && rng.chance(0.08))
          episodes.push(episode(rng, EpisodeKind.PUBLIC_WORKS, registration.start + rng.int(20, Math.min(span, 240)), rng.int(60, 180), PROGRAMME_OUTCOMES));
        if (span > 40 && rng.chance(0.08))
          episodes.push(
            episode(rng, EpisodeKind.VOCATIONAL_TRAINING, registration.start + rng.int(20, Math.min(span, 240)), rng.int(20, 120), PROGRAMME_OUTCOMES),
          );
        records.push({ institutionId: pupId, episodes: episodes.filter((e) => e.start <= AS_OF) });
      }
    }

    // 4. Sometimes an NGO: a partner of the club, else one of the county.
    if (rng.chance(club ? 0.15 : 0.08)) {
      const candidates = club && club.partners.length > 0 ? club.partners : (ngos.get(county) ?? []);
      if (candidates.length > 0) {
        const kind = addicted && rng.chance(0.6) ? EpisodeKind.THERAPY : rng.weighted(NGO_KINDS);
        records.push({ institutionId: rng.pick(candidates), episodes: [episode(rng, kind, t0 + rng.int(-200, 300), rng.int(30, 365), PROGRAMME_OUTCOMES)] });
      }
    }

    if (records.length === 0) continue;
    yield { n, birthYear, sex, residence, categories: [...categories].sort(), records };
  }
}

const NULL = '\\N';
const line = (cells: string[]): string => `${cells.join('\t')}\n`;

/** The casework rows of a scale as COPY text: participant, then service_episode (each a pass over the people). */
export function peopleCopyTables(
  inputs: CaseworkInputs,
  scale: ScaleSpec,
  seed: number,
  linkage: Linkage,
  stats: { people: number } = { people: 0 },
  terc: TercRegister = readTerc(),
): CopyTable[] {
  return [
    {
      table: 'participant',
      columns: [
        'id',
        'institution_id',
        'pseudonym',
        'key_version',
        'birth_year',
        'sex',
        'residence_municipality_code',
        'categories',
        'synthetic',
        'created_at',
        'updated_at',
      ],
      *rows() {
        let index = 0;
        for (const person of plannedPeople(inputs, scale, seed, terc)) {
          // One HMAC chain per person: the same pseudonym at each of their institutions.
          const pseudonym = linkage.forSynthetic(personKey(seed, person.n)).at(-1)!;
          stats.people++;
          const categories = `{${person.categories.join(',')}}`;
          for (const record of person.records) {
            yield line([
              derivedId(seed, ID_TABLES.participant, index++),
              record.institutionId,
              pseudonym.value,
              pseudonym.version,
              String(person.birthYear),
              person.sex,
              person.residence,
              categories,
              't',
              GENERATED_AT,
              GENERATED_AT,
            ]);
          }
        }
      },
    },
    {
      table: 'service_episode',
      columns: ['id', 'institution_id', 'participant_id', 'kind', 'started_on', 'ended_on', 'outcome', 'external_ref', 'synthetic', 'created_at'],
      *rows() {
        let participant = 0;
        let index = 0;
        for (const person of plannedPeople(inputs, scale, seed, terc)) {
          for (const record of person.records) {
            const participantId = derivedId(seed, ID_TABLES.participant, participant++);
            for (const e of record.episodes) {
              const started = isoDay(e.start);
              yield line([
                derivedId(seed, ID_TABLES.episode, index),
                record.institutionId,
                participantId,
                e.kind,
                started,
                e.end === null ? NULL : isoDay(e.end),
                e.outcome ?? NULL,
                `${REF_PREFIX[e.kind]}/${started.slice(0, 4)}/${index}`,
                't',
                GENERATED_AT,
              ]);
              index++;
            }
          }
        }
      },
    },
  ];
}

/** SHA-256 of each table's COPY rows (tests: same inputs and seed, same rows). */
export function peopleDigest(inputs: CaseworkInputs, scale: ScaleSpec, seed: number, linkage: Linkage): Record<string, string> {
  return Object.fromEntries(
    peopleCopyTables(inputs, scale, seed, linkage).map((t) => {
      const hash = createHash('sha256');
      for (const row of t.rows()) hash.update(row);
      return [t.table, hash.digest('hex')];
    }),
  );
}
