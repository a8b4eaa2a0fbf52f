import { IsInt, IsOptional, IsUUID, Matches, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { UUID_MESSAGE } from '../participants/participant.inputs';
import { EpisodeKind, EpisodeOutcome } from './episode-kinds';

/** An institution's own reference: letters, digits and / . _ - (never a PESEL: at most 10 digits in a row). */
export const EXTERNAL_REF = /^(?!.*\d{11})[A-Za-z0-9/._-]{1,64}$/;
export const EXTERNAL_REF_RULE = 'must be 1 to 64 letters, digits or / . _ - (and no 11-digit number)';

@InputType()
export class OpenEpisodeInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  participantId!: string;

  @Field(() => EpisodeKind)
  kind!: EpisodeKind;

  @Field(() => LocalDate)
  startedOn!: string;

  @Field(() => LocalDate, { nullable: true, description: 'For an episode recorded after it ended (with `outcome`).' })
  endedOn?: string | null;

  @Field(() => EpisodeOutcome, { nullable: true })
  outcome?: EpisodeOutcome | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(EXTERNAL_REF, { message: EXTERNAL_REF_RULE })
  externalRef?: string | null;
}

@InputType()
export class CloseEpisodeInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  id!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => LocalDate)
  endedOn!: string;

  @Field(() => EpisodeOutcome)
  outcome!: EpisodeOutcome;
}
