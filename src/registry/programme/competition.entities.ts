// How the pilot clubs were founded (seed 000): the ministry's open competition of April 2019 (its
// cap per club), the offers, the agreements signed (each: founder, the club it created, the grant),
// and the test map of places where new clubs could be created.
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { LocalDate, Money } from '../../common/scalars';
import { Grant, Programme } from '../funding/funding.entities';
import { Institution } from '../institutions/institution.entities';
import { Municipality, Voivodeship } from '../places/place.entities';

export enum OfferStatus {
  SELECTED = 'SELECTED',
  NOT_SELECTED = 'NOT_SELECTED',
}
registerEnumType(OfferStatus, { name: 'OfferStatus' });

@ObjectType({ implements: Node, description: 'An open competition of offers (otwarty konkurs ofert) to create clubs.' })
@Entity({ tableName: 'competition_call' })
export class CompetitionCall {
  [OptionalProps]?: 'id';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => String)
  @Property({ type: 'text' })
  title!: string;

  @ManyToOne(() => Institution, { ref: true, fieldName: 'organiser_id' })
  organiser!: Ref<Institution>;

  @ManyToOne(() => Programme, { ref: true, fieldName: 'programme_id' })
  programme!: Ref<Programme>;

  @Field(() => String, { description: 'The month it was announced, "YYYY-MM" (the sources give the month only).' })
  @Property({ type: 'text' })
  announcedIn!: string;

  @Field(() => Int, { description: 'How many clubs it was to create.' })
  @Property({ type: 'smallint' })
  clubsToCreate!: number;

  @Field(() => Money, { description: 'The most a grant to create one club could be.' })
  @Property({ type: 'decimal', precision: 14, scale: 2 })
  capPerClub!: string;
}

@ObjectType({ implements: Node, description: 'An offer submitted in a competition.' })
@Entity({ tableName: 'competition_offer' })
@Unique({ properties: ['call', 'applicant', 'municipality'] })
export class CompetitionOffer {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @ManyToOne(() => CompetitionCall, { ref: true, fieldName: 'call_id' })
  call!: Ref<CompetitionCall>;

  @ManyToOne(() => Institution, { ref: true, fieldName: 'applicant_id' })
  applicant!: Ref<Institution>;

  @ManyToOne(() => Voivodeship, { ref: true, fieldName: 'voivodeship_code' })
  voivodeship!: Ref<Voivodeship>;

  @ManyToOne(() => Municipality, { ref: true, fieldName: 'municipality_code' })
  municipality!: Ref<Municipality>;

  @Field(() => OfferStatus)
  @Enum({ items: () => OfferStatus, nativeEnumName: 'offer_status' })
  status!: OfferStatus;

  @Field(() => Boolean, { description: 'True for a stand-in (the sources name the selected founders of świętokrzyskie only).' })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}

@ObjectType({ implements: Node, description: 'An agreement signed after a competition to create a club: the founder, the club it created, its grant.' })
@Entity({ tableName: 'competition_agreement' })
export class CompetitionAgreement {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @ManyToOne(() => CompetitionCall, { ref: true, fieldName: 'call_id' })
  call!: Ref<CompetitionCall>;

  @ManyToOne(() => CompetitionOffer, { ref: true, fieldName: 'offer_id', unique: true })
  offer!: Ref<CompetitionOffer>;

  @ManyToOne(() => Voivodeship, { ref: true, fieldName: 'voivodeship_code' })
  voivodeship!: Ref<Voivodeship>;

  @Field(() => Int, { description: 'Its number in the voivodeship (the sources\' "Lp.").' })
  @Property({ type: 'smallint' })
  number!: number;

  @ManyToOne(() => Institution, { ref: true, fieldName: 'founder_id' })
  founder!: Ref<Institution>;

  @ManyToOne(() => Institution, { ref: true, fieldName: 'club_id', unique: true })
  club!: Ref<Institution>;

  @ManyToOne(() => Grant, { ref: true, fieldName: 'grant_id', nullable: true, unique: true })
  grant?: Ref<Grant> | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  signedOn?: string | null;

  @Field(() => Boolean, {
    description: 'True for a stand-in: the sources give the nine agreements of świętokrzyskie (without their dates); elsewhere only the number of clubs.',
  })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}

@ObjectType({
  implements: Node,
  description: 'A place on the test map (Mapa Testu): a municipality, and an organisation there, where a new club could be created.',
})
@Entity({ tableName: 'test_map_site' })
@Unique({ properties: ['municipality', 'organisation'] })
export class TestMapSite {
  [OptionalProps]?: 'id' | 'synthetic';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Index()
  @ManyToOne(() => Voivodeship, { ref: true, fieldName: 'voivodeship_code' })
  voivodeship!: Ref<Voivodeship>;

  @ManyToOne(() => Municipality, { ref: true, fieldName: 'municipality_code' })
  municipality!: Ref<Municipality>;

  @ManyToOne(() => Institution, { ref: true, fieldName: 'organisation_id', nullable: true })
  organisation?: Ref<Institution> | null;

  @Field(() => Boolean, { description: 'True for a stand-in: the sources describe the map but do not list it.' })
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;
}
