// Inputs of institution mutations and filters, validated with class-validator before any write.
import { ArrayMaxSize, IsEmail, IsInt, IsOptional, IsUrl, IsUUID, Length, Matches, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { LocalDate } from '../../common/scalars';
import { IsCountyCode, IsKrs, IsMunicipalityCode, IsNip, IsPostalCode, IsRegon, IsVoivodeshipCode } from '../../common/validation';
import { ActivityField, InstitutionStatus, InstitutionType, LegalForm, Sector } from './institution-kinds';

@InputType({ description: 'Fields an institution record can carry; null clears an optional field on update.' })
class InstitutionFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  shortName?: string | null;

  @Field(() => LegalForm, { nullable: true })
  legalForm?: LegalForm | null;

  @Field(() => String, { nullable: true, description: 'KRS: 10 digits.' })
  @IsKrs()
  krs?: string | null;

  @Field(() => String, { nullable: true, description: 'REGON: 9 or 14 digits with a valid checksum.' })
  @IsRegon()
  regon?: string | null;

  @Field(() => String, { nullable: true, description: 'NIP: 10 digits with a valid checksum, without dashes.' })
  @IsNip()
  nip?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  street?: string | null;

  @Field(() => String, { nullable: true, description: 'NN-NNN' })
  @IsPostalCode()
  postalCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 120)
  locality?: string | null;

  @Field(() => String, { nullable: true, description: 'TERYT code of the municipality of the seat (7 digits).' })
  @IsMunicipalityCode()
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] }, { message: 'must be an http(s) URL' })
  website?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'must be a phone number (digits, spaces, +, -, parentheses)' })
  phone?: string | null;

  @Field(() => [ActivityField], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  fields?: ActivityField[] | null;

  @Field(() => InstitutionStatus, { nullable: true })
  status?: InstitutionStatus | null;

  @Field(() => LocalDate, { nullable: true })
  createdOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  activityStartedOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  registeredOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  closedOn?: string | null;

  @Field(() => ID, { nullable: true, description: 'The founding body that runs this institution.' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id (uuid)' })
  founderId?: string | null;
}

@InputType()
export class CreateInstitutionInput extends InstitutionFields {
  @Field(() => InstitutionType)
  type!: InstitutionType;

  @Field(() => String)
  @Length(2, 300, { message: 'must be 2 to 300 characters' })
  name!: string;
}

@InputType()
export class UpdateInstitutionInput extends InstitutionFields {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'The version you read; a stale one is refused with CONFLICT.' })
  @IsInt()
  @Min(1)
  version!: number;

  @Field(() => InstitutionType, { nullable: true })
  type?: InstitutionType | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(2, 300, { message: 'must be 2 to 300 characters' })
  name?: string | null;
}

@InputType({ description: 'Filters combine with AND; list-valued filters match any of their values.' })
export class InstitutionFilter {
  @Field(() => String, { nullable: true })
  @IsVoivodeshipCode()
  voivodeship?: string | null;

  @Field(() => String, { nullable: true })
  @IsCountyCode()
  county?: string | null;

  @Field(() => String, { nullable: true })
  @IsMunicipalityCode()
  municipality?: string | null;

  @Field(() => [InstitutionType], { nullable: true })
  types?: InstitutionType[] | null;

  @Field(() => [Sector], { nullable: true })
  sectors?: Sector[] | null;

  @Field(() => [ActivityField], { nullable: true, description: 'Institutions active in any of these fields.' })
  fields?: ActivityField[] | null;

  @Field(() => [InstitutionStatus], { nullable: true })
  statuses?: InstitutionStatus[] | null;

  @Field(() => Boolean, { nullable: true })
  pilot?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  synthetic?: boolean | null;

  @Field(() => ID, { nullable: true, description: 'Members of this network (as of `asOf`).' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id (uuid)' })
  networkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Institutions run by this founding body.' })
  @IsOptional()
  @IsUUID('all', { message: 'must be an id (uuid)' })
  founderId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words of the name, short name or locality; case, Polish diacritics and quotes are ignored.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Date for the network filter; default today.' })
  asOf?: string | null;
}
