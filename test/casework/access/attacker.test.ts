import 'reflect-metadata';
// From the attacker's side. The casework schema is introspected and every root field is called
// with every id of another institution's person-level records, selecting everything reachable;
// entity resolution (_entities) is tried with person-level types; forged identities are sent.
// Only the owning institution's staff may see a person: for everyone else nothing leaks.
import { SignJWT } from 'jose';
import { getIntrospectionQuery, isObjectType, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLER_HEADER, issueForwardedIdentity, issueToken, Role, type Caller } from '../../../src/common/auth';
import { newId, stableId } from '../../../src/common/ids';
import { keys } from '../../../seeds/pilot';
import { clubCircle, testPesels } from '../../support/casework-fixtures';
import { disclosedCells } from '../../support/disclosed-cells';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';
import { objectsByType, rootOperations, schemaFrom, type Fill } from '../../support/schema-walk';

let app: CaseworkTestApp;
let schema: GraphQLSchema;
/** Object types that are not person-level; every other type of the schema is (default deny). */
const NOT_PERSONAL = new Set([
  'Query',
  'Mutation',
  '_Service',
  'Institution',
  'Partnership',
  'PartnershipParty',
  'Network',
  'Voivodeship',
  'ParticipantStatistics',
  'DisclosedCount',
  'ParticipantCategoryCount',
  'ParticipantOutcomeCount',
  'CaseworkPageInfo',
  'ImportReport',
  'ImportProblem',
  'ImportChanges',
  'ReintegrationPathTable',
  'ReintegrationPath',
  'ReintegrationPathOutcome',
  'StatisticsRelease',
  'PrivacyReport',
  'PrivacyReportRow',
]);
/** Root fields that answer everyone with disclosure-controlled counts (never a person): data, but counts of at least k only. */
const AGGREGATE_ROOTS = new Set(['reintegrationPaths']);
/** The auditor's insider-probing report: ADMIN only, exact counts per institution and month, never a person (test/casework/privacy-report/privacy-report.test.ts). */
const AUDIT_ROOTS = new Set(['privacyReport']);
let personTypes: string[];

const victim = clubCircle('24', 1);
const unrelated = clubCircle('32', 1).club;
const [PESEL_V] = testPesels(1, 93);
/** Ids of the victim institution's person-level records. */
const victimIds: string[] = [];

const ATTACKERS: [string, Caller][] = [
  ['the public', { role: Role.PUBLIC }],
  ['a researcher', { role: Role.RESEARCHER, subject: 'researcher' }],
  ["the victim's regional coordinator", { role: Role.REGIONAL_COORDINATOR, voivodeship: '24', subject: 'coordinator' }],
  ['an admin', { role: Role.ADMIN, subject: 'admin' }],
  ['staff of a data-sharing partner', staff(victim.ops)],
  ['staff of an unrelated institution', staff(unrelated)],
];
const NON_STAFF = ATTACKERS.filter(([, c]) => c.role !== Role.INSTITUTION_STAFF);
const OTHER_STAFF = ATTACKERS.filter(([, c]) => c.role === Role.INSTITUTION_STAFF);

const fillFor = (id: string): Fill => ({
  id,
  pesel: PESEL_V,
  line: JSON.stringify({ pesel: PESEL_V, categories: ['DISABLED'] }),
});

