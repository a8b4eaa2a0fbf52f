// Every write declares its transaction (src/common/transaction.ts). This walks the schemas the
// subgraphs serve: every Mutation field declares one and no other field does, so a new mutation
// cannot be added without it. It also checks what the declaration does, on a schema of its own
// with a stand-in EntityManager: the resolver gets the transaction's context, the request's own
// is left as it was and its caches are dropped, the writer is recorded, a duplicate is CONFLICT.
import type { EntityManager } from '@mikro-orm/postgresql';
import { graphql, type GraphQLField, type GraphQLSchema } from 'graphql';
import { Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { describe, expect, it, vi } from 'vitest';
import { buildCaseworkSchema } from '../../src/casework/schema';
import { Role, type Caller } from '../../src/common/auth';
import type { RequestContext } from '../../src/common/context';
import { buildFederatedSchema } from '../../src/common/federation';
import { Loaders } from '../../src/common/loaders';
import { Allow, Public } from '../../src/common/permissions';
import { declaresTransaction, Transaction } from '../../src/common/transaction';
import { apiActor, SET_ACTOR_SQL, type WriteActor } from '../../src/common/write-actor';
import { buildRegistrySchema } from '../../src/registry/schema';

/** Fields that break the rule: a Mutation field without the declaration, any other field with it. */
function misdeclared(schema: GraphQLSchema): string[] {
  const wrong: string[] = [];
  const mutationType = schema.getMutationType();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!('getFields' in type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields() as Record<string, GraphQLField<unknown, unknown>>)) {
      if (declaresTransaction(field) !== (type === mutationType)) wrong.push(`${type.name}.${field.name}`);
    }
  }
  return wrong;
}

interface Seen {
  em?: unknown;
  loaders?: unknown;
  inTransaction?: boolean;
}
const seen: Seen = {};

@Resolver()
class ProbeResolver {
  @Query(() => String)
  @Public()
  probe(): string {
    return 'ok';
  }

  @Mutation(() => String)
  @Public()
  @Transaction()
  write(@Ctx() ctx: RequestContext): string {
    Object.assign(seen, { em: ctx.em, loaders: ctx.loaders, inTransaction: ctx.em.isInTransaction() });
    return 'written';
  }

  @Mutation(() => String)
  @Allow([Role.ADMIN], 'admins only')
  @Transaction()
  guarded(): string {
    return 'written';
  }

  @Mutation(() => String)
  @Public()
  @Transaction()
  duplicate(): string {
    throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', constraint: 'probe_unique' });
  }
}

/** A request context whose EntityManager runs `transactional` on a stand-in transaction. */
function requestContext(actorOf?: (caller: Caller) => WriteActor, role = Role.ADMIN) {
  const execute = vi.fn(() => Promise.resolve([]));
  const txEm = { isInTransaction: () => true, getConnection: () => ({ execute }), getTransactionContext: () => 'trx' };
  const em = { isInTransaction: () => false, transactional: vi.fn((work: (tx: unknown) => Promise<unknown>) => work(txEm)), clear: vi.fn() };
  const loaders = { clearAll: vi.fn() };
  const ctx = { em, loaders, caller: { role, subject: 'probe' }, ...(actorOf ? { actorOf } : {}) } as unknown as RequestContext;
  return { ctx, em, txEm, loaders, execute };
}

describe('transaction declarations', async () => {
  const schemas = { registry: await buildRegistrySchema(), casework: await buildCaseworkSchema() };

  it.each(Object.entries(schemas))('every Mutation field of %s declares its transaction, and no other field does', (_, schema) => {
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {}).length).toBeGreaterThan(0);
    expect(misdeclared(schema)).toEqual([]);
  });

  it('finds a mutation without the declaration and a query with one (the check is not vacuous)', async () => {
    const schema = await buildCaseworkSchema();
    const mutation = schema.getMutationType()!.getFields().createSocialContract;
    Object.assign(mutation, { extensions: { ...mutation.extensions, transaction: undefined } });
    const query = schema.getQueryType()!.getFields().participant;
    Object.assign(query, { extensions: { ...query.extensions, transaction: true } });
    expect(misdeclared(schema).sort()).toEqual(['Mutation.createSocialContract', 'Query.participant']);
  });

  describe('the declared transaction', async () => {
    const schema = await buildFederatedSchema([ProbeResolver], {});

    it("runs the resolver on the transaction's context and leaves the request's as it was, its caches dropped", async () => {
      const actor: WriteActor = apiActor({ role: Role.ADMIN, subject: 'probe' });
      const { ctx, em, txEm, loaders, execute } = requestContext(apiActor);
      const result = await graphql({ schema, source: 'mutation { write }', contextValue: ctx });
      expect(result).toEqual({ data: { write: 'written' } });
      expect(em.transactional).toHaveBeenCalledTimes(1);
      expect(seen.em).toBe(txEm);
      expect(seen.inTransaction).toBe(true);
      expect(seen.loaders).toBeInstanceOf(Loaders);
      expect(seen.loaders).not.toBe(loaders);
      // The request's context (its other fields, the payload's subfields) keeps its own em and loaders.
      expect(ctx.em).toBe(em as unknown as EntityManager);
      expect(ctx.loaders).toBe(loaders);
      expect(em.clear).toHaveBeenCalledTimes(1);
      expect(loaders.clearAll).toHaveBeenCalledTimes(1);
      expect(execute).toHaveBeenCalledWith(SET_ACTOR_SQL, [JSON.stringify(actor)], 'get', 'trx');
    });

    it('records no writer where the subgraph sets none (casework)', async () => {
      const { ctx, execute } = requestContext();
      expect(await graphql({ schema, source: 'mutation { write }', contextValue: ctx })).toEqual({ data: { write: 'written' } });
      expect(execute).not.toHaveBeenCalled();
    });

    it('answers a refused "no duplicate" rule as CONFLICT and still drops the caches', async () => {
      const { ctx, em, loaders } = requestContext();
      const result = await graphql({ schema, source: 'mutation { duplicate }', contextValue: ctx });
      expect(result.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect(em.clear).toHaveBeenCalledTimes(1);
      expect(loaders.clearAll).toHaveBeenCalledTimes(1);
    });

    it('checks the permission first: a refused caller opens no transaction', async () => {
      const { ctx, em } = requestContext(undefined, Role.RESEARCHER);
      const result = await graphql({ schema, source: 'mutation { guarded }', contextValue: ctx });
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(em.transactional).not.toHaveBeenCalled();
    });

    it('opens no transaction for a query', async () => {
      const { ctx, em } = requestContext();
      expect(await graphql({ schema, source: '{ probe }', contextValue: ctx })).toEqual({ data: { probe: 'ok' } });
      expect(em.transactional).not.toHaveBeenCalled();
    });
  });
});
