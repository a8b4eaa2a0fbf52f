// The one set of request helpers of the tests: POSTs as a client sends them (to any server: the
// all-in-one app, a subgraph service, a gateway, a spawned process), the response's data checked
// for errors, and cursor connections read node by node and page by page.
import { expect } from 'vitest';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } }[];
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; null when it is not JSON. */
  json: any;
}

/** POSTs `body` to `url`: a string as it is, anything else as JSON; content-type JSON unless `headers` set another. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: left null (the assertions on it say so)
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A GraphQL operation POSTed as a client sends it. */
export const postQuery = (url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> =>
  post(url, { query, variables }, headers);

/** The Authorization header for a token (none without one). */
export const bearer = (token?: string): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

/** The response's data, after asserting there were no errors (their messages are shown if there were). */
export function data<T = any>(res: GraphQLResponse<T>): T {
  expect(res.errors?.map((e) => `${e.extensions?.code}: ${e.message}`) ?? []).toEqual([]);
  expect(res.data).toBeTruthy();
  return res.data as T;
}

/** A cursor as the API encodes them (base64url JSON of the sort key). */
export const cursorOf = (key: unknown): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export const edgesOf = <T = any>(connection: { edges: { node: T }[] }): T[] => connection.edges.map((e) => e.node);

interface Page<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

/**
 * Every node of a connection, page by page: `page(after)` fetches the page after that cursor.
 * Asserts that totalCount (when asked for) stays the same on every page.
 */
export async function collectNodes<T = any>(page: (after: string | null) => Promise<Page<T>>): Promise<{ nodes: T[]; totalCount: number; pages: number }> {
  const nodes: T[] = [];
  let after: string | null = null;
  let totalCount: number | undefined;
  let pages = 0;
  for (;;) {
    const current: Page<T> = await page(after);
    pages += 1;
    totalCount ??= current.totalCount;
    expect(current.totalCount, `totalCount on page ${pages}`).toBe(totalCount);
    nodes.push(...edgesOf(current));
    if (!current.pageInfo.hasNextPage) break;
    after = current.pageInfo.endCursor;
    expect(pages).toBeLessThan(1000);
  }
  return { nodes, totalCount: totalCount ?? 0, pages };
}

/** Every node of a top-level connection `field` (`$after` must be the query's cursor variable). */
export const allNodes = <T = any>(
  app: { gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<any>> },
  query: string,
  field: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ nodes: T[]; totalCount: number; pages: number }> =>
  collectNodes<T>(async (after) => data(await app.gql(query, { ...variables, after }, token))[field]);
