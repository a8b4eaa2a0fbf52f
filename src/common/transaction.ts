// Where a write's transaction begins and ends: at its root Mutation field, declared there, and
// opened in one place (this middleware), in both subgraphs.
//
// How to declare a new mutation: put `@Transaction()` next to its permission decorator
// (common/permissions.ts):
//   @Mutation(() => Grant)
//   @Allow([Role.ADMIN], 'only an admin may record grants')
//   @Transaction()
//   recordGrant(@Ctx() ctx: RequestContext, ...) { return funding.recordGrant(ctx, input); }
// The resolver and the services it calls then use `ctx` as it comes: its `em` is the mutation's
// transaction, its loaders read through it. Every Mutation field declares it and no Query field
// does (`extensions.transaction`, checked by test/common/transaction.test.ts).
//
// What it does for each mutation field:
//   - one transaction with its own unit of work: the field commits whole or not at all ("no
//     partial writes"); a nested `em.transactional` inside is a savepoint (casework import);
//   - the subgraph's part first, from the context: `actorOf` (registry history, write-actor.ts);
//   - a "no duplicate" rule the database refused (constraints.ts) is answered as CONFLICT;
//   - afterwards the request's caches are dropped, so the payload's fields (resolved after the
//     commit, with the request's own context) read what was written.
// Root mutation fields run one after the other (GraphQL spec), each in its own transaction.
import { Extensions, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import { mappingConstraints } from './constraints';
import type { RequestContext } from './context';
import { Loaders } from './loaders';
import { setWriteActor } from './write-actor';

const inTransaction: MiddlewareFn<RequestContext> = async (action, next): Promise<unknown> => {
  const request = action.context;
  try {
    return await mappingConstraints<unknown>(() =>
      request.em.transactional(async (em): Promise<unknown> => {
        if (request.actorOf) await setWriteActor(em, request.actorOf(request.caller));
        // type-graphql reads the resolver's @Ctx() from `action` after the middlewares ran
        // (resolvers/create.js): the resolver gets the transactional context, while the request's
        // own (shared by its other fields) stays as it is.
        action.context = { ...request, em, loaders: new Loaders(em, 'managed') };
        const result: unknown = await next();
        return result;
      }),
    );
  } finally {
    request.em.clear();
    request.loaders.clearAll();
  }
};

/** The transaction of a Mutation field: metadata for the test, the middleware that opens it. */
export const Transaction = (): MethodDecorator => (target, key, descriptor) => {
  Extensions({ transaction: true })(target, key, descriptor);
  UseMiddleware(inTransaction)(target, key, descriptor);
};

/** Whether a built schema's field declares its transaction (copied there by buildFederatedSchema). */
export const declaresTransaction = (field: { extensions?: Readonly<Record<string, unknown>> | null }): boolean => field.extensions?.transaction === true;
