// What every resolver receives: a request-scoped EntityManager, the verified caller and the
// request's DataLoaders. Nothing here outlives the request. In a mutation, `em` and `loaders`
// are those of its transaction (transaction.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from './auth';
import type { Loaders } from './loaders';
import type { WriteActor } from './write-actor';

export interface RequestContext {
  em: EntityManager;
  caller: Caller;
  loaders: Loaders;
  /**
   * Who writes, derived from the caller at the start of every mutation's transaction for the
   * database's history of rows (the registry's). A subgraph without that history (casework) leaves it out.
   */
  actorOf?: (caller: Caller) => WriteActor;
}
