// Graduate monitoring: contacts with a person in the 3 years after they complete a programme,
// recorded by the club or centre, possibly on information from a cooperating OPS, PUP or GKRPA.
import { Entity, Enum, Index, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { CaseworkRecord } from '../record.entities';
import { LocalDate } from '../../common/scalars';
import { ServiceEpisode } from '../episodes/episode.entities';
import { Participant } from '../participants/participant.entities';

export enum ContactSource {
  CENTRE = 'CENTRE',
  OPS = 'OPS',
  PUP = 'PUP',
  GKRPA = 'GKRPA',
}

export enum EmploymentStatus {
  OPEN_LABOUR_MARKET = 'OPEN_LABOUR_MARKET',
  SUBSIDISED_EMPLOYMENT = 'SUBSIDISED_EMPLOYMENT',
  SOCIAL_COOPERATIVE = 'SOCIAL_COOPERATIVE',
  SELF_EMPLOYED = 'SELF_EMPLOYED',
  IN_EDUCATION = 'IN_EDUCATION',
  REGISTERED_UNEMPLOYED = 'REGISTERED_UNEMPLOYED',
  NOT_WORKING = 'NOT_WORKING',
  UNKNOWN = 'UNKNOWN',
}

registerEnumType(ContactSource, {
  name: 'ContactSource',
  description: 'Who made the contact: the club/centre itself, or a cooperating OPS, PUP or municipal alcohol commission (GKRPA).',
});
registerEnumType(EmploymentStatus, { name: 'EmploymentStatus' });

@ObjectType({ description: 'A monitoring contact with a graduate.' })
@Entity({ tableName: 'monitoring_contact' })
@Unique({ properties: ['episode', 'contactedOn', 'source'] })
export class MonitoringContact extends CaseworkRecord<'synthetic'> {
  @Index()
  @ManyToOne(() => Participant, { ref: true })
  participant!: Ref<Participant>;

  /** The completed programme being monitored. */
  @Index()
  @ManyToOne(() => ServiceEpisode, { ref: true })
  episode!: Ref<ServiceEpisode>;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  contactedOn!: string;

  @Field(() => ContactSource)
  @Enum({ items: () => ContactSource, nativeEnumName: 'contact_source' })
  source!: ContactSource;

  /** The cooperating institution (registry id) when the source is not the centre. */
  @Property({ type: 'uuid', nullable: true })
  sourceInstitutionId?: string | null;

  @Field(() => EmploymentStatus)
  @Enum({ items: () => EmploymentStatus, nativeEnumName: 'employment_status' })
  employmentStatus!: EmploymentStatus;

  @Field(() => String, { nullable: true, description: 'Social functioning, skills gained and their use to employers.' })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}
