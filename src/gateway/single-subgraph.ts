// All-in-one mode: a query that one in-process subgraph answers alone is executed on that
// subgraph's schema directly. Such a query's plan is a single fetch of the whole operation, so the
// answer is the same; what is skipped is the gateway's work around that fetch: the plan lookup and
// its re-printed operation, variable re-coercion, and the second walk over the whole result
// (computeResponse, measured at ~20 ms of the navigation query's 85 ms of CPU). Authentication,
// depth, alias and cost limits and error masking happen in Apollo Server before and after, either way.
// "Answers alone": the query validates against the subgraph's own schema (every field it selects
// is one the subgraph resolves; fields another subgraph contributes do not exist there), selects no
// introspection (the subgraph's schema has federation internals the supergraph hides) and its
// variables coerce (otherwise the gateway reports them, as it always does).
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getOperationAST,
  GraphQLError,
  getVariableValues,
  Kind,
  OperationTypeNode,
  validate,
  visit,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { PUBLIC_CALLER, type Caller } from '../common/auth';
import type { GatewayContext } from './data-sources';

export interface DirectSubgraph {
  /** Its name in the supergraph (errors carry it as `serviceName`, as the planner's do). */
  name: string;
  schema: GraphQLSchema;
  contextFor: (caller: Caller) => unknown;
}

function selectsIntrospection(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

/** The gateway, with queries that `subgraph` answers alone executed on it directly. */
export function withDirectSubgraph(gateway: GatewayInterface, subgraph: DirectSubgraph): GatewayInterface {
  // Apollo Server hands the same parsed document to every request with the same text.
  const alone = new WeakMap<DocumentNode, Map<string, boolean>>();
  const answersAlone = (document: DocumentNode, operationName: string | null | undefined): boolean => {
    let byOperation = alone.get(document);
    if (!byOperation) alone.set(document, (byOperation = new Map<string, boolean>()));
    const key = operationName ?? '';
    let known = byOperation.get(key);
    if (known === undefined) {
      const operation = getOperationAST(document, operationName);
      known =
        operation?.operation === OperationTypeNode.QUERY &&
        document.definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) &&
        !selectsIntrospection(document) &&
        validate(subgraph.schema, document).length === 0;
      byOperation.set(key, known);
    }
    return known;
  };
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      const planned = loaded.executor;
      if (!planned) return loaded;
      const executor: GatewayExecutor = async (requestContext) => {
        const { document, request } = requestContext;
        if (!answersAlone(document, request.operationName)) return planned(requestContext);
        const operation = getOperationAST(document, request.operationName)!;
        const variables = getVariableValues(subgraph.schema, operation.variableDefinitions ?? [], request.variables ?? {});
        if (variables.errors) return planned(requestContext);
        const caller = (requestContext.context as Partial<GatewayContext>).caller ?? PUBLIC_CALLER;
        const result = await execute({
          schema: subgraph.schema,
          document,
          operationName: request.operationName,
          variableValues: request.variables,
          contextValue: subgraph.contextFor(caller),
        });
        // Errors as the planned path reports a subgraph's: with its name and without source
        // locations (they would point into the fetch's operation there).
        const errors = result.errors?.map(
          (e) => new GraphQLError(e.message, { path: e.path, originalError: e.originalError, extensions: { ...e.extensions, serviceName: subgraph.name } }),
        );
        return { ...result, ...(errors ? { errors } : {}) } as Awaited<ReturnType<GatewayExecutor>>;
      };
      return { ...loaded, executor };
    },
  };
}
