// One line of an import file (NDJSON): parsed and validated completely before anything is written.
// Every problem names the line, the field and the reason; no reason repeats a value, and a field
// name that looks like a personal number is redacted (a PESEL must not reach the report).
import { REDACTED } from '../../common/redaction';
import { EpisodeKind, EpisodeOutcome } from '../episodes/episode-kinds';
import { EXTERNAL_REF, EXTERNAL_REF_RULE } from '../episodes/episode.inputs';
import { episodeProblem } from '../episodes/episode.service';
import { PESEL_RULE, readPesel, type PeselFacts } from '../linkage/pesel';
import { containsPersonalNumber } from '../linkage/rules';
import { daysInMonth } from '../monitoring/schedule';
import { EligibilityCategory } from '../participants/participant-kinds';

interface ImportEpisode {
  kind: EpisodeKind;
  startedOn: string;
  endedOn: string | null;
  outcome: EpisodeOutcome | null;
  externalRef: string | null;
}

export interface ImportRecord {
  line: number;
  person: PeselFacts;
  residenceMunicipalityCode: string | null;
  categories: EligibilityCategory[];
  episodes: ImportEpisode[];
}

export interface ImportProblem {
  line: number;
  field: string;
  reason: string;
}

const MAX_EPISODES_PER_RECORD = 100;
const RECORD_FIELDS = new Set(['pesel', 'residenceMunicipalityCode', 'categories', 'episodes']);
const EPISODE_FIELDS = new Set(['kind', 'startedOn', 'endedOn', 'outcome', 'externalRef']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1900 && year <= 2199 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const enumValue = <E extends string>(values: readonly E[], v: unknown): E | undefined => values.find((e) => e === v);

/** Parses one line; a record only when the line has no problem at all. */
export function parseImportLine(text: string, line: number): { record?: ImportRecord; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const problem = (field: string, reason: string): void => {
    problems.push({ line, field: containsPersonalNumber(field) ? REDACTED : field, reason });
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the input: never pass it on.
    problem('(line)', 'is not valid JSON');
    return { problems };
  }
  if (!isObject(value)) {
    problem('(line)', 'must be a JSON object');
    return { problems };
  }
  for (const key of Object.keys(value))
    if (!RECORD_FIELDS.has(key)) problem(key, 'is not an import field (allowed: pesel, residenceMunicipalityCode, categories, episodes)');

  const person = readPesel(value.pesel);
  if (value.pesel === undefined) problem('pesel', 'is required');
  else if (!person) problem('pesel', PESEL_RULE);

  const residence = value.residenceMunicipalityCode ?? null;
  if (residence !== null && (typeof residence !== 'string' || !/^\d{6}[123]$/.test(residence))) {
    problem('residenceMunicipalityCode', 'must be a 7-digit TERYT municipality code WWPPGGR (R = 1, 2 or 3)');
  }

  const categories: EligibilityCategory[] = [];
  if (!Array.isArray(value.categories)) problem('categories', 'is required: a list of eligibility categories (may be empty)');
  else {
    value.categories.forEach((c, i) => {
      const category = enumValue(Object.values(EligibilityCategory), c);
      if (!category) problem(`categories[${i}]`, 'is not an eligibility category');
      else if (categories.includes(category)) problem(`categories[${i}]`, 'is listed twice');
      else categories.push(category);
    });
  }

  const episodes: ImportEpisode[] = [];
  const rawEpisodes = value.episodes ?? [];
  if (!Array.isArray(rawEpisodes)) problem('episodes', 'must be a list');
  else if (rawEpisodes.length > MAX_EPISODES_PER_RECORD) problem('episodes', `must have at most ${MAX_EPISODES_PER_RECORD} items`);
  else {
    rawEpisodes.forEach((raw, i) => {
      const at = `episodes[${i}]`;
      if (!isObject(raw)) return problem(at, 'must be an object');
      const before = problems.length;
      for (const key of Object.keys(raw))
        if (!EPISODE_FIELDS.has(key)) problem(`${at}.${key}`, 'is not an episode field (allowed: kind, startedOn, endedOn, outcome, externalRef)');
      const kind = enumValue(Object.values(EpisodeKind), raw.kind);
      if (!kind) problem(`${at}.kind`, 'is required: an episode kind');
      if (!isCalendarDate(raw.startedOn)) problem(`${at}.startedOn`, 'is required: a date YYYY-MM-DD');
      const endedOn = raw.endedOn ?? null;
      if (endedOn !== null && !isCalendarDate(endedOn)) problem(`${at}.endedOn`, 'must be a date YYYY-MM-DD');
      const outcome = raw.outcome == null ? null : (enumValue(Object.values(EpisodeOutcome), raw.outcome) ?? null);
      if (raw.outcome != null && !outcome) problem(`${at}.outcome`, 'is not an episode outcome');
      const externalRef = raw.externalRef ?? null;
      if (externalRef !== null && (typeof externalRef !== 'string' || !EXTERNAL_REF.test(externalRef))) problem(`${at}.externalRef`, EXTERNAL_REF_RULE);
      if (problems.length > before || !kind) return;
      const episode = { kind, startedOn: raw.startedOn as string, endedOn: endedOn as string | null, outcome, externalRef: externalRef as string | null };
      const rule = episodeProblem(episode.startedOn, episode.endedOn, episode.outcome);
      if (rule) return problem(`${at}.${rule[0]}`, rule[1]);
      if (episode.externalRef && episodes.some((e) => e.externalRef === episode.externalRef))
        return problem(`${at}.externalRef`, 'is used twice in this record');
      if (episodes.some((e) => e.kind === episode.kind && e.startedOn === episode.startedOn))
        return problem(`${at}.startedOn`, 'another episode of this kind starts the same day in this record');
      episodes.push(episode);
    });
  }

  if (problems.length > 0 || !person) return { problems };
  return { record: { line, person, residenceMunicipalityCode: residence as string | null, categories: categories.sort(), episodes }, problems };
}