const leaksVictim = (text: string): string[] => [...victimIds, PESEL_V].filter((v) => text.includes(v));

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true });
  const owner = staff(victim.club);
  const p = (
    await app.gql(
      `mutation($i: RegisterParticipantInput!) { registerParticipant(input: $i) { id } }`,
      { i: { pesel: PESEL_V, categories: ['DISABLED'] } },
      owner,
    )
  ).data?.registerParticipant.id;
  const e = (
    await app.gql(
      `mutation($i: OpenEpisodeInput!) { openEpisode(input: $i) { id } }`,
      { i: { participantId: p, kind: 'CIS_PROGRAMME', startedOn: '2022-01-03', endedOn: '2022-12-30', outcome: 'SOCIAL_COOPERATIVE' } },
      owner,
    )
  ).data?.openEpisode.id;
  const c = (
    await app.gql(
      `mutation($i: RecordMonitoringContactInput!) { recordMonitoringContact(input: $i) { id } }`,
      { i: { episodeId: e, contactedOn: '2023-03-01', source: 'CENTRE', employmentStatus: 'SOCIAL_COOPERATIVE' } },
      owner,
    )
  ).data?.recordMonitoringContact.id;
  const ipzs = (
    await app.gql(
      `mutation($i: CreateIpzsInput!) { createIpzs(input: $i) { id } }`,
      { i: { participantId: p, drawnUpOn: '2022-01-10', goals: ['g'], diagnoses: [], plannedServices: [] } },
      owner,
    )
  ).data?.createIpzs.id;
  const rec = (
    await app.gql(
      `mutation($i: AddIpzsRecordInput!) { addIpzsRecord(input: $i) { id } }`,
      { i: { ipzsId: ipzs, kind: 'MONITORING_EVENT', recordedOn: '2022-02-01', note: 'n' } },
      owner,
    )
  ).data?.addIpzsRecord.id;
  const sc = (
    await app.gql(
      `mutation($i: CreateSocialContractInput!) { createSocialContract(input: $i) { id } }`,
      { i: { participantId: p, signedOn: '2022-01-05', instruments: ['VOLUNTEERING'] } },
      owner,
    )
  ).data?.createSocialContract.id;
  const seeded = await app.sql(
    'owner',
    `select p.id as p, e.id as e from participant p join service_episode e on e.participant_id = p.id where p.institution_id = $1 and p.synthetic order by p.id limit 3`,
    [victim.club],
  );
  victimIds.push(p, e, c, ipzs, rec, sc, ...seeded.flatMap((r) => [r.p, r.e]));
  expect(victimIds.every((id) => typeof id === 'string')).toBe(true);
  const introspection = await app.gql<IntrospectionQuery>(getIntrospectionQuery(), {}, owner);
  schema = schemaFrom(introspection.data!);
  personTypes = Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith('__') && !NOT_PERSONAL.has(t.name))
    .map((t) => t.name)
    .sort();
}, 120_000);
afterAll(() => app?.close());

describe('the walk reaches every person-level type (positive control: the owning staff)', () => {
  it('returns objects of every person-level type to the institution that holds them', async () => {
    const seen = new Set<string>();
    for (const id of victimIds) {
      for (const op of rootOperations(schema, fillFor(id)).filter((o) => o.root === 'query')) {
        const res = await app.gql(op.text, {}, staff(victim.club));
        for (const type of objectsByType(res.data).keys()) seen.add(type);
      }
    }
    expect(personTypes).toEqual(
      expect.arrayContaining(['Participant', 'ServiceEpisode', 'Ipzs', 'IpzsRecord', 'SocialContract', 'MonitoringContact', 'GraduateSchedule']),
    );
    expect(personTypes.filter((t) => !seen.has(t))).toEqual([]);
  });
});

