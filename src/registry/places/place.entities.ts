// The official territorial division (TERYT TERC): voivodeships, counties, municipalities.
// Their TERYT codes are their keys: stable, official, and the same in every subgraph. Each also has
// an opaque global `id` (common/node.ts), so clients and caches identify it like any other record.
import { Node, toGlobalId } from '../../common/node';
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

@ObjectType({ implements: Node, description: 'A voivodeship (województwo), by its two-digit TERYT code.' })
@Directive('@key(fields: "code")')
@Entity({ tableName: 'voivodeship' })
export class Voivodeship {
  [PrimaryKeyProp]?: 'code';

  @Field(() => ID, { description: 'Opaque global id (for `node(id)` and client caches); the TERYT code is `code`.' })
  get id(): string {
    return toGlobalId('Voivodeship', this.code);
  }

  @Field(() => ID, { description: 'TERYT code, e.g. "26" for świętokrzyskie.' })
  @PrimaryKey({ type: 'string', length: 2 })
  code!: string;

  @Field(() => String, { description: 'Official name in lower case, e.g. "świętokrzyskie".' })
  @Property({ type: 'string' })
  name!: string;
}

@ObjectType({ implements: Node, description: 'A county (powiat) or a city with county rights, by its four-digit TERYT code.' })
@Directive('@key(fields: "code")')
@Entity({ tableName: 'county' })
export class County {
  [PrimaryKeyProp]?: 'code';

  @Field(() => ID, { description: 'Opaque global id (for `node(id)` and client caches); the TERYT code is `code`.' })
  get id(): string {
    return toGlobalId('County', this.code);
  }

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

@ObjectType({ implements: Node, description: 'A municipality (gmina), by its seven-digit TERYT code WWPPGGR.' })
@Directive('@key(fields: "code")')
@Entity({ tableName: 'municipality' })
export class Municipality {
  [PrimaryKeyProp]?: 'code';

  @Field(() => ID, { description: 'Opaque global id (for `node(id)` and client caches); the TERYT code is `code`.' })
  get id(): string {
    return toGlobalId('Municipality', this.code);
  }

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
