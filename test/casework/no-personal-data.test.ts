import 'reflect-metadata';
// Issue 9 §3: no personal data in any response, error or log. A seeded PESEL goes in in many
// spellings, and malformed bodies and NUL bytes through every casework operation that takes person
// input; every response and everything the process writes (stdout, stderr, console, the server's
// error log) is searched for the PESEL's digits in every spelling: none may be found.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalisePesel } from '../../src/casework/linkage/pesel';
import { CALLER_HEADER, issueForwardedIdentity, Role } from '../../src/common/auth';
import { describeInternalError } from '../../src/common/http-server';
import { asciiDigits, messageWithoutValues, redactPersonalNumbers } from '../../src/common/redaction';
import { clubCircle, testPesels } from '../support/casework-fixtures';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../support/casework-app';
import { startRegistryApp, type TestApp } from '../support/registry-app';
import { post, type Answer } from '../support/requests';

const [PESEL] = testPesels(1, 97);
const circle = clubCircle('26', 3);

const toScript = (text: string, zero: number): string => text.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));
/** Ways people type or paste a PESEL; each must be read as the same person, and redacted. */
const SPELLINGS = [
  PESEL,
  `${PESEL.slice(0, 6)} ${PESEL.slice(6)}`,
  `${PESEL.slice(0, 6)}\t${PESEL.slice(6)}`,
  `${PESEL.slice(0, 2)}-${PESEL.slice(2, 4)}-${PESEL.slice(4, 6)}-${PESEL.slice(6)}`,
  PESEL.split('').join('-'),
  `  ${PESEL}\n`,
  `${PESEL.slice(0, 6)}\u00a0${PESEL.slice(6)}`,
  `${PESEL.slice(0, 3)}\u2003${PESEL.slice(3, 6)}\u3000${PESEL.slice(6)}`,
  `${PESEL.slice(0, 6)}\u2013${PESEL.slice(6)}`,
  `${PESEL.slice(0, 6)}\u200b${PESEL.slice(6)}`,
  toScript(PESEL, 0xff10), // fullwidth
  toScript(PESEL, 0x0660), // Arabic-Indic
  toScript(PESEL, 0x0966), // Devanagari
  `${toScript(PESEL.slice(0, 6), 0xff10)} ${PESEL.slice(6)}`,
];

// Everything the process writes while the tests run.
const captured: string[] = [];
const capture = (...args: unknown[]): void => {
  captured.push(
    args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : (JSON.stringify(a) ?? String(a)))).join(' '),
  );
};

/** Does `text` hold the PESEL, in any spelling, raw or escaped (JSON, GraphQL strings)? */
function leaks(text: string): boolean {
  const unescaped = text.replace(/\\+(?:[tnrfvb]|u[0-9a-fA-F]{4})/g, ' ');
  return asciiDigits(unescaped).includes(PESEL) || SPELLINGS.some((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));
}

let app: CaseworkTestApp;
let gateway: TestApp;
const responses: string[] = [];

/** Every response text is kept: none may hold the PESEL. */
async function postKept(url: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const res = await post(url, body, headers);
  responses.push(res.text);
  return res;
}

/** A casework operation as the club's staff, through the subgraph's HTTP endpoint. */
async function gql(query: string, variables?: Record<string, unknown>): Promise<{ status: number; json: any }> {
  const identity = await issueForwardedIdentity(staff(circle.club), app.config.subgraphSecret);
  return postKept(app.url, JSON.stringify({ query, variables }), { 'content-type': 'application/json', [CALLER_HEADER]: identity });
}

const REGISTER = `mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { id } }`;
const BY_PESEL = `query($p: String!) { participantByPesel(pesel: $p) { id } }`;
const IMPORT = `mutation($l: [String!]!) { importParticipants(lines: $l) { accepted rejected problems { field reason } } }`;

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true });
  gateway = await startRegistryApp({ seed: true });
  const write = (chunk: unknown): boolean => {
    capture(typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(write);
  vi.spyOn(process.stderr, 'write').mockImplementation(write);
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) vi.spyOn(console, method).mockImplementation(capture);
});

afterAll(async () => {
  vi.restoreAllMocks();
  await app?.close();
  await gateway?.close();
});

