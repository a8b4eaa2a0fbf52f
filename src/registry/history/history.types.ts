// Types of provenance, history and the change feed (issue 13 §1–§2). The rows behind them are
// written by the database's triggers (Migration20261204100000_history_and_changes), never by code.
import { GraphQLJSON, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role } from '../../common/auth';
import { Connection } from '../../common/connection';
import { DateTime } from '../../common/scalars';

export enum RecordType {
  INSTITUTION = 'INSTITUTION',
  PARTNERSHIP = 'PARTNERSHIP',
  PARTNERSHIP_PARTY = 'PARTNERSHIP_PARTY',
  NETWORK = 'NETWORK',
  MEMBERSHIP = 'MEMBERSHIP',
  MEETING = 'MEETING',
  MEETING_ATTENDANCE = 'MEETING_ATTENDANCE',
  PROGRAMME = 'PROGRAMME',
  GRANT = 'GRANT',
  FUNDING_SOURCE = 'FUNDING_SOURCE',
}

export enum ChangeOperation {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  ENDED = 'ENDED',
  REMOVED = 'REMOVED',
}

export enum ChangeChannel {
  API = 'API',
  IMPORT = 'IMPORT',
  SEED = 'SEED',
  MIGRATION = 'MIGRATION',
  DATABASE = 'DATABASE',
}

export enum SourceKind {
  SOURCE_DOCUMENT = 'SOURCE_DOCUMENT',
  INSTITUTION = 'INSTITUTION',
  IMPORT = 'IMPORT',
  SYNTHETIC = 'SYNTHETIC',
}

registerEnumType(RecordType, { name: 'RecordType', description: 'Kinds of registry record kept in the history and the change feed.' });
registerEnumType(ChangeOperation, {
  name: 'ChangeOperation',
  description:
    'ENDED: an institution closed, a partnership ended or declined, a membership left (the record stays); REMOVED: the row was deleted (a tombstone).',
});
registerEnumType(ChangeChannel, {
  name: 'ChangeChannel',
  description: 'How a write reached the database: the API, a bulk import (file and line), a seed, a migration, or DATABASE (direct SQL with no actor set).',
});
registerEnumType(SourceKind, {
  name: 'SourceKind',
  description:
    'SOURCE_DOCUMENT: stated by a seed document (file name and passage); INSTITUTION: entered by an institution or coordinator; IMPORT: from a bulk import; SYNTHETIC: a generated stand-in.',
});

@ObjectType({ description: "Where a record's facts come from." })
export class RecordSource {
  @Field(() => SourceKind)
  kind!: SourceKind;

  @Field(() => String, { nullable: true, description: 'The document: a seed document by file name (seed-documents/), or the import file.' })
  document!: string | null;

  @Field(() => String, { nullable: true, description: 'Where in it: the passage quoted, the import line, or who entered it.' })
  reference!: string | null;
}

@ObjectType({ description: 'One field of a change: its value before and after (JSON; money as exact decimal strings).' })
export class FieldChange {
  @Field(() => String)
  field!: string;

  @Field(() => GraphQLJSON, { nullable: true })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true })
  after!: unknown;
}

@ObjectType({ description: 'Who wrote a change, as the service knew them.' })
export class ChangeActor {
  @Field(() => Role, { nullable: true, description: 'Null for seeds, migrations and direct database writes.' })
  role!: Role | null;

  @Field(() => ID, { nullable: true, description: 'The institution a staff member acted for.' })
  institutionId!: string | null;

  @Field(() => String, { nullable: true, description: "The token's subject: shown to admins and to the actor's own institution only." })
  subject!: string | null;
}

@ObjectType({ description: 'One recorded change of a record (or of one of its parts: the parties of a partnership, the attendance of a meeting).' })
export class HistoryEntry {
  @Field(() => DateTime, { description: 'When the transaction that made the change committed.' })
  at!: Date;

  @Field(() => ChangeOperation)
  operation!: ChangeOperation;

  @Field(() => RecordType)
  recordType!: RecordType;

  @Field(() => ID)
  recordId!: string;

  @Field(() => ChangeChannel)
  channel!: ChangeChannel;

  @Field(() => ChangeActor)
  actor!: ChangeActor;

  @Field(() => String, { nullable: true, description: 'Bulk import: the file.' })
  file!: string | null;

  @Field(() => Int, { nullable: true, description: 'Bulk import: the line of the file.' })
  line!: number | null;

  @Field(() => String, { nullable: true, description: 'The seed, migration or command, when given.' })
  detail!: string | null;

  @Field(() => [FieldChange], { description: 'CREATED: every field set; UPDATED and ENDED: the fields changed; REMOVED: every field as it was.' })
  changes!: FieldChange[];
}

export const HistoryConnection = Connection('HistoryEntry', HistoryEntry);

@ObjectType({ description: 'One entry of the change feed: a record as it stood after a committed write.' })
export class RegistryChange {
  @Field(() => RecordType)
  recordType!: RecordType;

  @Field(() => ID)
  recordId!: string;

  @Field(() => ID, { nullable: true, description: 'PARTNERSHIP_PARTY: its partnership; MEETING_ATTENDANCE: its meeting.' })
  parentId!: string | null;

  @Field(() => ChangeOperation)
  operation!: ChangeOperation;

  @Field(() => DateTime, { description: 'Commit time of the write (the feed is ordered by commit, not by this clock).' })
  committedAt!: Date;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description: "The record's columns after the write (camelCase; references as <name>Id; money as decimal strings); null for REMOVED.",
  })
  state!: Record<string, unknown> | null;
}

export const RegistryChangeConnection = Connection('RegistryChange', RegistryChange);
