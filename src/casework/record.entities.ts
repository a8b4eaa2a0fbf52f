// What every person-level record of casework has: a time-ordered id, the institution that serves
// the person (its data controller) and when it was written. A mapped superclass: no table of its own.
import { Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../common/ids';

// Inherited GraphQL fields come first in a type, so only `id` is declared here: each record's
// trailing fields (synthetic, version) stay on it, in the order its consumers know.
@ObjectType() // never referenced, so never emitted: its fields reach the schema through the records
export abstract class CaseworkRecord<Optional extends string = never> {
  [OptionalProps]?: 'id' | 'createdAt' | Optional;

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** The owner; exposed as `institution`. Row-level security keys on it. */
  @Index()
  @Property({ type: 'uuid' })
  institutionId!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
