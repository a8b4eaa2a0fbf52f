import 'reflect-metadata';
// Split mode (start:registry + start:casework + start:gateway): the gateway validates the client's
// Idempotency-Key and forwards it to the subgraph service that runs the mutation, which keeps the
// key in its own database; replays, reuse (422) and parallel duplicates behave as in one process.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken, Role } from '../../src/common/auth';
import type { Service } from '../../src/services';
import type { OrmHandle } from '../../src/db/orm';
import { ROPS_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../seeds/pilot/ids';
import { bearer, post } from '../support/requests';
import { startSplitApp, type SplitApp } from '../support/split-app';

let split: SplitApp;
let registry: Service & { db: OrmHandle };
let gateway: Service;
let token: string;

beforeAll(async () => {
  // Casework unseeded: the mutations here are the registry's.
  split = await startSplitApp({ caseworkSeed: false });
  ({ registry, gateway } = split);
  token = await issueToken({ role: Role.INSTITUTION_STAFF, institutionId: SWIETOKRZYSKIE_CLUB_IDS[8], subject: 'split-staff' }, split.config.jwt);
});
afterAll(() => split?.stop());

const PROPOSE = `mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { id status } }`;
const variables = (note: string) => ({
  input: {
    proposerId: SWIETOKRZYSKIE_CLUB_IDS[8],
    partnerIds: [ROPS_IDS['26']],
    kind: 'INFORMAL',
    areas: ['COUNSELLING'],
    validFrom: '2030-01-01',
    validTo: '2030-12-31',
    note,
    dataSharing: false,
  },
});
async function send(body: unknown, key: string) {
  const res = await post(gateway.server.url, body, { ...bearer(token), 'idempotency-key': key });
  // A replay is the stored answer; its extensions.cost is the current budget's (README "Cost and budgets").
  return { status: res.status, text: res.text.replace(/,"extensions":\{"cost":\{[^{}]*\}\}\}\n?$/, '}') };
}
const notes = async (note: string) =>
  (await registry.db.orm.em.fork().getConnection().execute<{ n: number }[]>('select count(*)::int as n from partnership where note = ?', [note]))[0].n;

describe('Idempotency-Key in split mode', () => {
  it('parallel duplicates and retries through the gateway write one partnership with one answer', async () => {
    const key = randomUUID();
    const answers = await Promise.all(Array.from({ length: 10 }, () => send({ query: PROPOSE, variables: variables('split') }, key)));
    expect(answers.map((a) => a.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const ok = answers.filter((a) => a.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(ok[0].text).errors).toBeUndefined();
    for (const a of ok) expect(a.text).toBe(ok[0].text);
    expect((await send({ query: PROPOSE, variables: variables('split') }, key)).text).toBe(ok[0].text);
    expect(await notes('split')).toBe(1);
    const reused = await send({ query: PROPOSE, variables: variables('split, changed') }, key);
    expect(reused.status).toBe(422);
    expect(JSON.parse(reused.text).errors[0].extensions.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await notes('split, changed')).toBe(0);
  });

  it('the gateway refuses an invalid key with 400 BAD_USER_INPUT', async () => {
    const res = await send({ query: PROPOSE, variables: variables('bad key') }, 'no spaces allowed here');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await notes('bad key')).toBe(0);
  });
});
