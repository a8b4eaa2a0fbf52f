// Cursor connections (edges, node, cursor, pageInfo, totalCount) with `first` capped at 100.
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badInput } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/**
 * A Relay page-info type. Each subgraph names its own: a value type defined by two subgraphs must be
 * @shareable in both, and the registry's PageInfo is not.
 */
export function PageInfoType(name: string, description: string): ClassType<PageInfoShape> {
  @ObjectType(name, { description })
  class PageInfo {
    @Field(() => Boolean)
    hasNextPage!: boolean;

    @Field(() => Boolean)
    hasPreviousPage!: boolean;

    @Field(() => String, { nullable: true })
    startCursor!: string | null;

    @Field(() => String, { nullable: true })
    endCursor!: string | null;
  }
  return PageInfo;
}

const PageInfo = PageInfoType('PageInfo', 'Relay-style page information.');

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor (from pageInfo.endCursor).' })
  after?: string | null;
}

export interface Page<T> {
  items: T[];
  cursors: string[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
  totalCount: number;
}

export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}, got ${size}`);
  }
  return size;
}

/** Cursors are opaque to clients: base64url of the sort key of the row. */
export const encodeCursor = (key: readonly unknown[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Sort keys are text columns: anything else did not come from this API.
    if (Array.isArray(key) && key.length === length && key.every((v) => typeof v === 'string')) return key;
  } catch {
    // fall through to the typed error
  }
  throw badInput('after', 'not a cursor returned by this list');
}

export function toConnection<T>(page: Page<T>): ConnectionShape<T> {
  const edges = page.items.map((node, i) => ({ node, cursor: page.cursors[i] }));
  return {
    edges,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Declares `<Name>Connection` and `<Name>Edge` object types for a node type (the registry's PageInfo unless given). */
export function Connection<T extends object>(name: string, node: ClassType<T>, pageInfo: ClassType<PageInfoShape> = PageInfo): ClassType<ConnectionShape<T>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => pageInfo)
    pageInfo!: PageInfoShape;

    @Field(() => Int, { description: 'Number of items matching the filter, over all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}
