// A service episode: a participant receiving one kind of service at their institution, from a
// start date to an end date with an outcome.
import { Entity, Enum, Index, ManyToOne, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { CaseworkRecord } from '../record.entities';
import { LocalDate } from '../../common/scalars';
import { Participant } from '../participants/participant.entities';
import { EpisodeKind, EpisodeOutcome } from './episode-kinds';

@ObjectType({ description: 'A period of service to a participant (club activities, a CIS programme, PUP registration, …).' })
@Entity({ tableName: 'service_episode' })
@Unique({ properties: ['participant', 'kind', 'startedOn'] })
@Unique({ properties: ['institutionId', 'externalRef'] })
// The target of the (id, institution) foreign keys that keep a record with its episode's institution (privacy migration).
@Unique({ properties: ['id', 'institutionId'] })
export class ServiceEpisode extends CaseworkRecord<'synthetic' | 'version'> {
  @Index()
  @ManyToOne(() => Participant, { ref: true })
  participant!: Ref<Participant>;

  @Field(() => EpisodeKind)
  @Enum({ items: () => EpisodeKind, nativeEnumName: 'episode_kind' })
  kind!: EpisodeKind;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  startedOn!: string;

  @Field(() => LocalDate, { nullable: true, description: 'Last day; null while open.' })
  @Property({ type: 'date', nullable: true })
  endedOn?: string | null;

  @Field(() => EpisodeOutcome, { nullable: true })
  @Enum({ items: () => EpisodeOutcome, nativeEnumName: 'episode_outcome', nullable: true })
  outcome?: EpisodeOutcome | null;

  @Field(() => String, { nullable: true, description: "The institution's own reference (case number); unique within the institution." })
  @Property({ type: 'string', length: 64, nullable: true })
  externalRef?: string | null;

  @Field(() => Boolean)
  @Property({ type: 'boolean', default: false })
  synthetic: boolean = false;

  @Field(() => Int)
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
