// Reads of the registry's history, sources and change feed. Nothing here writes them: the
// database's triggers do (Migration20261204100000_history_and_changes), for every write path.
// Every read is batched per request (DataLoaders): a list of records with their history, source or
// lastChangedAt costs one statement per field, whatever the number of records.
import { deny, requireSignedIn, Role, type Caller } from '../../common/auth';
import { decodeCursor, encodeCursor, pageSize, toConnection, type ConnectionShape } from '../../common/connection';
import type { RequestContext } from '../../common/context';
import { badInput } from '../../common/errors';
import { isUuid } from '../../common/ids';
import {
  ChangeChannel,
  ChangeOperation,
  RecordType,
  SourceKind,
  type FieldChange,
  type HistoryEntry,
  type RecordSource,
  type RegistryChange,
} from './history.types';

/** snake_case column names as the API names fields: `municipality_code` → `municipalityCode`. */
export const fieldName = (column: string): string => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A row's state (registry_state) with the API's field names. */
function stateFields(state: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [fieldName(k), v]));
}

/** A Postgres uuid[] literal of the ids that are uuids (others cannot match anything). */
const uuidArray = (ids: readonly string[]): string => `{${ids.filter(isUuid).join(',')}}`;

async function rows<T>(ctx: RequestContext, sql: string, params: unknown[]): Promise<T[]> {
  return ctx.em.getConnection().execute<T[]>(sql, params, 'all', ctx.em.getTransactionContext());
}

// ---- who may read a record's history -------------------------------------------------------

/** The institutions a record belongs to and the voivodeships it lies in, per record type. */
const OWNERS: Partial<Record<RecordType, string>> = {
  [RecordType.INSTITUTION]: `select i.id::text as id, array_remove(array[i.id, i.founder_id], null)::text[] as institutions,
      array_remove(array[left(i.municipality_code, 2)], null) as voivodeships
    from institution i where i.id = any(?::uuid[])`,
  [RecordType.PARTNERSHIP]: `select pp.partnership_id::text as id, array_agg(pp.institution_id)::text[] as institutions,
      array_remove(array_agg(distinct left(i.municipality_code, 2)), null) as voivodeships
    from partnership_party pp join institution i on i.id = pp.institution_id where pp.partnership_id = any(?::uuid[]) group by pp.partnership_id`,
  [RecordType.NETWORK]: `select n.id::text as id,
      array(select m.institution_id::text from membership m where m.network_id = n.id and m.role = 'COORDINATOR') as institutions,
      array_remove(array[n.voivodeship_code, left(n.municipality_code, 2)], null) as voivodeships
    from network n where n.id = any(?::uuid[])`,
  [RecordType.MEMBERSHIP]: `select m.id::text as id, array[m.institution_id::text] as institutions,
      array_remove(array[left(i.municipality_code, 2), n.voivodeship_code], null) as voivodeships
    from membership m join institution i on i.id = m.institution_id join network n on n.id = m.network_id where m.id = any(?::uuid[])`,
  [RecordType.MEETING]: `select mt.id::text as id,
      array(select m.institution_id::text from membership m where m.network_id = mt.network_id and m.role = 'COORDINATOR') as institutions,
      array_remove(array[n.voivodeship_code, left(n.municipality_code, 2)], null) as voivodeships
    from meeting mt join network n on n.id = mt.network_id where mt.id = any(?::uuid[])`,
  [RecordType.GRANT]: `select g.id::text as id, array_remove(array[g.recipient_id, g.club_id], null)::text[] as institutions,
      array_remove(array[left(r.municipality_code, 2), left(c.municipality_code, 2)], null) as voivodeships
    from "grant" g join institution r on r.id = g.recipient_id left join institution c on c.id = g.club_id where g.id = any(?::uuid[])`,
  [RecordType.FUNDING_SOURCE]: `select f.id::text as id, array[f.institution_id::text] as institutions,
      array_remove(array[left(i.municipality_code, 2)], null) as voivodeships
    from funding_source f join institution i on i.id = f.institution_id where f.id = any(?::uuid[])`,
};

