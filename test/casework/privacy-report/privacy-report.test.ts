import 'reflect-metadata';
// The insider-probing report (issue 9 §2): registrations without episodes, registrations of people
// known at another institution not followed by an episode, and bursts, per institution and month;
// aggregates only, ADMIN only.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayInPoland } from '../../../src/common/dates';
import { Role } from '../../../src/common/auth';
import { testPesels } from '../../support/casework-fixtures';
import { staff, startCaseworkApp, type CaseworkTestApp } from '../../support/casework-app';

let app: CaseworkTestApp;
const ADMIN = { role: Role.ADMIN, subject: 'admin-1' };
const [A, B, C, D, E] = Array.from({ length: 5 }, () => randomUUID());
const [PESEL] = testPesels(1, 61);

const REPORT = `query($from: LocalDate, $to: LocalDate) { privacyReport(from: $from, to: $to) {
  asOf from to graceDays burstMinimum burstFactor
  rows { institution { id } month registrations withoutEpisodeAfterGrace knownElsewhere knownElsewhereNoEpisodeWithinGrace
    knownElsewhereWithoutEpisode burstDays burstRegistrations largestBurstDay }
} }`;

const pseudonym = (): string => randomBytes(32).toString('hex');

/** A participant registered at `at` (Warsaw time) by the owner connection; its id. */
async function registered(institution: string, at: string, pseud = pseudonym()): Promise<string> {
  const [row] = await app.sql<{ id: string }>(
    'owner',
    `insert into participant (id, institution_id, pseudonym, key_version, birth_year, sex, categories, created_at, updated_at)
     values (gen_random_uuid(), $1, $2, 'v1', 1970, 'FEMALE', '{}', ($3::timestamp at time zone 'Europe/Warsaw'), ($3::timestamp at time zone 'Europe/Warsaw')) returning id`,
    [institution, pseud, at],
  );
  return row.id;
}

/** An episode of the participant, recorded at `at`. */
async function episode(institution: string, participant: string, at: string): Promise<void> {
  await app.sql(
    'owner',
    `insert into service_episode (id, institution_id, participant_id, kind, started_on, created_at)
     values (gen_random_uuid(), $1, $2, 'CIS_PROGRAMME', $3::date, ($3::timestamp at time zone 'Europe/Warsaw'))`,
    [institution, participant, at],
  );
}

/** `n` registrations that day, each with an episode recorded at once (so only bursts can flag them). */
async function day(institution: string, date: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const id = await registered(institution, `${date} 09:${String(i).padStart(2, '0')}`);
    await episode(institution, id, `${date} 10:00`);
  }
}

const [P1, P2, P3] = [pseudonym(), pseudonym(), pseudonym()];

beforeAll(async () => {
  app = await startCaseworkApp({ seed: false });
  // Outside the period asked for below.
  await registered(A, '2026-02-10 12:00');
  // A, March: four people, one with an episode: (a) 3.
  const a1 = await registered(A, '2026-03-10 12:00', P1);
  await episode(A, a1, '2026-03-11 12:00');
  await registered(A, '2026-03-10 12:01', P2);
  await registered(A, '2026-03-10 12:02', P3);
  await registered(A, '2026-03-10 12:03');
  // B, April: the same three people. P1 never gets an episode, P2 within 30 days, P3 after 57 days.
  await registered(B, '2026-04-05 12:00', P1);
  await episode(B, await registered(B, '2026-04-05 12:01', P2), '2026-04-20 12:00');
  await episode(B, await registered(B, '2026-04-05 12:02', P3), '2026-06-01 12:00');
  // C, May: one a day for six days, then 12 in a day (a burst), then 9 (below the minimum).
  for (let d = 1; d <= 6; d++) await day(C, `2026-05-0${d}`, 1);
  await day(C, '2026-05-20', 12);
  await day(C, '2026-05-21', 9);
  // D, June: 10 a day for three days: the first has no usual rate before it (a burst), the others do not stand out.
  for (const d of ['2026-06-01', '2026-06-02', '2026-06-03']) await day(D, d, 10);
  // E, May: 4 a day, then 15 in a day: above the minimum, but not 5x its usual rate.
  for (let d = 1; d <= 5; d++) await day(E, `2026-05-0${d}`, 4);
  await day(E, '2026-05-11', 15);
}, 120_000);
afterAll(() => app?.close());

const row = (institution: string, month: string, counts: Record<string, number>) => ({
  institution: { id: institution },
  month,
  registrations: 0,
  withoutEpisodeAfterGrace: 0,
  knownElsewhere: 0,
  knownElsewhereNoEpisodeWithinGrace: 0,
  knownElsewhereWithoutEpisode: 0,
  burstDays: 0,
  burstRegistrations: 0,
  largestBurstDay: 0,
  ...counts,
});

