// The one gate to person-level data. Only INSTITUTION_STAFF reach it, and only for their own
// institution: every read and write runs in a transaction where PostgreSQL row-level security is
// keyed to that institution (so a query that forgot its filter still sees nothing else), and
// appends its audit rows in the same transaction (no access without its audit row).
import { helper, type EntityClass, type FilterQuery, type FindOptions, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, type Caller } from '../../common/auth';
import { forbidden, unauthenticated } from '../../common/errors';
import { permissionDecorator } from '../../common/permissions';
import type { CaseworkContext } from '../context';

type AuditOperation = 'READ' | 'LOOKUP_BY_PESEL' | 'CREATE' | 'UPDATE' | 'IMPORT' | 'VIEW_LINKED_INSTITUTIONS';

/** Person-level tables; the record type of an audit row is the table's name. */
const RECORD_TYPES = ['participant', 'service_episode', 'ipzs', 'ipzs_record', 'social_contract', 'monitoring_contact'] as const;
type RecordType = (typeof RECORD_TYPES)[number];
const isRecordType = (table: string): table is RecordType => (RECORD_TYPES as readonly string[]).includes(table);

/**
 * Person-level work as one institution. Rows are read and written through the helpers, which
 * write the audit rows themselves (reads that find nothing too). `em` remains for raw SQL and
 * non-person tables; a person row it loads or changes without an audit row makes the scope
 * refuse to commit (see `asInstitution`).
 */
export interface InstitutionScope {
  /** A transactional EntityManager on which RLS sees `institutionId`'s rows only. */
  em: EntityManager;
  institutionId: string;
  /** Audited read (default `READ`) of the institution's rows matching `where`. */
  find<T extends object>(entity: EntityClass<T>, where: FilterQuery<NoInfer<T>>, options?: FindOptions<NoInfer<T>>, operation?: AuditOperation): Promise<T[]>;
  findOne<T extends object>(entity: EntityClass<T>, where: FilterQuery<NoInfer<T>>, operation?: AuditOperation): Promise<T | null>;
  /** A new row, audited as CREATE. */
  create<T extends object>(entity: EntityClass<T>, data: RequiredEntityData<NoInfer<T>>): T;
  /** Changes a row, audited as UPDATE. */
  update<T extends object>(row: T, changes: Partial<T>): T;
  /** Raw SQL that reveals person-level rows (database functions), audited as given. */
  execute<R>(sql: string, params: unknown[], audit: { operation: AuditOperation; recordType: RecordType; recordIds: readonly string[] }): Promise<R>;
  /** For bulk paths that write through nested transactions (import): audits rows touched there. */
  audit(operation: AuditOperation, recordType: RecordType, recordIds: readonly string[]): void;
}

// The same answer whatever record was asked for: refusing says nothing about any record.
const ONLY_STAFF = 'participant-level data is available only to staff of the institution that serves the participant';

/** The caller's institution; anyone but its staff is refused (admins too: they run the system, they do not serve people). */
function staffInstitution(caller: Caller): string {
  if (caller.role === Role.INSTITUTION_STAFF && caller.institutionId) return caller.institutionId;
  if (caller.role === Role.PUBLIC) throw unauthenticated(`${ONLY_STAFF} (sign in)`);
  throw forbidden(ONLY_STAFF);
}

export const isStaffOf = (caller: Caller, institutionId: string): boolean => caller.role === Role.INSTITUTION_STAFF && caller.institutionId === institutionId;

/** Sets the institution RLS keys on, for the rest of the current transaction only. */
async function setInstitution(em: EntityManager, institutionId: string): Promise<void> {
  await em.execute("select set_config('ksr.institution', ?, true)", [institutionId]);
}

/**
 * The permission of person-level operations (common/permissions.ts): staff of an institution
 * only, refused with the constant message of `staffInstitution`.
 */
export const StaffOnly = (): MethodDecorator =>
  permissionDecorator({
    roles: [Role.INSTITUTION_STAFF],
    refuse: (caller) => {
      staffInstitution(caller);
      throw forbidden(ONLY_STAFF);
    },
  });

const tableOf = (em: EntityManager, entity: EntityClass<object>): string => em.getMetadata().get(entity.name).tableName;

/**
 * Runs person-level work as the caller's institution, in one transaction with its audit rows: in a
 * mutation, the mutation's own (common/transaction.ts), which the work joins; otherwise (reads,
 * the import command) one of its own.
 */
