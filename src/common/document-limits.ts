// Limits on a GraphQL document checked before it is parsed or validated: its size in lexical
// tokens, its operations, fragment spreads and directives. One pass of graphql-js's lexer that
// stops at the first limit passed, so a 1 MB document of fragment spreads or 10,000 operations is
// refused in well under a millisecond per kilobyte read, without building an AST.
import { Lexer, Source, TokenKind } from 'graphql';

export interface DocumentLimits {
  maxTokens: number;
  maxOperations: number;
  maxFragmentSpreads: number;
  maxDirectives: number;
}

export interface LimitExceeded {
  /** The environment variable that sets it (README, "Configuration"). */
  limit: 'MAX_TOKENS' | 'MAX_OPERATIONS' | 'MAX_FRAGMENT_SPREADS' | 'MAX_DIRECTIVES';
  max: number;
  message: string;
}

const OPERATION_KEYWORDS = new Set(['query', 'mutation', 'subscription']);

/**
 * The first limit `query` passes, or undefined. A document the lexer cannot read is left to the
 * parser, which reports the syntax error with its location.
 */
export function checkDocumentLimits(query: string, limits: DocumentLimits): LimitExceeded | undefined {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let operations = 0;
  let spreads = 0;
  let directives = 0;
  let depth = 0;
  let parens = 0;
  let previous: TokenKind | undefined;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > limits.maxTokens) {
        return { limit: 'MAX_TOKENS', max: limits.maxTokens, message: `Document token limit of ${limits.maxTokens} exceeded: send a smaller document` };
      }
      switch (token.kind) {
        case TokenKind.BRACE_L:
          // A top-level selection set without a keyword is an anonymous query.
          if (depth === 0 && parens === 0 && previous !== TokenKind.NAME && previous !== TokenKind.PAREN_R && previous !== TokenKind.AT) operations += 1;
          depth += 1;
          break;
        case TokenKind.BRACE_R:
          depth = Math.max(0, depth - 1);
          break;
        case TokenKind.PAREN_L:
          parens += 1;
          break;
        case TokenKind.PAREN_R:
          parens = Math.max(0, parens - 1);
          break;
        case TokenKind.NAME:
          if (depth === 0 && parens === 0 && previous !== TokenKind.NAME && OPERATION_KEYWORDS.has(token.value)) operations += 1;
          if (previous === TokenKind.SPREAD && token.value !== 'on') spreads += 1;
          break;
        case TokenKind.AT:
          directives += 1;
          break;
        default:
          break;
      }
      previous = token.kind;
      if (operations > limits.maxOperations) {
        return { limit: 'MAX_OPERATIONS', max: limits.maxOperations, message: `Operations limit of ${limits.maxOperations} per document exceeded` };
      }
      if (spreads > limits.maxFragmentSpreads) {
        return {
          limit: 'MAX_FRAGMENT_SPREADS',
          max: limits.maxFragmentSpreads,
          message: `Fragment spreads limit of ${limits.maxFragmentSpreads} per document exceeded`,
        };
      }
      if (directives > limits.maxDirectives) {
        return { limit: 'MAX_DIRECTIVES', max: limits.maxDirectives, message: `Directives limit of ${limits.maxDirectives} per document exceeded` };
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}
