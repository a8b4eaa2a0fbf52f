// Keeps national identification numbers out of error messages and logs. graphql-js echoes an
// invalid variable value in its error ("Variable "$input" got invalid value { pesel: … }"), before
// any resolver runs; so every response error and every logged line passes through here.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

/**
 * Any run of exactly 11 digits standing on its own (a PESEL, valid or not). Digits inside a word
 * are left alone: a UUID's last group ("a92912873368") is an id, not a personal number.
 */
const ELEVEN_DIGITS = /(?<![0-9A-Za-z])\d{11}(?![0-9A-Za-z])/g;

export const REDACTED = '[redacted]';

export const redactPersonalNumbers = (text: string): string => text.replace(ELEVEN_DIGITS, REDACTED);

function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactPersonalNumbers(value);
  if (typeof value === 'number' && Number.isInteger(value) && String(value).length === 11) return REDACTED;
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, depth + 1)]));
}

/** A formatted error without 11-digit numbers in its message or extensions. */
export function redactError(error: GraphQLFormattedError): GraphQLFormattedError {
  return {
    ...error,
    message: redactPersonalNumbers(error.message),
    ...(error.extensions ? { extensions: redactValue(error.extensions) as Record<string, unknown> } : {}),
  };
}

/** Apollo Server plugin: redacts every error of every response (also errors raised before execution). */
export function redactionPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ response }) => {
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map(redactError);
          }
          return Promise.resolve();
        },
      }),
  };
}
