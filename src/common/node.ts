// Relay Global Object Identification: the `Node` interface and the opaque global ids.
//
// Records keyed by a UUID (institutions, partnerships, networks…) keep that UUID as their `id`:
// clients, mutations and the other subgraph already use it, and a UUID v7 made by the application
// is unique across every table, so it is a valid global id as it stands. Records keyed by
// something else (the TERYT places, keyed by their code) get an opaque global id: base64url of
// "<Type>:<key>". `node(id)` accepts both, and the opaque form of a UUID-keyed record too.
import { Field, ID, InterfaceType } from 'type-graphql';

// Implementations are not auto-registered: every one is reachable from Query anyway, and
// auto-registration would order the printed SDL by module import order (which differs between
// entry points), not by the schema.
@InterfaceType({
  autoRegisterImplementations: false,
  description: 'An object with a globally unique id that `node(id)` and `nodes(ids)` fetch again (Relay Global Object Identification). Registry records only.',
})
export abstract class Node {
  @Field(() => ID, { description: 'Globally unique id of the object (a UUID, or an opaque id for the TERYT places).' })
  id!: string;
}

/** The opaque global id of a record of `type` with this key: base64url of "<type>:<key>". */
export const toGlobalId = (type: string, key: string): string => Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');

const GLOBAL_ID = /^[A-Za-z0-9_-]+$/;
const DECODED = /^([A-Z][A-Za-z]*):(.+)$/;

/** The type and key behind an opaque global id, or null when `id` is not one. */
export function fromGlobalId(id: string): { type: string; key: string } | null {
  if (!GLOBAL_ID.test(id)) return null;
  const decoded = DECODED.exec(Buffer.from(id, 'base64url').toString('utf8'));
  // Only a canonical encoding counts (base64url decoding ignores trailing garbage bits).
  if (!decoded || toGlobalId(decoded[1], decoded[2]) !== id) return null;
  return { type: decoded[1], key: decoded[2] };
}
