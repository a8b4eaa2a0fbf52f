// Inputs of participant queries and mutations, validated before any work.
import { ArrayMaxSize, ArrayUnique, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { PageArgs } from '../../common/connection';
import { IsMunicipalityCode } from '../../common/validation';
import { EpisodeKind } from '../episodes/episode-kinds';
import { IsPesel } from '../linkage/rules';
import { EligibilityCategory } from './participant-kinds';

export const UUID_MESSAGE = { message: 'must be an id (uuid)' };

@InputType()
export class RegisterParticipantInput {
  @Field(() => String, {
    description: 'PESEL: used once to compute the pseudonym and to read birth year and sex; never stored, logged or returned. Send it as a variable.',
  })
  @IsPesel()
  pesel!: string;

  @Field(() => String, { nullable: true, description: 'TERYT code of the municipality of residence (7 digits).' })
  @IsMunicipalityCode()
  residenceMunicipalityCode?: string | null;

  @Field(() => [EligibilityCategory])
  @ArrayUnique({ message: 'must not name a category twice' })
  @ArrayMaxSize(20)
  categories!: EligibilityCategory[];
}

@InputType()
export class UpdateParticipantInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  id!: string;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'null clears it.' })
  @IsMunicipalityCode()
  residenceMunicipalityCode?: string | null;

  @Field(() => [EligibilityCategory], { nullable: true })
  @IsOptional()
  @ArrayUnique({ message: 'must not name a category twice' })
  @ArrayMaxSize(20)
  categories?: EligibilityCategory[] | null;
}

@InputType({ description: 'Filters combine with AND.' })
export class ParticipantFilter {
  @Field(() => [EligibilityCategory], { nullable: true, description: 'Participants in any of these categories.' })
  @IsOptional()
  @ArrayMaxSize(20)
  categories?: EligibilityCategory[] | null;

  @Field(() => EpisodeKind, { nullable: true, description: 'Participants with an open episode of this kind.' })
  openEpisodeKind?: EpisodeKind | null;

  @Field(() => Boolean, { nullable: true })
  synthetic?: boolean | null;
}

@ArgsType()
export class ParticipantListArgs extends PageArgs {
  @Field(() => ParticipantFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  filter?: ParticipantFilter | null;
}
