// Widget keys: what lets a regional platform's public page embed the widgets (src/web/widgets.ts).
// A key names the origins it may be used from, the widgets it may run and its scope (one network,
// or one voivodeship). Its secret is shown once and only its SHA-256 is stored.
import { Entity, Enum, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { newId } from '../../common/ids';
import { DateTime } from '../../common/scalars';
import { Network } from '../networks/network.entities';
import { Voivodeship } from '../places/place.entities';
import { WidgetKind } from './widget-kind';

export { WidgetKind };

registerEnumType(WidgetKind, {
  name: 'WidgetKind',
  description:
    "MEMBERS: a platform's members. PARTNERS: a club's partners by area of the new service profile. NETWORK: the network picture. COUNTS: institutions by sector and type of a voivodeship.",
});

@ObjectType({ description: "A regional platform's key for embedding widgets on its public pages (the secret itself is shown only when created)." })
@Entity({ tableName: 'widget_key' })
export class WidgetKey {
  [OptionalProps]?: 'id' | 'createdAt' | 'revokedAt' | 'network' | 'voivodeship';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Field(() => String, { description: 'Who uses it, e.g. the platform and its site.' })
  @Property({ type: 'text' })
  name!: string;

  /** Scope: a network (its members, partners and picture; counts of its voivodeship)… */
  @Index()
  @ManyToOne(() => Network, { ref: true, nullable: true, fieldName: 'network_id', deleteRule: 'cascade', foreignKeyName: 'widget_key_network_id_fkey' })
  network?: Ref<Network> | null;

  /** …or a voivodeship (its networks, institutions and counts). */
  @Index()
  @ManyToOne(() => Voivodeship, {
    ref: true,
    nullable: true,
    fieldName: 'voivodeship_code',
    deleteRule: 'cascade',
    foreignKeyName: 'widget_key_voivodeship_code_fkey',
  })
  voivodeship?: Ref<Voivodeship> | null;

  @Field(() => [String], { description: 'Origins (scheme://host[:port]) of the pages allowed to use it.' })
  @Property({ type: 'text[]' })
  allowedOrigins!: string[];

  @Field(() => [WidgetKind])
  @Enum({ items: () => WidgetKind, array: true, nativeEnumName: 'widget_kind' })
  allowedWidgets!: WidgetKind[];

  /** SHA-256 (hex) of the secret; the secret is never stored. */
  @Unique({ name: 'widget_key_secret_hash_unique' })
  @Property({ type: 'text', fieldName: 'secret_hash' })
  secretHash!: string;

  @Field(() => String, { description: 'The first characters of the secret, to tell keys apart.' })
  @Property({ type: 'text' })
  prefix!: string;

  @Field(() => String, { nullable: true, description: 'Token subject of who created it.' })
  @Property({ type: 'text', nullable: true })
  createdBy?: string | null;

  @Field(() => DateTime)
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => DateTime, { nullable: true, description: 'When it was revoked; a revoked key is refused at once.' })
  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null = null;
}

@ObjectType({ description: 'A new widget key with its secret: shown this once, store it in the page that embeds the widgets.' })
export class CreatedWidgetKey {
  @Field(() => WidgetKey)
  key!: WidgetKey;

  @Field(() => String, { description: 'The key to put in the widget elements (`key="…"`). Not retrievable later.' })
  secret!: string;
}
