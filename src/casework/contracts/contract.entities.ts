// Social contracts (kontrakt socjalny) signed at an OPS, with the active integration instruments
// they use, in four groups: vocational, educational, health and social activation.
import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CaseworkRecord } from '../record.entities';
import { LocalDate } from '../../common/scalars';
import { Participant } from '../participants/participant.entities';

export enum InstrumentGroup {
  VOCATIONAL = 'VOCATIONAL',
  EDUCATIONAL = 'EDUCATIONAL',
  HEALTH = 'HEALTH',
  SOCIAL = 'SOCIAL',
}

export enum IntegrationInstrument {
  VOCATIONAL_GUIDANCE = 'VOCATIONAL_GUIDANCE',
  JOB_PLACEMENT = 'JOB_PLACEMENT',
  VOCATIONAL_COURSE = 'VOCATIONAL_COURSE',
  INTERNSHIP = 'INTERNSHIP',
  SUBSIDISED_EMPLOYMENT = 'SUBSIDISED_EMPLOYMENT',
  SOCIAL_EMPLOYMENT_REFERRAL = 'SOCIAL_EMPLOYMENT_REFERRAL',
  SCHOOL_EDUCATION_FUNDING = 'SCHOOL_EDUCATION_FUNDING',
  KEY_COMPETENCE_TRAINING = 'KEY_COMPETENCE_TRAINING',
  ADDICTION_THERAPY = 'ADDICTION_THERAPY',
  PSYCHOLOGICAL_SUPPORT = 'PSYCHOLOGICAL_SUPPORT',
  HEALTH_REHABILITATION = 'HEALTH_REHABILITATION',
  SOCIAL_SKILLS_TRAINING = 'SOCIAL_SKILLS_TRAINING',
  FAMILY_COUNSELLING = 'FAMILY_COUNSELLING',
  LEGAL_COUNSELLING = 'LEGAL_COUNSELLING',
  SELF_HELP_GROUP = 'SELF_HELP_GROUP',
  VOLUNTEERING = 'VOLUNTEERING',
}

const GROUP_OF: Record<IntegrationInstrument, InstrumentGroup> = {
  VOCATIONAL_GUIDANCE: InstrumentGroup.VOCATIONAL,
  JOB_PLACEMENT: InstrumentGroup.VOCATIONAL,
  VOCATIONAL_COURSE: InstrumentGroup.VOCATIONAL,
  INTERNSHIP: InstrumentGroup.VOCATIONAL,
  SUBSIDISED_EMPLOYMENT: InstrumentGroup.VOCATIONAL,
  SOCIAL_EMPLOYMENT_REFERRAL: InstrumentGroup.VOCATIONAL,
  SCHOOL_EDUCATION_FUNDING: InstrumentGroup.EDUCATIONAL,
  KEY_COMPETENCE_TRAINING: InstrumentGroup.EDUCATIONAL,
  ADDICTION_THERAPY: InstrumentGroup.HEALTH,
  PSYCHOLOGICAL_SUPPORT: InstrumentGroup.HEALTH,
  HEALTH_REHABILITATION: InstrumentGroup.HEALTH,
  SOCIAL_SKILLS_TRAINING: InstrumentGroup.SOCIAL,
  FAMILY_COUNSELLING: InstrumentGroup.SOCIAL,
  LEGAL_COUNSELLING: InstrumentGroup.SOCIAL,
  SELF_HELP_GROUP: InstrumentGroup.SOCIAL,
  VOLUNTEERING: InstrumentGroup.SOCIAL,
};

registerEnumType(InstrumentGroup, { name: 'InstrumentGroup', description: 'The four groups of active integration instruments.' });
registerEnumType(IntegrationInstrument, { name: 'IntegrationInstrument', description: 'An active integration instrument; its group is fixed.' });

@ObjectType({ description: 'A social contract (kontrakt socjalny) with the instruments it uses.' })
@Entity({ tableName: 'social_contract' })
export class SocialContract extends CaseworkRecord<'instruments' | 'instrumentGroups' | 'synthetic' | 'version'> {
  @Index()
  @ManyToOne(() => Participant, { ref: true })
  participant!: Ref<Participant>;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  signedOn!: string;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  endsOn?: string | null;

  @Field(() => [IntegrationInstrument])
  @Enum({ items: () => IntegrationInstrument, array: true, default: [] })
  instruments: IntegrationInstrument[] = [];

  @Field(() => [InstrumentGroup], { description: 'The groups its instruments belong to.' })
  get instrumentGroups(): InstrumentGroup[] {
    return [...new Set(this.instruments.map((i) => GROUP_OF[i]))].sort();
  }

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
