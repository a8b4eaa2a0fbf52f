import 'reflect-metadata';
// Casework's "no duplicate" rules under concurrency, on the subgraph as the gateway reaches it:
// 20 identical registrations (or episodes) sent at once leave one record; the others are CONFLICT
// with the rule in words, never an internal error. And a forwarded Idempotency-Key replays.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLER_HEADER, issueForwardedIdentity } from '../../../src/common/auth';
import { clubCircle, testPesels } from '../../support/casework-fixtures';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

const N = 20;
const circle = clubCircle('26', 3);
const [PESEL_A, PESEL_B, PESEL_C] = testPesels(3, 94);
const REGISTER = `mutation($i: RegisterParticipantInput!) { registerParticipant(input: $i) { id } }`;

let app: CaseworkTestApp;
beforeAll(async () => {
  app = await startCaseworkApp({ seed: false });
});
afterAll(() => app?.close());

const codes = (answers: { errors?: { extensions?: { code?: string } }[] }[]) =>
  answers.map((a) => (a.errors?.length ? String(a.errors[0].extensions?.code) : 'OK'));
const count = (list: string[], code: string) => list.filter((c) => c === code).length;

describe('20 identical parallel requests (casework)', () => {
  it(`registerParticipant: exactly 1 participant, ${N - 1} CONFLICT on input.pesel`, async () => {
    const answers = await Promise.all(
      Array.from({ length: N }, () => app.gql(REGISTER, { i: { pesel: PESEL_A, categories: ['DISABLED'] } }, staff(circle.club))),
    );
    const list = codes(answers);
    expect(count(list, 'OK')).toBe(1);
    expect(count(list, 'CONFLICT')).toBe(N - 1);
    for (const a of answers.filter((x) => x.errors)) {
      expect(a.errors![0].extensions?.field).toBe('input.pesel');
      expect(a.errors![0].message).toMatch(/already registered at your institution/);
      expect(a.errors![0].message).not.toContain(PESEL_A);
    }
    expect(await app.sql('owner', 'select count(*)::int as n from participant where institution_id = $1', [circle.club])).toEqual([{ n: 1 }]);
  });

  it(`openEpisode: exactly 1 episode, ${N - 1} CONFLICT`, async () => {
    const participant = (await app.gql(REGISTER, { i: { pesel: PESEL_B, categories: ['DISABLED'] } }, staff(circle.club))).data!.registerParticipant
      .id as string;
    const answers = await Promise.all(
      Array.from({ length: N }, () =>
        app.gql(
          `mutation($i: OpenEpisodeInput!) { openEpisode(input: $i) { id } }`,
          { i: { participantId: participant, kind: 'CIS_PROGRAMME', startedOn: '2024-02-01' } },
          staff(circle.club),
        ),
      ),
    );
    const list = codes(answers);
    expect(count(list, 'OK')).toBe(1);
    expect(count(list, 'CONFLICT')).toBe(N - 1);
    expect(await app.sql('owner', 'select count(*)::int as n from service_episode where participant_id = $1', [participant])).toEqual([{ n: 1 }]);
  });
});

describe('Idempotency-Key forwarded to the casework service (split mode)', () => {
  const send = async (pesel: string, key: string, subject?: string) => {
    const caller = { ...staff(circle.club), ...(subject ? { subject } : {}) };
    return app.raw(
      { query: REGISTER, variables: { i: { pesel, categories: ['DISABLED'] } } },
      { [CALLER_HEADER]: await issueForwardedIdentity(caller, app.config.subgraphSecret), 'idempotency-key': key },
    );
  };

  it('replays, refuses a reused key (without echoing the request) and scopes keys by caller', async () => {
    const key = randomUUID();
    const first = await send(PESEL_C, key);
    expect(first.json.errors).toBeUndefined();
    const again = await send(PESEL_C, key);
    expect(again.text).toBe(first.text);
    const reused = await send(PESEL_A, key);
    expect(reused.json.errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.text).not.toContain(PESEL_A);
    // A colleague with the same key: their own request (here refused by the rule, not replayed).
    const colleague = await send(PESEL_C, key, 'a-colleague');
    expect(colleague.json.errors[0].extensions.code).toBe('CONFLICT');
    expect(colleague.json.errors[0].extensions.field).toBe('input.pesel');
    expect(await app.sql('owner', 'select count(*)::int as n from participant where institution_id = $1', [circle.club])).toEqual([{ n: 3 }]);
    // The service role keeps the keys (grants), and nothing in them is readable.
    const rows = await app.sql<{ dump: string }>('app', `select coalesce(encode(response, 'escape'), '') as dump from idempotency_key`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { dump } of rows) expect(dump).not.toContain(first.json.data.registerParticipant.id);
  });

  it('refuses an invalid header with BAD_USER_INPUT before any write', async () => {
    const res = await send(PESEL_A, 'too-short');
    expect(res.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.json.errors[0].message).toMatch(/^Idempotency-Key: /);
  });
});
