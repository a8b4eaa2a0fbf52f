import 'reflect-metadata';
// Bulk import: a file with good and bad lines, imported twice through the CLI command (the same
// report, nothing written the second time), and the same lines through the mutation.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pilotSeeds } from '../../../seeds';
import { caseworkCommands } from '../../../src/casework/cli';
import { clubCircle, testPesels } from '../../support/casework-fixtures';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
const { club, ops } = clubCircle('04', 1);
const P = testPesels(8, 31);
const BAD_PESEL = `${P[1].slice(0, 10)}${(Number(P[1][10]) + 1) % 10}`;

const LINES = [
  JSON.stringify({
    pesel: P[0],
    residenceMunicipalityCode: '2604062',
    categories: ['LONG_TERM_UNEMPLOYED', 'AGED_50_PLUS'],
    episodes: [
      { kind: 'CLUB_ACTIVITIES', startedOn: '2023-02-01', endedOn: '2023-12-31', outcome: 'OPEN_LABOUR_MARKET', externalRef: 'KIS/2023/001' },
      { kind: 'THERAPY', startedOn: '2023-03-01' },
    ],
  }),
  JSON.stringify({ pesel: BAD_PESEL, categories: [] }),
  JSON.stringify({ pesel: P[2], categories: ['DISABLED'] }),
  JSON.stringify({ pesel: P[3], categories: [], name: 'Jan Kowalski' }),
  '',
  JSON.stringify({
    pesel: P[4],
    categories: [],
    episodes: [{ kind: 'CIS_PROGRAMME', startedOn: '2023-05-01', endedOn: '2023-04-01', outcome: 'DROPPED_OUT' }],
  }),
  `{"pesel": "${P[5]}", "categories": [`,
  JSON.stringify({ pesel: P[0], residenceMunicipalityCode: '2604062', categories: ['AGED_50_PLUS', 'LONG_TERM_UNEMPLOYED'] }),
  JSON.stringify({ pesel: P[6], categories: ['ASTRONAUT'], episodes: [{ kind: 'CLUB_ACTIVITIES', startedOn: '2023-02-30' }] }),
  JSON.stringify({ pesel: P[7], categories: [], episodes: [{ kind: 'CLUB_ACTIVITIES', startedOn: '2024-01-01', externalRef: 'KIS/2023/001' }] }),
];

const EXPECTED_PROBLEMS = [
  { line: 2, field: 'pesel', reason: expect.stringMatching(/valid PESEL/) },
  { line: 4, field: 'name', reason: expect.stringMatching(/not an import field/) },
  { line: 6, field: 'episodes[0].endedOn', reason: 'must not be before startedOn (2023-05-01)' },
  { line: 7, field: '(line)', reason: 'is not valid JSON' },
  { line: 9, field: 'categories[0]', reason: 'is not an eligibility category' },
  { line: 9, field: 'episodes[0].startedOn', reason: 'is required: a date YYYY-MM-DD' },
  { line: 10, field: 'episodes[0].externalRef', reason: "is already the reference of another participant's episode" },
];

let file: string;
const output: string[] = [];

async function runCli(): Promise<string[]> {
  output.length = 0;
  const spy = vi.spyOn(console, 'log').mockImplementation((m: unknown) => {
    output.push(String(m));
  });
  const previous = process.env.CASEWORK_DATABASE_URL;
  process.env.CASEWORK_DATABASE_URL = app.ownerUrl;
  try {
    // Lines were rejected: the command fails (exit code 1) after printing its report.
    await expect(caseworkCommands(pilotSeeds.casework).import(['--institution', club, file])).rejects.toThrow(
      '6 of 9 lines were rejected (the others were imported)',
    );
  } finally {
    process.env.CASEWORK_DATABASE_URL = previous;
    spy.mockRestore();
  }
  return [...output];
}

const counts = async () =>
  (
    await app.sql(
      'owner',
      `select (select count(*)::int from participant where institution_id = $1) as p, (select count(*)::int from service_episode where institution_id = $1) as e`,
      [club],
    )
  )[0];

beforeAll(async () => {
  app = await startCaseworkApp({ seed: false });
  file = path.join(mkdtempSync(path.join(tmpdir(), 'ksr-import-')), 'participants.ndjson');
  writeFileSync(file, `${LINES.join('\n')}\n`);
});
afterAll(() => app?.close());

