// The audit trail of participant-level access: append-only. The service's database role may
// INSERT and SELECT it (its own institution's rows), never UPDATE or DELETE (migration "privacy").
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'audit_event' })
@Index({ properties: ['institutionId', 'at'] })
export class AuditEvent {
  [OptionalProps]?: 'id' | 'at';

  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  at!: Date;

  /** Token subject of the caller (a user id at the identity provider), or "cli:…". */
  @Property({ type: 'text' })
  subject!: string;

  @Property({ type: 'text' })
  role!: string;

  @Property({ type: 'uuid', nullable: true })
  institutionId?: string | null;

  /** READ, LOOKUP_BY_PESEL, CREATE, UPDATE, IMPORT, VIEW_LINKED_INSTITUTIONS. */
  @Property({ type: 'text' })
  operation!: string;

  @Property({ type: 'text' })
  recordType!: string;

  @Property({ type: 'uuid[]', columnType: 'uuid[]' })
  recordIds!: string[];
}
