// A cost budget per operation: the worst-case number of fields it can resolve (every page full),
// so nested lists cannot multiply into a response that exhausts the server (depth alone does not
// bound that: voivodeships → counties → voivodeship → counties … grows ~40× a hop).
// Estimated with graphql-query-complexity (maintained, used widely with Apollo) before execution.
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getNamedType, getNullableType, GraphQLError, isLeafType, isListType, separateOperations, type DocumentNode } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection';

/** Expected sizes of plain (unpaged) lists, by field name; others count as a page. */
const LIST_SIZES: Record<string, number> = { parties: 4, voivodeships: 16, counties: 40, municipalities: 40, attendees: 30 };

const estimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (field.args.some((a) => a.name === 'first')) {
    const first = typeof args.first === 'number' ? Math.min(Math.max(args.first, 1), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
    return 1 + childComplexity * first;
  }
  const type = getNullableType(field.type);
  // `edges` is the page itself, already counted on its connection field.
  if (isListType(type) && !isLeafType(getNamedType(type)) && field.name !== 'edges') {
    return 1 + childComplexity * (LIST_SIZES[field.name] ?? DEFAULT_PAGE_SIZE);
  }
  return 1 + childComplexity;
};

/**
 * Costs already estimated, per parsed document (Apollo Server hands the same document object to
 * every request with the same query text) and variables: a dashboard repeats the same operation.
 */
const estimated = new WeakMap<DocumentNode, Map<string, number | null>>();
const MAX_VARIABLE_SETS = 100;

export function queryCostPlugin<C extends BaseContext>(maxCost: number): ApolloServerPlugin<C> {
  const costOf = (document: DocumentNode, estimate: () => number | null, key: string): number | null => {
    let known = estimated.get(document);
    if (!known) estimated.set(document, (known = new Map<string, number | null>()));
    if (known.has(key)) return known.get(key)!;
    const cost = estimate();
    if (known.size < MAX_VARIABLE_SETS) known.set(key, cost);
    return cost;
  };
  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    async requestDidStart() {
      return {
        // eslint-disable-next-line @typescript-eslint/require-await
        async didResolveOperation({ request, document, schema, operationName }) {
          const cost = costOf(
            document,
            () => {
              const query = operationName ? (separateOperations(document)[operationName] ?? document) : document;
              try {
                return getComplexity({ schema, query, variables: request.variables ?? {}, operationName: operationName ?? undefined, estimators: [estimator] });
              } catch {
                // Variables that do not coerce: execution reports them as BAD_USER_INPUT. Rethrown here, the
                // error would be logged as internal with the invalid value quoted (a PESEL, in casework).
                return null;
              }
            },
            // Hashed: variables may hold personal data (a PESEL), which must not stay in memory.
            createHash('sha256').update(JSON.stringify([operationName ?? null, request.variables ?? {}])).digest('base64'),
          );
          if (cost !== null && cost > maxCost) {
            throw new GraphQLError(
              `Query cost limit of ${maxCost} exceeded, estimated ${cost}: its nested lists could return too many fields; ask for smaller pages (first) or fewer levels`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost } },
            );
          }
        },
      };
    },
  };
}
