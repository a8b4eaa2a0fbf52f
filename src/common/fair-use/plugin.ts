// The Apollo Server plugin that prices and budgets every operation (README "Cost and budgets"):
//   - before execution, the requested cost (cost.ts); over the per-operation maximum (MAX_QUERY_COST,
//     or the client's whole budget when smaller): 400 QUERY_TOO_COMPLEX with the cost and the limit;
//   - where clients enter (the all-in-one server, the split-mode gateway), the client's budget
//     (budgets.ts): admitted when the requested cost fits what is left, else 429 THROTTLED with
//     Retry-After; after execution the actual cost is charged instead;
//   - every response from a budgeting server carries extensions.cost { requested actual limit
//     remaining resetAt } and x-ratelimit-limit / -remaining / -reset, RateLimit-Policy and RateLimit
//     (the IETF draft's structured fields).
// Subgraphs behind a gateway price operations against the maximum only: the gateway charged the client.
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { createBudgets, type Admission, type BudgetSettings, type BudgetState, type Budgets, type Client } from './budgets';
import { identifyClient, type WidgetKeyHook } from './client';
import { currentRequest } from '../observability/logger';
import { recordCost, recordThrottled } from '../observability/metrics';
import { actualCost, costModelFromSdl, costModelOfSchema, requestedCost, type CostModel } from './cost';

export interface FairUseOptions {
  /** Most points one operation may request (MAX_QUERY_COST). */
  maxCost: number;
  /** SDL whose @cost/@listSize price the served schema: the supergraph at a gateway (its API schema drops them); default: the schema's own. */
  costSdl?: string;
  /** Per-client budgets, where clients enter; absent: the per-operation maximum only. */
  budgets?: BudgetSettings;
  /** A budget store made by the caller (serveGraphQL shares it with its other routes); takes precedence over `budgets`. */
  store?: Budgets;
  /** Recognises widget keys (widgets work); absent: no request is a widget's. */
  widgetKey?: WidgetKeyHook;
  log?: (message: string) => void;
}

/** Every request costs at least this: one that fails to parse or validate too. */
export const MIN_COST = 1;

export interface CostReport {
  requested: number;
  actual: number;
  limit: number;
  remaining: number;
  /** ISO instant at which the whole budget is back. */
  resetAt: string;
}

/** `extensions.cost` of an answer: what it requested and cost, and the budget after it. */
export const costReport = (requested: number, actual: number, budget: BudgetState): CostReport => ({
  requested,
  actual,
  limit: budget.limit,
  remaining: budget.remaining,
  resetAt: new Date(budget.resetAt).toISOString(),
});

const requestedCache = new WeakMap<DocumentNode, Map<string, number | undefined>>();
const MAX_VARIABLE_SETS = 100;

function cachedRequested(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  estimate: () => number | undefined,
): number | undefined {
  let known = requestedCache.get(document);
  if (!known) requestedCache.set(document, (known = new Map<string, number | undefined>()));
  // Hashed: variables may hold personal data (a PESEL), which must not stay in memory.
  const key = createHash('sha256')
    .update(JSON.stringify([operationName ?? null, variables ?? {}]))
    .digest('base64');
  if (known.has(key)) return known.get(key);
  const cost = estimate();
  if (known.size < MAX_VARIABLE_SETS) known.set(key, cost);
  return cost;
}

export const retryAfterSeconds = (state: BudgetState): number => Math.max(1, Math.ceil((state.resetAt - Date.now()) / 1000));

/** x-ratelimit-limit / -remaining / -reset (GitHub's), and the IETF draft's RateLimit-Policy and RateLimit. */
export function budgetHeaders(budget: BudgetState, client: Client, windowSeconds: number): [string, string][] {
  return [
    ['x-ratelimit-limit', String(budget.limit)],
    ['x-ratelimit-remaining', String(budget.remaining)],
    ['x-ratelimit-reset', String(Math.ceil(budget.resetAt / 1000))],
    ['ratelimit-policy', `"${client.class}";q=${budget.limit};w=${windowSeconds}`],
    ['ratelimit', `"${client.class}";r=${budget.remaining};t=${retryAfterSeconds(budget)}`],
  ];
}

/** The charge on the request's log line and in the metrics. */
export function noteCharge(client: Client, points: number, wasThrottled: boolean): void {
  const record = currentRequest();
  if (record) {
    record.cost = points;
    record.clientClass = client.class;
    if (wasThrottled) record.outcome = 'THROTTLED';
  }
  recordCost(client.class, points);
  if (wasThrottled) recordThrottled(client.class);
}