describe('npm run import', () => {
  let first: string[];

  it('applies the good lines whole and reports every bad one by line, field and reason', async () => {
    first = await runCli();
    expect(first.find((l) => l.startsWith('lines:'))).toBe('lines: 9, accepted: 3, rejected: 6');
    expect(first.filter((l) => l.startsWith('line '))).toEqual([
      expect.stringMatching(/^line 2: pesel: must be a valid PESEL/),
      'line 4: name: is not an import field (allowed: pesel, residenceMunicipalityCode, categories, episodes)',
      'line 6: episodes[0].endedOn: must not be before startedOn (2023-05-01)',
      'line 7: (line): is not valid JSON',
      'line 9: categories[0]: is not an eligibility category',
      'line 9: episodes[0].startedOn: is required: a date YYYY-MM-DD',
      "line 10: episodes[0].externalRef: is already the reference of another participant's episode",
    ]);
    expect(first.find((l) => l.startsWith('changes:'))).toContain('"participantsCreated":2');
    // Line 10's person is not half-written: its record was rolled back with its episode.
    expect(await counts()).toEqual({ p: 2, e: 2 });
    for (const pesel of [...P, BAD_PESEL]) expect(first.join('\n')).not.toContain(pesel);
  });

  it('is idempotent: the same report again, and nothing new written', async () => {
    const before = await counts();
    const second = await runCli();
    const report = (lines: string[]) => lines.filter((l) => /^(lines|line \d+):/.test(l));
    expect(report(second)).toEqual(report(first));
    expect(second.find((l) => l.startsWith('changes:'))).toContain(
      '"participantsCreated":0,"participantsUpdated":0,"participantsUnchanged":3,"episodesCreated":0,"episodesUpdated":0,"episodesUnchanged":2',
    );
    expect(await counts()).toEqual(before);
  });

  it('audits the import under the command line subject', async () => {
    const rows = await app.sql('owner', `select subject, operation, record_type from audit_event where institution_id = $1 and operation = 'IMPORT'`, [club]);
    expect(rows.map((r) => r.record_type).sort()).toEqual(['participant', 'participant', 'service_episode', 'service_episode']);
    expect(rows[0].subject).toMatch(/^cli:import:/);
  });
});

describe('importParticipants (small batches)', () => {
  const IMPORT = `mutation($l: [String!]!) { importParticipants(lines: $l) { lines accepted rejected problems { line field reason } changes { participantsCreated participantsUnchanged episodesCreated } } }`;

  it("reports the same problems as the command, and writes into the caller's institution only", async () => {
    const res = await app.gql(IMPORT, { l: LINES }, staff(ops));
    expect(res.errors).toBeUndefined();
    expect(res.data?.importParticipants).toMatchObject({
      lines: 9,
      accepted: 3,
      rejected: 6,
      problems: EXPECTED_PROBLEMS,
      changes: { participantsCreated: 2, episodesCreated: 2 },
    });
    const again = await app.gql(IMPORT, { l: LINES }, staff(ops));
    expect(again.data?.importParticipants).toMatchObject({
      accepted: 3,
      problems: EXPECTED_PROBLEMS,
      changes: { participantsCreated: 0, participantsUnchanged: 3, episodesCreated: 0 },
    });
    expect(JSON.stringify(again)).not.toContain(BAD_PESEL);
    // The OPS's import links with the club's: the same people, counted as shared.
    const shared = await app.gql(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Institution { sharedParticipantsWith(institutionId: "${ops}") { total { count suppressed } } } } }`,
      { r: [{ __typename: 'Institution', id: club }] },
      staff(club),
    );
    expect(shared.data?._entities[0].sharedParticipantsWith.total).toEqual({ count: null, suppressed: true });
    const linked = await app.sql(
      'owner',
      `select count(*)::int as n from participant a join participant b using (key_version, pseudonym) where a.institution_id = $1 and b.institution_id = $2`,
      [club, ops],
    );
    expect(linked[0].n).toBe(2);
  });

  it('refuses more than 100 lines and callers who are not staff', async () => {
    const many = await app.gql(IMPORT, { l: Array.from({ length: 101 }, () => LINES[2]) }, staff(ops));
    expect(many.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const admin = await app.gql(IMPORT, { l: [LINES[2]] }, { role: 'ADMIN' as never, subject: 'admin' });
    expect(admin.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
