import 'reflect-metadata';
// Relay Global Object Identification on the registry: `node(id)` refetches every registry type by
// the `id` it exposes (a UUID, or the opaque id of a place), `nodes(ids)` batches through the same
// loaders (the statement count does not grow with the number of ids), and a casework record's id
// (a participant registered through the same gateway) never comes back.
import { NODE_LOOKUPS } from '../../../src/registry/node/node.service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toGlobalId } from '../../../src/common/node';
import { newId } from '../../../src/common/ids';
import { SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { testPesels } from '../../support/casework-fixtures';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, expectError, staffToken } from '../../support/registry-helpers';
import { data } from '../../support/requests';

let app: TestApp;
/** One id of every Node type, read from the API's own fields. */
const ids: Record<string, string> = {};

const SAMPLES = `{
  programmes { id }
  grants(first: 1) { edges { node { id } } }
  partnerships(first: 1) { edges { node { id } } }
  institution(id: "${SWIETOKRZYSKIE_CLUB_IDS[0]}") { id fundingSources { id } }
  voivodeship(code: "26") {
    id code counties { id code municipalities { id code } }
    platform { id members(first: 1) { edges { node { id } } } }
  }
  networks(first: 100) { edges { node { meetings(first: 1) { edges { node { id } } } } } }
  animationTeams { id duties { id } }
  advisoryDuties { id consultations { id } trainingCycle { id } }
  competitionCalls { id offers { id } agreements { id } }
  testMap(voivodeship: "26") { id }
}`;

beforeAll(async () => {
  app = await startRegistryApp();
  const d = data(await app.gql(SAMPLES));
  Object.assign(ids, {
    Institution: d.institution.id,
    FundingSource: d.institution.fundingSources[0].id,
    Programme: d.programmes[0].id,
    Grant: d.grants.edges[0].node.id,
    Partnership: d.partnerships.edges[0].node.id,
    Network: d.voivodeship.platform.id,
    Membership: d.voivodeship.platform.members.edges[0].node.id,
    Meeting: d.networks.edges.flatMap((e: any) => e.node.meetings.edges)[0]?.node.id,
    Voivodeship: d.voivodeship.id,
    County: d.voivodeship.counties[0].id,
    Municipality: d.voivodeship.counties[0].municipalities[0].id,
    AnimationTeam: d.animationTeams[0].id,
    TeamDuty: d.animationTeams[0].duties[0].id,
    AdvisoryDuty: d.advisoryDuties[0].id,
    AdvisoryConsultation: d.advisoryDuties[0].consultations[0].id,
    TrainingSession: d.advisoryDuties[0].trainingCycle[0].id,
    CompetitionCall: d.competitionCalls[0].id,
    CompetitionOffer: d.competitionCalls[0].offers[0].id,
    CompetitionAgreement: d.competitionCalls[0].agreements[0].id,
    TestMapSite: d.testMap[0].id,
  });
});
afterAll(() => app?.close());

const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Voivodeship { code } ... on County { code } ... on Municipality { code } ... on Institution { name } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;

