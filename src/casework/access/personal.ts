// The one gate to person-level data. Only INSTITUTION_STAFF reach it, and only for their own
// institution: every read and write runs in a transaction where PostgreSQL row-level security is
// keyed to that institution (so a query that forgot its filter still sees nothing else), and
// appends its audit rows in the same transaction (no access without its audit row).
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role, type Caller } from '../../common/auth';
import { forbidden, unauthenticated } from '../../common/errors';
import type { CaseworkContext } from '../context';

export type AuditOperation = 'READ' | 'LOOKUP_BY_PESEL' | 'CREATE' | 'UPDATE' | 'IMPORT' | 'VIEW_LINKED_INSTITUTIONS';

export type RecordType = 'participant' | 'service_episode' | 'ipzs' | 'ipzs_record' | 'social_contract' | 'monitoring_contact';

export interface InstitutionScope {
  /** A transactional EntityManager on which RLS sees `institutionId`'s rows only. */
  em: EntityManager;
  institutionId: string;
  audit(operation: AuditOperation, recordType: RecordType, recordIds: readonly string[]): void;
}

// The same answer whatever record was asked for: refusing says nothing about any record.
const ONLY_STAFF = 'participant-level data is available only to staff of the institution that serves the participant';

/** The caller's institution; anyone but its staff is refused (admins too: they run the system, they do not serve people). */
export function staffInstitution(caller: Caller): string {
  if (caller.role === Role.INSTITUTION_STAFF && caller.institutionId) return caller.institutionId;
  if (caller.role === Role.PUBLIC) throw unauthenticated(`${ONLY_STAFF} (sign in)`);
  throw forbidden(ONLY_STAFF);
}

export const isStaffOf = (caller: Caller, institutionId: string): boolean =>
  caller.role === Role.INSTITUTION_STAFF && caller.institutionId === institutionId;

/** Sets the institution RLS keys on, for the rest of the current transaction only. */
export async function setInstitution(em: EntityManager, institutionId: string): Promise<void> {
  await em.execute("select set_config('ksr.institution', ?, true)", [institutionId]);
}

/** Runs person-level work as the caller's institution, in one transaction with its audit rows. */
export async function asInstitution<T>(ctx: CaseworkContext, work: (scope: InstitutionScope) => Promise<T>): Promise<T> {
  const institutionId = staffInstitution(ctx.caller);
  return ctx.em.transactional(async (em) => {
    await setInstitution(em, institutionId);
    const rows: Record<string, unknown>[] = [];
    const result = await work({
      em,
      institutionId,
      audit: (operation, recordType, recordIds) => {
        rows.push({
          subject: ctx.caller.subject ?? 'unknown',
          role: ctx.caller.role,
          institution_id: institutionId,
          operation,
          record_type: recordType,
          record_ids: [...new Set(recordIds)],
        });
      },
    });
    await em.flush();
    if (rows.length) {
      const knex = em.getKnex();
      // uuid[] as an array literal: the ORM inlines parameters and would spread a JS array.
      const values = rows.map((row) => ({ ...row, record_ids: knex.raw('?::uuid[]', [`{${(row.record_ids as string[]).join(',')}}`]) }));
      await em.execute(knex('audit_event').insert(values));
    }
    return result;
  });
}

/** A write: like `asInstitution`, then the request's caches are dropped so later fields read what was written. */
export async function personalWrite<T>(ctx: CaseworkContext, work: (scope: InstitutionScope) => Promise<T>): Promise<T> {
  try {
    return await asInstitution(ctx, work);
  } finally {
    ctx.em.clear();
    ctx.loaders.clearAll();
  }
}

/** A per-request loader whose batches are audited reads as the caller's institution. */
export function personalLoader<K, V>(
  ctx: CaseworkContext,
  name: string,
  args: unknown,
  batch: (scope: InstitutionScope, keys: readonly K[]) => Promise<V[]>,
) {
  return ctx.loaders.get<K, V>(`casework:${name}`, args, (keys) => asInstitution(ctx, (scope) => batch(scope, keys)));
}