export async function asInstitution<T>(ctx: CaseworkContext, work: (scope: InstitutionScope) => Promise<T>): Promise<T> {
  const institutionId = staffInstitution(ctx.caller);
  const inTransaction = <R>(run: (em: EntityManager) => Promise<R>): Promise<R> => (ctx.em.isInTransaction() ? run(ctx.em) : ctx.em.transactional(run));
  return inTransaction(async (em) => {
    await setInstitution(em, institutionId);
    // Audit rows by operation and record type; ids a set (a row read twice is listed once).
    const audits = new Map<string, { operation: AuditOperation; recordType: RecordType; ids: Set<string> }>();
    const audit = (operation: AuditOperation, recordType: RecordType, recordIds: readonly string[]) => {
      const key = `${operation}:${recordType}`;
      const entry = audits.get(key) ?? { operation, recordType, ids: new Set<string>() };
      for (const id of recordIds) entry.ids.add(id);
      audits.set(key, entry);
    };
    const auditRows = (entity: EntityClass<object>, operation: AuditOperation, rows: readonly object[]) => {
      const table = tableOf(em, entity);
      if (isRecordType(table))
        audit(
          operation,
          table,
          rows.map((r) => String(helper(r).getPrimaryKey())),
        );
    };
    // Versions of rows read here, to catch a change made without `update` (version-locked tables).
    const readVersions = new Map<object, unknown>();
    const updated = new Set<object>();
    const before = new Set(em.getUnitOfWork().getIdentityMap().values());
    const scoped = <W extends object>(where: FilterQuery<W>) => ({ $and: [where, { institutionId }] }) as FilterQuery<W>;
    const scope: InstitutionScope = {
      em,
      institutionId,
      async find(entity, where, options, operation = 'READ') {
        const rows = await em.find(entity, scoped(where), options);
        auditRows(entity, operation, rows);
        for (const row of rows) readVersions.set(row, (row as { version?: unknown }).version);
        return rows;
      },
      async findOne(entity, where, operation = 'READ') {
        const row = await em.findOne(entity, scoped(where));
        auditRows(entity, operation, row ? [row] : []);
        if (row) readVersions.set(row, (row as { version?: unknown }).version);
        return row;
      },
      create(entity, data) {
        const row = em.create(entity, data);
        auditRows(entity, 'CREATE', [row]);
        return row;
      },
      update(row, changes) {
        Object.assign(row, changes);
        updated.add(row);
        auditRows(helper(row).__meta.class, 'UPDATE', [row]);
        return row;
      },
      async execute(sql, params, { operation, recordType, recordIds }) {
        const result = await em.execute(sql, params);
        audit(operation, recordType, recordIds);
        return result as never;
      },
      audit,
    };
    const result = await work(scope);
    await em.flush();
    refuseUnaudited(em, before, audits, readVersions, updated);
    if (audits.size) {
      const knex = em.getKnex();
      // uuid[] as an array literal: the ORM inlines parameters and would spread a JS array.
      const values = [...audits.values()].map((a) => ({
        subject: ctx.caller.subject ?? 'unknown',
        role: ctx.caller.role,
        institution_id: institutionId,
        operation: a.operation,
        record_type: a.recordType,
        record_ids: knex.raw('?::uuid[]', [`{${[...a.ids].join(',')}}`]),
      }));
      await em.execute(knex('audit_event').insert(values));
    }
    return result;
  });
}

/**
 * No access without its audit row: a person row loaded into this transaction, or changed in it,
 * without a matching audit row (the helpers bypassed) aborts the transaction.
 */
function refuseUnaudited(
  em: EntityManager,
  before: ReadonlySet<object>,
  audits: ReadonlyMap<string, { recordType: RecordType; ids: ReadonlySet<string> }>,
  readVersions: ReadonlyMap<object, unknown>,
  updated: ReadonlySet<object>,
): void {
  const audited = new Set([...audits.values()].flatMap((a) => [...a.ids].map((id) => `${a.recordType}:${id}`)));
  for (const row of em.getUnitOfWork().getIdentityMap().values()) {
    const wrapped = helper(row);
    const table = wrapped.__meta.tableName;
    if (!isRecordType(table) || !wrapped.__initialized) continue;
    const key = `${table}:${String(wrapped.getPrimaryKey())}`;
    if (!before.has(row) && !audited.has(key)) throw new Error(`person-level row ${key} was read or written without an audit row`);
    if (readVersions.has(row) && !updated.has(row) && readVersions.get(row) !== (row as { version?: unknown }).version) {
      throw new Error(`person-level row ${key} was changed without an UPDATE audit row`);
    }
  }
}

/**
 * A write: `asInstitution` in the transaction of its mutation, declared with `@Transaction()`
 * (which maps refused "no duplicate" rules to CONFLICT and drops the request's caches after).
 */
export function personalWrite<T>(ctx: CaseworkContext, work: (scope: InstitutionScope) => Promise<T>): Promise<T> {
  if (!ctx.em.isInTransaction()) throw new Error("a person-level write runs in its mutation's transaction: declare @Transaction() on the mutation");
  return asInstitution(ctx, work);
}

/** A per-request loader whose batches are audited reads as the caller's institution. */
export function personalLoader<K, V>(ctx: CaseworkContext, name: string, args: unknown, batch: (scope: InstitutionScope, keys: readonly K[]) => Promise<V[]>) {
  return ctx.loaders.get<K, V>(`casework:${name}`, args, (keys) => asInstitution(ctx, (scope) => batch(scope, keys)));
}
