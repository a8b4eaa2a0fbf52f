// An institution of the network: clubs, centres, OPS, PUP, NGOs and their partners.
import { Node } from '../../common/node';
import { BeforeCreate, BeforeUpdate, Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { LocalDate } from '../../common/scalars';
import { normaliseForSearch } from '../../common/text';
import { Municipality } from '../places/place.entities';
import { ActivityField, InstitutionStatus, InstitutionType, LegalForm, SECTOR_OF, Sector } from './institution-kinds';

@ObjectType({ implements: Node, description: 'An institution or organisation of the network.' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'institution' })
// Keyset pages ordered by name (migration 20261123093000).
@Index({ name: 'institution_name_id_index', properties: ['name', 'id'] })
export class Institution {
  [OptionalProps]?: 'id' | 'sector' | 'fields' | 'status' | 'pilot' | 'synthetic' | 'version' | 'searchText' | 'createdAt' | 'updatedAt';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => InstitutionType)
  @Index()
  @Enum({ items: () => InstitutionType, nativeEnumName: 'institution_type' })
  type!: InstitutionType;

  @Field(() => Sector, { description: 'Derived from the type.' })
  get sector(): Sector {
    return SECTOR_OF[this.type];
  }

  @Field(() => String)
  @Property({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  shortName?: string | null;

  @Field(() => LegalForm, { nullable: true })
  @Enum({ items: () => LegalForm, nativeEnumName: 'legal_form', nullable: true })
  legalForm?: LegalForm | null;

  @Field(() => String, { nullable: true, description: 'National Court Register number (10 digits).' })
  @Property({ type: 'string', length: 10, nullable: true, unique: true })
  krs?: string | null;

  @Field(() => String, { nullable: true, description: 'REGON (9 or 14 digits, checksum-validated).' })
  @Property({ type: 'string', length: 14, nullable: true, unique: true })
  regon?: string | null;

  @Field(() => String, { nullable: true, description: 'NIP tax number (10 digits, checksum-validated).' })
  @Property({ type: 'string', length: 10, nullable: true })
  nip?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  street?: string | null;

  @Field(() => String, { nullable: true, description: 'Postal code NN-NNN.' })
  @Property({ type: 'string', length: 6, nullable: true })
  postalCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Locality (miejscowość) of the seat.' })
  @Property({ type: 'text', nullable: true })
  locality?: string | null;

  @Index()
  @ManyToOne(() => Municipality, { ref: true, nullable: true, fieldName: 'municipality_code' })
  municipality?: Ref<Municipality> | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  website?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  phone?: string | null;

  @Field(() => [ActivityField])
  @Enum({ items: () => ActivityField, array: true, default: [] })
  fields: ActivityField[] = [];

  @Field(() => InstitutionStatus)
  @Enum({ items: () => InstitutionStatus, nativeEnumName: 'institution_status', default: InstitutionStatus.ACTIVE })
  status: InstitutionStatus = InstitutionStatus.ACTIVE;

  @Field(() => LocalDate, { nullable: true, description: 'Date of creation (utworzenie).' })
  @Property({ type: 'date', nullable: true })
  createdOn?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Date the activity started (rozpoczęcie działalności).' })
  @Property({ type: 'date', nullable: true })
  activityStartedOn?: string | null;

  @Field(() => LocalDate, { nullable: true, description: "Date of entry into the voivode's register (rejestracja)." })
  @Property({ type: 'date', nullable: true })
  registeredOn?: string | null;

  @Field(() => LocalDate, { nullable: true, description: 'Date of closure.' })
  @Property({ type: 'date', nullable: true })
  closedOn?: string | null;

  @Index()
  @ManyToOne(() => Institution, { ref: true, nullable: true, fieldName: 'founder_id' })
  founder?: Ref<Institution> | null;

  @Field(() => Boolean, { description: 'One of the 32 pilot clubs of the new service profile (KSR test, 2019).' })
  @Property({ type: 'boolean', default: false })
  pilot: boolean = false;

  @Field(() => Boolean, { description: 'Generated stand-in: the source documents do not name this record.' })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;

  @Field(() => Int, { description: 'Optimistic-lock version: pass it back when updating.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  /** Normalised name, short name and locality for diacritic- and case-insensitive search. */
  @Property({ type: 'text', lazy: false })
  searchText: string = '';

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @BeforeCreate()
  @BeforeUpdate()
  refreshSearchText(): void {
    this.searchText = normaliseForSearch([this.name, this.shortName, this.locality].filter(Boolean).join(' '));
  }
}
