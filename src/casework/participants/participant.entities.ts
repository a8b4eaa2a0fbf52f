// A participant: one person as one institution knows them. No name, no address, no PESEL: a keyed
// pseudonym (never returned by the API) links the records of different institutions.
import { Entity, Enum, Index, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { CaseworkRecord } from '../record.entities';
import { DateTime } from '../../common/scalars';
import { EligibilityCategory, Sex } from './participant-kinds';

@ObjectType({ description: 'A person served by one institution (its data controller); pseudonymous. Visible to staff of that institution only.' })
@Entity({ tableName: 'participant' })
@Unique({ properties: ['institutionId', 'keyVersion', 'pseudonym'] })
@Unique({ properties: ['id', 'institutionId'] })
// Linkage across institutions looks a pseudonym up under its key version.
@Index({ name: 'participant_pseudonym_index', properties: ['keyVersion', 'pseudonym'] })
export class Participant extends CaseworkRecord<'categories' | 'synthetic' | 'version' | 'updatedAt'> {
  /** HMAC chain of the PESEL under `keyVersion` (hex). Never returned: linkage happens in the database. */
  @Property({ type: 'string', length: 64 })
  pseudonym!: string;

  @Property({ type: 'string', length: 12 })
  keyVersion!: string;

  @Field(() => Int, { description: 'Year of birth (from the PESEL; the full date is not kept).' })
  @Property({ type: 'smallint' })
  birthYear!: number;

  @Field(() => Sex)
  @Enum({ items: () => Sex, nativeEnumName: 'sex' })
  sex!: Sex;

  @Field(() => String, { nullable: true, description: 'TERYT code of the municipality of residence (7 digits).' })
  @Property({ type: 'string', length: 7, nullable: true })
  residenceMunicipalityCode?: string | null;

  @Field(() => [EligibilityCategory])
  @Enum({ items: () => EligibilityCategory, array: true, default: [] })
  categories: EligibilityCategory[] = [];

  @Field(() => Boolean, { description: 'Generated for the pilot network demo: not a real person.' })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;

  @Field(() => Int, { description: 'Optimistic-lock version: pass it back when updating.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field(() => DateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  override createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
