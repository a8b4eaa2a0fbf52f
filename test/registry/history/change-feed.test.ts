import 'reflect-metadata';
// The change feed (issue 13 §2): created, updated, ended and removed records in commit order with a
// stable cursor. A consumer follows the feed while several writers change the registry at once (API
// mutations and direct transactions); replaying what it read into an empty copy gives exactly the
// registry's tables, every change read once. A transaction that started first but committed last
// comes last in the feed (commit order, not transaction-id or clock order).
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys, KSR_PROGRAMME_ID, lsrId, SWIETOKRZYSKIE_CLUB_IDS } from '../../../seeds/pilot/ids';
import { fieldName } from '../../../src/registry/history/history.service';
import { startRegistryApp, type TestApp } from '../../support/registry-app';
import { adminToken, expectError, idOf, sql } from '../../support/registry-helpers';
import { data } from '../../support/requests';

const CLUB = SWIETOKRZYSKIE_CLUB_IDS;
const TABLES: Record<string, string> = {
  INSTITUTION: 'institution',
  PARTNERSHIP: 'partnership',
  PARTNERSHIP_PARTY: 'partnership_party',
  NETWORK: 'network',
  MEMBERSHIP: 'membership',
  MEETING: 'meeting',
  MEETING_ATTENDANCE: 'meeting_attendance',
  PROGRAMME: 'programme',
  GRANT: 'grant',
  FUNDING_SOURCE: 'funding_source',
};

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await startRegistryApp();
  admin = await adminToken(app);
});
afterAll(() => app?.close());

const FEED = `query($after: String, $first: Int, $types: [RecordType!]) {
  changes(after: $after, first: $first, types: $types) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { recordType recordId parentId operation committedAt state } } }
}`;

interface Change {
  recordType: string;
  recordId: string;
  parentId: string | null;
  operation: string;
  committedAt: string;
  state: Record<string, unknown> | null;
}

/** A feed consumer: reads pages from its cursor, remembers every cursor it saw. */
class Consumer {
  cursor: string | null = null;
  readonly seen = new Set<string>();
  readonly changes: Change[] = [];
  async poll(): Promise<boolean> {
    const page = data(await app.gql(FEED, { after: this.cursor, first: 100 }, admin)).changes;
    for (const edge of page.edges) {
      expect(this.seen.has(edge.cursor), `cursor ${edge.cursor} read twice`).toBe(false);
      this.seen.add(edge.cursor);
      this.changes.push(edge.node);
    }
    this.cursor = page.pageInfo.endCursor ?? this.cursor;
    return page.pageInfo.hasNextPage;
  }
  async drain(): Promise<void> {
    while (await this.poll());
  }
}

/** The empty copy, after replaying the changes. */
function replay(changes: Change[]): Map<string, Record<string, unknown>> {
  const copy = new Map<string, Record<string, unknown>>();
  for (const c of changes) {
    const key = `${c.recordType}:${c.recordId}`;
    if (c.operation === 'REMOVED') copy.delete(key);
    else copy.set(key, c.state!);
  }
  return copy;
}

/** The registry as it stands, in the feed's form. */
async function registryNow(): Promise<Map<string, Record<string, unknown>>> {
  const now = new Map<string, Record<string, unknown>>();
  for (const [type, table] of Object.entries(TABLES)) {
    const rows = await sql<{ s: Record<string, unknown> }>(app, `select registry_state(to_jsonb(t)) as s from "${table}" t`);
    for (const { s } of rows) now.set(`${type}:${s.id as string}`, Object.fromEntries(Object.entries(s).map(([k, v]) => [fieldName(k), v])));
  }
  return now;
}

const gql = async (query: string, variables: Record<string, unknown>) => data(await app.gql(query, variables, admin));

/** One writer: a little of every kind of write, through the API and directly. */
async function writer(n: number): Promise<void> {
  const municipality = '2604062';
  for (let round = 0; round < 3; round++) {
    const tag = `w${n}r${round}`;
    const created = (
      await gql(`mutation($input: CreateInstitutionInput!) { createInstitution(input: $input) { id version } }`, {
        input: { type: 'NGO', name: `Feed ${tag}`, municipalityCode: municipality, fields: [] },
      })
    ).createInstitution;
    const updated = (
      await gql(`mutation($input: UpdateInstitutionInput!) { updateInstitution(input: $input) { id version } }`, {
        input: { id: created.id, version: created.version, phone: `+48 41 ${n}0${round} 00 00` },
      })
    ).updateInstitution;
    const proposed = (
      await gql(`mutation($input: ProposePartnershipInput!) { proposePartnership(input: $input) { id } }`, {
        input: {
          proposerId: created.id,
          partnerIds: [CLUB[n % CLUB.length]],
          kind: 'INFORMAL',
          areas: ['CULTURE'],
          validFrom: '2041-01-01',
          note: tag,
          dataSharing: false,
        },
      })
    ).proposePartnership;
    const confirmed = (
      await gql(`mutation($input: PartyDecisionInput!) { confirmPartnership(input: $input) { id version } }`, {
        input: { partnershipId: proposed.id, institutionId: CLUB[n % CLUB.length] },
      })
    ).confirmPartnership;
    await gql(`mutation($input: EndPartnershipInput!) { endPartnership(input: $input) { id } }`, {
      input: { partnershipId: confirmed.id, version: confirmed.version, endedOn: '2041-06-30' },
    });
    const membership = (
      await gql(`mutation($input: AddMembershipInput!) { addMembership(input: $input) { id version } }`, {
        input: { networkId: lsrId('26', 1 + (n % 9)), institutionId: created.id, role: 'MEMBER', joinedOn: '2041-01-01' },
      })
    ).addMembership;
    await gql(`mutation($input: EndMembershipInput!) { endMembership(input: $input) { id } }`, {
      input: { membershipId: membership.id, version: membership.version, leftOn: '2041-12-31' },
    });
    const meeting = (
      await gql(`mutation($input: RecordMeetingInput!) { recordMeeting(input: $input) { id } }`, {
        input: { networkId: lsrId('26', 1 + (n % 9)), date: '2041-03-01', kind: 'WORKING', topic: tag, attendeeIds: [created.id] },
      })
    ).recordMeeting;
    await gql(`mutation($input: SetFundingSourceInput!) { setFundingSource(input: $input) { id } }`, {
      input: { institutionId: created.id, year: 2041, source: 'MUNICIPALITY', amount: `${100 * (round + 1)}.00` },
    });
    await gql(`mutation($input: RecordGrantInput!) { recordGrant(input: $input) { id } }`, {
      input: { programmeId: KSR_PROGRAMME_ID, recipientId: created.id, purpose: 'OTHER', amount: `${n}.${round}5`, awardedOn: '2019-07-01' },
    });
    // Direct transactions: a shared record everybody updates, and a removal (tombstones).
    await sql(app, `update institution set email = ? where id = ?`, [`${tag}@example.pl`, idOf(keys.osar)]);
    await sql(app, `delete from meeting where id = ?`, [meeting.id]);
    expect(updated.version).toBe(created.version + 1);
  }
}

