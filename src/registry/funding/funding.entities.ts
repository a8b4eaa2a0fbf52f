// Funding: programmes (POWER 2.5, the KSR project), grants to institutions, yearly funding sources.
import { Node } from '../../common/node';
// Amounts are numeric(14,2) in the database and exact decimal strings in code: never floats.
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '../../common/ids';
import { LocalDate, Money } from '../../common/scalars';
import { Institution } from '../institutions/institution.entities';

export enum GrantPurpose {
  CLUB_CREATION = 'CLUB_CREATION',
  CENTRE_CREATION = 'CENTRE_CREATION',
  OPERATING_COSTS = 'OPERATING_COSTS',
  PROJECT = 'PROJECT',
  OTHER = 'OTHER',
}

export enum FundingSourceKind {
  STATE_BUDGET = 'STATE_BUDGET',
  MUNICIPALITY = 'MUNICIPALITY',
  LABOUR_FUND = 'LABOUR_FUND',
  VOIVODESHIP = 'VOIVODESHIP',
  EU_FUNDS = 'EU_FUNDS',
  OWN_ACTIVITY = 'OWN_ACTIVITY',
}

registerEnumType(GrantPurpose, { name: 'GrantPurpose' });
registerEnumType(FundingSourceKind, {
  name: 'FundingSourceKind',
  description: 'LABOUR_FUND: integration benefits from the Labour Fund paid through the PUP.',
});

@ObjectType({ implements: Node, description: 'A funding programme, measure or project (programmes nest: POWER → measure 2.5 → the KSR project).' })
@Entity({ tableName: 'programme' })
export class Programme {
  [OptionalProps]?: 'id';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => String, { description: 'Official code, e.g. "POWR.02.05.00-00-0114/17".' })
  @Property({ type: 'text', unique: true })
  code!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => Programme, { ref: true, nullable: true, fieldName: 'parent_id' })
  parent?: Ref<Programme> | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  startsOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endsOn?: string | null;

  @Field(() => Money, { nullable: true, description: 'Cap on a club-creation grant under this programme, if any.' })
  @Property({ type: 'decimal', precision: 14, scale: 2, nullable: true })
  clubCreationCap?: string | null;
}

@ObjectType({ implements: Node, description: 'A grant from a programme to an institution.' })
@Entity({ tableName: 'grant' })
export class Grant {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @ManyToOne(() => Programme, { ref: true })
  programme!: Ref<Programme>;

  @Index()
  @ManyToOne(() => Institution, { ref: true })
  recipient!: Ref<Institution>;

  @ManyToOne(() => Institution, { ref: true, nullable: true, fieldName: 'club_id' })
  club?: Ref<Institution> | null;

  @Field(() => GrantPurpose)
  @Enum({ items: () => GrantPurpose, nativeEnumName: 'grant_purpose' })
  purpose!: GrantPurpose;

  @Field(() => Money)
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  awardedOn!: string;

  @Field(() => Boolean, { description: 'True when the amount or date is a stand-in (the sources give only the cap).' })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}

@ObjectType({ implements: Node, description: "One source of an institution's funding in one year." })
@Entity({ tableName: 'funding_source' })
@Unique({ properties: ['institution', 'year', 'source'] })
export class FundingSource {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Institution, { ref: true })
  institution!: Ref<Institution>;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  year!: number;

  @Field(() => FundingSourceKind)
  @Enum({ items: () => FundingSourceKind, nativeEnumName: 'funding_source_kind' })
  source!: FundingSourceKind;

  @Field(() => Money)
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}
