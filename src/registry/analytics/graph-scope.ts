// What a cooperation graph is drawn over: a date or a window, and which institutions are nodes.
// One normaliser serves GraphQL, the HTTP export and the CLI, so the same filter means the same
// graph (and the same cache entry) everywhere; bad input is BAD_USER_INPUT naming the field.
import { todayInPoland } from '../../common/dates';
import { badInput } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { LocalDate } from '../../common/scalars';
import { InstitutionType, Sector, typesOfSectors } from '../institutions/institution-kinds';

/** The sixteen voivodeships (TERYT): a fixed list, so checking a code costs no query. */
export const VOIVODESHIP_CODES = ['02', '04', '06', '08', '10', '12', '14', '16', '18', '20', '22', '24', '26', '28', '30', '32'] as const;

/** Who is a node. */
export interface ScopeInput {
  voivodeship?: string | null;
  sectors?: Sector[] | null;
  types?: InstitutionType[] | null;
  networkId?: string | null;
}

/** When: `asOf` (default today), or a window `from`–`to` (to defaults to today). */
export interface TimeInput {
  asOf?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface GraphScope {
  /** The window; a single date has from = to = asOf. */
  from: string;
  to: string;
  /** Set when the graph is of one date. */
  asOf: string | null;
  voivodeship: string | null;
  /** Institution types that may be nodes (types ∩ types of sectors), sorted; null for all. */
  types: InstitutionType[] | null;
  networkId: string | null;
}

/** Where each input field is named in errors: GraphQL nests the filter ("filter.voivodeship"). */
export interface FieldNames {
  filterPrefix: string;
}

export const GRAPHQL_FIELDS: FieldNames = { filterPrefix: 'filter.' };
export const PARAM_FIELDS: FieldNames = { filterPrefix: '' };

function resolveTime(time: TimeInput): Pick<GraphScope, 'from' | 'to' | 'asOf'> {
  const { asOf, from, to } = time;
  if (asOf && (from || to)) throw badInput('asOf', 'give either asOf or a window (from, to), not both');
  if (to && !from) throw badInput('from', 'required when to is given');
  if (from) {
    const end = to ?? todayInPoland();
    if (end < from) throw badInput('to', `must not be before from (${from})`);
    return { from, to: end, asOf: null };
  }
  const date = asOf ?? todayInPoland();
  return { from: date, to: date, asOf: date };
}

export function resolveScope(filter: ScopeInput | null | undefined, time: TimeInput, names: FieldNames): GraphScope {
  const f = filter ?? {};
  const field = (name: string): string => `${names.filterPrefix}${name}`;
  if (f.voivodeship != null && !(VOIVODESHIP_CODES as readonly string[]).includes(f.voivodeship)) {
    throw badInput(field('voivodeship'), `no voivodeship with TERYT code ${f.voivodeship} (one of ${VOIVODESHIP_CODES.join(', ')})`);
  }
  if (f.networkId != null && !isUuid(f.networkId)) throw badInput(field('networkId'), 'must be an id (uuid)');
  let types: InstitutionType[] | null = null;
  if (f.types?.length) types = [...new Set(f.types)];
  if (f.sectors?.length) {
    const ofSectors = typesOfSectors(f.sectors);
    types = types ? types.filter((t) => ofSectors.includes(t)) : ofSectors;
  }
  return {
    ...resolveTime(time),
    voivodeship: f.voivodeship ?? null,
    types: types ? types.sort() : null,
    networkId: f.networkId ?? null,
  };
}

/** A stable text key of a scope, for caches. */
export const scopeKey = (s: GraphScope): string => JSON.stringify([s.from, s.to, s.asOf, s.voivodeship, s.types, s.networkId]);

function parseDate(field: string, value: string): string {
  try {
    return LocalDate.parseValue(value);
  } catch {
    throw badInput(field, `must be a date YYYY-MM-DD, got "${value}"`);
  }
}

function parseEnumList<E extends string>(field: string, values: readonly string[], allowed: Record<string, E>): E[] {
  const known = Object.values(allowed);
  return values.map((v) => {
    const found = known.find((k) => k === v);
    if (!found) throw badInput(field, `unknown value "${v}" (one of ${known.join(', ')})`);
    return found;
  });
}

/** Query parameters (HTTP) or flags (CLI) accepted for a graph, besides `format`/`out`. */
const SCOPE_PARAMS = ['asOf', 'from', 'to', 'voivodeship', 'sectors', 'types', 'networkId'] as const;

/**
 * Parses string parameters (`?voivodeship=26&sectors=CULTURE,EDUCATION&asOf=2019-12-31`) into a
 * scope; lists may be comma-separated or repeated. Unknown parameters are refused, so a typo does
 * not silently widen the graph.
 */
export function scopeFromParams(params: Record<string, string | string[] | undefined>, ignore: readonly string[] = []): GraphScope {
  const one = (name: string): string | null => {
    const value = params[name];
    if (value === undefined) return null;
    if (Array.isArray(value)) {
      if (value.length !== 1) throw badInput(name, 'give it once');
      return value[0];
    }
    return value;
  };
  const list = (name: string): string[] | null => {
    const value = params[name];
    if (value === undefined) return null;
    return (Array.isArray(value) ? value : [value])
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
  };
  for (const name of Object.keys(params)) {
    if (!(SCOPE_PARAMS as readonly string[]).includes(name) && !ignore.includes(name)) {
      throw badInput(name, `unknown parameter (use ${[...SCOPE_PARAMS, ...ignore].join(', ')})`);
    }
  }
  const date = (name: string): string | null => {
    const value = one(name);
    return value === null ? null : parseDate(name, value);
  };
  const voivodeship = one('voivodeship');
  if (voivodeship !== null && !/^\d{2}$/.test(voivodeship)) throw badInput('voivodeship', 'must be a 2-digit TERYT voivodeship code');
  const sectors = list('sectors');
  const types = list('types');
  return resolveScope(
    {
      voivodeship,
      sectors: sectors && parseEnumList('sectors', sectors, Sector),
      types: types && parseEnumList('types', types, InstitutionType),
      networkId: one('networkId'),
    },
    { asOf: date('asOf'), from: date('from'), to: date('to') },
    PARAM_FIELDS,
  );
}