describe('changes', () => {
  it('replayed into an empty copy while writers run concurrently, gives the registry exactly, each change once', async () => {
    const consumer = new Consumer();
    await consumer.poll();
    let writing = true;
    const writers = Promise.all([0, 1, 2, 3].map(writer)).finally(() => {
      writing = false;
    });
    let polls = 0;
    while (writing) {
      await consumer.poll();
      polls += 1;
      await new Promise((r) => setTimeout(r, 5));
    }
    await writers;
    await consumer.drain();

    const copy = replay(consumer.changes);
    const now = await registryNow();
    expect(copy.size).toBe(now.size);
    expect(Object.fromEntries(copy)).toEqual(Object.fromEntries(now));
    expect(polls).toBeGreaterThan(3);
    const ops = new Set(consumer.changes.map((c) => c.operation));
    expect([...ops].sort()).toEqual(['CREATED', 'ENDED', 'REMOVED', 'UPDATED']);
    // Removed meetings are tombstones (with their attendance), and not in the copy.
    const removed = consumer.changes.filter((c) => c.operation === 'REMOVED');
    expect(removed.map((c) => c.recordType).sort()).toEqual([...Array(12).fill('MEETING'), ...Array(12).fill('MEETING_ATTENDANCE')].sort());
    expect(removed.every((c) => c.state === null)).toBe(true);

    // Nothing more to read: the cursor stays where it is, and the count left is 0.
    const empty = data(await app.gql(FEED, { after: consumer.cursor }, admin)).changes;
    expect(empty).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: consumer.cursor } });
  }, 120_000);

  it('orders by commit: a transaction that began first and committed last comes last', async () => {
    const consumer = new Consumer();
    await consumer.drain();
    const readBefore = consumer.changes.length;
    const target = CLUB[3];
    const a = new Client({ connectionString: app.config.databaseUrl! });
    const b = new Client({ connectionString: app.config.databaseUrl! });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query('begin');
      await a.query(`update institution set website = 'https://a.example.pl' where id = $1`, [CLUB[4]]); // A's transaction id comes first
      await b.query('begin');
      await b.query(`update institution set phone = 'B' where id = $1`, [target]);
      await b.query('commit');
      await a.query(`update institution set phone = 'A' where id = $1`, [target]);
      await a.query('commit');
      const [{ a_first }] = (
        await a.query(
          `select count(*) > 0 as a_first from registry_change x join registry_change y on x.tx < y.tx where x.changes @> '[{"after":"A"}]' and y.changes @> '[{"after":"B"}]'`,
        )
      ).rows;
      expect(a_first).toBe(true);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
    await consumer.drain();
    const phones = consumer.changes
      .slice(readBefore)
      .filter((c) => c.recordId === target)
      .map((c) => c.state!.phone);
    expect(phones).toEqual(['B', 'A']);
    expect(replay(consumer.changes).get(`INSTITUTION:${target}`)?.phone).toBe('A');
  });

  it('filters by type, refuses a cursor it did not give, and is for signed-in callers', async () => {
    const page = data(await app.gql(FEED, { types: ['NETWORK'], first: 5 }, admin)).changes;
    expect(page.edges).toHaveLength(5);
    expect(page.edges.every((e: any) => e.node.recordType === 'NETWORK')).toBe(true);
    const next = data(await app.gql(FEED, { types: ['NETWORK'], first: 5, after: page.pageInfo.endCursor }, admin)).changes;
    expect(next.totalCount).toBe(page.totalCount - 5);
    expectError(await app.gql(FEED, { after: 'bm90IGEgY3Vyc29y' }, admin), 'BAD_USER_INPUT', 'after');
    expectError(await app.gql(FEED, { after: Buffer.from(JSON.stringify(['1; drop', '2'])).toString('base64url') }, admin), 'BAD_USER_INPUT', 'after');
    expectError(await app.gql(FEED, {}), 'UNAUTHENTICATED');
  });
});
