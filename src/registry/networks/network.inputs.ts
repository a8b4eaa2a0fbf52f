import { ArrayMaxSize, ArrayUnique, IsInt, IsOptional, IsUUID, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/connection';
import { LocalDate } from '../../common/scalars';
import { IsMunicipalityCode, IsVoivodeshipCode } from '../../common/validation';
import { InstitutionType, Sector } from '../institutions/institution-kinds';
import { MeetingKind, MembershipRole, NetworkKind } from './network.entities';

const UUID_MESSAGE = { message: 'must be an id (uuid)' };

@InputType()
export class CreateNetworkInput {
  @Field(() => NetworkKind)
  kind!: NetworkKind;

  @Field(() => String)
  @Length(2, 300, { message: 'must be 2 to 300 characters' })
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The network it belongs to (an LSR within an RSR within the national body).' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  parentId?: string | null;

  @Field(() => String, { nullable: true })
  @IsVoivodeshipCode()
  voivodeship?: string | null;

  @Field(() => String, { nullable: true })
  @IsMunicipalityCode()
  municipalityCode?: string | null;

  @Field(() => LocalDate, { nullable: true })
  establishedOn?: string | null;

  @Field(() => ID, { nullable: true, description: 'An institution to make its coordinator from `establishedOn` (or today).' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  coordinatorId?: string | null;
}

@InputType()
export class AddMembershipInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  networkId!: string;

  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  institutionId!: string;

  @Field(() => MembershipRole)
  role!: MembershipRole;

  @Field(() => LocalDate, { nullable: true, description: 'Default today.' })
  joinedOn?: string | null;
}

@InputType()
export class EndMembershipInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  membershipId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => LocalDate, { nullable: true, description: 'Last day of membership; default today.' })
  leftOn?: string | null;
}

@InputType()
export class RecordMeetingInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  networkId!: string;

  @Field(() => LocalDate)
  date!: string;

  @Field(() => MeetingKind)
  kind!: MeetingKind;

  @Field(() => String)
  @Length(2, 500, { message: 'must be 2 to 500 characters' })
  topic!: string;

  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(500)
  @ArrayUnique({ message: 'must not name an institution twice' })
  @IsUUID('all', { each: true, message: 'must be ids (uuid)' })
  attendeeIds!: string[];
}

@InputType()
export class NetworkFilter {
  @Field(() => [NetworkKind], { nullable: true })
  kinds?: NetworkKind[] | null;

  @Field(() => String, { nullable: true })
  @IsVoivodeshipCode()
  voivodeship?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  parentId?: string | null;

  @Field(() => Boolean, { nullable: true })
  synthetic?: boolean | null;
}

@ArgsType()
export class NetworkListArgs extends PageArgs {
  @Field(() => NetworkFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: NetworkFilter | null;
}

@ArgsType()
export class MemberArgs extends PageArgs {
  @Field(() => LocalDate, { nullable: true, description: 'Members on this date; default today.' })
  asOf?: string | null;

  @Field(() => [MembershipRole], { nullable: true })
  roles?: MembershipRole[] | null;

  @Field(() => [Sector], { nullable: true, description: 'Members whose type is in these sectors.' })
  sectors?: Sector[] | null;

  @Field(() => [InstitutionType], { nullable: true })
  types?: InstitutionType[] | null;
}

@ArgsType()
export class InstitutionNetworkArgs extends PageArgs {
  @Field(() => LocalDate, { nullable: true, description: 'Memberships on this date; default today.' })
  asOf?: string | null;

  @Field(() => [NetworkKind], { nullable: true })
  kinds?: NetworkKind[] | null;
}
