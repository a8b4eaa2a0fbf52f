// Who is writing, for the database's history of a subgraph's records: a transaction-local setting
// (`ksr.actor`, JSON) that the registry's row triggers read for every row they record
// (Migration20261204100000_history_and_changes). Set per mutation, per seed and per import
// transaction; a write without it is recorded with channel DATABASE.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from './auth';

/** How a write reached the database. */
type WriteChannel = 'API' | 'IMPORT' | 'SEED' | 'MIGRATION';

export interface WriteActor {
  channel: WriteChannel;
  role?: string;
  institution?: string;
  subject?: string;
  /** Bulk import or seed: the file and the line of the record written. */
  file?: string;
  line?: number;
  /** Free text: the seed or command. */
  detail?: string;
}

/** The actor of an API mutation: the verified caller. */
export const apiActor = (caller: Caller): WriteActor => ({
  channel: 'API',
  role: caller.role,
  institution: caller.institutionId,
  subject: caller.subject,
  detail: caller.voivodeship ? `voivodeship ${caller.voivodeship}` : undefined,
});

/** The SQL that sets the actor for the rest of the current transaction (parameter: the JSON). */
export const SET_ACTOR_SQL = "select set_config('ksr.actor', ?, true)";

export const actorJson = (actor: WriteActor): string => JSON.stringify(actor);

/** Sets the actor for the rest of `em`'s current transaction (call inside it). */
export async function setWriteActor(em: EntityManager, actor: WriteActor): Promise<void> {
  await em.getConnection().execute(SET_ACTOR_SQL, [actorJson(actor)], 'get', em.getTransactionContext());
}
