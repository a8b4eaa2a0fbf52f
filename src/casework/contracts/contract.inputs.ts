import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsUUID } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { UUID_MESSAGE } from '../participants/participant.inputs';
import { IntegrationInstrument } from './contract.entities';

@InputType()
export class CreateSocialContractInput {
  @Field(() => ID)
  @IsUUID('all', UUID_MESSAGE)
  participantId!: string;

  @Field(() => LocalDate)
  signedOn!: string;

  @Field(() => LocalDate, { nullable: true })
  endsOn?: string | null;

  @Field(() => [IntegrationInstrument])
  @ArrayMinSize(1, { message: 'must name at least one instrument' })
  @ArrayMaxSize(16)
  @ArrayUnique({ message: 'must not name an instrument twice' })
  instruments!: IntegrationInstrument[];
}