interface Owners {
  institutions: string[];
  voivodeships: string[];
}

const NO_OWNERS: Owners = { institutions: [], voivodeships: [] };

function ownersOf(ctx: RequestContext, type: RecordType, id: string): Promise<Owners> {
  return ctx.loaders
    .get<string, Owners>('historyOwners', type, async (ids) => {
      const sql = OWNERS[type];
      if (!sql) return ids.map(() => NO_OWNERS);
      const found = await rows<Owners & { id: string }>(ctx, sql, [uuidArray(ids)]);
      const byId = new Map(found.map((r) => [r.id, r]));
      return ids.map((i) => byId.get(i) ?? NO_OWNERS);
    })
    .load(id);
}

/** Admins; staff of the record's own institution; the regional coordinator of its voivodeship. */
function mayReadHistory(caller: Caller, owners: Owners): boolean {
  switch (caller.role) {
    case Role.ADMIN:
      return true;
    case Role.INSTITUTION_STAFF:
      return caller.institutionId !== undefined && owners.institutions.includes(caller.institutionId);
    case Role.REGIONAL_COORDINATOR:
      return caller.voivodeship !== undefined && owners.voivodeships.includes(caller.voivodeship);
    default:
      return false;
  }
}

/** A cursor of the history or the feed: (commit sequence, change id), both decimal. */
function numericCursor(after: string): [string, string] {
  const [seq, id] = decodeCursor(after, 2) as [string, string];
  if (!/^\d{1,18}$/.test(seq) || !/^\d{1,18}$/.test(id)) throw badInput('after', 'not a cursor returned by this list');
  return [seq, id];
}

// ---- history --------------------------------------------------------------------------------

interface ChangeRow {
  parent: string;
  seq: string;
  id: string;
  /** timestamptz as the driver returns it (text). */
  committed_at: string | Date;
  record_type: RecordType;
  record_id: string;
  operation: ChangeOperation;
  state: Record<string, unknown>;
  changes: { field: string; before: unknown; after: unknown }[] | null;
  channel: ChangeChannel;
  actor_role: Role | null;
  actor_institution: string | null;
  actor_subject: string | null;
  import_file: string | null;
  import_line: number | null;
  detail: string | null;
  total: string;
}

/** Types whose history includes their parts' (a partnership's parties, a meeting's attendance). */
const WITH_PARTS = new Set([RecordType.PARTNERSHIP, RecordType.MEETING]);

function fieldChanges(row: ChangeRow): FieldChange[] {
  if (row.changes) return row.changes.map((c) => ({ field: fieldName(c.field), before: c.before ?? null, after: c.after ?? null }));
  const removed = row.operation === ChangeOperation.REMOVED;
  return Object.entries(row.state)
    .filter(([, v]) => v !== null)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => ({ field: fieldName(k), before: removed ? v : null, after: removed ? null : v }));
}

function toEntry(caller: Caller, row: ChangeRow): HistoryEntry {
  // The token subject names a person's account: admins and the actor's own institution only.
  const seesSubject = caller.role === Role.ADMIN || (row.actor_institution !== null && caller.institutionId === row.actor_institution);
  return {
    at: new Date(row.committed_at),
    operation: row.operation,
    recordType: row.record_type,
    recordId: row.record_id,
    channel: row.channel,
    actor: { role: row.actor_role, institutionId: row.actor_institution, subject: seesSubject ? row.actor_subject : null },
    file: row.import_file,
    line: row.import_line,
    detail: row.detail,
    changes: fieldChanges(row),
  };
}

interface HistoryPage {
  rows: ChangeRow[];
  total: number;
}

