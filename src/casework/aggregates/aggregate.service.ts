// Counts over groups of institutions, for the fields casework adds to registry entities. The
// counting happens in SECURITY DEFINER functions (migrations "privacy" and "aggregates_at_scale")
// that return counts, never rows; here they are batched per request (one statement for all the
// groups of a request, each named by its index in the batch) and disclosure-controlled before they
// leave. Voivodeships are grouped inside the database by the reference copy's seat: no list of
// institutions is sent for them, so none is refused for its size.
import { badInput } from '../../common/errors';
import { todayInPoland } from '../../common/dates';
import { discloseCount, discloseTable, exactTable, shown, type DisclosedCell } from '../../common/disclosure';
import { isUuid } from '../../common/ids';
import { isStaffOf } from '../access/personal';
import type { CaseworkContext } from '../context';
import { ALL_OUTCOME_GROUPS } from '../episodes/episode-kinds';
import { ALL_CATEGORIES } from '../participants/participant-kinds';
import { networkKey, overdueKey, partyKey, type GroupCounts, type SingleCount } from '../releases/publish';
import { releasedCells } from '../releases/release.service';
import type { DisclosedCount, ParticipantStatistics, ReleasedCount } from './aggregate.types';

interface RawCounts {
  total: number;
  categories: Map<string, number>;
  outcomes: Map<string, number>;
}

interface CountRow {
  dimension: string;
  value: string | null;
  n: string;
}

/**
 * Explicit groups (partnership parties, a pair, a network's members) larger than this are refused:
 * a representation is input, and this bounds the work. Voivodeships are not explicit groups.
 */
const MAX_GROUP = 5000;

function group(ids: readonly string[]): string[] {
  const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))].sort();
  if (valid.length > MAX_GROUP) throw badInput('institutions', `at most ${MAX_GROUP} institutions per group`);
  return valid;
}

const VOIVODESHIP_CODE = /^\d{2}$/;

const emptyCounts = (): RawCounts => ({ total: 0, categories: new Map(), outcomes: new Map() });

function addRow(counts: RawCounts, row: CountRow): void {
  const n = Number(row.n);
  if (row.dimension === 'total') counts.total = n;
  else if (row.dimension === 'category' && row.value) counts.categories.set(row.value, n);
  else if (row.dimension === 'outcome' && row.value) counts.outcomes.set(row.value, n);
}

/** PostgreSQL array literals of validated values (uuids, integers, 2-digit codes): one parameter each, whatever the length. */
const arrayLiteral = (values: readonly (string | number)[]): string => `{${values.join(',')}}`;

/** The batch's groups as (group index, institution) pairs: the functions' integer-keyed input. */
function pairsOf(keys: readonly string[]): { groupIds: string; institutionIds: string } {
  const groupIds: number[] = [];
  const institutionIds: string[] = [];
  keys.forEach((key, index) => {
    for (const id of JSON.parse(key) as string[]) {
      groupIds.push(index);
      institutionIds.push(id);
    }
  });
  return { groupIds: arrayLiteral(groupIds), institutionIds: arrayLiteral(institutionIds) };
}

/** People with a record at >= `min` institutions of the group, batched over the request's groups. */
function personCounts(ctx: CaseworkContext, institutionIds: readonly string[], min: 1 | 2): Promise<RawCounts> {
  const ids = group(institutionIds);
  if (ids.length < min) return Promise.resolve(emptyCounts());
  return ctx.loaders
    .get<string, RawCounts>('casework:personCounts', { min }, async (keys) => {
      const { groupIds, institutionIds: institutions } = pairsOf(keys);
      const rows = await ctx.em.execute<(CountRow & { group_id: number })[]>(
        'select group_id, dimension, value, n from casework_group_person_counts(?::int[], ?::uuid[], ?::int)',
        [groupIds, institutions, min],
      );
      const counts = keys.map(() => emptyCounts());
      for (const row of rows) {
        const target = counts[row.group_id];
        if (target) addRow(target, row);
      }
      return counts;
    })
    .load(JSON.stringify(ids));
}

const cellOf = (c: DisclosedCell): DisclosedCount => ({ count: c.count, suppressed: c.suppressed });

/** The published statistics: exact for the institution's own staff, disclosure-controlled otherwise. */
export function statisticsOf(raw: RawCounts, k: number, exact: boolean): Omit<ParticipantStatistics, 'release'> {
  const categoryParts = ALL_CATEGORIES.map((key) => ({ key, count: raw.categories.get(key) ?? 0 }));
  const outcomeParts = ALL_OUTCOME_GROUPS.map((key) => ({ key, count: raw.outcomes.get(key) ?? 0 }));
  const byOutcome = exact ? exactTable(raw.total, outcomeParts) : discloseTable(raw.total, outcomeParts, k, true);
  // The total is shared by both tables: when the outcome table must hide it, nothing is shown.
  const shownTotal = byOutcome.total.suppressed ? 0 : raw.total;
  const byCategory = exact ? exactTable(raw.total, categoryParts) : discloseTable(shownTotal, categoryParts, k, false);
  return {
    total: cellOf(byOutcome.total),
    byCategory: byCategory.parts.map((p) => ({ category: p.key, ...cellOf(p.cell) })),
    byOutcome: byOutcome.parts.map((p) => ({ outcome: p.key, ...cellOf(p.cell) })),
    k: exact ? null : k,
  };
}

