// The gateway: verifies the client's JWT, plans each request over the subgraphs with
// @apollo/gateway, and forwards the caller to them (signed, or in process).
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import type { Request } from 'express';
import { callerFromAuthorization } from '../common/auth';
import { IDEMPOTENCY_HEADER, parseIdempotencyKey } from '../common/idempotency';
import type { Config } from '../config';
import type { GatewayContext } from './data-sources';

export interface GatewayParts {
  gateway: GatewayInterface;
  context: (req: Pick<Request, 'headers'>) => Promise<GatewayContext>;
}

export function createGateway(
  supergraphSdl: string,
  dataSourceFor: (name: string, url: string | undefined) => GraphQLDataSource<GatewayContext>,
  config: Config,
): GatewayParts {
  // @apollo/gateway otherwise reports usage metrics to Apollo and probes cloud metadata servers
  // (169.254.169.254…) to describe the host: no data about this network leaves the machine.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name, url }) => dataSourceFor(name, url) });
  return {
    gateway,
    context: async (req) => {
      const caller = await callerFromAuthorization(req.headers.authorization, config.jwt);
      const idempotencyKey = parseIdempotencyKey(req.headers[IDEMPOTENCY_HEADER]);
      return idempotencyKey ? { caller, idempotencyKey } : { caller };
    },
  };
}