describe('privacyReport', () => {
  it('flags each signal with its counts per institution and month of registration', async () => {
    const res = await app.gql(REPORT, { from: '2026-03-15', to: '2026-06-30' }, ADMIN);
    expect(res.errors).toBeUndefined();
    const report = res.data!.privacyReport;
    expect(report).toMatchObject({ from: '2026-03-01', to: '2026-06-30', asOf: todayInPoland(), graceDays: 30, burstMinimum: 10, burstFactor: 5 });
    const expected = [
      row(A, '2026-03', { registrations: 4, withoutEpisodeAfterGrace: 3 }),
      row(B, '2026-04', {
        registrations: 3,
        withoutEpisodeAfterGrace: 1,
        knownElsewhere: 3,
        knownElsewhereNoEpisodeWithinGrace: 2,
        knownElsewhereWithoutEpisode: 1,
      }),
      row(C, '2026-05', { registrations: 27, burstDays: 1, burstRegistrations: 12, largestBurstDay: 12 }),
      row(D, '2026-06', { registrations: 30, burstDays: 1, burstRegistrations: 10, largestBurstDay: 10 }),
    ];
    expect(report.rows).toEqual(expected);
    // E's day of 15 is not 5x its usual 4: E is not listed.
    expect(report.rows.map((r: { institution: { id: string } }) => r.institution.id)).not.toContain(E);
  });

  it('counts registrations made through the API, linked by pseudonym (not yet past the grace period)', async () => {
    for (const institution of [A, B]) {
      const reg = await app.gql(
        `mutation($input: RegisterParticipantInput!) { registerParticipant(input: $input) { id } }`,
        { input: { pesel: PESEL, categories: [] } },
        staff(institution),
      );
      expect(reg.errors).toBeUndefined();
    }
    const res = await app.gql(REPORT, {}, ADMIN);
    expect(res.errors).toBeUndefined();
    const today = todayInPoland();
    const report = res.data!.privacyReport;
    expect(report.to.slice(0, 7)).toBe(today.slice(0, 7));
    const thisMonth = report.rows.filter((r: { month: string }) => r.month === today.slice(0, 7));
    expect(thisMonth).toEqual([row(B, today.slice(0, 7), { registrations: 1, knownElsewhere: 1, knownElsewhereWithoutEpisode: 1 })]);
  });

  it('contains no pseudonym, participant or episode id, and no day', async () => {
    const res = await app.gql(REPORT, { from: '2026-01-01', to: '2026-12-31' }, ADMIN);
    const text = JSON.stringify(res);
    const people = await app.sql<{ v: string }>(
      'owner',
      'select pseudonym as v from participant union all select id::text from participant union all select id::text from service_episode',
    );
    expect(people.length).toBeGreaterThan(100);
    for (const { v } of people) expect(text).not.toContain(v);
    // Months only: no day of registration in any row.
    expect(JSON.stringify(res.data?.privacyReport.rows)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The function itself returns aggregate columns only, and only the service role may run it.
    const fn = 'casework_privacy_report(date, date, date, integer, integer, numeric)';
    const [grants] = await app.sql(
      'owner',
      `select has_function_privilege('public', $1, 'execute') as public, has_function_privilege('ksr_casework_app', $1, 'execute') as app`,
      [fn],
    );
    expect(grants).toEqual({ public: false, app: true });
    const rows = await app.sql('app', `select * from casework_privacy_report('2026-01-01', '2026-12-31', current_date, 30, 10, 5)`);
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        'burst_days',
        'burst_registrations',
        'institution_id',
        'known_elsewhere',
        'known_elsewhere_no_episode_within_grace',
        'known_elsewhere_without_episode',
        'largest_burst_day',
        'month',
        'no_episode_after_grace',
        'registrations',
      ].sort(),
    );
  });

  it('refuses everyone but ADMIN', async () => {
    const pub = await app.gql(REPORT, {});
    expect(pub.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(pub.data?.privacyReport ?? null).toBeNull();
    for (const caller of [staff(A), { role: Role.RESEARCHER, subject: 'r' }, { role: Role.REGIONAL_COORDINATOR, subject: 'c', voivodeship: '26' }]) {
      const res = await app.gql(REPORT, {}, caller);
      expect(res.errors?.[0].extensions?.code, JSON.stringify(res)).toBe('FORBIDDEN');
      expect(res.data?.privacyReport ?? null).toBeNull();
    }
  });

  it('refuses a period that ends before it starts', async () => {
    const res = await app.gql(REPORT, { from: '2026-05-01', to: '2026-03-31' }, ADMIN);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });
});
