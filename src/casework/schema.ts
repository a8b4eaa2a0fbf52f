// The casework subgraph's schema. Entity resolution covers only the registry's entities that
// casework extends (by key, returning the key): no person-level type is an entity, so `_entities`
// can never reach one.
import type { GraphQLSchema } from 'graphql';
import { buildFederatedSchema } from '../common/federation';
import { isUuid } from '../common/ids';
import { NetworkRef, PartnershipRef, VoivodeshipRef } from './federation/registry-types';
import { caseworkResolvers } from './resolvers';

interface PartyRepresentation {
  institution?: { id?: unknown } | null;
}

/** Keys arrive from the gateway; anything malformed resolves to an entity without data (null). */
const byId = (ref: { id?: unknown }) => (typeof ref.id === 'string' && isUuid(ref.id) ? { id: ref.id } : null);

export function buildCaseworkSchema(): Promise<GraphQLSchema> {
  return buildFederatedSchema(
    caseworkResolvers,
    {
      Institution: { __resolveReference: byId },
      Network: { __resolveReference: byId },
      Partnership: {
        // Status and parties come with the reference (`@requires(fields: "status parties { institution { id } }")`).
        __resolveReference: (ref: { id?: unknown; status?: unknown; parties?: PartyRepresentation[] | null }) => {
          const base = byId(ref);
          if (!base) return null;
          const parties = Array.isArray(ref.parties) ? ref.parties : [];
          return {
            ...base,
            status: typeof ref.status === 'string' ? ref.status : undefined,
            parties: parties.map((p) => ({ institution: { id: typeof p?.institution?.id === 'string' ? p.institution.id : '' } })),
          };
        },
      },
      Voivodeship: {
        __resolveReference: (ref: { code?: unknown }) => (typeof ref.code === 'string' && /^\d{2}$/.test(ref.code) ? { code: ref.code } : null),
      },
    },
    [PartnershipRef, NetworkRef, VoivodeshipRef],
  );
}
