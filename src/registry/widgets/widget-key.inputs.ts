import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsOptional, IsUUID, Length } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { IsVoivodeshipCode } from '../../common/validation';
import { WidgetKind } from './widget-key.entities';

@InputType({ description: 'A widget key: exactly one of networkId and voivodeship is its scope.' })
export class CreateWidgetKeyInput {
  @Field(() => String, { description: 'Who uses it, e.g. "RPW świętokrzyskie, www.example.pl".' })
  @Length(2, 200, { message: 'must be 2 to 200 characters' })
  name!: string;

  @Field(() => ID, { nullable: true, description: 'Scope: this network (a regional platform, an RSR, an LSR…).' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id (uuid)' })
  networkId?: string | null;

  @Field(() => String, { nullable: true, description: 'Scope: this voivodeship (TERYT code).' })
  @IsVoivodeshipCode()
  voivodeship?: string | null;

  @Field(() => [String], { description: 'Origins of the pages that embed the widgets, e.g. "https://rpw.example.pl" (1 to 20).' })
  @ArrayMinSize(1, { message: 'needs at least one origin' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  allowedOrigins!: string[];

  @Field(() => [WidgetKind], { description: 'The widgets it may run.' })
  @ArrayMinSize(1, { message: 'needs at least one widget' })
  @ArrayUnique()
  allowedWidgets!: WidgetKind[];
}
