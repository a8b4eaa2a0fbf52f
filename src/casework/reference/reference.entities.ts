// A read-only copy of the registry data casework groups by: institutions (type, sector, place),
// current network memberships, and active data-sharing partnerships. Replaced whole by each refresh
// from the registry's GraphQL API (refresh.ts); casework never edits it otherwise.
import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../common/ids';

@Entity({ tableName: 'reference_institution' })
export class ReferenceInstitution {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'text' })
  sector!: string;

  @Index()
  @Property({ type: 'string', length: 2, nullable: true })
  voivodeship?: string | null;

  @Property({ type: 'string', length: 7, nullable: true })
  municipalityCode?: string | null;
}

@Entity({ tableName: 'reference_membership' })
@Index({ properties: ['networkId'] })
export class ReferenceMembership {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  networkId!: string;

  @Property({ type: 'uuid' })
  institutionId!: string;

  @Property({ type: 'date' })
  joinedOn!: string;

  @Property({ type: 'date', nullable: true })
  leftOn?: string | null;
}

@Entity({ tableName: 'reference_partnership' })
export class ReferencePartnership {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  status!: string;

  @Property({ type: 'boolean' })
  dataSharing!: boolean;

  @Property({ type: 'date' })
  validFrom!: string;

  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Property({ type: 'uuid[]', columnType: 'uuid[]' })
  partyIds!: string[];
}

@Entity({ tableName: 'reference_refresh' })
export class ReferenceRefresh {
  [OptionalProps]?: 'id' | 'finishedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  finishedAt: Date = new Date();

  /** The registry URL, or "pilot-plan" when filled from the seed plan. */
  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'integer' })
  institutions!: number;

  @Property({ type: 'integer' })
  memberships!: number;

  @Property({ type: 'integer' })
  partnerships!: number;
}