export function throttled(requested: number, state: BudgetState): GraphQLError {
  const seconds = retryAfterSeconds(state);
  return new GraphQLError(
    `Cost budget exhausted: this operation requests ${requested} points and ${state.remaining} of ${state.limit} are left until ${new Date(state.resetAt).toISOString()}; retry after ${seconds} s`,
    { extensions: { code: 'THROTTLED', retryAfterSeconds: seconds, http: { status: 429 } } },
  );
}

interface RequestState {
  client?: Client;
  requested: number;
  admission?: Admission;
}

export function fairUsePlugin<C extends BaseContext>(options: FairUseOptions): ApolloServerPlugin<C> {
  const sdlModel = options.costSdl ? costModelFromSdl(options.costSdl) : undefined;
  const schemaModels = new WeakMap<GraphQLSchema, CostModel>();
  const modelOf = (schema: GraphQLSchema): CostModel => {
    if (sdlModel) return sdlModel;
    let model = schemaModels.get(schema);
    if (!model) schemaModels.set(schema, (model = costModelOfSchema(schema)));
    return model;
  };
  // A store handed in is shared with routes outside Apollo (widgets, refused tokens) and closed by its owner.
  const owned = !options.store && options.budgets ? createBudgets(options.budgets, options.log) : undefined;
  const budgets: Budgets | undefined = options.store ?? owned;

  const report = (
    response: GraphQLRequestContextWillSendResponse<C>['response'],
    state: RequestState,
    actual: number,
    budget: BudgetState,
    client: Client,
  ): void => {
    const cost = costReport(state.requested, actual, budget);
    for (const [name, value] of budgetHeaders(budget, client, budgets!.windowSeconds)) response.http.headers.set(name, value);
    if (response.http.status === 429) response.http.headers.set('retry-after', String(retryAfterSeconds(budget)));
    if (response.body.kind === 'single') response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost };
    noteCharge(client, actual, response.http.status === 429);
  };

  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    async serverWillStart() {
      return { serverWillStop: () => owned?.close() ?? Promise.resolve() };
    },
    // eslint-disable-next-line @typescript-eslint/require-await
    async requestDidStart() {
      const state: RequestState = { requested: MIN_COST };
      return {
        async didResolveOperation({ request, document, schema, operationName, contextValue }) {
          const estimated = cachedRequested(document, operationName, request.variables, () =>
            requestedCost({ schema, model: modelOf(schema), document, operationName, variables: request.variables }),
          );
          // Variables that do not coerce: execution reports them as BAD_USER_INPUT.
          state.requested = Math.max(MIN_COST, estimated ?? MIN_COST);
          const client = budgets
            ? (state.client = identifyClient(contextValue, request.http?.headers ?? new Map<string, string>(), options.widgetKey))
            : undefined;
          const budget = client && budgets ? budgets.limitOf(client) : Infinity;
          const limit = Math.min(options.maxCost, budget);
          if (state.requested > limit) {
            const which = limit === options.maxCost ? 'the per-operation maximum, MAX_QUERY_COST' : `the whole ${client!.class} budget`;
            throw new GraphQLError(
              `Query cost limit of ${limit} exceeded (${which}), requested ${state.requested}: its lists could return too many objects; ask for smaller pages (first) or fewer levels`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', cost: state.requested, limit, maxCost: options.maxCost } },
            );
          }
          if (!client || !budgets) return;
          state.admission = await budgets.take(client, state.requested);
          if (!state.admission.admitted) throw throttled(state.requested, state.admission);
        },
        async willSendResponse(requestContext) {
          if (!budgets) return;
          const { response, contextValue, request } = requestContext;
          const client = (state.client ??= identifyClient(contextValue, request.http?.headers ?? new Map<string, string>(), options.widgetKey));
          if (!state.admission) {
            // Refused before admission (parse, validation, over the maximum): the minimum is charged.
            state.admission = await budgets.take(client, MIN_COST);
            if (!state.admission.admitted) {
              response.http.status = 429;
              const error = throttled(MIN_COST, state.admission);
              response.body = {
                kind: 'single',
                singleResult: {
                  errors: [{ message: error.message, extensions: { code: 'THROTTLED', retryAfterSeconds: error.extensions.retryAfterSeconds } }],
                },
              };
            }
            report(response, state, state.admission.admitted ? MIN_COST : 0, state.admission, client);
            return;
          }
          if (!state.admission.admitted) return report(response, state, 0, state.admission, client);
          const data = response.body.kind === 'single' ? response.body.singleResult.data : undefined;
          const { document, schema, operationName } = requestContext;
          const actual = Math.max(
            MIN_COST,
            document ? actualCost({ schema, model: modelOf(schema), document, operationName, variables: request.variables }, data) : MIN_COST,
          );
          const settled = await budgets.settle(client, state.requested, actual, state.admission);
          report(response, state, actual, settled, client);
        },
      };
    },
  };
}
