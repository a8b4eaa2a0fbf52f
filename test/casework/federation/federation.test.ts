import 'reflect-metadata';
// Casework in the supergraph: the reference copy refreshed from a running registry subgraph, and
// a gateway over both subgraphs (HTTP, signed forwarded identity) answering questions that span
// them, including Partnership.sharedParticipants whose parties come through @requires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceInstitution, ReferenceMembership, ReferencePartnership } from '../../../src/casework/reference/reference.entities';
import { refreshInstitutionReference } from '../../../src/casework/reference/refresh';
import { buildCaseworkSchema } from '../../../src/casework/schema';
import { CALLER_HEADER, issueForwardedIdentity, issueToken, PUBLIC_CALLER, Role } from '../../../src/common/auth';
import { stableId } from '../../../src/common/ids';
import { loadConfig, type Config } from '../../../src/config';
import { composeSupergraph } from '../../../src/gateway/compose';
import { buildRegistrySchema } from '../../../src/registry/schema';
import { startGatewayService, startRegistryService, type Service } from '../../../src/services';
import { keys } from '../../../seeds/pilot';
import { referenceFromPlan } from '../../../seeds/casework';
import { clubCircle, pilotPlan } from '../../support/casework-fixtures';
import { startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';
import { testDatabaseUrl } from '../../support/registry-app';
import { pilotSeeds } from '../../../seeds';
import { bearer, postQuery } from '../../support/requests';

let config: Config;
let registry: Service;
let casework: CaseworkTestApp;
let gateway: Service;
const circle = clubCircle('26', 1);

async function viaGateway(query: string, variables: Record<string, unknown> = {}, token?: string) {
  return (await postQuery(gateway.server.url, query, variables, bearer(token))).json as {
    data?: any;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

beforeAll(async () => {
  config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
  [registry, casework] = await Promise.all([
    startRegistryService(config, testDatabaseUrl(), { seed: pilotSeeds.registry, quiet: true, errorLog: () => undefined }),
    startCaseworkApp({ seed: true }),
  ]);
  const supergraph = composeSupergraph([
    { name: 'registry', schema: await buildRegistrySchema(), url: registry.server.url },
    { name: 'casework', schema: await buildCaseworkSchema(), url: casework.url },
  ]);
  gateway = await startGatewayService(config, supergraph, {}, () => undefined);
}, 120_000);
afterAll(async () => {
  await gateway?.stop();
  await casework?.close();
  await registry?.stop();
});

describe('the reference copy', () => {
  it('is refreshed from the registry subgraph (paged, signed identity) and matches the pilot plan', async () => {
    const headers = async () => ({ [CALLER_HEADER]: await issueForwardedIdentity(PUBLIC_CALLER, config.subgraphSecret) });
    const report = await refreshInstitutionReference(casework.db.orm.em.fork(), registry.server.url, headers);
    const expected = referenceFromPlan(pilotPlan());
    expect(report).toEqual({
      source: registry.server.url,
      institutions: expected.institutions.length,
      memberships: expected.memberships.length,
      partnerships: expected.partnerships.length,
    });
    expect(report.institutions).toBeGreaterThan(100);
    const em = casework.db.orm.em.fork();
    const institutions = await em.find(ReferenceInstitution, {}, { orderBy: { id: 'asc' } });
    expect(institutions.map((i) => ({ ...i }))).toEqual(expected.institutions.sort((a, b) => a.id.localeCompare(b.id)).map((i) => expect.objectContaining(i)));
    expect((await em.find(ReferenceMembership, {})).map((m) => m.id).sort()).toEqual(expected.memberships.map((m) => m.id).sort());
    const partnerships = await em.find(ReferencePartnership, {});
    // Every ACTIVE partnership (releases count the pairs of partners); the data-sharing view checks dataSharing itself.
    expect(partnerships.every((p) => p.status === 'ACTIVE' && p.partyIds.length >= 2)).toBe(true);
  });

  it('refuses a registry that does not answer with data, and keeps the copy it has', async () => {
    await expect(refreshInstitutionReference(casework.db.orm.em.fork(), registry.server.url, {})).rejects.toThrow(/UNAUTHENTICATED|identity/i);
    expect(await casework.db.orm.em.fork().count(ReferenceInstitution, {})).toBeGreaterThan(100);
  });
});

describe('through the gateway', () => {
  it('Partnership.sharedParticipants gets the parties from the registry (@requires)', async () => {
    const id = stableId(
      `partnership:${keys.club('26', 1).replace(/^institution:/, '')}|${keys.ops(pilotPlan().institutions.find((i) => i.key === keys.club('26', 1))!.municipality!).replace(/^institution:/, '')}`,
    );
    const res = await viaGateway(
      `query($id: ID!) { partnership(id: $id) { dataSharing parties { institution { type } } sharedParticipants { k total { count suppressed } } } }`,
      { id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.partnership.parties.map((p: any) => p.institution.type).sort()).toEqual(['KIS', 'OPS']);
    const direct = await casework.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Partnership { sharedParticipants { k total { count suppressed } } } } }`,
      { r: [{ __typename: 'Partnership', id, status: 'ACTIVE', parties: [{ institution: { id: circle.club } }, { institution: { id: circle.ops } }] }] },
    );
    expect(res.data.partnership.sharedParticipants).toEqual(direct.data?._entities[0].sharedParticipants);
    const proposal = await viaGateway(`query($id: ID!) { partnership(id: $id) { status sharedParticipants { total { suppressed } } } }`, {
      id: stableId('partnership:proposed:kielce-clubs'),
    });
    expect(proposal.data.partnership).toEqual({ status: 'PROPOSED', sharedParticipants: { total: { suppressed: true } } });
  });

  it('networks, institutions and voivodeships carry their counts for the public', async () => {
    const res = await viaGateway(`{
      voivodeship(code: "26") { name participantsServed { total { count } } overdueMonitoringContacts { suppressed } platform { name sharedParticipants { total { suppressed } } } }
      institution(id: "${circle.club}") { name participantsServed { k total { count } } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.voivodeship.name).toBe('świętokrzyskie');
    expect(res.data.voivodeship.participantsServed.total.count).toBeGreaterThan(100);
    expect(res.data.institution.participantsServed.k).toBe(10);
  });

  it("serves a staff member their own participants with names from the registry, and nobody else's", async () => {
    const token = await issueToken({ role: Role.INSTITUTION_STAFF, institutionId: circle.club, subject: 'club-staff' }, config.jwt);
    const query = `{ participants(first: 3) { totalCount edges { node { id institution { name } alsoServedBy { name type } } } } }`;
    const own = await viaGateway(query, {}, token);
    expect(own.errors).toBeUndefined();
    expect(own.data.participants.edges[0].node.institution.name).toMatch(/KIS|Klub|Fundacja/);
    expect(own.data.participants.edges.flatMap((e: any) => e.node.alsoServedBy).every((i: any) => ['OPS', 'PUP'].includes(i.type))).toBe(true);
    const id = own.data.participants.edges[0].node.id;
    const admin = await issueToken({ role: Role.ADMIN, subject: 'admin' }, config.jwt);
    const refused = await viaGateway(`{ participant(id: "${id}") { id } }`, {}, admin);
    expect(refused.data?.participant ?? null).toBeNull();
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const other = await issueToken({ role: Role.INSTITUTION_STAFF, institutionId: circle.ops, subject: 'ops-staff' }, config.jwt);
    expect((await viaGateway(`{ participant(id: "${id}") { id } }`, {}, other)).data.participant).toBeNull();
  });
});
