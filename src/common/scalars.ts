// Scalars shared by the subgraphs: calendar dates, instants, and exact PLN amounts.
import { GraphQLError, GraphQLScalarType, Kind, type ASTNode } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

/**
 * Calendar dates YYYY-MM-DD. A malformed one is bad input (BAD_USER_INPUT, like Money), and so is
 * year 0000, a valid ISO date that PostgreSQL cannot store.
 */
function parseDate(parse: () => unknown, nodes?: ASTNode): string {
  let value: string;
  try {
    value = parse() as string;
  } catch (e) {
    throw new GraphQLError(`LocalDate: ${(e as Error).message}`, { nodes, extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (value.startsWith('0000-'))
    throw new GraphQLError(`LocalDate: year 0000 is not a calendar year: ${value}`, { nodes, extensions: { code: 'BAD_USER_INPUT' } });
  return value;
}

export const LocalDate = new GraphQLScalarType<string, string>({
  ...LocalDateResolver.toConfig(),
  parseValue: (value) => parseDate(() => LocalDateResolver.parseValue(value)),
  parseLiteral: (ast, variables) => parseDate(() => LocalDateResolver.parseLiteral(ast, variables), ast),
});
export const DateTime = DateTimeResolver;

const MONEY = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

function parseMoney(value: unknown): string {
  if (typeof value !== 'string' || !MONEY.test(value)) {
    throw new GraphQLError('Money: expected a non-negative decimal string with at most 2 decimal places, e.g. "60600.00"', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return normaliseMoney(value);
}

/** "60600" and "60600.0" become "60600.00": the database's numeric(14,2) text form. */
function normaliseMoney(value: string): string {
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

/** Amount in grosze as a bigint: compare money exactly, never as floats. */
export const toGrosze = (value: string): bigint => BigInt(normaliseMoney(value).replace('.', ''));

export const Money = new GraphQLScalarType<string, string>({
  name: 'Money',
  description: 'An exact amount in PLN as a decimal string with two places ("60600.00"); never a float.',
  serialize: (value) => normaliseMoney(String(value)),
  parseValue: parseMoney,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Money: expected a string literal such as "60600.00"', { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return parseMoney(ast.value);
  },
});
