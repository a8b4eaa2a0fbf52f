// The registry subgraph's schema: every resolver of its domain folders plus entity resolution.
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../common/federation';
import type { RequestContext } from '../common/context';
import { registryResolvers } from './resolvers';
import { institutionById } from './institutions/institution.service';
import { countyByCode, municipalityByCode, voivodeshipByCode } from './places/place.service';
import { membershipById, networkById } from './networks/network.service';
import { partnershipById } from './cooperation/partnership.service';

type Ref<K extends string> = Record<K, string>;

export function buildRegistrySchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(registryResolvers, {
    Institution: { __resolveReference: (ref: Ref<'id'>, ctx: RequestContext) => institutionById(ctx, ref.id) },
    Partnership: { __resolveReference: (ref: Ref<'id'>, ctx: RequestContext) => partnershipById(ctx, ref.id) },
    Network: { __resolveReference: (ref: Ref<'id'>, ctx: RequestContext) => networkById(ctx, ref.id) },
    Membership: { __resolveReference: (ref: Ref<'id'>, ctx: RequestContext) => membershipById(ctx, ref.id) },
    Voivodeship: { __resolveReference: (ref: Ref<'code'>, ctx: RequestContext) => voivodeshipByCode(ctx, ref.code) },
    County: { __resolveReference: (ref: Ref<'code'>, ctx: RequestContext) => countyByCode(ctx, ref.code) },
    Municipality: { __resolveReference: (ref: Ref<'code'>, ctx: RequestContext) => municipalityByCode(ctx, ref.code) },
  });
}
