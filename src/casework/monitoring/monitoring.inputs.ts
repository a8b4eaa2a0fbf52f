import { IsOptional, IsUUID, Length } from 'class-validator';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { ServiceEpisode } from '../episodes/episode.entities';
import { IsFreeOfPersonalNumbers } from '../linkage/rules';
import { UUID_MESSAGE } from '../participants/participant.inputs';
import { ContactSource, EmploymentStatus } from './contact.entities';
import { DueStatus } from './schedule';

registerEnumType(DueStatus, { name: 'DueStatus', description: 'MET; OVERDUE (due date passed without a contact); DUE (window open now); UPCOMING.' });

@InputType()
export class RecordMonitoringContactInput {
  @Field(() => ID, { description: 'The completed programme (CIS programme or club activities) being monitored.' })
  @IsUUID('all', UUID_MESSAGE)
  episodeId!: string;

  @Field(() => LocalDate)
  contactedOn!: string;

  @Field(() => ContactSource)
  source!: ContactSource;

  @Field(() => ID, { nullable: true, description: 'The cooperating OPS, PUP or GKRPA (registry id), when it made the contact.' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  sourceInstitutionId?: string | null;

  @Field(() => EmploymentStatus)
  employmentStatus!: EmploymentStatus;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 4000)
  @IsFreeOfPersonalNumbers()
  note?: string | null;
}

@ObjectType({ description: 'One due contact of a graduate: met by a contact after `windowOpensAfter` and on or before `dueOn`.' })
export class DueContact {
  @Field(() => Int)
  sequence!: number;

  @Field(() => LocalDate)
  windowOpensAfter!: string;

  @Field(() => LocalDate)
  dueOn!: string;

  @Field(() => DueStatus)
  status!: DueStatus;

  @Field(() => LocalDate, { nullable: true })
  metOn!: string | null;
}

@ObjectType({ description: 'The 3-year monitoring schedule of a graduate: quarterly in year one, every six months in years two and three.' })
export class GraduateSchedule {
  @Field(() => ServiceEpisode)
  episode!: ServiceEpisode;

  @Field(() => LocalDate)
  completedOn!: string;

  @Field(() => LocalDate)
  monitoringEndsOn!: string;

  @Field(() => [DueContact])
  dueContacts!: DueContact[];

  @Field(() => Int)
  overdueCount!: number;
}
