import 'reflect-metadata';
// Audit by construction: every person-level operation of the casework schema (each root field and
// field resolver declared @StaffOnly) is run as staff, and each must leave an audit_event row with
// its operation and record type (and the ids it touched). The list of cases is checked against the
// schema, so a new person-level field without a case here fails too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCaseworkSchema } from '../../../src/casework/schema';
import { Role } from '../../../src/common/auth';
import { permissionOf } from '../../../src/common/permissions';
import { clubCircle, testPesels } from '../../support/casework-fixtures';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
const circle = clubCircle('26', 3);
const [PESEL, PESEL_IMPORTED] = testPesels(2, 83);
const ids: Record<string, string> = {};
let seen = 0;

/** Runs as the club's staff; returns the audit rows the request appended. */
async function run(query: string, variables: Record<string, unknown> = {}) {
  const res = await app.gql(query, variables, staff(circle.club));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const rows = await app.sql<{ operation: string; record_type: string; ids: string[] }>(
    'owner',
    'select operation, record_type, record_ids::text[] as ids from audit_event where institution_id = $1 order by at, id',
    [circle.club],
  );
  const added = rows.slice(seen);
  seen = rows.length;
  return { data: res.data as Record<string, any>, audit: added.map((r) => ({ entry: `${r.operation}:${r.record_type}`, ids: r.ids })) };
}

interface Case {
  /** The schema fields this case exercises (Type.field). */
  covers: string[];
  query: string;
  variables?: () => Record<string, unknown>;
  /** Audit entries expected, with the id (of `ids`) each must name, if known. */
  expect: [entry: string, id?: string][];
  keep?: (data: Record<string, any>) => void;
}

