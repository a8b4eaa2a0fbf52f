// The registry's entities as casework sees them: their keys only, so casework can add fields to
// them in the supergraph. Partnership declares its parties' institutions `@external`: the gateway
// fetches them from the registry and hands them over with the reference (`@requires`).
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

@ObjectType('Institution')
@Directive('@key(fields: "id")')
export class InstitutionRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('PartnershipParty')
export class PartnershipPartyRef {
  @Field(() => InstitutionRef)
  @Directive('@external')
  institution!: InstitutionRef;
}

/** The registry's PartnershipStatus, declared here for the external `status` field. */
export enum PartnershipStatusRef {
  PROPOSED = 'PROPOSED',
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
  DECLINED = 'DECLINED',
}
registerEnumType(PartnershipStatusRef, { name: 'PartnershipStatus' });

@ObjectType('Partnership')
@Directive('@key(fields: "id")')
export class PartnershipRef {
  @Field(() => ID)
  id!: string;

  @Field(() => PartnershipStatusRef)
  @Directive('@external')
  status?: PartnershipStatusRef;

  @Field(() => [PartnershipPartyRef])
  @Directive('@external')
  parties?: PartnershipPartyRef[];
}

@ObjectType('Network')
@Directive('@key(fields: "id")')
export class NetworkRef {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Voivodeship')
@Directive('@key(fields: "code")')
export class VoivodeshipRef {
  @Field(() => ID)
  code!: string;
}

export const institutionRef = (id: string): InstitutionRef => Object.assign(new InstitutionRef(), { id });
