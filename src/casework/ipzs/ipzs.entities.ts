// IPZS (Indywidualny Program Zatrudnienia Socjalnego): the individual programme drawn up from a
// diagnosis by a social worker, a psychologist and a vocational counsellor with the participant;
// it sets goals and planned social and vocational reintegration services, and is monitored
// (events) and evaluated at entry, during and at exit.
import { Embeddable, Embedded, Entity, Enum, Index, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CaseworkRecord } from '../record.entities';
import { LocalDate } from '../../common/scalars';
import { ServiceEpisode } from '../episodes/episode.entities';
import { Participant } from '../participants/participant.entities';

export enum Specialist {
  SOCIAL_WORKER = 'SOCIAL_WORKER',
  PSYCHOLOGIST = 'PSYCHOLOGIST',
  VOCATIONAL_COUNSELLOR = 'VOCATIONAL_COUNSELLOR',
}

export enum ReintegrationArea {
  SOCIAL = 'SOCIAL',
  VOCATIONAL = 'VOCATIONAL',
}

export enum IpzsRecordKind {
  MONITORING_EVENT = 'MONITORING_EVENT',
  EVALUATION_ENTRY = 'EVALUATION_ENTRY',
  EVALUATION_INTERIM = 'EVALUATION_INTERIM',
  EVALUATION_EXIT = 'EVALUATION_EXIT',
}

registerEnumType(Specialist, { name: 'Specialist', description: 'Who made a diagnosis for the IPZS.' });
registerEnumType(ReintegrationArea, { name: 'ReintegrationArea' });
registerEnumType(IpzsRecordKind, {
  name: 'IpzsRecordKind',
  description: 'A monitoring event during the programme, or its evaluation at entry, during (interim) or at exit.',
});

@ObjectType('IpzsDiagnosis')
@Embeddable()
export class IpzsDiagnosis {
  @Field(() => Specialist)
  @Enum({ items: () => Specialist })
  by!: Specialist;

  @Field(() => LocalDate)
  @Property({ type: 'string' })
  madeOn!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  summary!: string;
}

@ObjectType('IpzsPlannedService')
@Embeddable()
export class IpzsPlannedService {
  @Field(() => ReintegrationArea)
  @Enum({ items: () => ReintegrationArea })
  area!: ReintegrationArea;

  @Field(() => String)
  @Property({ type: 'text' })
  description!: string;
}

@ObjectType({ description: 'An individual social employment programme (IPZS) of a participant.' })
@Entity({ tableName: 'ipzs' })
// The target of the (id, institution) foreign keys that keep a record with its plan's institution (privacy migration).
@Unique({ properties: ['id', 'institutionId'] })
export class Ipzs extends CaseworkRecord<'goals' | 'diagnoses' | 'plannedServices' | 'synthetic' | 'version'> {
  @Index()
  @ManyToOne(() => Participant, { ref: true })
  participant!: Ref<Participant>;

  /** The programme episode (CIS programme, club activities) the IPZS belongs to, if any. */
  @ManyToOne(() => ServiceEpisode, { ref: true, nullable: true })
  episode?: Ref<ServiceEpisode> | null;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  drawnUpOn!: string;

  @Field(() => [String])
  @Property({ type: 'text[]', default: [] })
  goals: string[] = [];

  @Field(() => [IpzsDiagnosis])
  @Embedded(() => IpzsDiagnosis, { array: true })
  diagnoses: IpzsDiagnosis[] = [];

  @Field(() => [IpzsPlannedService])
  @Embedded(() => IpzsPlannedService, { array: true })
  plannedServices: IpzsPlannedService[] = [];

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}

@ObjectType({ description: 'A monitoring event or an evaluation of an IPZS.' })
@Entity({ tableName: 'ipzs_record' })
export class IpzsRecord extends CaseworkRecord {
  @Index()
  @ManyToOne(() => Ipzs, { ref: true })
  ipzs!: Ref<Ipzs>;

  @Field(() => IpzsRecordKind)
  @Enum({ items: () => IpzsRecordKind, nativeEnumName: 'ipzs_record_kind' })
  kind!: IpzsRecordKind;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  recordedOn!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  note!: string;
}
