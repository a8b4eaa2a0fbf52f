// Networks (LSR, RSR, regional platforms, the national body, conventions), their memberships and meetings.
import { Node } from '../../common/node';
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '../../common/ids';
import { LocalDate } from '../../common/scalars';
import { Institution } from '../institutions/institution.entities';
import { Municipality, Voivodeship } from '../places/place.entities';

export enum NetworkKind {
  LOCAL_REINTEGRATION_NETWORK = 'LOCAL_REINTEGRATION_NETWORK',
  REGIONAL_REINTEGRATION_NETWORK = 'REGIONAL_REINTEGRATION_NETWORK',
  REGIONAL_COOPERATION_PLATFORM = 'REGIONAL_COOPERATION_PLATFORM',
  NATIONAL_BODY = 'NATIONAL_BODY',
  CONVENTION = 'CONVENTION',
}

export enum MembershipRole {
  COORDINATOR = 'COORDINATOR',
  MEMBER = 'MEMBER',
  OBSERVER = 'OBSERVER',
  REPRESENTATIVE = 'REPRESENTATIVE',
}

export enum MeetingKind {
  WORKING = 'WORKING',
  CONSULTATION = 'CONSULTATION',
  NATIONAL_BODY = 'NATIONAL_BODY',
}

registerEnumType(NetworkKind, {
  name: 'NetworkKind',
  description: 'LSR (local), RSR (regional), a regional cooperation platform, the national KSR body, a convention of clubs or centres.',
});
registerEnumType(MembershipRole, { name: 'MembershipRole' });
registerEnumType(MeetingKind, { name: 'MeetingKind' });

@ObjectType({ implements: Node, description: 'A reintegration network or platform; networks nest (LSR within RSR within the national body).' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'network' })
export class Network {
  [OptionalProps]?: 'id' | 'synthetic' | 'version';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => NetworkKind)
  @Index()
  @Enum({ items: () => NetworkKind, nativeEnumName: 'network_kind' })
  kind!: NetworkKind;

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  description?: string | null;

  @Index()
  @ManyToOne(() => Network, { ref: true, nullable: true, fieldName: 'parent_id' })
  parent?: Ref<Network> | null;

  @Index()
  @ManyToOne(() => Voivodeship, { ref: true, nullable: true, fieldName: 'voivodeship_code' })
  voivodeship?: Ref<Voivodeship> | null;

  @ManyToOne(() => Municipality, { ref: true, nullable: true, fieldName: 'municipality_code' })
  municipality?: Ref<Municipality> | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  establishedOn?: string | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}

@ObjectType({ implements: Node, description: "An institution's membership of a network, with its role and dates." })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'membership' })
@Index({ properties: ['network', 'institution'] })
@Index({ name: 'membership_network_id_joined_on_index', properties: ['network', 'joinedOn'] })
export class Membership {
  [OptionalProps]?: 'id' | 'synthetic' | 'version';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Network, { ref: true })
  network!: Ref<Network>;

  @Index()
  @ManyToOne(() => Institution, { ref: true })
  institution!: Ref<Institution>;

  @Field(() => MembershipRole)
  @Enum({ items: () => MembershipRole, nativeEnumName: 'membership_role' })
  role!: MembershipRole;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  joinedOn!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day of membership; null while a member.' })
  @Property({ type: 'date', nullable: true })
  leftOn?: string | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}

@ObjectType({ implements: Node, description: 'A meeting of a network.' })
@Entity({ tableName: 'meeting' })
export class Meeting {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @ManyToOne(() => Network, { ref: true })
  network!: Ref<Network>;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  date!: string;

  @Field(() => MeetingKind)
  @Enum({ items: () => MeetingKind, nativeEnumName: 'meeting_kind' })
  kind!: MeetingKind;

  @Field(() => String)
  @Property({ type: 'text' })
  topic!: string;

  @Field(() => Boolean, { description: 'True when the date or topic is a stand-in (the sources give only the count).' })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}

@Entity({ tableName: 'meeting_attendance' })
@Unique({ properties: ['meeting', 'institution'] })
export class MeetingAttendance {
  [OptionalProps]?: 'id';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Meeting, { ref: true, deleteRule: 'cascade' })
  meeting!: Ref<Meeting>;

  @Index()
  @ManyToOne(() => Institution, { ref: true })
  institution!: Ref<Institution>;
}
