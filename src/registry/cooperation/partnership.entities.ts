// Partnerships: bilateral or multilateral cooperation between institutions, with validity dates.
import { Node } from '../../common/node';
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '../../common/ids';
import { DateTime, LocalDate } from '../../common/scalars';
import { ActivityField } from '../institutions/institution-kinds';
import { Institution } from '../institutions/institution.entities';

export enum PartnershipKind {
  FORMAL_AGREEMENT = 'FORMAL_AGREEMENT',
  CONTRACT = 'CONTRACT',
  LETTER_OF_INTENT = 'LETTER_OF_INTENT',
  PROJECT_PARTNERSHIP = 'PROJECT_PARTNERSHIP',
  INFORMAL = 'INFORMAL',
}

/** proposed → active once every party has confirmed → ended; or declined by a party. */
export enum PartnershipStatus {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
  DECLINED = 'DECLINED',
}

export enum PartyRole {
  LEAD = 'LEAD',
  PARTNER = 'PARTNER',
}

registerEnumType(PartnershipKind, { name: 'PartnershipKind' });
registerEnumType(PartnershipStatus, {
  name: 'PartnershipStatus',
  description: 'PROPOSED until every party confirms, then ACTIVE; ENDED when ended; DECLINED when a party declines.',
});
registerEnumType(PartyRole, { name: 'PartyRole', description: 'LEAD: the party that leads (by default the proposer).' });

@ObjectType({ implements: Node, description: 'Cooperation between two or more institutions.' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'partnership' })
export class Partnership {
  [OptionalProps]?: 'id' | 'areas' | 'status' | 'dataSharing' | 'synthetic' | 'version' | 'createdAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => PartnershipKind)
  @Enum({ items: () => PartnershipKind, nativeEnumName: 'partnership_kind' })
  kind!: PartnershipKind;

  @Field(() => [ActivityField], { description: 'Areas of cooperation.' })
  @Enum({ items: () => ActivityField, array: true, default: [] })
  areas: ActivityField[] = [];

  @Field(() => PartnershipStatus)
  @Index()
  @Enum({ items: () => PartnershipStatus, nativeEnumName: 'partnership_status' })
  status: PartnershipStatus = PartnershipStatus.PROPOSED;

  @Field(() => LocalDate, { description: 'First day the partnership is in force.' })
  @Property({ type: 'date' })
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day the partnership is in force; open-ended when null.' })
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => Boolean, {
    description: 'The parties agreed to let their staff see which of them serve the same participant (casework).',
  })
  @Property({ type: 'boolean', default: false })
  dataSharing: boolean = false;

  @ManyToOne(() => Institution, { ref: true, fieldName: 'proposed_by_id' })
  proposedBy!: Ref<Institution>;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field(() => DateTime)
  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}

@ObjectType({ description: 'An institution taking part in a partnership.' })
@Directive('@shareable')
@Entity({ tableName: 'partnership_party' })
@Unique({ properties: ['partnership', 'institution'] })
@Index({ name: 'partnership_party_partnership_id_index', properties: ['partnership'] })
export class PartnershipParty {
  [OptionalProps]?: 'id' | 'role';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Partnership, { ref: true, deleteRule: 'cascade' })
  partnership!: Ref<Partnership>;

  @Index()
  @ManyToOne(() => Institution, { ref: true })
  institution!: Ref<Institution>;

  @Field(() => PartyRole)
  @Enum({ items: () => PartyRole, nativeEnumName: 'party_role' })
  role: PartyRole = PartyRole.PARTNER;

  @Field(() => DateTime, { nullable: true, description: 'When this party confirmed; null while awaited.' })
  @Property({ type: 'datetime', nullable: true })
  confirmedAt?: Date | null;

  @Field(() => DateTime, { nullable: true })
  @Property({ type: 'datetime', nullable: true })
  declinedAt?: Date | null;
}