const CASES: Case[] = [
  {
    covers: ['Mutation.registerParticipant'],
    query: `mutation($i: RegisterParticipantInput!) { registerParticipant(input: $i) { id version } }`,
    variables: () => ({ i: { pesel: PESEL, categories: ['LONG_TERM_UNEMPLOYED'] } }),
    keep: (d) => (ids.participant = d.registerParticipant.id),
    expect: [['CREATE:participant', 'participant']],
  },
  {
    covers: ['Mutation.updateParticipant'],
    query: `mutation($i: UpdateParticipantInput!) { updateParticipant(input: $i) { id } }`,
    variables: () => ({ i: { id: ids.participant, version: 1, categories: ['DISABLED'] } }),
    expect: [['UPDATE:participant', 'participant']],
  },
  {
    covers: ['Query.participant'],
    query: `query($id: ID!) { participant(id: $id) { id } }`,
    variables: () => ({ id: ids.participant }),
    expect: [['READ:participant', 'participant']],
  },
  { covers: ['Query.participants'], query: `{ participants(first: 100) { edges { node { id } } } }`, expect: [['READ:participant', 'participant']] },
  {
    covers: ['Query.participantByPesel'],
    query: `query($p: String!) { participantByPesel(pesel: $p) { id } }`,
    variables: () => ({ p: PESEL }),
    expect: [['LOOKUP_BY_PESEL:participant', 'participant']],
  },
  {
    covers: ['Mutation.openEpisode'],
    query: `mutation($i: OpenEpisodeInput!) { openEpisode(input: $i) { id version } }`,
    variables: () => ({ i: { participantId: ids.participant, kind: 'CIS_PROGRAMME', startedOn: '2022-01-03' } }),
    keep: (d) => (ids.episode = d.openEpisode.id),
    expect: [['CREATE:service_episode', 'episode']],
  },
  {
    covers: ['Mutation.closeEpisode'],
    query: `mutation($i: CloseEpisodeInput!) { closeEpisode(input: $i) { id } }`,
    variables: () => ({ i: { id: ids.episode, version: 1, endedOn: '2022-12-20', outcome: 'OPEN_LABOUR_MARKET' } }),
    expect: [['UPDATE:service_episode', 'episode']],
  },
  {
    covers: ['Participant.episodes'],
    query: `query($id: ID!) { participant(id: $id) { episodes { id } } }`,
    variables: () => ({ id: ids.participant }),
    expect: [['READ:service_episode', 'episode']],
  },
  {
    covers: ['Mutation.createIpzs'],
    query: `mutation($i: CreateIpzsInput!) { createIpzs(input: $i) { id } }`,
    variables: () => ({ i: { participantId: ids.participant, drawnUpOn: '2022-01-10', goals: ['work'], diagnoses: [], plannedServices: [] } }),
    keep: (d) => (ids.ipzs = d.createIpzs.id),
    expect: [['CREATE:ipzs', 'ipzs']],
  },
  {
    covers: ['Mutation.addIpzsRecord'],
    query: `mutation($i: AddIpzsRecordInput!) { addIpzsRecord(input: $i) { id } }`,
    variables: () => ({ i: { ipzsId: ids.ipzs, kind: 'MONITORING_EVENT', recordedOn: '2022-02-01', note: 'n' } }),
    keep: (d) => (ids.record = d.addIpzsRecord.id),
    expect: [['CREATE:ipzs_record', 'record']],
  },
  {
    covers: ['Participant.ipzs', 'Ipzs.records'],
    query: `query($id: ID!) { participant(id: $id) { ipzs { id records { id } } } }`,
    variables: () => ({ id: ids.participant }),
    expect: [
      ['READ:ipzs', 'ipzs'],
      ['READ:ipzs_record', 'record'],
    ],
  },
  {
    covers: ['Mutation.createSocialContract'],
    query: `mutation($i: CreateSocialContractInput!) { createSocialContract(input: $i) { id } }`,
    variables: () => ({ i: { participantId: ids.participant, signedOn: '2022-01-05', instruments: ['VOLUNTEERING'] } }),
    keep: (d) => (ids.contract = d.createSocialContract.id),
    expect: [['CREATE:social_contract', 'contract']],
  },
  {
    covers: ['Participant.socialContracts'],
    query: `query($id: ID!) { participant(id: $id) { socialContracts { id } } }`,
    variables: () => ({ id: ids.participant }),
    expect: [['READ:social_contract', 'contract']],
  },
  {
    covers: ['Mutation.recordMonitoringContact'],
    query: `mutation($i: RecordMonitoringContactInput!) { recordMonitoringContact(input: $i) { id } }`,
    variables: () => ({ i: { episodeId: ids.episode, contactedOn: '2023-03-20', source: 'CENTRE', employmentStatus: 'OPEN_LABOUR_MARKET' } }),
    keep: (d) => (ids.contact = d.recordMonitoringContact.id),
    expect: [['CREATE:monitoring_contact', 'contact']],
  },
  {
    covers: ['Participant.monitoringContacts'],
    query: `query($id: ID!) { participant(id: $id) { monitoringContacts { id } } }`,
    variables: () => ({ id: ids.participant }),
    expect: [['READ:monitoring_contact', 'contact']],
  },
  {
    covers: ['Participant.monitoringSchedules'],
    query: `query($id: ID!) { participant(id: $id) { monitoringSchedules { completedOn } } }`,
    variables: () => ({ id: ids.participant }),
    expect: [
      ['READ:service_episode', 'episode'],
      ['READ:monitoring_contact', 'contact'],
    ],
  },
  {
    covers: ['Query.graduateSchedule'],
    query: `query($id: ID!) { graduateSchedule(episodeId: $id) { completedOn } }`,
    variables: () => ({ id: ids.episode }),
    expect: [
      ['READ:service_episode', 'episode'],
      ['READ:monitoring_contact', 'contact'],
    ],
  },
  {
    covers: ['Participant.alsoServedBy'],
    query: `query($id: ID!) { participant(id: $id) { alsoServedBy { id } } }`,
    variables: () => ({ id: ids.participant }),
    expect: [['VIEW_LINKED_INSTITUTIONS:participant', 'participant']],
  },
  {
    covers: ['Mutation.importParticipants'],
    query: `mutation($l: [String!]!) { importParticipants(lines: $l) { accepted } }`,
    variables: () => ({ l: [JSON.stringify({ pesel: PESEL_IMPORTED, categories: [], episodes: [{ kind: 'CLUB_ACTIVITIES', startedOn: '2023-01-02' }] })] }),
    expect: [['IMPORT:participant'], ['IMPORT:service_episode']],
  },
];

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true });
});
afterAll(() => app?.close());

describe('audit coverage', () => {
  it('has a case for every person-level field of the schema', async () => {
    const schema = await buildCaseworkSchema();
    const staffOnly: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!('getFields' in type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const roles = permissionOf(field as { extensions?: Record<string, unknown> })?.roles;
        if (Array.isArray(roles) && roles.length === 1 && roles[0] === Role.INSTITUTION_STAFF) staffOnly.push(`${type.name}.${field.name}`);
      }
    }
    expect(CASES.flatMap((c) => c.covers).sort()).toEqual(staffOnly.sort());
  });

  it.each(CASES.map((c) => [c.covers.join(', '), c] as const))('%s writes its audit rows', async (_, c) => {
    const { data, audit } = await run(c.query, c.variables?.());
    c.keep?.(data);
    for (const [entry, idName] of c.expect) {
      const rows = audit.filter((a) => a.entry === entry);
      expect(rows, `${entry} in ${JSON.stringify(audit)}`).not.toEqual([]);
      if (idName) expect(rows.flatMap((r) => r.ids)).toContain(ids[idName]);
      else expect(rows.flatMap((r) => r.ids)).not.toEqual([]);
    }
  });
});
