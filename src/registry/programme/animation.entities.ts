// The KSR test's animation machinery (seed 000): a Regional Reintegration Animation Team (ZRAR) in
// each pilot voivodeship, its animators (counted by role: the sources name no one, and no person is
// stored here), its duties, the meetings it organised, and OSAR's advisory duty, consultations and
// training cycle for the animators.
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { LocalDate } from '../../common/scalars';
import { Institution } from '../institutions/institution.entities';
import { Meeting } from '../networks/network.entities';
import { Voivodeship } from '../places/place.entities';

export enum AnimatorRole {
  TEAM_LEADER = 'TEAM_LEADER',
  REGIONAL_ANIMATOR = 'REGIONAL_ANIMATOR',
}

export enum TeamDutyKind {
  ANIMATION_PLAN = 'ANIMATION_PLAN',
  SYSTEMIC_RECOMMENDATIONS = 'SYSTEMIC_RECOMMENDATIONS',
  LEGISLATIVE_RECOMMENDATIONS = 'LEGISLATIVE_RECOMMENDATIONS',
  LSR_MEETINGS = 'LSR_MEETINGS',
  RSR_MEETINGS = 'RSR_MEETINGS',
}

export enum DutyStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
}

export enum ConsultationTopic {
  KSR_MODEL = 'KSR_MODEL',
  CLUB_ACTIVITIES_NEW_PROFILE = 'CLUB_ACTIVITIES_NEW_PROFILE',
  REGIONAL_ANIMATION_TECHNIQUES = 'REGIONAL_ANIMATION_TECHNIQUES',
}

registerEnumType(AnimatorRole, { name: 'AnimatorRole', description: 'A role in a ZRAR (counts only: no animator is named).' });
registerEnumType(TeamDutyKind, {
  name: 'TeamDutyKind',
  description: 'What every ZRAR had to do (seed 000): an animation plan, systemic and legislative recommendations, LSR and RSR meetings.',
});
registerEnumType(DutyStatus, { name: 'DutyStatus' });
registerEnumType(ConsultationTopic, {
  name: 'ConsultationTopic',
  description:
    "Topics of OSAR's advisory duty hours (seed 000): the KSR model; running club activities by the new service profile; regional animation techniques for building platforms.",
});

@ObjectType({
  implements: Node,
  description: 'A Regional Reintegration Animation Team (Zespół Regionalnej Animacji Reintegracji, ZRAR) of a pilot voivodeship.',
})
@Entity({ tableName: 'animation_team' })
export class AnimationTeam {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @ManyToOne(() => Voivodeship, { ref: true, fieldName: 'voivodeship_code', unique: true })
  voivodeship!: Ref<Voivodeship>;

  @Field(() => Int, {
    description: 'Animators in the team; the sources tie the number to the number of new clubs (MAPA nr 2, whose figures they do not give).',
  })
  @Property({ type: 'smallint' })
  animatorCount!: number;

  @Field(() => Boolean, { description: 'True when the animator count and roles are stand-ins (the sources do not give them).' })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}

@ObjectType({ description: 'How many animators of a ZRAR hold a role.' })
@Entity({ tableName: 'animation_team_role' })
@Unique({ properties: ['team', 'role'] })
export class AnimationTeamRole {
  [OptionalProps]?: 'id';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => AnimationTeam, { ref: true, fieldName: 'team_id', deleteRule: 'cascade' })
  team!: Ref<AnimationTeam>;

  @Field(() => AnimatorRole)
  @Enum({ items: () => AnimatorRole, nativeEnumName: 'animator_role' })
  role!: AnimatorRole;

  @Field(() => Int)
  @Property({ type: 'smallint' })
  count!: number;
}

@ObjectType({ implements: Node, description: 'A duty of a ZRAR, with its dates and status.' })
@Entity({ tableName: 'team_duty' })
@Unique({ properties: ['team', 'kind'] })
export class TeamDuty {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @ManyToOne(() => AnimationTeam, { ref: true, fieldName: 'team_id', deleteRule: 'cascade' })
  team!: Ref<AnimationTeam>;

  @Field(() => TeamDutyKind)
  @Enum({ items: () => TeamDutyKind, nativeEnumName: 'team_duty_kind' })
  kind!: TeamDutyKind;

  @Field(() => DutyStatus)
  @Enum({ items: () => DutyStatus, nativeEnumName: 'duty_status' })
  status!: DutyStatus;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  startsOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  dueOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  completedOn?: string | null;

  @Field(() => Boolean, { description: 'True when the dates and status are stand-ins (the sources give the duty, not when it was done).' })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}

/** A meeting a ZRAR organised (the networks' meetings stay the networks' own records). */
@Entity({ tableName: 'team_meeting' })
@Unique({ properties: ['team', 'meeting'] })
export class TeamMeeting {
  [OptionalProps]?: 'id';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @ManyToOne(() => AnimationTeam, { ref: true, fieldName: 'team_id', deleteRule: 'cascade' })
  team!: Ref<AnimationTeam>;

  @Index()
  @ManyToOne(() => Meeting, { ref: true, fieldName: 'meeting_id', deleteRule: 'cascade' })
  meeting!: Ref<Meeting>;
}

@ObjectType({ implements: Node, description: "OSAR's advisory duty for the animators (seed 000: 12 months of advisory and consultation duty hours)." })
@Entity({ tableName: 'advisory_duty' })
export class AdvisoryDuty {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Institution, { ref: true, fieldName: 'coordinator_id' })
  coordinator!: Ref<Institution>;

  @Field(() => Int, { description: 'How long the duty ran, in months.' })
  @Property({ type: 'smallint' })
  months!: number;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  startsOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endsOn?: string | null;

  @Field(() => [ConsultationTopic])
  @Enum({ items: () => ConsultationTopic, array: true, nativeEnumName: 'consultation_topic' })
  topics!: ConsultationTopic[];

  @Field(() => Boolean, { description: 'True when the dates are stand-ins (the sources give the 12 months, not when).' })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}

@ObjectType({ implements: Node, description: 'A consultation of OSAR for a ZRAR, by topic.' })
@Entity({ tableName: 'advisory_consultation' })
export class AdvisoryConsultation {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @ManyToOne(() => AdvisoryDuty, { ref: true, fieldName: 'duty_id', deleteRule: 'cascade' })
  duty!: Ref<AdvisoryDuty>;

  @Index()
  @ManyToOne(() => AnimationTeam, { ref: true, fieldName: 'team_id' })
  team!: Ref<AnimationTeam>;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  date!: string;

  @Field(() => ConsultationTopic)
  @Enum({ items: () => ConsultationTopic, nativeEnumName: 'consultation_topic' })
  topic!: ConsultationTopic;

  @Field(() => Int, { description: 'Duty hours.' })
  @Property({ type: 'smallint' })
  hours!: number;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}

@ObjectType({ implements: Node, description: 'A session of the training cycle for ZRAR animators (seed 000: "szkolenia dla animatorów ZRAR").' })
@Entity({ tableName: 'training_session' })
export class TrainingSession {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @ManyToOne(() => AdvisoryDuty, { ref: true, fieldName: 'duty_id', deleteRule: 'cascade' })
  duty!: Ref<AdvisoryDuty>;

  @Field(() => Int, { description: 'Its place in the cycle, from 1.' })
  @Property({ type: 'smallint' })
  number!: number;

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  date!: string;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}