/** One page of each record's history, newest first, for all records of one tick: one statement. */
function historyPages(ctx: RequestContext, type: RecordType, size: number, after: string | null | undefined) {
  let cursor: [string, string] | null = null;
  if (after) {
    cursor = numericCursor(after);
  }
  const match = WITH_PARTS.has(type) ? '(ch.record_id = k.parent or ch.parent_id = k.parent)' : 'ch.record_id = k.parent';
  return ctx.loaders.get<string, HistoryPage>('history', { type, size, after }, async (ids) => {
    const found = await rows<ChangeRow>(
      ctx,
      `with matched as (
         select k.parent::text as parent, c.seq, ch.id, c.committed_at, ch.record_type, ch.record_id::text as record_id, ch.operation, ch.state, ch.changes,
                ch.channel, ch.actor_role, ch.actor_institution::text as actor_institution, ch.actor_subject, ch.import_file, ch.import_line, ch.detail,
                count(*) over (partition by k.parent) as total
         from unnest(?::uuid[]) as k(parent)
         join registry_change ch on ${match}
         join registry_commit c on c.tx = ch.tx
       ), ranked as (
         select m.*, row_number() over (partition by m.parent order by m.seq desc, m.id desc) as rn
         from matched m where ?::bigint is null or (m.seq, m.id) < (?::bigint, ?::bigint)
       )
       select r.* from ranked r where r.rn <= ? order by r.parent, r.rn`,
      [uuidArray(ids), cursor?.[0] ?? null, cursor?.[0] ?? null, cursor?.[1] ?? null, size + 1],
    );
    const byParent = new Map<string, ChangeRow[]>();
    for (const r of found) byParent.set(r.parent, [...(byParent.get(r.parent) ?? []), r]);
    return ids.map((id) => ({ rows: byParent.get(id) ?? [], total: Number(byParent.get(id)?.[0]?.total ?? 0) }));
  });
}

/** A record's history, newest first, for callers allowed to see it (FORBIDDEN for others). */
export async function historyOf(
  ctx: RequestContext,
  type: RecordType,
  id: string,
  first: number | null | undefined,
  after: string | null | undefined,
): Promise<ConnectionShape<HistoryEntry>> {
  requireSignedIn(ctx.caller, 'history');
  const size = pageSize(first);
  const pages = historyPages(ctx, type, size, after);
  const [owners, page] = await Promise.all([ownersOf(ctx, type, id), pages.load(id)]);
  if (!mayReadHistory(ctx.caller, owners)) {
    deny('history', "only admins, the record's own institution and the regional coordinator of its voivodeship may read its history");
  }
  const items = page.rows.slice(0, size);
  return toConnection({
    items: items.map((r) => toEntry(ctx.caller, r)),
    cursors: items.map((r) => encodeCursor([r.seq, r.id])),
    hasNextPage: page.rows.length > size,
    hasPreviousPage: after != null,
    totalCount: page.total,
  });
}

/** When a record (or one of its parts) last changed; public. */
export function lastChangedAt(ctx: RequestContext, type: RecordType, id: string): Promise<Date | null> {
  const match = WITH_PARTS.has(type) ? '(ch.record_id = k.id or ch.parent_id = k.id)' : 'ch.record_id = k.id';
  return ctx.loaders
    .get<string, Date | null>('lastChangedAt', type, async (ids) => {
      const found = await rows<{ id: string; at: string | Date }>(
        ctx,
        `select k.id::text as id, max(c.committed_at) as at from unnest(?::uuid[]) as k(id)
         join registry_change ch on ${match} join registry_commit c on c.tx = ch.tx group by k.id`,
        [uuidArray(ids)],
      );
      const byId = new Map(found.map((r) => [r.id, new Date(r.at)]));
      return ids.map((i) => byId.get(i) ?? null);
    })
    .load(id);
}

// ---- sources --------------------------------------------------------------------------------

interface SourceRow {
  id: string;
  kind: SourceKind | null;
  document: string | null;
  reference: string | null;
  channel: ChangeChannel | null;
  actor_role: Role | null;
  actor_institution: string | null;
  import_file: string | null;
  import_line: number | null;
}

