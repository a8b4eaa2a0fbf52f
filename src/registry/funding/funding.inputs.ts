import { IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/connection';
import { LocalDate, Money } from '../../common/scalars';
import { IsVoivodeshipCode } from '../../common/validation';
import { FundingSourceKind, GrantPurpose } from './funding.entities';

const UUID_MESSAGE = { message: 'must be an id (uuid)' };

@InputType()
export class RecordGrantInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  programmeId!: string;

  @Field(() => ID, { description: 'The institution receiving the grant (for a new club: its founder).' })
  @IsUUID('all', UUID_MESSAGE)
  recipientId!: string;

  @Field(() => ID, { nullable: true, description: 'The club or centre the grant creates or runs, if any.' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  clubId?: string | null;

  @Field(() => GrantPurpose)
  purpose!: GrantPurpose;

  @Field(() => Money)
  amount!: string;

  @Field(() => LocalDate)
  awardedOn!: string;
}

@InputType({ description: "Sets one source of an institution's funding in one year (replaces the previous amount)." })
export class SetFundingSourceInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  institutionId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1990)
  @Max(2100)
  year!: number;

  @Field(() => FundingSourceKind)
  source!: FundingSourceKind;

  @Field(() => Money)
  amount!: string;
}

@InputType()
export class GrantFilter {
  @Field(() => ID, { nullable: true, description: 'Grants of this programme or of any programme under it.' })
  @IsOptional()
  @IsUUID('all', UUID_MESSAGE)
  programmeId?: string | null;

  @Field(() => [GrantPurpose], { nullable: true })
  purposes?: GrantPurpose[] | null;

  @Field(() => String, { nullable: true, description: 'Recipients seated in this voivodeship.' })
  @IsVoivodeshipCode()
  voivodeship?: string | null;
}

@ArgsType()
export class GrantListArgs extends PageArgs {
  @Field(() => GrantFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: GrantFilter | null;
}
