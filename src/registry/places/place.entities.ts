// The official territorial division (TERYT TERC): voivodeships, counties, municipalities.
// Their TERYT codes are their ids: stable, official, and the same in every subgraph.
import { Entity, Enum, Index, ManyToOne, PrimaryKey, PrimaryKeyProp, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum MunicipalityKind {
  URBAN = 'URBAN',
  RURAL = 'RURAL',
  URBAN_RURAL = 'URBAN_RURAL',
}
registerEnumType(MunicipalityKind, {
  name: 'MunicipalityKind',
  description: 'Kind of municipality (gmina): TERYT RODZ 1 urban, 2 rural, 3 urban-rural.',
});

@ObjectType({ description: 'A voivodeship (województwo), by its two-digit TERYT code.' })
@Directive('@key(fields: "code")')
@Entity({ tableName: 'voivodeship' })
export class Voivodeship {
  [PrimaryKeyProp]?: 'code';

  @Field(() => ID, { description: 'TERYT code, e.g. "26" for świętokrzyskie.' })
  @PrimaryKey({ type: 'string', length: 2 })
  code!: string;

  @Field(() => String, { description: 'Official name in lower case, e.g. "świętokrzyskie".' })
  @Property({ type: 'string' })
  name!: string;
}

@ObjectType({ description: 'A county (powiat) or a city with county rights, by its four-digit TERYT code.' })
@Directive('@key(fields: "code")')
@Entity({ tableName: 'county' })
export class County {
  [PrimaryKeyProp]?: 'code';

  @Field(() => ID, { description: 'TERYT code, e.g. "2604" (kielecki), "2661" (Kielce).' })
  @PrimaryKey({ type: 'string', length: 4 })
  code!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => Boolean, { description: 'A city with county rights (miasto na prawach powiatu).' })
  @Property({ type: 'boolean' })
  cityWithCountyRights!: boolean;

  @ManyToOne(() => Voivodeship, { ref: true, fieldName: 'voivodeship_code' })
  voivodeship!: Ref<Voivodeship>;
}

@ObjectType({ description: 'A municipality (gmina), by its seven-digit TERYT code WWPPGGR.' })
@Directive('@key(fields: "code")')
@Entity({ tableName: 'municipality' })
export class Municipality {
  [PrimaryKeyProp]?: 'code';

  @Field(() => ID, { description: 'TERYT code WWPPGGR, e.g. "2604062" Górno (rural).' })
  @PrimaryKey({ type: 'string', length: 7 })
  code!: string;

  @Field(() => String)
  @Property({ type: 'string' })
  name!: string;

  @Field(() => MunicipalityKind)
  @Enum({ items: () => MunicipalityKind, nativeEnumName: 'municipality_kind' })
  kind!: MunicipalityKind;

  @Index()
  @ManyToOne(() => County, { ref: true, fieldName: 'county_code' })
  county!: Ref<County>;
}
