// How the gateway reaches subgraphs. Split mode: HTTP, with the caller forwarded as a signed
// identity. All-in-one mode: in process, executing the subgraph schema directly (no HTTP hop).
import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { CALLER_HEADER, issueForwardedIdentity, PUBLIC_CALLER, type Caller } from '../common/auth';
import { faultJson } from '../common/faults';
import { IDEMPOTENCY_HEADER, isMutation, type IdempotencyStore, type StoredResult } from '../common/idempotency';
import { injectTraceContext } from '../common/observability/tracing';

export interface GatewayContext {
  caller: Caller;
  /** The client's Idempotency-Key (validated), handed to the subgraph that runs the mutation. */
  idempotencyKey?: string;
}

/** The caller of a fetch; schema loads and health checks carry no request context: the public. */
function callerOf(context: unknown): Caller {
  const caller = (context as Partial<GatewayContext> | undefined)?.caller;
  return caller ?? PUBLIC_CALLER;
}

export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly subgraphSecret: Uint8Array,
  ) {
    // Node's own fetch (undici: pooled keep-alive connections) instead of the default
    // make-fetch-happen, whose caching and stream layers cost more per call than a subgraph's
    // answer to a small query takes.
    super({ url, fetcher: fetch as unknown as NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher'] });
  }

  override async willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]): Promise<void> {
    request.http?.headers.set(CALLER_HEADER, await issueForwardedIdentity(callerOf(context), this.subgraphSecret));
    const key = (context as Partial<GatewayContext> | undefined)?.idempotencyKey;
    if (key) request.http?.headers.set(IDEMPOTENCY_HEADER, key);
    // The subgraph's spans continue this fetch's trace (when tracing is on).
    injectTraceContext((name, value) => request.http?.headers.set(name, value));
  }
}

/** Executes a subgraph's schema in this process with a context made for the forwarded caller. */
export class InProcessDataSource<C> implements GraphQLDataSource<GatewayContext> {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly contextFor: (caller: Caller) => C,
    /** The subgraph's key store: a mutation fetch with the client's Idempotency-Key runs through it. */
    private readonly idempotency?: IdempotencyStore,
  ) {}

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const query = request.query ?? '';
    let document = this.documents.get(query);
    if (!document) {
      document = parse(query);
      // The gateway validated the client's operation against the supergraph, which does not know
      // how subgraph scalars parse: a bad LocalDate or Money literal is caught here, as an HTTP
      // subgraph would.
      const invalid = validate(this.schema, document);
      if (invalid.length) {
        return { errors: invalid.map((e) => ({ message: e.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) };
      }
      // The gateway sends a bounded set of query plans' fetches: cache their parse.
      if (this.documents.size < 5000) this.documents.set(query, document);
    }
    const caller = callerOf(context);
    const run = async (): Promise<StoredResult> => {
      const result = await execute({
        schema: this.schema,
        document,
        variableValues: request.variables,
        operationName: request.operationName,
        contextValue: this.contextFor(caller),
      });
      // An outage keeps its code (SERVICE_UNAVAILABLE): the gateway answers 503 as with an HTTP subgraph.
      return { data: result.data, errors: result.errors?.map(faultJson) };
    };
    const key = (context as Partial<GatewayContext> | undefined)?.idempotencyKey;
    if (!key || !this.idempotency || !isMutation(document, request.operationName)) return run();
    const result = await this.idempotency.run(caller, key, { query, operationName: request.operationName, variables: request.variables }, run);
    return { data: result.data, errors: result.errors ? [...result.errors] : undefined };
  }
}
