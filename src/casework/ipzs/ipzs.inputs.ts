import { ArrayMaxSize, IsOptional, IsUUID, Length, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { IsFreeOfPersonalNumbers } from '../linkage/rules';
import { UUID_MESSAGE } from '../participants/participant.inputs';
import { IpzsRecordKind, ReintegrationArea, Specialist } from './ipzs.entities';

@InputType()
export class IpzsDiagnosisInput {
  @Field(() => Specialist)
  by!: Specialist;

  @Field(() => LocalDate)
  madeOn!: string;

  @Field(() => String)
  @Length(1, 4000)
  @IsFreeOfPersonalNumbers()
  summary!: string;
}

@InputType()
export class IpzsPlannedServiceInput {
  @Field(() => ReintegrationArea)
  area!: ReintegrationArea;

  @Field(() => String)
  @Length(1, 1000)
  @IsFreeOfPersonalNumbers()
  description!: string;
}

@InputType()
export class CreateIpzsInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  participantId!: string;

  @Field(() => ID, { nullable: true, description: 'The programme episode it belongs to.' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  episodeId?: string | null;

  @Field(() => LocalDate)
  drawnUpOn!: string;

  @Field(() => [String])
  @ArrayMaxSize(30)
  @Length(1, 1000, { each: true })
  @IsFreeOfPersonalNumbers()
  goals!: string[];

  @Field(() => [IpzsDiagnosisInput], { description: 'By the social worker, the psychologist and the vocational counsellor.' })
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  diagnoses!: IpzsDiagnosisInput[];

  @Field(() => [IpzsPlannedServiceInput])
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  plannedServices!: IpzsPlannedServiceInput[];
}

@InputType()
export class AddIpzsRecordInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  ipzsId!: string;

  @Field(() => IpzsRecordKind)
  kind!: IpzsRecordKind;

  @Field(() => LocalDate)
  recordedOn!: string;

  @Field(() => String)
  @Length(1, 4000)
  @IsFreeOfPersonalNumbers()
  note!: string;
}
