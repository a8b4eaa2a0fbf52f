import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsInt, IsOptional, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/connection';
import { LocalDate } from '../../common/scalars';
import { IsVoivodeshipCode } from '../../common/validation';
import { ActivityField, InstitutionType, Sector } from '../institutions/institution-kinds';
import { PartnershipKind, PartnershipStatus } from './partnership.entities';

@InputType()
export class ProposePartnershipInput {
  @Field(() => ID, { description: 'The proposing institution (yours, unless you are an admin); it becomes the LEAD party.' })
  @IsUUID('all', { message: 'must be an id (uuid)' })
  proposerId!: string;

  @Field(() => [ID], { description: 'The other parties (one for a bilateral partnership, more for a multilateral one).' })
  @ArrayMinSize(1, { message: 'must name at least one other institution' })
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'must not name an institution twice' })
  @IsUUID('all', { each: true, message: 'must be ids (uuid)' })
  partnerIds!: string[];

  @Field(() => PartnershipKind)
  kind!: PartnershipKind;

  @Field(() => [ActivityField], { description: 'Areas of cooperation.' })
  @ArrayMinSize(1, { message: 'must name at least one area of cooperation' })
  @ArrayUnique()
  areas!: ActivityField[];

  @Field(() => LocalDate)
  validFrom!: string;

  @Field(() => LocalDate, { nullable: true })
  validTo?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Whether the parties agree to share participant overlap (casework).' })
  dataSharing!: boolean;
}

@InputType()
export class PartyDecisionInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id (uuid)' })
  partnershipId!: string;

  @Field(() => ID, { nullable: true, description: 'The deciding party; defaults to your institution (required for admins).' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id (uuid)' })
  institutionId?: string | null;
}

@InputType()
export class EndPartnershipInput {
  @Field(() => ID)
  @IsUUID('all', { message: 'must be an id (uuid)' })
  partnershipId!: string;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => LocalDate, { nullable: true, description: 'Last day in force; default today.' })
  endedOn?: string | null;
}

@InputType({ description: 'Without `statuses`: partnerships in force on `asOf` (default today).' })
export class PartnershipFilter {
  @Field(() => LocalDate, { nullable: true })
  asOf?: string | null;

  @Field(() => [PartnershipStatus], { nullable: true, description: 'List these statuses instead of those in force; `asOf`, if given, still applies.' })
  statuses?: PartnershipStatus[] | null;

  @Field(() => [PartnershipKind], { nullable: true })
  kinds?: PartnershipKind[] | null;

  @Field(() => [ActivityField], { nullable: true, description: 'Partnerships covering any of these areas.' })
  areas?: ActivityField[] | null;

  @Field(() => String, { nullable: true, description: 'Partnerships with a party seated in this voivodeship.' })
  @IsVoivodeshipCode()
  voivodeship?: string | null;

  @Field(() => ID, { nullable: true, description: 'Partnerships of this institution.' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id (uuid)' })
  institutionId?: string | null;

  @Field(() => Boolean, { nullable: true })
  dataSharing?: boolean | null;
}

@ArgsType()
export class PartnershipListArgs extends PageArgs {
  @Field(() => PartnershipFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: PartnershipFilter | null;
}

@ArgsType()
export class PartnerArgs extends PageArgs {
  @Field(() => LocalDate, { nullable: true, description: 'Partners in force on this date; default today.' })
  asOf?: string | null;

  @Field(() => [Sector], { nullable: true })
  sectors?: Sector[] | null;

  @Field(() => [InstitutionType], { nullable: true })
  types?: InstitutionType[] | null;

  @Field(() => [ActivityField], { nullable: true, description: 'Only through partnerships covering any of these areas.' })
  areas?: ActivityField[] | null;
}
