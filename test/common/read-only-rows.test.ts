// Read requests build entities from rows without the ORM's unit of work (src/common/read-only-rows.ts).
// They must carry exactly what the ORM would hydrate, for every registry entity, or a field of the
// API would silently change; and a mutation must still get managed entities it can change.
import { ReferenceKind, Reference, wrap, type EntityClass } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Loaders } from '../../src/common/loaders';
import { registryEntities } from '../../src/registry/entities';
import { Institution } from '../../src/registry/institutions/institution.entities';
import { startRegistryApp, type TestApp } from '../support/registry-app';

let app: TestApp;
beforeAll(async () => {
  app = await startRegistryApp();
});
afterAll(() => app?.close());

/** A property's value in comparable form: a relation as its key, a date as its time. */
function comparable(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Reference.isReference(value)) return String(wrap(value.unwrap(), true).getPrimaryKey());
  if (typeof value === 'object' && !Array.isArray(value) && value.constructor !== Object) return String(wrap(value, true).getPrimaryKey());
  if (typeof value === 'object' && !Array.isArray(value)) return String(Object.values(value as Record<string, unknown>)[0]);
  return value;
}

describe('read-only rows', () => {
  it('carry the same values as the ORM hydrates, for every row of every registry entity in the pilot seed', async () => {
    const em = app.db.orm.em.fork();
    let compared = 0;
    for (const entity of registryEntities as EntityClass<object>[]) {
      const meta = em.getMetadata().get(entity.name);
      const [key] = meta.primaryKeys;
      const managed = await em.fork().find(entity, {});
      const readOnly = new Loaders(em.fork(), 'read-only').byKey(entity, key as never);
      const plain = await readOnly.loadMany(managed.map((e) => String((e as Record<string, unknown>)[key])));
      expect(plain.every((p) => p !== null && !(p instanceof Error))).toBe(true);
      managed.forEach((m, i) => {
        const p = plain[i] as Record<string, unknown>;
        expect(p).toBeInstanceOf(entity);
        for (const prop of meta.props) {
          if (prop.kind !== ReferenceKind.SCALAR && prop.kind !== ReferenceKind.MANY_TO_ONE) continue;
          expect([entity.name, prop.name, comparable(p[prop.name])]).toEqual([entity.name, prop.name, comparable((m as Record<string, unknown>)[prop.name])]);
          compared += 1;
        }
      });
    }
    expect(compared).toBeGreaterThan(5000);
  });

  it('keep the class getters and are never tracked by the request entity manager', async () => {
    const em = app.db.orm.em.fork();
    const [club] = await em.fork().find(Institution, { type: 'KIS' as never }, { limit: 1 });
    const plain = (await new Loaders(em, 'read-only').byKey(Institution).load(club.id))!;
    expect(plain.sector).toBe(club.sector);
    plain.name = 'changed in memory only';
    await em.flush();
    expect((await em.fork().findOneOrFail(Institution, club.id)).name).toBe(club.name);
  });

  it('leave mutations with managed entities: an edit through the API is saved and read back', async () => {
    const token = await app.token({ role: 'ADMIN' as never });
    const { data } = await app.gql<{ institutions: { edges: { node: { id: string; version: number } }[] } }>(
      '{ institutions(first: 1, filter: { search: "pestka" }) { edges { node { id version } } } }',
    );
    const { id, version } = data!.institutions.edges[0].node;
    const res = await app.gql(
      'mutation($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { id website version } }',
      { input: { id, version, website: 'https://pestka.example.org' } },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ updateInstitution: { id, website: 'https://pestka.example.org', version: version + 1 } });
    const after = await app.gql(`{ institution(id: "${id}") { website version } }`);
    expect(after.data).toEqual({ institution: { website: 'https://pestka.example.org', version: version + 1 } });
  });
});