describe.each(NON_STAFF)('%s', (_name, caller) => {
  it('gets no person-level data from any root field, with any id', async () => {
    for (const id of [...victimIds, newId()]) {
      for (const op of rootOperations(schema, fillFor(id))) {
        if (AUDIT_ROOTS.has(op.field)) continue;
        const res = await app.gql(op.text, {}, caller);
        const where = `${op.root} ${op.field} (${id})`;
        if (AGGREGATE_ROOTS.has(op.field)) {
          expect(res.errors, where).toBeUndefined();
          const counts = JSON.stringify(res.data).match(/"count":\d+/g) ?? [];
          for (const c of counts) expect(Number(c.slice(8)), where).toBeGreaterThanOrEqual(10);
        } else expect(res.data?.[op.field] ?? null, where).toBeNull();
        expect(
          personTypes.filter((t) => objectsByType(res.data).has(t)),
          where,
        ).toEqual([]);
        expect(leaksVictim(JSON.stringify(res)), where).toEqual([]);
        for (const error of res.errors ?? [])
          expect(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT'], `${where}: ${error.message}`).toContain(error.extensions?.code);
      }
    }
  });
});

describe.each(OTHER_STAFF)('%s', (_name, caller) => {
  const normalise = (text: string, id: string) => text.split(id).join('<id>');

  it("gets the victim's records exactly as it gets a missing id, from every root field", async () => {
    const skip = new Set(['registerParticipant', 'importParticipants', ...AUDIT_ROOTS]); // no id: they act on the caller's own institution
    const codes = new Map<string, number>();
    for (const id of victimIds) {
      const missing = newId();
      const victimOps = rootOperations(schema, fillFor(id)).filter((o) => !skip.has(o.field));
      const missingOps = rootOperations(schema, fillFor(missing)).filter((o) => !skip.has(o.field));
      for (const [i, op] of victimOps.entries()) {
        const [a, b] = [await app.gql(op.text, {}, caller), await app.gql(missingOps[i].text, {}, caller)];
        const where = `${op.root} ${op.field} (${id}); server log: ${app.logs.slice(-3).join(' | ').slice(0, 600)}`;
        for (const e of a.errors ?? []) codes.set(`${op.field}:${e.extensions?.code}`, (codes.get(`${op.field}:${e.extensions?.code}`) ?? 0) + 1);
        expect(normalise(JSON.stringify(a), id), where).toBe(normalise(JSON.stringify(b), missing));
        expect(leaksVictim(normalise(JSON.stringify(a), id)), where).toEqual([]);
        for (const p of objectsByType(a.data).get('Participant') ?? []) expect((p.institution as { id: string }).id).toBe(caller.institutionId);
      }
    }
    // The walk reaches the resolvers (not only input validation): every id-taking field answered NOT_FOUND or null.
    expect([...codes.keys()].filter((k) => !/:(NOT_FOUND|BAD_USER_INPUT)$/.test(k))).toEqual([]);
    for (const field of [
      'updateParticipant',
      'openEpisode',
      'closeEpisode',
      'createIpzs',
      'addIpzsRecord',
      'createSocialContract',
      'recordMonitoringContact',
    ]) {
      expect(codes.get(`${field}:NOT_FOUND`) ?? 0, `${field}: ${JSON.stringify([...codes])}`).toBeGreaterThan(0);
    }
  });

  it("cannot find the victim's person by PESEL, list them, or learn of them by registering or importing the same PESEL", async () => {
    const byPesel = await app.gql(`query($p: String!) { participantByPesel(pesel: $p) { id } }`, { p: PESEL_V }, caller);
    expect(byPesel.data?.participantByPesel).toBeNull();
    const list = await app.gql(`{ participants(first: 100) { totalCount edges { node { id institution { id } } } } }`, {}, caller);
    expect(leaksVictim(JSON.stringify(list))).toEqual([]);
    for (const op of rootOperations(schema, fillFor(newId())).filter((o) => ['registerParticipant', 'importParticipants'].includes(o.field))) {
      const res = await app.gql(op.text, {}, caller);
      expect(leaksVictim(JSON.stringify(res)), op.field).toEqual([]);
    }
  });
});

describe('entity resolution (_entities)', () => {
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename } }`;
  const callers = [...ATTACKERS, ['the owning staff', staff(victim.club)] as [string, Caller]];

  it.each(callers)('refuses person-level representations for %s', async (_name, caller) => {
    for (const type of personTypes) {
      const res = await app.gql(ENTITIES, { r: victimIds.slice(0, 2).map((id) => ({ __typename: type, id })) }, caller);
      expect(res.errors?.length, type).toBeGreaterThan(0);
      expect((res.data?._entities ?? []).filter(Boolean), type).toEqual([]);
      expect(leaksVictim(JSON.stringify(res.errors?.map((e) => e.message))), type).toEqual([]);
    }
    // Selecting a person-level type on the entity union does not even validate.
    const res = await app.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Participant { id } } }`,
      { r: [{ __typename: 'Participant', id: victimIds[0] }] },
      caller,
    );
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each(ATTACKERS)('gives %s only counts of at least k (or suppressed) for the victim, its partnerships, networks and region', async (_name, caller) => {
    const stats = `{ k total { count suppressed } byCategory { count suppressed } byOutcome { count suppressed } }`;
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      __typename
      ... on Institution { participantsServed ${stats} sharedParticipantsWith(institutionId: "${victim.ops}") ${stats} overdueMonitoringContacts { count suppressed } }
      ... on Partnership { sharedParticipants ${stats} }
      ... on Network { sharedParticipants ${stats} }
      ... on Voivodeship { participantsServed ${stats} overdueMonitoringContacts { count suppressed } }
    } }`;
    const parties = (ids: string[]) => ids.map((id) => ({ institution: { id } }));
    const r = [
      { __typename: 'Institution', id: victim.club },
      { __typename: 'Partnership', id: newId(), status: 'ACTIVE', parties: parties([victim.club, victim.ops]) },
      { __typename: 'Partnership', id: newId(), status: 'ENDED', parties: parties([victim.club, victim.ops, victim.pup, unrelated]) },
      { __typename: 'Partnership', id: newId(), status: 'PROPOSED', parties: parties([victim.club, victim.ops]) },
      { __typename: 'Network', id: stableId(keys.lsr(keys.club('24', 1))) },
      { __typename: 'Voivodeship', code: '24' },
    ];
    const res = await app.gql(query, { r }, caller);
    expect(res.errors).toBeUndefined();
    let cells = 0;
    for (const [type, objects] of objectsByType(res.data)) {
      if (personTypes.includes(type)) throw new Error(`person-level ${type} returned`);
      for (const o of objects) expect(o).not.toHaveProperty('id', victimIds[0]);
    }
    for (const o of disclosedCells(res.data)) {
      cells += 1;
      if (o.suppressed) expect(o.count).toBeNull();
      else expect(o.count as number).toBeGreaterThanOrEqual(10);
    }
    expect(cells).toBeGreaterThan(100);
    expect(JSON.stringify(res.data)).toMatch(/"suppressed":true/);
    expect(JSON.stringify(res.data)).toMatch(/"suppressed":false/);
  });
});

describe('forged identities at the subgraph', () => {
  const QUERY = { query: `{ participants(first: 5) { edges { node { id } } } }` };
  const claims = { role: 'INSTITUTION_STAFF', institution: victim.club };

  const forged = async (): Promise<[string, Record<string, string>][]> => {
    const sign = (key: Uint8Array, build: (j: SignJWT) => SignJWT) =>
      build(new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setIssuer('ksr-gateway').setAudience('ksr-subgraphs')).sign(key);
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, sub: 'mallory', iss: 'ksr-gateway', aud: 'ksr-subgraphs', exp: Math.floor(Date.now() / 1000) + 60 }),
    ).toString('base64url')}.`;
    const clientToken = await issueToken({ role: Role.INSTITUTION_STAFF, institutionId: victim.club, subject: 'mallory' }, app.config.jwt);
    return [
      ['no identity', {}],
      ['an unsigned token (alg none)', { [CALLER_HEADER]: unsigned }],
      ['a token signed with another key', { [CALLER_HEADER]: await sign(new TextEncoder().encode('m'.repeat(48)), (j) => j.setExpirationTime('60s')) }],
      [
        'an expired token',
        {
          [CALLER_HEADER]: await sign(app.config.subgraphSecret, (j) =>
            j.setIssuedAt(Math.floor(Date.now() / 1000) - 600).setExpirationTime(Math.floor(Date.now() / 1000) - 300),
          ),
        },
      ],
      ['a token for another audience', { [CALLER_HEADER]: await sign(app.config.subgraphSecret, (j) => j.setAudience('ksr-api').setExpirationTime('60s')) }],
      ['a client JWT in the identity header', { [CALLER_HEADER]: clientToken }],
      ['a client JWT as Authorization only', { authorization: `Bearer ${clientToken}` }],
      ['a client-set JSON identity', { [CALLER_HEADER]: JSON.stringify(claims) }],
      ['a role header', { 'x-ksr-role': 'INSTITUTION_STAFF', 'x-ksr-institution': victim.club }],
    ];
  };

  it('answers UNAUTHENTICATED to every forged or missing identity, with no data', async () => {
    for (const [name, headers] of await forged()) {
      const res = await app.raw(QUERY, headers);
      expect(res.json?.data ?? null, name).toBeNull();
      expect(res.json?.errors?.[0]?.extensions?.code, name).toBe('UNAUTHENTICATED');
      expect(leaksVictim(res.text), name).toEqual([]);
    }
  });

  it('refuses GET requests even with a genuine identity (a PESEL must not travel in a URL)', async () => {
    const url = `${app.url}?query=${encodeURIComponent(`{ participantByPesel(pesel: "${PESEL_V}") { id } }`)}`;
    const res = await fetch(url, {
      headers: { [CALLER_HEADER]: await issueForwardedIdentity(staff(victim.club), app.config.subgraphSecret), 'apollo-require-preflight': 'true' },
    });
    const body = (await res.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toContain(PESEL_V);
  });

  it('accepts the genuine identity (the control)', async () => {
    const res = await app.raw(QUERY, { [CALLER_HEADER]: await issueForwardedIdentity(staff(victim.club), app.config.subgraphSecret) });
    expect(res.json.data.participants.edges.length).toBe(5);
  });

  it('logged nothing that carries a PESEL', () => {
    expect(app.logs.join('\n')).not.toContain(PESEL_V);
  });
});
