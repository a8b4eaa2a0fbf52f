// What every resolver receives: a request-scoped EntityManager, the verified caller and the
// request's DataLoaders. Nothing here outlives the request.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from './auth';
import { mappingConstraints } from './constraints';
import { Loaders } from './loaders';
import { apiActor, setWriteActor } from './write-actor';

export interface RequestContext {
  em: EntityManager;
  caller: Caller;
  loaders: Loaders;
}

/**
 * Runs one mutation in its own transaction with its own unit of work: it commits whole or not at
 * all ("no partial writes"), and afterwards the request's caches are dropped so later fields of the
 * response read what was written.
 */
export async function mutation<T>(ctx: RequestContext, write: (tx: RequestContext) => Promise<T>): Promise<T> {
  try {
    // A "no duplicate" rule the database refused (constraints.ts) is the caller's CONFLICT.
    return await mappingConstraints(() =>
      ctx.em.transactional(async (em) => {
        // The database records every row written with this caller (registry history).
        await setWriteActor(em, apiActor(ctx.caller));
        return write({ ...ctx, em, loaders: new Loaders(em, 'managed') });
      }),
    );
  } finally {
    ctx.em.clear();
    ctx.loaders.clearAll();
  }
}
