// Every operation declares who may call it (src/common/permissions.ts). This walks the schemas the
// subgraphs serve and fails on any root field without a declaration, so a new operation cannot be
// added without one; it also checks a declaration is enforced before the resolver runs.
import type { GraphQLField, GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildCaseworkSchema } from '../../src/casework/schema';
import { Role } from '../../src/common/auth';
import { permissionChecker, permissionOf, type Permission } from '../../src/common/permissions';
import { buildRegistrySchema } from '../../src/registry/schema';

// Federation's own fields: `_service` returns the SDL (public by the spec, the gateway needs it);
// `_entities` resolves references to the registry's entities, each by its own key and service
// (casework's answer only keys: no person-level type is an entity).
const FEDERATION_FIELDS: Record<string, string> = {
  _service: 'SDL for the gateway, added by @apollo/subgraph',
  _entities: 'reference resolution; the fields it reaches carry their own declarations',
};

function undeclared(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (root === schema.getQueryType() && field.name in FEDERATION_FIELDS) continue;
      if (!permissionOf(field)) missing.push(`${root!.name}.${field.name}`);
    }
  }
  return missing;
}

const fieldOf = (schema: GraphQLSchema, type: string, name: string): GraphQLField<unknown, unknown> => {
  const t = schema.getType(type);
  if (!t || !('getFields' in t)) throw new Error(`no type ${type}`);
  return (t.getFields() as Record<string, GraphQLField<unknown, unknown>>)[name];
};

describe('permission declarations', async () => {
  const schemas = { registry: await buildRegistrySchema(), casework: await buildCaseworkSchema() };

  it.each(Object.entries(schemas))('every Query and Mutation field of %s declares its permission', (_, schema) => {
    expect(schema.getQueryType()).toBeTruthy();
    expect(undeclared(schema)).toEqual([]);
  });

  it('finds a field without a declaration (the check is not vacuous)', async () => {
    const schema = await buildCaseworkSchema();
    const field = fieldOf(schema, 'Mutation', 'createSocialContract');
    Object.assign(field, { extensions: { ...field.extensions, permission: undefined } });
    expect(undeclared(schema)).toEqual(['Mutation.createSocialContract']);
  });

  it('declares person-level operations and their field resolvers for staff only', () => {
    const staffOnly = (type: string, name: string) => permissionOf(fieldOf(schemas.casework, type, name))?.roles;
    for (const [type, name] of [
      ['Query', 'participant'],
      ['Query', 'participants'],
      ['Query', 'participantByPesel'],
      ['Query', 'graduateSchedule'],
      ['Mutation', 'registerParticipant'],
      ['Mutation', 'importParticipants'],
      ['Mutation', 'recordMonitoringContact'],
      ['Participant', 'episodes'],
      ['Participant', 'ipzs'],
      ['Participant', 'socialContracts'],
      ['Participant', 'monitoringContacts'],
      ['Participant', 'monitoringSchedules'],
      ['Participant', 'alsoServedBy'],
      ['Ipzs', 'records'],
    ]) {
      expect(staffOnly(type, name), `${type}.${name}`).toEqual([Role.INSTITUTION_STAFF]);
    }
  });

  it('refuses with the declared error before the resolver runs', () => {
    const permission = permissionOf(fieldOf(schemas.registry, 'Mutation', 'recordGrant')) as Permission;
    const check = (role: Role) => () =>
      // Only the caller and the field name are read: the rest of the resolver data is left out.
      permissionChecker({ context: { caller: { role } }, info: { fieldName: 'recordGrant' } } as unknown as Parameters<typeof permissionChecker>[0], [
        permission,
      ]);
    expect(check(Role.PUBLIC)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
    expect(check(Role.RESEARCHER)).toThrow('recordGrant: only an admin (the granting authority) may record grants');
    expect(check(Role.ADMIN)()).toBe(true);
  });
});
