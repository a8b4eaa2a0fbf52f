// Keeps national identification numbers and other input values out of error messages and logs.
// graphql-js echoes an invalid variable value in its error ("Variable "$input" got invalid value
// { pesel: … }") and literal values in validation errors, before any resolver runs; so every
// response error passes through here: such messages are rewritten to name the path and the
// expected type only, and any 11-digit number left (in any spelling a PESEL is accepted in) is
// replaced.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { inspect } from 'graphql/jsutils/inspect';

/**
 * What may stand between the digits of a personal number and is dropped by `asciiDigits`: any
 * Unicode whitespace, dashes (and the minus sign), invisible format characters (zero-width space,
 * soft hyphen). Kept in one place so that what the PESEL reader accepts, the redaction catches.
 */
const DIGIT_SEPARATOR = /[\s\p{Zs}\p{Pd}\p{Cf}\u2212]/u;

/** The value of a Unicode decimal digit (fullwidth, Arabic-Indic…): every block of them is 0-9 in order. */
function digitValue(ch: string): string {
  let cp = ch.codePointAt(0)!;
  if (cp < 0x80) return ch;
  let start = cp;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start -= 1;
  cp -= start;
  return String(cp % 10);
}

/** Drops separators and turns every Unicode decimal digit into its ASCII digit ("９００６１５-01101" → "90061501101"). */
export const asciiDigits = (text: string): string => text.replace(new RegExp(DIGIT_SEPARATOR.source, 'gu'), '').replace(/\p{Nd}/gu, digitValue);

// A separator as it may appear in a message or a log line: itself, or escaped as graphql-js and
// JSON print control characters ("\t", "\u00a0").
const SEPARATOR = `(?:${DIGIT_SEPARATOR.source}|\\\\+[tnrfvb]|\\\\+u[0-9a-fA-F]{4})`;

/**
 * Any 11 decimal digits (a PESEL, valid or not), in any script, with any separators between them,
 * not glued to a letter or digit on either side. Digits inside a word are left alone: a UUID's
 * last group ("a92912873368") is an id, not a personal number.
 */
const ELEVEN_DIGITS = new RegExp(`(?<![\\p{L}\\p{Nd}])\\p{Nd}(?:${SEPARATOR}*\\p{Nd}){10}(?![\\p{L}\\p{Nd}])`, 'gu');

export const REDACTED = '[redacted]';

export const redactPersonalNumbers = (text: string): string => text.replace(ELEVEN_DIGITS, REDACTED);

function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactPersonalNumbers(value);
  if (typeof value === 'number' && Number.isInteger(value) && String(value).length === 11) return REDACTED;
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, depth + 1)]));
}

// graphql-js's coercion reasons that carry no value (names come from the schema, or are checked to be names).
const SAFE_REASONS = [
  /^Expected type "\w+" to be an object\.$/,
  /^Field "\w+" of required type "[\w[\]!]+" was not provided\.$/,
  /^Expected non-nullable type "[\w[\]!]+" not to be null\.$/,
  /^Field "\w+" is not defined by type "\w+"\./,
];

/** A coercion reason without the value: the sentence itself when it has none, else the expected type. */
function reasonWithoutValue(reason: string): string {
  for (const safe of SAFE_REASONS) {
    const m = safe.exec(reason);
    if (m) return m[0];
  }
  // "Expected type "LocalDate". …", "String cannot represent …: <value>", "Value "<value>" does not exist in "Sex" enum.", "LocalDate: …"
  const type =
    /^Expected type "(\w+)"/.exec(reason)?.[1] ??
    /^(\w+) cannot represent/.exec(reason)?.[1] ??
    /in "(\w+)" enum/.exec(reason)?.[1] ??
    /^(\w+): /.exec(reason)?.[1];
  return type ? `Expected type "${type}".` : 'Invalid value.';
}

const INVALID_VARIABLE = /^Variable "\$(\w+)" got invalid value /;
const VALUE_FOUND = /^Expected value of type "([^"]+)", found /;

/** Every value inside `value` with its path as graphql-js prints it (".pesel", "[0]"), the value itself first. */
function* valuesWithin(value: unknown, path = '', depth = 0): Generator<[unknown, string]> {
  yield [value, path];
  if (depth > 32 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* valuesWithin(value[i], `${path}[${i}]`, depth + 1);
  else for (const [key, item] of Object.entries(value)) yield* valuesWithin(item, `${path}.${key}`, depth + 1);
}

/**
 * The message without the input value it quotes. graphql-js prints the invalid part of a
 * variable's value (`inspect`) before its path: the part is found among the request's variables
 * and cut off exactly, and only the path and a value-free reason are kept (path segments are
 * checked to be names or indices). Literal values in validation errors are dropped the same way.
 */
export function messageWithoutValues(message: string, variables?: Record<string, unknown>): string {
  const variable = INVALID_VARIABLE.exec(message);
  if (variable) {
    const name = variable[1];
    const rest = message.slice(variable[0].length);
    if (variables && Object.hasOwn(variables, name)) {
      for (const [part, path] of valuesWithin(variables[name])) {
        const printed = `${inspect(part)}${path ? ` at "${name}${path}"` : ''}; `;
        if (rest.startsWith(printed) && /^(?:\.\w+|\[\d+\])*$/.test(path)) {
          return `Variable "$${name}" got invalid value${path ? ` at "${name}${path}"` : ''}; ${reasonWithoutValue(rest.slice(printed.length))}`;
        }
      }
    }
    return `Variable "$${name}" got invalid value.`;
  }
  const found = VALUE_FOUND.exec(message);
  if (found) return `Expected value of type "${found[1]}".`;
  const enumValue = /^Value ".*" does not exist in "(\w+)" enum\./s.exec(message);
  if (enumValue) return `Expected value of type "${enumValue[1]}".`;
  // A string literal where an enum belongs: 'Enum "X" cannot represent non-enum value: "<value>".'
  const enumLiteral = /^Enum "(\w+)" cannot represent non-enum value/.exec(message);
  if (enumLiteral) return `Expected value of type "${enumLiteral[1]}".`;
  return message;
}

/** A formatted error without input values or 11-digit numbers in its message or extensions. */
function redactError(error: GraphQLFormattedError, variables?: Record<string, unknown>): GraphQLFormattedError {
  return {
    ...error,
    message: redactPersonalNumbers(messageWithoutValues(error.message, variables)),
    ...(error.extensions ? { extensions: redactValue(error.extensions) as Record<string, unknown> } : {}),
  };
}

/**
 * Apollo Server plugin: redacts every error of every response (also errors raised before
 * execution). serveGraphQL installs it on every server (gateway, registry, casework).
 */
export function redactionPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        willSendResponse: ({ request, response }) => {
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            response.body.singleResult.errors = response.body.singleResult.errors.map((e) => redactError(e, request.variables));
          }
          return Promise.resolve();
        },
      }),
  };
}
