// The registry subgraph as a service: its ORM, schema and per-request context.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { callerFromAuthorization } from '../common/auth';
import type { RequestContext } from '../common/context';
import { Loaders } from '../common/loaders';
import type { Config } from '../config';
import { buildRegistrySchema } from './schema';

export interface RegistrySubgraph {
  schema: GraphQLSchema;
  context(req: Pick<Request, 'headers'>): Promise<RequestContext>;
}

export async function createRegistrySubgraph(orm: MikroORM, config: Config): Promise<RegistrySubgraph> {
  const schema = await buildRegistrySchema();
  return {
    schema,
    async context(req) {
      const caller = await callerFromAuthorization(req.headers.authorization, config.jwt);
      const em = orm.em.fork();
      return { em, caller, loaders: new Loaders(em) };
    },
  };
}
