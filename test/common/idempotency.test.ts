import 'reflect-metadata';
// Idempotency-Key on mutations, through the all-in-one API as clients use it (gateway + both
// subgraphs in one process): a retry replays the first answer without a second write, a reused key
// is refused (422), a duplicate in flight is CONFLICT (409), keys are per caller, validated,
// kept for a while and purged, and nothing readable is stored.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { issueToken, Role } from '../../src/common/auth';
import { IdempotencyStore } from '../../src/common/idempotency';
import { ROPS_IDS, SWIETOKRZYSKIE_CLUB_IDS } from '../../seeds/pilot/ids';
import { testPesels } from '../support/casework-fixtures';
import { startRegistryApp, type TestApp } from '../support/registry-app';
import { sql, staffToken } from '../support/registry-helpers';
import { bearer, postQuery } from '../support/requests';

const CLUB = SWIETOKRZYSKIE_CLUB_IDS;
const PARTNER = ROPS_IDS['26']; // no pilot partnership with the clubs used here

let app: TestApp;
let club0: string;
let club0Colleague: string;
let club1: string;
beforeAll(async () => {
  app = await startRegistryApp();
  club0 = await staffToken(app, CLUB[0]);
  club0Colleague = await issueToken({ role: Role.INSTITUTION_STAFF, institutionId: CLUB[0], subject: 'another-person-at-club-0' }, app.config.jwt);
  club1 = await staffToken(app, CLUB[1]);
});
afterAll(() => app?.close());

const PROPOSE = `mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { id status note parties { institution { id } } } }`;
const proposal = (note: string, validFrom = '2031-01-01', proposer = CLUB[0]) => ({
  // One calendar year each, so that the tests' proposals of one pair do not overlap.
  input: {
    proposerId: proposer,
    partnerIds: [PARTNER],
    kind: 'INFORMAL',
    areas: ['COUNSELLING'],
    validFrom,
    validTo: `${validFrom.slice(0, 4)}-12-31`,
    note,
    dataSharing: false,
  },
});

async function send(query: string, variables: Record<string, unknown>, token: string | undefined, key?: string) {
  const res = await postQuery(app.url, query, variables, { ...bearer(token), ...(key !== undefined ? { 'idempotency-key': key } : {}) });
  return { status: res.status, text: withoutCost(res.text), retryAfter: res.headers.get('retry-after') };
}
/** A replay is the stored answer; its extensions.cost is the current budget's (README "Cost and budgets"). */
const withoutCost = (text: string): string => text.replace(/,"extensions":\{"cost":\{[^{}]*\}\}\}\n?$/, '}');
const json = (r: { text: string }) => JSON.parse(r.text) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] };
const partnershipsNoted = async (note: string) => (await sql<{ n: number }>(app, 'select count(*)::int as n from partnership where note = ?', [note]))[0].n;

