import 'reflect-metadata';
// Aggregates over the synthetic pilot data: some partnership and network counts are above k and
// some suppressed; the published tables are safe against the exact ones; overdue counts in SQL
// agree with the schedules; the seed is deterministic and idempotent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseworkOwner } from '../../../src/casework/bootstrap';
import { Linkage } from '../../../src/casework/linkage/keys';
import { Role } from '../../../src/common/auth';
import { stableId } from '../../../src/common/ids';
import { PartnershipStatus } from '../../../src/registry/cooperation/partnership.entities';
import { NetworkKind } from '../../../src/registry/networks/network.entities';
import { keys } from '../../../seeds/pilot';
import { seedCasework, syntheticPeople } from '../../../seeds/casework';
import { clubCircle, pilotPlan } from '../../support/casework-fixtures';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
const RESEARCHER = { role: Role.RESEARCHER, subject: 'researcher' };
const STATS = `{ k total { count suppressed } byCategory { category count suppressed } byOutcome { outcome count suppressed } }`;

beforeAll(async () => {
  app = await startCaseworkApp({ seed: true });
});
afterAll(() => app?.close());

async function entities(representations: Record<string, unknown>[], selection: string, caller: Parameters<CaseworkTestApp['gql']>[2] = RESEARCHER) {
  const res = await app.gql(`query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, { r: representations }, caller);
  expect(res.errors).toBeUndefined();
  return res.data?._entities as any[];
}

describe('shared participants of the pilot partnerships and networks', () => {
  it('are above k for some club–OPS/PUP partnerships and suppressed for others', async () => {
    const bilateral = pilotPlan().partnerships.filter((p) => p.dataSharing && p.parties.length === 2 && p.status === PartnershipStatus.ACTIVE);
    const reps = bilateral.map((p) => ({
      __typename: 'Partnership',
      id: stableId(p.key),
      status: 'ACTIVE',
      parties: p.parties.map((x) => ({ institution: { id: stableId(x.institutionKey) } })),
    }));
    const result = await entities(reps, `... on Partnership { sharedParticipants ${STATS} }`);
    const totals = result.map((r) => r.sharedParticipants.total);
    expect(totals.filter((t) => !t.suppressed).length).toBeGreaterThan(5);
    expect(totals.filter((t) => t.suppressed).length).toBeGreaterThan(5);
    for (const t of totals) if (!t.suppressed) expect(t.count).toBeGreaterThanOrEqual(10);
    // The same pair asked from the institution's side gives the same published numbers.
    const [first] = bilateral.filter((_, i) => !totals[i].suppressed);
    const [a, b] = first.parties.map((x) => stableId(x.institutionKey));
    const pair = await entities([{ __typename: 'Institution', id: a }], `... on Institution { sharedParticipantsWith(institutionId: "${b}") ${STATS} }`);
    expect(pair[0].sharedParticipantsWith).toEqual(result[bilateral.indexOf(first)].sharedParticipants);
    // The same parties in a mere proposal (or a declined one) count nothing.
    const proposals = ['PROPOSED', 'DECLINED', undefined].map((status) => ({ ...reps[bilateral.indexOf(first)], status }));
    const unconfirmed = await entities(proposals, `... on Partnership { sharedParticipants { total { count suppressed } } }`);
    expect(unconfirmed.map((r) => r.sharedParticipants.total)).toEqual(proposals.map(() => ({ count: null, suppressed: true })));
  });

  it('are above k for some local networks (LSR) and suppressed for others', async () => {
    const lsrs = pilotPlan().networks.filter((n) => n.kind === NetworkKind.LOCAL_REINTEGRATION_NETWORK);
    const result = await entities(
      lsrs.map((n) => ({ __typename: 'Network', id: stableId(n.key) })),
      `... on Network { sharedParticipants { total { count suppressed } } }`,
    );
    const shown = result.filter((r) => !r.sharedParticipants.total.suppressed);
    expect(shown.length).toBeGreaterThan(3);
    expect(result.length - shown.length).toBeGreaterThan(3);
  });

  it('a network that casework does not know (or a malformed key) is all suppressed, not an error', async () => {
    const result = await entities(
      [
        { __typename: 'Network', id: stableId('network:unknown') },
        { __typename: 'Voivodeship', code: '99' },
      ],
      `... on Network { sharedParticipants { total { suppressed } } } ... on Voivodeship { participantsServed { total { suppressed } } }`,
    );
    expect(result.map((r) => (r.sharedParticipants ?? r.participantsServed).total.suppressed)).toEqual([true, true]);
  });
});

describe('published tables against the exact ones', () => {
  it('never give a suppressed outcome back from the total and the shown parts, for every pilot club', async () => {
    const clubs = pilotPlan()
      .institutions.filter((i) => i.pilot)
      .map((i) => stableId(i.key));
    const published = await entities(
      clubs.map((id) => ({ __typename: 'Institution', id })),
      `... on Institution { participantsServed ${STATS} }`,
    );
    let suppressedCells = 0;
    for (const [i, id] of clubs.entries()) {
      const [exact] = await entities([{ __typename: 'Institution', id }], `... on Institution { participantsServed ${STATS} }`, staff(id));
      const pub = published[i].participantsServed;
      expect(exact.participantsServed.k).toBeNull();
      expect(pub.k).toBe(10);
      if (pub.total.suppressed) continue;
      expect(pub.total.count).toBe(exact.participantsServed.total.count);
      const shownSum = pub.byOutcome.filter((c: any) => !c.suppressed).reduce((s: number, c: any) => s + c.count, 0);
      const residue = pub.total.count - shownSum;
      const hidden = pub.byOutcome.filter((c: any) => c.suppressed);
      suppressedCells += hidden.length;
      expect(hidden.length).not.toBe(1);
      for (const cell of hidden) {
        const truth = exact.participantsServed.byOutcome.find((c: any) => c.outcome === cell.outcome).count;
        expect(residue, `${id} ${cell.outcome}`).not.toBe(truth);
      }
      for (const table of ['byOutcome', 'byCategory']) {
        pub[table].forEach((c: any, j: number) => {
          if (!c.suppressed) expect(c.count).toBe(exact.participantsServed[table][j].count);
        });
      }
    }
    expect(suppressedCells).toBeGreaterThan(50);
  });

  it('voivodeships: people counted once across their institutions', async () => {
    const [v] = await entities(
      [{ __typename: 'Voivodeship', code: '26' }],
      `... on Voivodeship { participantsServed { total { count } } overdueMonitoringContacts { count suppressed } }`,
    );
    const [{ n }] = await app.sql(
      'owner',
      `select count(distinct (p.key_version, p.pseudonym))::int as n from participant p join reference_institution r on r.id = p.institution_id where r.voivodeship = '26'`,
    );
    expect(v.participantsServed.total.count).toBe(n);
    const [{ records }] = await app.sql(
      'owner',
      `select count(*)::int as records from participant p join reference_institution r on r.id = p.institution_id where r.voivodeship = '26'`,
    );
    expect(records).toBeGreaterThan(n);
  });
});

describe('overdue monitoring contacts', () => {
  it('counted in SQL equal the schedules computed for the owning staff', async () => {
    const { club } = clubCircle('26', 1);
    const list = await app.gql(`{ participants(first: 100) { totalCount edges { node { monitoringSchedules { overdueCount } } } } }`, {}, staff(club));
    expect(list.data?.participants.totalCount).toBeLessThanOrEqual(100);
    const fromSchedules = list.data?.participants.edges.flatMap((e: any) => e.node.monitoringSchedules).reduce((s: number, m: any) => s + m.overdueCount, 0);
    const [own] = await entities(
      [{ __typename: 'Institution', id: club }],
      `... on Institution { overdueMonitoringContacts { count suppressed } }`,
      staff(club),
    );
    expect(own.overdueMonitoringContacts).toEqual({ count: fromSchedules, suppressed: false });
    expect(fromSchedules).toBeGreaterThan(0);
  });

  it('seen from outside come from the release: graduates with an overdue contact, each counted once', async () => {
    const { club } = clubCircle('26', 1);
    const list = await app.gql(`{ participants(first: 100) { edges { node { monitoringSchedules { overdueCount } } } } }`, {}, staff(club));
    const graduatesOverdue = list.data?.participants.edges.filter((e: any) => e.node.monitoringSchedules.some((m: any) => m.overdueCount > 0)).length;
    const selection = `... on Institution { overdueMonitoringContacts { count suppressed release { id } } }`;
    const [own] = await entities([{ __typename: 'Institution', id: club }], selection, staff(club));
    const [outside] = await entities([{ __typename: 'Institution', id: club }], selection, RESEARCHER);
    expect(own.overdueMonitoringContacts.release).toBeNull();
    expect(outside.overdueMonitoringContacts.release.id).toEqual(expect.any(String));
    // The harness's release draws no noise: the released cell is the bounded true count.
    const expected = graduatesOverdue >= 10 ? { count: graduatesOverdue, suppressed: false } : { count: null, suppressed: true };
    expect({ count: outside.overdueMonitoringContacts.count, suppressed: outside.overdueMonitoringContacts.suppressed }).toEqual(expected);
    expect(graduatesOverdue).toBeLessThan(own.overdueMonitoringContacts.count);
  });
});

describe('the synthetic seed', () => {
  it('is deterministic and marked synthetic, and seeding again writes nothing', async () => {
    expect(syntheticPeople(pilotPlan())).toEqual(syntheticPeople(pilotPlan()));
    const [{ real }] = await app.sql('owner', `select count(*) filter (where not synthetic)::int as real from participant`);
    expect(real).toBe(0);
    const owner = await openCaseworkOwner(app.ownerUrl, { quiet: true });
    try {
      const report = await seedCasework(owner.orm.em.fork(), new Linkage(app.config.casework.linkageKeys));
      expect(report).toMatchObject({ alreadySeeded: true, referenceFromPlan: false });
    } finally {
      await owner.orm.close();
    }
    // Every pilot club, its OPS and PUP have people; the ids are stable keys of the plan.
    const [{ n }] = await app.sql('owner', `select count(*)::int as n from participant where id = $1`, [
      stableId(`participant:casework:person:${keys.club('26', 1)}:1|${keys.club('26', 1)}`),
    ]);
    expect(n).toBe(1);
  });
});
