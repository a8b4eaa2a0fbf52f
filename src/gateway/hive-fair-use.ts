// The fair-use rules of src/common/fair-use on the Hive Gateway (an Envelop/Yoga plugin): the same
// cost model, budget store, client identity, headers and errors as fairUsePlugin (Apollo), only the
// hooks differ. Before execution: the requested cost, over the maximum 400 QUERY_TOO_COMPLEX, over
// what is left of the client's budget 429 THROTTLED; after: the actual cost charged instead, in
// extensions.cost and the x-ratelimit-* / RateLimit headers. A request refused before execution
// (parse, validation, a bad token) is charged the minimum.
import { GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway';
import type { Admission, BudgetState, Budgets, Client } from '../common/fair-use/budgets';
import { addressKey, identifyClient, type Headers } from '../common/fair-use/client';
import { actualCost, costModelFromSdl, requestedCost } from '../common/fair-use/cost';
import { budgetHeaders, costReport, MIN_COST, noteCharge, retryAfterSeconds, throttled } from '../common/fair-use/plugin';

export interface HiveFairUseOptions {
  /** The supergraph: its @cost/@listSize price operations (the API schema drops them). */
  costSdl: string;
  maxCost: number;
  /** The client budgets; absent: the per-operation maximum only. */
  budgets?: Budgets;
}

interface RequestState {
  client?: Client;
  requested: number;
  admission?: Admission;
  settled?: BudgetState;
  /** What the cost report needs after execution. */
  executed?: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variables?: Record<string, unknown> };
}

/** A Fetch API request's headers as the fair-use code reads them (lower-case names). */
const headersOf = (request: Request): Headers => ({ get: (name) => request.headers.get(name) ?? undefined });

/** The client address Express found (req.ip, as far as TRUST_PROXY trusts the proxies). */
export const addressOf = (serverContext: unknown): string => {
  const req = (serverContext as { req?: { ip?: string } } | undefined)?.req;
  return req?.ip ?? 'unknown';
};

export function hiveFairUsePlugin(options: HiveFairUseOptions): GatewayPlugin {
  const model = costModelFromSdl(options.costSdl);
  const { budgets, maxCost } = options;
  const states = new WeakMap<Request, RequestState>();
  const stateOf = (request: Request): RequestState => {
    let state = states.get(request);
    if (!state) states.set(request, (state = { requested: MIN_COST }));
    return state;
  };

  const withCost = (result: ExecutionResult, state: RequestState, actual: number, budget: BudgetState): ExecutionResult => {
    const cost = costReport(state.requested, actual, budget);
    return { ...result, extensions: { ...result.extensions, cost } };
  };

  return {
    onExecute(payload) {
      const setResultAndStopExecution = (result: ExecutionResult): void => payload.setResultAndStopExecution(result);
      const args = payload.args as unknown as ExecutionArgs;
      const context = args.contextValue as { request: Request };
      const state = stateOf(context.request);
      const variables = args.variableValues ?? undefined;
      const estimated = requestedCost({ schema: args.schema, model, document: args.document, operationName: args.operationName, variables });
      state.requested = Math.max(MIN_COST, estimated ?? MIN_COST);
      state.executed = { schema: args.schema, document: args.document, operationName: args.operationName, variables };
      const client = budgets ? (state.client = identifyClient(context, headersOf(context.request))) : undefined;
      const limit = Math.min(maxCost, client && budgets ? budgets.limitOf(client) : Infinity);
      if (state.requested > limit) {
        const which = limit === maxCost ? 'the per-operation maximum, MAX_QUERY_COST' : `the whole ${client!.class} budget`;
        state.executed = undefined;
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `Query cost limit of ${limit} exceeded (${which}), requested ${state.requested}: its lists could return too many objects; ask for smaller pages (first) or fewer levels`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', cost: state.requested, limit, maxCost, http: { status: 400 } } },
            ),
          ],
        });
        return;
      }
      if (!client || !budgets) return;
      // Envelop's onExecute may be async: the admission is awaited before the plan runs.
      return budgets.take(client, state.requested).then((admission) => {
        state.admission = admission;
        if (!admission.admitted) {
          state.executed = undefined;
          setResultAndStopExecution({ errors: [throttled(state.requested, admission)] });
        }
      });
    },

    async onResultProcess(payload) {
      const { request, result, serverContext } = payload;
      const setResult = (r: ExecutionResult): void => payload.setResult(r);
      if (!budgets || Array.isArray(result) || Symbol.asyncIterator in (result as object)) return;
      const single = result as ExecutionResult;
      const state = stateOf(request);
      // A refused token has no context: the request's address pays, as at the Apollo server.
      const client = (state.client ??= identifyClient(undefined, headersOf(request)));
      if (client.class === 'anonymous' && client.id === 'ip:unknown') state.client = { class: 'anonymous', id: `ip:${addressKey(addressOf(serverContext))}` };
      const who = state.client;
      if (!state.admission) {
        // Refused before admission (a bad token, parse, validation, over the maximum): the minimum is charged.
        state.admission = await budgets.take(who, MIN_COST);
        state.settled = state.admission;
        noteCharge(who, state.admission.admitted ? MIN_COST : 0, !state.admission.admitted);
        if (!state.admission.admitted) {
          return setResult(withCost({ errors: [throttled(MIN_COST, state.admission)] }, state, 0, state.admission));
        }
        return setResult(withCost(single, state, MIN_COST, state.admission));
      }
      if (!state.admission.admitted) {
        state.settled = state.admission;
        noteCharge(who, 0, true);
        return setResult(withCost(single, state, 0, state.admission));
      }
      const executed = state.executed;
      const actual = Math.max(MIN_COST, executed ? actualCost({ ...executed, model }, single.data) : MIN_COST);
      state.settled = await budgets.settle(who, state.requested, actual, state.admission);
      noteCharge(who, actual, false);
      setResult(withCost(single, state, actual, state.settled));
    },

    onResponse({ request, response }) {
      const state = states.get(request);
      if (!budgets || !state?.settled || !state.client) return;
      for (const [name, value] of budgetHeaders(state.settled, state.client, budgets.windowSeconds)) response.headers.set(name, value);
      if (response.status === 429) response.headers.set('retry-after', String(retryAfterSeconds(state.settled)));
    },
  };
}