describe('node(id)', () => {
  it('refetches a record of every registry type by the id it exposes', async () => {
    expect(Object.keys(ids).sort()).toEqual(Object.keys(NODE_LOOKUPS).sort());
    for (const [type, id] of Object.entries(ids)) {
      expect(id, type).toBeTruthy();
      const node = data(await app.gql(NODE, { id })).node;
      expect(node, type).toMatchObject({ __typename: type, id });
    }
  });

  it('gives the TERYT places an opaque id of their type and code, distinct from the code', async () => {
    expect(ids.Voivodeship).toBe(toGlobalId('Voivodeship', '26'));
    expect(Buffer.from(ids.Voivodeship, 'base64url').toString()).toBe('Voivodeship:26');
    const county = data(await app.gql(NODE, { id: ids.County })).node;
    expect(ids.County).toBe(toGlobalId('County', county.code));
    // The bare code is not a global id: its own lookup is `county(code:)`.
    expect(data(await app.gql(NODE, { id: county.code })).node).toBeNull();
    expect(data(await app.gql(NODE, { id: toGlobalId('Voivodeship', '99') })).node).toBeNull();
  });

  it('accepts the opaque form of a UUID-keyed record, typed: another type with the same UUID is not it', async () => {
    const club = SWIETOKRZYSKIE_CLUB_IDS[0];
    expect(data(await app.gql(NODE, { id: toGlobalId('Institution', club) })).node).toMatchObject({ __typename: 'Institution', id: club });
    expect(data(await app.gql(NODE, { id: toGlobalId('Network', club) })).node).toBeNull();
  });

  it('answers null for an id that names nothing: unknown UUID, unknown type, garbage', async () => {
    for (const id of [newId(), toGlobalId('Nonexistent', newId()), toGlobalId('Institution', 'not-a-uuid'), 'not an id', '', '%%%']) {
      expect(data(await app.gql(NODE, { id })).node, id).toBeNull();
    }
  });

  it('never reaches a casework record: a participant id is null for its own staff and for an admin', async () => {
    const club = SWIETOKRZYSKIE_CLUB_IDS[3];
    const staff = await staffToken(app, club);
    const [pesel] = testPesels(1, 57);
    const registered = data(
      await app.gql(`mutation($i: RegisterParticipantInput!) { registerParticipant(input: $i) { id } }`, { i: { pesel, categories: ['DISABLED'] } }, staff),
    );
    const participant: string = registered.registerParticipant.id;
    // The record exists and its staff can read it through its own lookup…
    const own = await app.gql(`query($id: ID!) { participant(id: $id) { id } }`, { id: participant }, staff);
    expect(own.data?.participant?.id).toBe(participant);
    // …but not through node, whatever the form of the id and whoever asks.
    for (const token of [staff, await adminToken(app), undefined]) {
      for (const id of [participant, toGlobalId('Participant', participant)]) {
        const res = await app.gql(`query($id: ID!) { node(id: $id) { __typename id } }`, { id }, token);
        expect(data(res).node).toBeNull();
        expect(JSON.stringify(res)).not.toContain(pesel);
      }
      expect(data(await app.gql(NODES, { ids: [participant, ids.Institution] }, token)).nodes).toEqual([
        null,
        { __typename: 'Institution', id: ids.Institution },
      ]);
    }
  });
});

describe('nodes(ids)', () => {
  it('returns the records in order, null for the unknown', async () => {
    const list = [ids.Municipality, newId(), ids.Institution, ids.Grant, 'nothing'];
    expect(data(await app.gql(NODES, { ids: list })).nodes).toEqual([
      { __typename: 'Municipality', id: ids.Municipality },
      null,
      { __typename: 'Institution', id: ids.Institution },
      { __typename: 'Grant', id: ids.Grant },
      null,
    ]);
  });

  it('costs the same number of statements for 100 ids as for one of each type', async () => {
    const d = data(
      await app.gql(
        `{ institutions(first: 100) { edges { node { id fundingSources { id } } } } municipalities(first: 100, voivodeship: "26") { edges { node { id } } } }`,
      ),
    );
    const institutions: string[] = d.institutions.edges.map((e: any) => e.node.id);
    const funding: string[] = d.institutions.edges.flatMap((e: any) => e.node.fundingSources.map((f: any) => f.id));
    const municipalities: string[] = d.municipalities.edges.map((e: any) => e.node.id);
    const hundred = [...institutions.slice(0, 40), ...funding.slice(0, 30), ...municipalities.slice(0, 20), ...Object.values(ids)].slice(0, 100);
    expect(hundred).toHaveLength(100);
    const one = Object.values(ids);

    let few: any;
    let many: any;
    const statementsForFew = await app.countStatements(async () => (few = data(await app.gql(NODES, { ids: one }))));
    const statementsForMany = await app.countStatements(async () => (many = data(await app.gql(NODES, { ids: hundred }))));
    expect(few.nodes.every((n: any) => n !== null)).toBe(true);
    expect(many.nodes.map((n: any) => n?.id)).toEqual(hundred);
    expect(statementsForMany).toBe(statementsForFew);
    // …and what a single bare UUID costs (it is looked up in every UUID-keyed type, one batch each).
    const statementsForOne = await app.countStatements(async () => data(await app.gql(NODES, { ids: [ids.Institution] })));
    expect(statementsForMany).toBe(statementsForOne);
  });

  it('refuses more than 100 ids', async () => {
    const ids101 = Array.from({ length: 101 }, () => newId());
    expectError(await app.gql(NODES, { ids: ids101 }), 'BAD_USER_INPUT', 'ids');
  });
});