/** A record's source: the one recorded (seeds), else what its creation says about it. */
function deriveSource(row: SourceRow | undefined, synthetic: boolean): RecordSource {
  if (row?.kind) return { kind: row.kind, document: row.document, reference: row.reference };
  if (synthetic) return { kind: SourceKind.SYNTHETIC, document: null, reference: 'Generated stand-in: no source states this record.' };
  if (row?.channel === ChangeChannel.IMPORT) {
    return { kind: SourceKind.IMPORT, document: row.import_file, reference: row.import_line != null ? `line ${row.import_line}` : null };
  }
  if (row?.channel === ChangeChannel.API) {
    const who = row.actor_institution
      ? `staff of institution ${row.actor_institution}`
      : (row.actor_role ?? 'a signed-in caller').toLowerCase().replace(/_/g, ' ');
    return { kind: SourceKind.INSTITUTION, document: null, reference: `Entered through the API by ${who}.` };
  }
  return { kind: SourceKind.INSTITUTION, document: null, reference: 'Entered before the registry kept sources.' };
}

export function sourceOf(ctx: RequestContext, id: string, synthetic: boolean): Promise<RecordSource> {
  return ctx.loaders
    .get<string, SourceRow | undefined>('recordSource', undefined, async (ids) => {
      const found = await rows<SourceRow>(
        ctx,
        `select k.id::text as id, s.kind, s.document, s.reference, ch.channel, ch.actor_role, ch.actor_institution::text as actor_institution, ch.import_file, ch.import_line
         from unnest(?::uuid[]) as k(id)
         left join record_source s on s.record_id = k.id
         left join lateral (select c.* from registry_change c where c.record_id = k.id and c.operation = 'CREATED' order by c.id limit 1) ch on true`,
        [uuidArray(ids)],
      );
      const byId = new Map(found.map((r) => [r.id, r]));
      return ids.map((i) => byId.get(i));
    })
    .load(id)
    .then((row) => deriveSource(row, synthetic));
}

// ---- the change feed ------------------------------------------------------------------------

interface FeedRow {
  seq: string;
  id: string;
  /** timestamptz as the driver returns it (text). */
  committed_at: string | Date;
  record_type: RecordType;
  record_id: string;
  parent_id: string | null;
  operation: ChangeOperation;
  state: Record<string, unknown> | null;
}

/**
 * Committed changes after the cursor, in commit order (registry_commit.seq, then the order of the
 * writes within the transaction). A snapshot always sees a prefix of the commit sequence, so a
 * client that follows endCursor sees every change once. With no change after the cursor, endCursor
 * is the cursor given: keep it and ask again later.
 */
export async function changesAfter(
  ctx: RequestContext,
  after: string | null | undefined,
  types: readonly RecordType[] | null | undefined,
  first: number | null | undefined,
): Promise<ConnectionShape<RegistryChange>> {
  const size = pageSize(first);
  let seq = '0';
  let id = '0';
  if (after) {
    [seq, id] = numericCursor(after);
  }
  const typeList = types?.length ? `{${types.join(',')}}` : null;
  const where = `c.seq >= ?::bigint and (c.seq > ?::bigint or ch.id > ?::bigint) and (?::text[] is null or ch.record_type = any(?::text[]))`;
  const params = [seq, seq, id, typeList, typeList];
  const [found, [count]] = await Promise.all([
    rows<FeedRow>(
      ctx,
      `select c.seq::text as seq, ch.id::text as id, c.committed_at, ch.record_type, ch.record_id::text as record_id, ch.parent_id::text as parent_id, ch.operation,
              case when ch.operation = 'REMOVED' then null else ch.state end as state
       from registry_commit c join registry_change ch on ch.tx = c.tx
       where ${where} order by c.seq, ch.id limit ?`,
      [...params, size + 1],
    ),
    rows<{ n: string }>(ctx, `select count(*)::text as n from registry_commit c join registry_change ch on ch.tx = c.tx where ${where}`, params),
  ]);
  const items = found.slice(0, size);
  const connection = toConnection({
    items: items.map((r) => ({
      recordType: r.record_type,
      recordId: r.record_id,
      parentId: r.parent_id,
      operation: r.operation,
      committedAt: new Date(r.committed_at),
      state: r.state ? stateFields(r.state) : null,
    })),
    cursors: items.map((r) => encodeCursor([r.seq, r.id])),
    hasNextPage: found.length > size,
    hasPreviousPage: after != null,
    totalCount: Number(count.n),
  });
  if (!connection.pageInfo.endCursor && after) connection.pageInfo.endCursor = after;
  return connection;
}
