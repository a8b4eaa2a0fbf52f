// NUL characters and unpaired UTF-16 surrogates in string input are refused before anything runs:
// PostgreSQL cannot store either in text (the INSERT would fail with the row's values in the
// error), and no legitimate note, goal or identifier holds one. One plugin checks every string of
// a request, in the variables (nested input objects and lists included) and in the operation's
// literal arguments; serveGraphQL installs it on every server.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, visit, type ASTNode, type DocumentNode } from 'graphql';

// With the u flag a well-formed pair is one code point, so \p{Cs} matches unpaired halves only.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const FORBIDDEN = /[\u0000\p{Cs}]/u;
const REASON = 'must not contain NUL characters or unpaired surrogates';

const joinPath = (segments: readonly string[]): string => segments.reduce((path, s) => (s.startsWith('[') || !path ? path + s : `${path}.${s}`), '');

/** The path ("input.goals[1]") of the first string in `value` (keys included) that holds a forbidden character. */
function badString(value: unknown, path: string[], depth = 0): string | null {
  if (typeof value === 'string') return FORBIDDEN.test(value) ? joinPath(path) : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = badString(value[i], [...path, `[${i}]`], depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    // A bad key is reported at its parent: the key itself is not a name worth repeating.
    if (FORBIDDEN.test(key)) return joinPath(path);
    const found = badString(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Walks the document's argument values: the argument path ("input.note") of the first string
 * literal holding a forbidden character, and where each variable is used ("$i" → "input").
 */
function readDocument(document: DocumentNode): { badLiteral: string | null; usedAt: Map<string, string[]> } {
  const segments: string[] = [];
  const pushed: boolean[] = [];
  let badLiteral: string | null = null;
  const usedAt = new Map<string, string[]>();
  visit(document, {
    enter(node: ASTNode, key) {
      const segment =
        node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD
          ? node.name.value
          : typeof key === 'number' && node.kind.endsWith('Value')
            ? `[${key}]`
            : null;
      pushed.push(segment !== null);
      if (segment !== null) segments.push(segment);
      if (node.kind === Kind.STRING && badLiteral === null && FORBIDDEN.test(node.value)) badLiteral = joinPath(segments);
      // Inside an argument (not the variable's own definition): the first use names the argument.
      if (node.kind === Kind.VARIABLE && segments.length > 0 && !usedAt.has(node.name.value)) usedAt.set(node.name.value, [...segments]);
    },
    leave() {
      if (pushed.pop()) segments.pop();
    },
  });
  return { badLiteral, usedAt };
}

export function inputTextPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        // After parsing and validation, before variables are coerced or any resolver runs.
        didResolveOperation: ({ request, document }) => {
          const read = readDocument(document);
          let field = read.badLiteral;
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            if (field !== null) break;
            // Named by the argument the variable is passed to ("$i" in createIpzs(input: $i) → "input.goals[0]").
            field = badString(value, read.usedAt.get(name) ?? [name]);
          }
          if (field !== null) {
            throw new GraphQLError(`${field}: ${REASON}`, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });
          }
          return Promise.resolve();
        },
      }),
  };
}