/** Released cells as the counts statisticsOf discloses. */
const rawOf = (g: GroupCounts | null): RawCounts =>
  g ? { total: g.total, categories: new Map(Object.entries(g.category)), outcomes: new Map(Object.entries(g.outcome)) } : emptyCounts();

/**
 * A group's statistics from the latest release (src/casework/README.md, "Statistical releases"):
 * never computed live, so a caller's own writes do not move them before the next release.
 * A group the release does not hold (a proposal, a partnership or network newer than the release)
 * is all suppressed.
 */
async function released(
  ctx: CaseworkContext,
  table: 'institution' | 'voivodeship' | 'shared',
  key: string,
): Promise<ParticipantStatistics & { found: boolean }> {
  const cells = await releasedCells<GroupCounts>(ctx, table, key);
  const stats = statisticsOf(rawOf(cells?.counts ?? null), ctx.k, false);
  return { ...stats, release: cells?.release ?? null, found: cells?.counts != null };
}

/** Its own staff see their institution's counts exactly and live (they see its people anyway); everyone else the release. */
export async function participantsServedBy(ctx: CaseworkContext, institutionId: string): Promise<ParticipantStatistics> {
  if (isStaffOf(ctx.caller, institutionId)) return { ...statisticsOf(await personCounts(ctx, [institutionId], 1), ctx.k, true), release: null };
  return released(ctx, 'institution', isUuid(institutionId) ? institutionId.toLowerCase() : '');
}

/** Pairwise counts exist only for partners: pairs of parties of an active partnership in the release. */
export async function sharedParticipantsOf(ctx: CaseworkContext, institutionId: string, otherId: string): Promise<ParticipantStatistics> {
  if (institutionId === otherId) throw badInput('institutionId', 'must be another institution');
  // Counts for a pair are released only for partners (an active partnership between the two in
  // the release); any other pair answers all suppressed, like a group the release does not hold.
  return released(ctx, 'shared', isUuid(otherId) && isUuid(institutionId) ? partyKey([institutionId, otherId]) : '');
}

/** People served by two or more of the parties (from the registry through `@requires`). */
export async function sharedAmongParties(ctx: CaseworkContext, partyIds: readonly string[]): Promise<ParticipantStatistics> {
  const ids = group(partyIds);
  return released(ctx, 'shared', ids.length >= 2 ? partyKey(ids) : '');
}

/** People served by two or more of the network's members (the members in force at the release). */
export async function sharedAmongMembers(ctx: CaseworkContext, networkId: string): Promise<ParticipantStatistics> {
  return released(ctx, 'shared', isUuid(networkId) ? networkKey(networkId) : '');
}

/** People served by the institutions seated in a voivodeship (reference copy), counted once each. */
export async function participantsServedIn(ctx: CaseworkContext, voivodeship: string): Promise<ParticipantStatistics> {
  return released(ctx, 'voivodeship', VOIVODESHIP_CODE.test(voivodeship) ? voivodeship : '');
}

/** Overdue contacts of the institution, live: for its own staff only. */
function ownOverdueContacts(ctx: CaseworkContext, institutionId: string): Promise<number> {
  const ids = group([institutionId]);
  if (ids.length === 0) return Promise.resolve(0);
  const asOf = todayInPoland();
  return ctx.loaders
    .get<string, number>('casework:overdue', { asOf }, async (keys) => {
      const { groupIds, institutionIds: institutions } = pairsOf(keys);
      const rows = await ctx.em.execute<{ group_id: number; n: string }[]>(
        'select group_id, n from casework_group_overdue_contacts(?::int[], ?::uuid[], ?::date)',
        [groupIds, institutions, asOf],
      );
      const counts = keys.map(() => 0);
      for (const row of rows) if (row.group_id >= 0 && row.group_id < counts.length) counts[row.group_id] = Number(row.n);
      return counts;
    })
    .load(JSON.stringify(ids));
}

async function releasedOverdue(ctx: CaseworkContext, key: string): Promise<ReleasedCount> {
  const cells = await releasedCells<SingleCount>(ctx, 'overdue', key);
  return { ...cellOf(discloseCount(cells?.counts?.total ?? 0, ctx.k)), release: cells?.release ?? null };
}

export async function overdueContactsOf(ctx: CaseworkContext, institutionId: string): Promise<ReleasedCount> {
  if (isStaffOf(ctx.caller, institutionId)) return { ...cellOf(shown(await ownOverdueContacts(ctx, institutionId))), release: null };
  return releasedOverdue(ctx, isUuid(institutionId) ? overdueKey('institution', institutionId) : '');
}

export async function overdueContactsIn(ctx: CaseworkContext, voivodeship: string): Promise<ReleasedCount> {
  return releasedOverdue(ctx, VOIVODESHIP_CODE.test(voivodeship) ? overdueKey('voivodeship', voivodeship) : '');
}
