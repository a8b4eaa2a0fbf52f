import 'reflect-metadata';
// The casework subgraph composes with the registry's committed SDL, and extends exactly the
// registry entities it should, by their keys; no person-level type is an entity.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { isObjectType, isUnionType, parse, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCaseworkSchema } from '../../../src/casework/schema';
import { findProjectRoot } from '../../../src/config';

let schema: GraphQLSchema;
let sdl: string;
beforeAll(async () => {
  schema = await buildCaseworkSchema();
  sdl = printSubgraphSchema(schema);
});

describe('casework subgraph schema', () => {
  it('composes with the registry SDL into a supergraph', () => {
    const registry = readFileSync(path.join(findProjectRoot(), 'schema', 'registry.graphql'), 'utf8');
    const result = composeServices([
      { name: 'registry', url: 'http://registry/graphql', typeDefs: parse(registry) },
      { name: 'casework', url: 'http://casework/graphql', typeDefs: parse(sdl) },
    ]);
    expect(result.errors?.map((e) => e.message) ?? []).toEqual([]);
    expect(result.supergraphSdl).toContain('sharedParticipants');
  });

  it('extends Institution, Partnership, Network and Voivodeship by their registry keys', () => {
    expect(sdl).toMatch(/type Institution\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Partnership\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Network\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Voivodeship\s+@key\(fields: "code"\)/);
    expect(sdl).toMatch(/sharedParticipants: ParticipantStatistics! @requires\(fields: "status parties \{ institution \{ id \} \}"\)/);
    expect(sdl).toMatch(/institution: Institution! @external/);
  });

  it('makes no person-level type an entity (so _entities cannot reach one)', () => {
    const entity = schema.getType('_Entity');
    const members = isUnionType(entity)
      ? entity
          .getTypes()
          .map((t) => t.name)
          .sort()
      : [];
    expect(members).toEqual(['Institution', 'Network', 'Partnership', 'Voivodeship']);
    for (const name of ['Participant', 'ServiceEpisode', 'Ipzs', 'IpzsRecord', 'SocialContract', 'MonitoringContact', 'GraduateSchedule']) {
      const type = schema.getType(name);
      expect(type && isObjectType(type), name).toBe(true);
      expect(sdl).not.toMatch(new RegExp(`type ${name} @key`));
    }
  });

  it('never exposes a pseudonym, a key version or a PESEL field', () => {
    const fields = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`));
    expect(fields.filter((f) => /pseudonym|keyversion/i.test(f))).toEqual([]);
    // The only PESEL is an input: the argument of participantByPesel and RegisterParticipantInput.pesel.
    const outputs = Object.values(schema.getTypeMap()).filter(isObjectType);
    for (const type of outputs)
      expect(
        Object.keys(type.getFields()).filter((f) => /pesel/i.test(f) && type.name !== 'Query'),
        type.name,
      ).toEqual([]);
  });
});
