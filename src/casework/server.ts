// The casework subgraph as a service: its schema and per-request context. The caller comes only
// from the gateway's signed forwarded identity (x-ksr-caller); a request without a valid one is
// refused as UNAUTHENTICATED, whatever else it carries (a client's own token is not accepted here).
import type { ApolloServerPlugin } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Request } from 'express';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { CALLER_HEADER, callerFromGateway, type Caller } from '../common/auth';
import { IdempotencyStore } from '../common/idempotency';
import { Loaders } from '../common/loaders';
import type { Config } from '../config';
import { assertCaseworkSecrets } from './config';
import type { CaseworkContext } from './context';
import { Linkage } from './linkage/keys';
import { buildCaseworkSchema } from './schema';

export interface CaseworkSubgraph {
  schema: GraphQLSchema;
  /** For HTTP requests from the gateway: the caller is the gateway's signed forwarded identity. */
  context(req: Pick<Request, 'headers'>): Promise<CaseworkContext>;
  /** For in-process execution by the gateway (all-in-one mode): the caller the gateway verified. */
  contextFor(caller: Caller): CaseworkContext;
  /**
   * Serve with these: they refuse GET requests. (graphql-js echoes invalid variable values, a
   * PESEL, in its errors before any resolver runs: serveGraphQL's redaction plugin, on every
   * server, rewrites and redacts them.)
   */
  plugins: ApolloServerPlugin<CaseworkContext>[];
  /** Idempotency-Key storage of casework's mutations (in its database; answers encrypted). */
  idempotency: IdempotencyStore;
}

/** The gateway always POSTs; a GET would put personal numbers into URLs, and so into access logs. */
const postOnly: ApolloServerPlugin<CaseworkContext> = {
  requestDidStart: ({ request }) =>
    Promise.resolve({
      didResolveOperation: () => {
        if (request.http?.method === 'GET') {
          throw new GraphQLError('the casework subgraph accepts POST requests only', { extensions: { code: 'BAD_REQUEST', http: { status: 405 } } });
        }
        return Promise.resolve();
      },
    }),
};

export async function createCaseworkSubgraph(orm: MikroORM, config: Config): Promise<CaseworkSubgraph> {
  assertCaseworkSecrets(config.casework);
  const schema = await buildCaseworkSchema();
  const linkage = new Linkage(config.casework.linkageKeys);
  const contextFor = (caller: Caller): CaseworkContext => {
    const em = orm.em.fork();
    return { em, caller, loaders: new Loaders(em, 'managed'), linkage, k: config.casework.disclosureK };
  };
  const idempotency = new IdempotencyStore(orm, 'casework', config.subgraphSecret, config.idempotency);
  return {
    schema,
    contextFor,
    idempotency,
    async context(req) {
      return contextFor(await callerFromGateway(req.headers[CALLER_HEADER], config.subgraphSecret));
    },
    plugins: [postOnly, idempotency.plugin<CaseworkContext>()],
  };
}
