// Scalars shared by the subgraphs: calendar dates, instants, and exact PLN amounts.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

export const LocalDate = LocalDateResolver;
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
export function normaliseMoney(value: string): string {
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
