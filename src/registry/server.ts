// The registry subgraph as a service: its ORM, schema and per-request context.
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { CALLER_HEADER, callerFromGateway, type Caller } from '../common/auth';
import type { RequestContext } from '../common/context';
import { IdempotencyStore } from '../common/idempotency';
import { Loaders } from '../common/loaders';
import { ReferenceTables } from '../common/reference-tables';
import { apiActor } from '../common/write-actor';
import type { Config } from '../config';
import { County, Municipality, Voivodeship } from './places/place.entities';
import { buildRegistrySchema } from './schema';

export interface RegistrySubgraph {
  schema: GraphQLSchema;
  /** For HTTP requests from the gateway: the caller is the gateway's signed forwarded identity. */
  context: (req: Pick<Request, 'headers'>) => Promise<RequestContext>;
  /** For in-process execution by the gateway (all-in-one mode). */
  contextFor: (caller: Caller) => RequestContext;
  /** Idempotency-Key storage of the registry's mutations (in its database). */
  idempotency: IdempotencyStore;
  /** Serve with these (split mode): they apply the forwarded Idempotency-Key. */
  plugins: ApolloServerPlugin<RequestContext>[];
}

export async function createRegistrySubgraph(orm: MikroORM, config: Config): Promise<RegistrySubgraph> {
  const schema = await buildRegistrySchema();
  // The TERYT register only changes with a deployment: read it once (migrations have run).
  const reference = await ReferenceTables.load(orm.em.fork(), [Voivodeship, County, Municipality]);
  const contextFor = (caller: Caller): RequestContext => {
    const em = orm.em.fork();
    return { em, caller, loaders: new Loaders(em, 'read-only', reference), actorOf: apiActor };
  };
  const idempotency = new IdempotencyStore(orm, 'registry', config.subgraphSecret, config.idempotency);
  return {
    schema,
    contextFor,
    idempotency,
    plugins: [idempotency.plugin<RequestContext>()],
    async context(req) {
      return contextFor(await callerFromGateway(req.headers[CALLER_HEADER], config.subgraphSecret));
    },
  };
}
