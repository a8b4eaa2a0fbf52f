// Cursor connections for casework lists. The shape is src/common/connection.ts's; the page-info
// type has its own name because a value type defined by two subgraphs must be @shareable in both,
// and the registry's PageInfo is not (mark it @shareable there and this can go).
import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ConnectionShape } from '../common/connection';

@ObjectType({ description: 'Relay-style page information of a casework list.' })
class CaseworkPageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => Boolean)
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

export function CaseworkConnection<T extends object>(name: string, node: ClassType<T>): ClassType<ConnectionShape<T>> {
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

    @Field(() => CaseworkPageInfo)
    pageInfo!: CaseworkPageInfo;

    @Field(() => Int, { description: 'Number of items matching the filter, over all pages.' })
    totalCount!: number;
  }
  return ConnectionType;
}