describe('PESEL spellings', () => {
  it('normalises every spelling to the same 11 ASCII digits, and redacts every one', () => {
    expect(SPELLINGS.length).toBeGreaterThanOrEqual(10);
    for (const spelling of SPELLINGS) {
      expect(normalisePesel(spelling)).toBe(PESEL);
      const message = `got invalid value { pesel: ${JSON.stringify(spelling)} } and ${spelling}`;
      expect(leaks(redactPersonalNumbers(message)), message).toBe(false);
    }
    // Ids are not personal numbers.
    expect(redactPersonalNumbers('016806b5-bc00-7972-9a7f-9df544cea647 a92912873368')).toBe('016806b5-bc00-7972-9a7f-9df544cea647 a92912873368');
  });

  it('registers the person once, whatever the spelling, and finds them by any spelling', async () => {
    const first = await gql(REGISTER, { input: { pesel: SPELLINGS[0], categories: ['LONG_TERM_UNEMPLOYED'] } });
    expect(first.json.errors).toBeUndefined();
    const id = first.json.data.registerParticipant.id as string;
    for (const spelling of SPELLINGS.slice(1)) {
      const again = await gql(REGISTER, { input: { pesel: spelling, categories: [] } });
      expect(again.json.errors?.[0].extensions, JSON.stringify(spelling)).toMatchObject({ code: 'CONFLICT', field: 'input.pesel', participantId: id });
    }
    for (const spelling of SPELLINGS) {
      expect((await gql(BY_PESEL, { p: spelling })).json.data?.participantByPesel).toEqual({ id });
    }
    const lines = SPELLINGS.map((pesel) => JSON.stringify({ pesel, categories: ['LONG_TERM_UNEMPLOYED'] }));
    const imported = await gql(IMPORT, { l: lines });
    expect(imported.json.data?.importParticipants).toMatchObject({ accepted: SPELLINGS.length, rejected: 0 });
  });

  it('names the path and the expected type only in coercion and validation errors', async () => {
    for (const spelling of SPELLINGS) {
      const unknownField = await gql(REGISTER, { input: { pesel: spelling, categories: [], name: 'Jan' } });
      expect(unknownField.json.errors?.[0]).toMatchObject({
        message: 'Variable "$input" got invalid value; Field "name" is not defined by type "RegisterParticipantInput".',
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const badEnum = await gql(REGISTER, { input: { pesel: spelling, categories: [spelling] } });
      expect(badEnum.json.errors?.[0].message).toBe('Variable "$input" got invalid value at "input.categories[0]"; Expected type "EligibilityCategory".');
      const wrongType = await gql(BY_PESEL, { p: { pesel: spelling } });
      expect(wrongType.json.errors?.[0].message).toBe('Variable "$p" got invalid value; Expected type "String".');
      const literal = await gql(
        `mutation { registerParticipant(input: { pesel: ${JSON.stringify(spelling)}, categories: [${JSON.stringify(spelling)}] }) { id } }`,
      );
      expect(literal.json.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^Expected value of type "EligibilityCategory!?"\.$/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
      const invalid = await gql(REGISTER, { input: { pesel: `${spelling}1`, categories: [] } });
      expect(invalid.json.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.pesel' });
    }
    expect(messageWithoutValues(`Variable "$x" got invalid value "${PESEL}"; String cannot represent a non string value`)).toBe(
      'Variable "$x" got invalid value.',
    );
  });
});

describe('NUL bytes and unpaired surrogates', () => {
  let participant: string;
  let episode: string;
  let ipzs: string;

  beforeAll(async () => {
    participant = (await gql(BY_PESEL, { p: PESEL })).json.data.participantByPesel.id;
    episode = (
      await gql(`mutation($i: OpenEpisodeInput!) { openEpisode(input: $i) { id } }`, {
        i: { participantId: participant, kind: 'CLUB_ACTIVITIES', startedOn: '2023-01-10', endedOn: '2023-11-30', outcome: 'OPEN_LABOUR_MARKET' },
      })
    ).json.data.openEpisode.id;
    const ipzsInput = { participantId: participant, drawnUpOn: '2023-01-20', goals: ['Attendance'], diagnoses: [], plannedServices: [] };
    ipzs = (await gql(`mutation($i: CreateIpzsInput!) { createIpzs(input: $i) { id } }`, { i: ipzsInput })).json.data.createIpzs.id;
  });

  const cases = (): [string, string, Record<string, unknown>, string][] => [
    [
      'createIpzs goal',
      `mutation($i: CreateIpzsInput!) { createIpzs(input: $i) { id } }`,
      { i: { participantId: participant, drawnUpOn: '2023-01-20', goals: ['ok', `a\u0000${PESEL}`], diagnoses: [], plannedServices: [] } },
      'input.goals[1]',
    ],
    [
      'createIpzs diagnosis',
      `mutation($i: CreateIpzsInput!) { createIpzs(input: $i) { id } }`,
      {
        i: {
          participantId: participant,
          drawnUpOn: '2023-01-20',
          goals: [],
          diagnoses: [{ by: 'PSYCHOLOGIST', madeOn: '2023-01-15', summary: `\u0000 ${SPELLINGS[1]}` }],
          plannedServices: [],
        },
      },
      'input.diagnoses[0].summary',
    ],
    [
      'createIpzs service (lone surrogate)',
      `mutation($i: CreateIpzsInput!) { createIpzs(input: $i) { id } }`,
      {
        i: {
          participantId: participant,
          drawnUpOn: '2023-01-20',
          goals: [],
          diagnoses: [],
          plannedServices: [{ area: 'VOCATIONAL', description: `x\ud800 ${PESEL}` }],
        },
      },
      'input.plannedServices[0].description',
    ],
    [
      'addIpzsRecord note',
      `mutation($i: AddIpzsRecordInput!) { addIpzsRecord(input: $i) { kind } }`,
      { i: { ipzsId: ipzs, kind: 'EVALUATION_EXIT', recordedOn: '2023-11-30', note: `note\u0000${PESEL}` } },
      'input.note',
    ],
    [
      'createSocialContract id',
      `mutation($i: CreateSocialContractInput!) { createSocialContract(input: $i) { id } }`,
      { i: { participantId: `${participant}\u0000`, signedOn: '2023-01-02', instruments: ['VOCATIONAL_COURSE'] } },
      'input.participantId',
    ],
    [
      'openEpisode externalRef',
      `mutation($i: OpenEpisodeInput!) { openEpisode(input: $i) { id } }`,
      { i: { participantId: participant, kind: 'CLUB_ACTIVITIES', startedOn: '2024-01-10', externalRef: `KIS\u0000${PESEL}` } },
      'input.externalRef',
    ],
    [
      'closeEpisode id',
      `mutation($i: CloseEpisodeInput!) { closeEpisode(input: $i) { id } }`,
      { i: { id: `\udc00${episode}`, version: 1, endedOn: '2023-11-30', outcome: 'OPEN_LABOUR_MARKET' } },
      'input.id',
    ],
    [
      'recordMonitoringContact note',
      `mutation($i: RecordMonitoringContactInput!) { recordMonitoringContact(input: $i) { source } }`,
      { i: { episodeId: episode, contactedOn: '2024-02-29', source: 'OPS', employmentStatus: 'OPEN_LABOUR_MARKET', note: `\u0000${PESEL}` } },
      'input.note',
    ],
    ['registerParticipant pesel', REGISTER, { input: { pesel: `${PESEL}\u0000`, categories: [] } }, 'input.pesel'],
    ['participantByPesel', BY_PESEL, { p: `${SPELLINGS[2]}\u0000` }, 'pesel'],
    ['importParticipants line', IMPORT, { l: [JSON.stringify({ pesel: PESEL, categories: [] }), `{"pesel": "${PESEL}\u0000"}`] }, 'lines[1]'],
  ];

  it('refuses them as BAD_USER_INPUT naming the argument path, before any resolver or SQL', async () => {
    for (const [name, query, variables, field] of cases()) {
      const res = await gql(query, variables);
      expect(res.json.errors?.[0].extensions, name).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(res.json.data, name).toBeUndefined();
    }
    const literal = await gql(
      `mutation { addIpzsRecord(input: { ipzsId: "${ipzs}", kind: EVALUATION_EXIT, recordedOn: "2023-11-30", note: "a\\u0000 ${PESEL}" }) { kind } }`,
    );
    expect(literal.json.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.note' });
    // Nothing was written: no record with a NUL, no internal error logged.
    expect(app.logs.filter((l) => l.includes('internal error'))).toEqual([]);
  });
});

describe('malformed bodies', () => {
  const bodies = (): [string, string, Record<string, string>, number, string][] => [
    ['bad JSON', `{"query": "${BY_PESEL}", "variables": {"p": "${PESEL}"`, { 'content-type': 'application/json' }, 400, 'BAD_REQUEST'],
    ['bad JSON, spaced PESEL', `{"variables": {"p": "${SPELLINGS[1]}"}, }`, { 'content-type': 'application/json' }, 400, 'BAD_REQUEST'],
    ['not an object', `"${PESEL}"`, { 'content-type': 'application/json' }, 400, 'BAD_REQUEST'],
    [
      'oversized',
      JSON.stringify({ query: BY_PESEL, variables: { p: PESEL, pad: `${PESEL} `.repeat(120_000) } }),
      { 'content-type': 'application/json' },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    ['text/plain', JSON.stringify({ query: BY_PESEL, variables: { p: PESEL } }), { 'content-type': 'text/plain' }, 400, 'BAD_REQUEST'],
    ['form', `query=${encodeURIComponent(BY_PESEL)}&p=${PESEL}`, { 'content-type': 'application/x-www-form-urlencoded' }, 400, 'BAD_REQUEST'],
    [
      'unsupported charset',
      JSON.stringify({ query: BY_PESEL, variables: { p: PESEL } }),
      { 'content-type': 'application/json; charset=koi8-r' },
      415,
      'BAD_REQUEST',
    ],
  ];

  it('answers each with a JSON GraphQL error and a 4xx status, on the casework subgraph and the gateway', async () => {
    const identity = await issueForwardedIdentity(staff(circle.club), app.config.subgraphSecret);
    for (const [url, headers] of [
      [app.url, { [CALLER_HEADER]: identity }],
      [gateway.url, { authorization: `Bearer ${await gateway.token({ role: Role.INSTITUTION_STAFF, institutionId: circle.club })}` }],
    ] as const) {
      for (const [name, body, contentType, status, code] of bodies()) {
        const res = await postKept(url, body, { ...contentType, ...headers });
        expect(res.status, `${name} ${res.text.slice(0, 200)}`).toBe(status);
        expect(res.json?.errors?.[0].extensions?.code, name).toBe(code);
      }
    }
  });
});

describe('through the gateway (all-in-one)', () => {
  it('reads every spelling, rewrites coercion errors and refuses NUL bytes as the subgraph does', async () => {
    const token = await gateway.token({ role: Role.INSTITUTION_STAFF, institutionId: circle.club });
    const send = (query: string, variables: Record<string, unknown>) =>
      postKept(gateway.url, JSON.stringify({ query, variables }), { 'content-type': 'application/json', authorization: `Bearer ${token}` });
    const first = await send(REGISTER, { input: { pesel: SPELLINGS[3], categories: [] } });
    expect(first.json.errors).toBeUndefined();
    for (const spelling of SPELLINGS) {
      expect((await send(BY_PESEL, { p: spelling })).json.data?.participantByPesel).toEqual(first.json.data.registerParticipant);
      const bad = await send(REGISTER, { input: { pesel: spelling, categories: [], name: 'Jan' } });
      expect(bad.json.errors?.[0].message).toBe('Variable "$input" got invalid value; Field "name" is not defined by type "RegisterParticipantInput".');
      const badEnum = await send(REGISTER, { input: { pesel: spelling, categories: [spelling] } });
      expect(badEnum.json.errors?.[0].message).toBe('Variable "$input" got invalid value at "input.categories[0]"; Expected type "EligibilityCategory".');
    }
    const nul = await send(REGISTER, { input: { pesel: `${PESEL}\u0000`, categories: [] } });
    expect(nul.json.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.pesel' });
  });
});

describe('logs', () => {
  it('logs a SQL error by its class, SQLSTATE and constraint only', () => {
    const sql = Object.assign(new Error(`insert into "participant" ("note") values ('${PESEL}') - duplicate key value; Key (note)=(${PESEL})`), {
      name: 'UniqueConstraintViolationException',
      code: '23505',
      constraint: 'participant_pkey',
      detail: `Key (note)=(${PESEL}) already exists.`,
    });
    const line = describeInternalError(sql);
    expect(line).toBe('UniqueConstraintViolationException (SQLSTATE 23505), constraint participant_pkey');
    expect(describeInternalError(new TypeError(`bad ${PESEL}`))).not.toContain(PESEL);
  });

  it('no response and nothing the process wrote holds the PESEL in any spelling', () => {
    expect(responses.length).toBeGreaterThan(60);
    const leaking = responses.filter(leaks);
    expect(leaking.map((r) => r.slice(0, 300))).toEqual([]);
    expect([...captured, ...app.logs].filter(leaks).map((l) => l.slice(0, 300))).toEqual([]);
  });
});
