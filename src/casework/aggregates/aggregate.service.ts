// Counts over groups of institutions, for the fields casework adds to registry entities. The
// counting happens in SECURITY DEFINER functions (migration "privacy") that return counts, never
// rows; here they are batched per request and disclosure-controlled before they leave.
import { badInput } from '../../common/errors';
import { todayInPoland } from '../../common/dates';
import { discloseCount, discloseTable, exactTable, shown, type DisclosedCell } from '../../common/disclosure';
import { isUuid } from '../../common/loaders';
import { isStaffOf } from '../access/personal';
import type { CaseworkContext } from '../context';
import { ALL_OUTCOME_GROUPS } from '../episodes/episode-kinds';
import { ALL_CATEGORIES } from '../participants/participant-kinds';
import { membersOn, institutionsOfVoivodeship } from '../reference/reference.service';
import type { DisclosedCount, ParticipantStatistics } from './aggregate.types';

interface RawCounts {
  total: number;
  categories: Map<string, number>;
  outcomes: Map<string, number>;
}

/** Groups larger than this are refused: a representation is input, and this bounds the work. */
const MAX_GROUP = 5000;

function group(ids: readonly string[]): string[] {
  const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))].sort();
  if (valid.length > MAX_GROUP) throw badInput('institutions', `at most ${MAX_GROUP} institutions per group`);
  return valid;
}

const emptyCounts = (): RawCounts => ({ total: 0, categories: new Map(), outcomes: new Map() });

/** People with a record at >= `min` institutions of the group, batched over the request's groups. */
function personCounts(ctx: CaseworkContext, institutionIds: readonly string[], min: 1 | 2): Promise<RawCounts> {
  const ids = group(institutionIds);
  if (ids.length < min) return Promise.resolve(emptyCounts());
  return ctx.loaders
    .get<string, RawCounts>('casework:personCounts', { min }, async (keys) => {
      const groupKeys: string[] = [];
      const institutions: string[] = [];
      for (const key of keys) {
        for (const id of JSON.parse(key) as string[]) {
          groupKeys.push(key);
          institutions.push(id);
        }
      }
      const rows = await ctx.em.execute<{ group_key: string; dimension: string; value: string | null; n: string }[]>(
        'select * from casework_person_counts(array[?]::text[], array[?]::uuid[], ?)',
        [groupKeys, institutions, min],
      );
      const byKey = new Map(keys.map((k) => [k, emptyCounts()]));
      for (const row of rows) {
        const counts = byKey.get(row.group_key);
        if (!counts) continue;
        const n = Number(row.n);
        if (row.dimension === 'total') counts.total = n;
        else if (row.dimension === 'category' && row.value) counts.categories.set(row.value, n);
        else if (row.dimension === 'outcome' && row.value) counts.outcomes.set(row.value, n);
      }
      return keys.map((k) => byKey.get(k) ?? emptyCounts());
    })
    .load(JSON.stringify(ids));
}

const cellOf = (c: DisclosedCell): DisclosedCount => ({ count: c.count, suppressed: c.suppressed });

/** The published statistics: exact for the institution's own staff, disclosure-controlled otherwise. */
export function statisticsOf(raw: RawCounts, k: number, exact: boolean): ParticipantStatistics {
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

export async function participantsServedBy(ctx: CaseworkContext, institutionId: string): Promise<ParticipantStatistics> {
  return statisticsOf(await personCounts(ctx, [institutionId], 1), ctx.k, isStaffOf(ctx.caller, institutionId));
}

export async function sharedParticipantsOf(ctx: CaseworkContext, institutionId: string, otherId: string): Promise<ParticipantStatistics> {
  if (institutionId === otherId) throw badInput('institutionId', 'must be another institution');
  return statisticsOf(await personCounts(ctx, [institutionId, otherId], 2), ctx.k, false);
}

/** People served by two or more of the parties (from the registry through `@requires`). */
export async function sharedAmongParties(ctx: CaseworkContext, partyIds: readonly string[]): Promise<ParticipantStatistics> {
  return statisticsOf(await personCounts(ctx, partyIds, 2), ctx.k, false);
}

/** People served by two or more of the network's members today (reference copy of memberships). */
export async function sharedAmongMembers(ctx: CaseworkContext, networkId: string): Promise<ParticipantStatistics> {
  const members = isUuid(networkId) ? await membersOn(ctx, networkId, todayInPoland()) : [];
  return statisticsOf(await personCounts(ctx, members, 2), ctx.k, false);
}

/** People served by the institutions seated in a voivodeship (reference copy), counted once each. */
export async function participantsServedIn(ctx: CaseworkContext, voivodeship: string): Promise<ParticipantStatistics> {
  const ids = /^\d{2}$/.test(voivodeship) ? await institutionsOfVoivodeship(ctx, voivodeship) : [];
  return statisticsOf(await personCounts(ctx, ids, 1), ctx.k, false);
}

function overdueContacts(ctx: CaseworkContext, institutionIds: readonly string[]): Promise<number> {
  const ids = group(institutionIds);
  if (ids.length === 0) return Promise.resolve(0);
  const asOf = todayInPoland();
  return ctx.loaders
    .get<string, number>('casework:overdue', { asOf }, async (keys) => {
      const groupKeys: string[] = [];
      const institutions: string[] = [];
      for (const key of keys) {
        for (const id of JSON.parse(key) as string[]) {
          groupKeys.push(key);
          institutions.push(id);
        }
      }
      const rows = await ctx.em.execute<{ group_key: string; n: string }[]>('select * from casework_overdue_contacts(array[?]::text[], array[?]::uuid[], ?::date)', [
        groupKeys,
        institutions,
        asOf,
      ]);
      const byKey = new Map(rows.map((r) => [r.group_key, Number(r.n)]));
      return keys.map((k) => byKey.get(k) ?? 0);
    })
    .load(JSON.stringify(ids));
}

export async function overdueContactsOf(ctx: CaseworkContext, institutionId: string): Promise<DisclosedCount> {
  const n = await overdueContacts(ctx, [institutionId]);
  return cellOf(isStaffOf(ctx.caller, institutionId) ? shown(n) : discloseCount(n, ctx.k));
}

export async function overdueContactsIn(ctx: CaseworkContext, voivodeship: string): Promise<DisclosedCount> {
  const ids = /^\d{2}$/.test(voivodeship) ? await institutionsOfVoivodeship(ctx, voivodeship) : [];
  return cellOf(discloseCount(await overdueContacts(ctx, ids), ctx.k));
}