describe('Idempotency-Key on mutations', () => {
  it('a retry with the same key returns the same body and writes one record', async () => {
    const key = randomUUID();
    const note = `retry ${key}`;
    const first = await send(PROPOSE, proposal(note), club0, key);
    expect(first.status).toBe(200);
    expect(json(first).errors).toBeUndefined();
    const again = await send(PROPOSE, proposal(note), club0, key);
    const third = await send(PROPOSE, proposal(note), club0, `"${key}"`); // the draft's sf-string form is the same key
    expect(again.text).toBe(first.text);
    expect(third.text).toBe(first.text);
    expect(await partnershipsNoted(note)).toBe(1);
  });

  it('a mutation without a key is not deduplicated (the partnership rule refuses the twin instead)', async () => {
    const note = `no key ${randomUUID()}`;
    const first = json(await send(PROPOSE, proposal(note, '2032-01-01'), club0));
    expect(first.errors).toBeUndefined();
    const second = json(await send(PROPOSE, proposal(note, '2032-01-01'), club0));
    expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');
  });

  it('the same key with other variables is refused with IDEMPOTENCY_KEY_REUSED (422), writing nothing', async () => {
    const key = randomUUID();
    const note = `reuse ${key}`;
    expect(json(await send(PROPOSE, proposal(note, '2033-01-01'), club0, key)).errors).toBeUndefined();
    const before = await sql<{ n: number }>(app, 'select count(*)::int as n from partnership');
    const other = await send(PROPOSE, proposal(`${note} (changed)`, '2033-01-01'), club0, key);
    expect(other.status).toBe(422);
    expect(json(other).errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(json(other).errors?.[0].message).toMatch(/different request/);
    // Another operation under the same key: refused too.
    const otherOperation = await send(
      `mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { id } }`,
      proposal(note, '2033-01-01'),
      club0,
      key,
    );
    expect(otherOperation.status).toBe(422);
    expect(await sql<{ n: number }>(app, 'select count(*)::int as n from partnership')).toEqual(before);
    expect(await partnershipsNoted(`${note} (changed)`)).toBe(0);
  });

  it('two parallel requests with one key: one writes, the other is CONFLICT (409) or the replay', async () => {
    const key = randomUUID();
    const note = `parallel ${key}`;
    const answers = await Promise.all([0, 1].map(() => send(PROPOSE, proposal(note, '2034-01-01'), club0, key)));
    const ok = answers.filter((a) => a.status === 200 && json(a).errors === undefined);
    const inFlight = answers.filter((a) => a.status === 409);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.length + inFlight.length).toBe(2);
    for (const a of ok) expect(a.text).toBe(ok[0].text);
    for (const a of inFlight) {
      expect(json(a).errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(await partnershipsNoted(note)).toBe(1);
  });

  it('20 parallel requests with one key write one record', async () => {
    const key = randomUUID();
    const note = `twenty ${key}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(PROPOSE, proposal(note, '2035-01-01'), club0, key)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(answers.filter((a) => a.status === 200).every((a) => a.text === answers.find((b) => b.status === 200)!.text)).toBe(true);
    expect(await partnershipsNoted(note)).toBe(1);
  });

  it('keys are per caller: another person, or another institution, with the same key is independent', async () => {
    const key = randomUUID();
    const mine = json(await send(PROPOSE, proposal(`scope A ${key}`, '2036-01-01'), club0, key));
    expect(mine.errors).toBeUndefined();
    // A colleague at the same institution: not a replay of my answer, not a reuse error.
    const colleague = json(await send(PROPOSE, proposal(`scope B ${key}`, '2037-01-01'), club0Colleague, key));
    expect(colleague.errors).toBeUndefined();
    expect(colleague.data.proposePartnership.id).not.toBe(mine.data.proposePartnership.id);
    const otherInstitution = json(await send(PROPOSE, proposal(`scope C ${key}`, '2036-01-01', CLUB[1]), club1, key));
    expect(otherInstitution.errors).toBeUndefined();
    expect(await partnershipsNoted(`scope B ${key}`)).toBe(1);
    expect(await partnershipsNoted(`scope C ${key}`)).toBe(1);
  });

  it('validates the header (400 BAD_USER_INPUT) and needs a signed-in caller', async () => {
    for (const bad of ['short', 'x'.repeat(129), 'has spaces in the key value', 'semicolons;are;not;allowed!']) {
      const res = await send(PROPOSE, proposal('bad key'), club0, bad);
      expect(res.status, bad).toBe(400);
      expect(json(res).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(json(res).errors?.[0].message).toMatch(/^Idempotency-Key: /);
    }
    const anonymous = json(await send(PROPOSE, proposal('anonymous'), undefined, randomUUID()));
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await partnershipsNoted('bad key')).toBe(0);
    expect(await partnershipsNoted('anonymous')).toBe(0);
  });

  it('a refused mutation is replayed as refused; a fixed request needs a new key', async () => {
    const key = randomUUID();
    const bad = { input: { ...proposal('bad dates').input, validFrom: '2030-05-01', validTo: '2030-01-01' } };
    const first = await send(PROPOSE, bad, club0, key);
    expect(json(first).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await send(PROPOSE, bad, club0, key)).text).toBe(first.text);
  });

  it('a crashed in-flight key is CONFLICT until its timeout, then the retry runs', async () => {
    const key = randomUUID();
    const note = `crashed ${key}`;
    const variables = proposal(note, '2038-01-01');
    // Find the row a request with this key claims, then make it look like a process died mid-request.
    expect(json(await send(PROPOSE, variables, club0, key)).errors).toBeUndefined();
    const [row] = await sql<{ key_hash: Buffer }>(app, 'select key_hash from idempotency_key order by created_at desc limit 1');
    await sql(app, `update idempotency_key set state = 'IN_FLIGHT', response = null, locked_until = now() + interval '1 hour' where key_hash = ?`, [
      row.key_hash,
    ]);
    await sql(app, 'delete from partnership_party where partnership_id in (select id from partnership where note = ?)', [note]);
    await sql(app, 'delete from partnership where note = ?', [note]);
    const blocked = await send(PROPOSE, variables, club0, key);
    expect(blocked.status).toBe(409);
    expect(json(blocked).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'Idempotency-Key' });
    await sql(app, `update idempotency_key set locked_until = now() - interval '1 second' where key_hash = ?`, [row.key_hash]);
    const retried = json(await send(PROPOSE, variables, club0, key));
    expect(retried.errors).toBeUndefined();
    expect(await partnershipsNoted(note)).toBe(1);
  });

  it('expired keys are purged and may be used again', async () => {
    const key = randomUUID();
    expect(json(await send(PROPOSE, proposal(`expiring ${key}`, '2039-01-01'), club0, key)).errors).toBeUndefined();
    await sql(app, `update idempotency_key set expires_at = now() - interval '1 second'`);
    const store = new IdempotencyStore(app.db.orm, 'registry', app.config.subgraphSecret, app.config.idempotency);
    expect(await store.purge()).toBeGreaterThan(0);
    expect((await sql<{ n: number }>(app, 'select count(*)::int as n from idempotency_key'))[0].n).toBe(0);
    // The key is free again: another request under it runs.
    expect(json(await send(PROPOSE, proposal(`expiring again ${key}`, '2040-01-01'), club0, key)).errors).toBeUndefined();
    const [row] = await sql<{ hours: number }>(app, `select round(extract(epoch from expires_at - created_at) / 3600)::int as hours from idempotency_key`);
    expect(row.hours).toBe(app.config.idempotency.ttlHours);
  });

  it('stores nothing readable: no key, caller or answer in plain text', async () => {
    const key = randomUUID();
    const res = json(await send(PROPOSE, proposal(`opaque ${key}`, '2041-01-01'), club0, key));
    const id: string = res.data.proposePartnership.id;
    const rows = await sql<{ dump: string }>(
      app,
      `select encode(key_hash, 'escape') || encode(request_hash, 'escape') || coalesce(encode(response, 'escape'), '') as dump from idempotency_key`,
    );
    for (const { dump } of rows) {
      for (const secret of [key, id, CLUB[0], 'opaque', 'proposePartnership']) expect(dump).not.toContain(secret);
    }
  });
});

describe('Idempotency-Key on casework mutations (person-level answers)', () => {
  const REGISTER = `mutation($i: RegisterParticipantInput!) { registerParticipant(input: $i) { id birthYear categories } }`;
  const [pesel, other] = testPesels(2, 93);
  const casework = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: `${app.config.databaseUrl!}_cw` }); // startRegistryApp's casework database
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('replays registerParticipant from the casework database, encrypted, with one participant', async () => {
    const token = await staffToken(app, CLUB[2]);
    const key = randomUUID();
    const participants = async () => (await casework<{ n: number }>('select count(*)::int as n from participant where institution_id = $1', [CLUB[2]]))[0].n;
    const before = await participants();
    const first = await send(REGISTER, { i: { pesel, categories: ['DISABLED'] } }, token, key);
    expect(json(first).errors).toBeUndefined();
    const again = await send(REGISTER, { i: { pesel, categories: ['DISABLED'] } }, token, key);
    expect(again.text).toBe(first.text);
    const id: string = json(first).data.registerParticipant.id;
    expect(await casework<{ n: number }>('select count(*)::int as n from participant where id = $1', [id])).toEqual([{ n: 1 }]);
    const rows = await casework<{ dump: string }>(
      `select coalesce(encode(response, 'escape'), '') || encode(request_hash, 'escape') as dump from idempotency_key`,
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const { dump } of rows) for (const secret of [id, pesel, 'DISABLED']) expect(dump).not.toContain(secret);
    // The same key with another person: the reuse error, and no second participant.
    const reused = await send(REGISTER, { i: { pesel: other, categories: ['DISABLED'] } }, token, key);
    expect(reused.status).toBe(422);
    expect(json(reused).errors?.[0].extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(json(reused).errors?.[0].message).not.toContain(other);
    expect(await participants()).toBe(before + 1);
  });
});
