// A cost budget per operation: the worst-case number of fields it can resolve (every page full),
// so nested lists cannot multiply into a response that exhausts the server (depth alone does not
// bound that: voivodeships → counties → voivodeship → counties … grows ~40× a hop).
// Estimated with graphql-query-complexity (maintained, used widely with Apollo) before execution.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { getNamedType, getNullableType, GraphQLError, isLeafType, isListType, separateOperations } from 'graphql';
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

export function queryCostPlugin<C extends BaseContext>(maxCost: number): ApolloServerPlugin<C> {
  return {
    // eslint-disable-next-line @typescript-eslint/require-await
    async requestDidStart() {
      return {
        // eslint-disable-next-line @typescript-eslint/require-await
        async didResolveOperation({ request, document, schema, operationName }) {
          const query = operationName ? separateOperations(document)[operationName] ?? document : document;
          let cost: number;
          try {
            cost = getComplexity({ schema, query, variables: request.variables ?? {}, operationName: operationName ?? undefined, estimators: [estimator] });
          } catch {
            // Variables that do not coerce: execution reports them as BAD_USER_INPUT. Rethrown here, the
            // error would be logged as internal with the invalid value quoted (a PESEL, in casework).
            return;
          }
          if (cost > maxCost) {
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
