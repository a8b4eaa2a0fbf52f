// Graduate monitoring schedule: month-end and leap-year edge cases, the windows, and agreement
// with PostgreSQL's `date + interval 'N months'` (the overdue counts are computed in SQL).
import fc from 'fast-check';
import { Client } from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { addMonths, daysInMonth, DueStatus, isLeapYear, monitoringSchedule } from '../../../src/casework/monitoring/schedule';

const dueDates = (completedOn: string) => monitoringSchedule(completedOn, [], '1900-01-01').due.map((d) => d.dueOn);

describe('due dates', () => {
  it('3, 6, 9, 12, 18, 24, 30, 36 months after completion', () => {
    expect(dueDates('2023-03-15')).toEqual(['2023-06-15', '2023-09-15', '2023-12-15', '2024-03-15', '2024-09-15', '2025-03-15', '2025-09-15', '2026-03-15']);
  });

  it('completion on the 30th of November: 29 February in a leap year, and no drift afterwards', () => {
    expect(dueDates('2023-11-30')).toEqual(['2024-02-29', '2024-05-30', '2024-08-30', '2024-11-30', '2025-05-30', '2025-11-30', '2026-05-30', '2026-11-30']);
    expect(dueDates('2022-11-30')[0]).toBe('2023-02-28');
  });

  it('completion on 29 February: the anniversaries fall on 28 February', () => {
    expect(dueDates('2024-02-29')).toEqual(['2024-05-29', '2024-08-29', '2024-11-29', '2025-02-28', '2025-08-29', '2026-02-28', '2026-08-29', '2027-02-28']);
  });

  it('completion on the 31st: clamped to shorter months, each date from the completion date', () => {
    expect(dueDates('2023-01-31')).toEqual(['2023-04-30', '2023-07-31', '2023-10-31', '2024-01-31', '2024-07-31', '2025-01-31', '2025-07-31', '2026-01-31']);
    expect(dueDates('2022-08-31')).toEqual(['2022-11-30', '2023-02-28', '2023-05-31', '2023-08-31', '2024-02-29', '2024-08-31', '2025-02-28', '2025-08-31']);
    expect(dueDates('2023-12-31')[0]).toBe('2024-03-31');
  });

  it('completion at the end of February in a common year', () => {
    expect(dueDates('2023-02-28')).toEqual(['2023-05-28', '2023-08-28', '2023-11-28', '2024-02-28', '2024-08-28', '2025-02-28', '2025-08-28', '2026-02-28']);
  });

  it('century years: 2000 is a leap year, 2100 is not', () => {
    expect(isLeapYear(2000)).toBe(true);
    expect(isLeapYear(2100)).toBe(false);
    expect(addMonths('1999-11-30', 3)).toBe('2000-02-29');
    expect(addMonths('2099-11-30', 3)).toBe('2100-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
  });

  it('monitoring ends 36 months after completion', () => {
    expect(monitoringSchedule('2024-02-29', [], '2024-03-01').monitoringEndsOn).toBe('2027-02-28');
  });
});

describe('windows and statuses', () => {
  it('a contact on the completion day does not count; one on the due date does; the day after counts for the next window', () => {
    const s = monitoringSchedule('2024-01-31', ['2024-01-31', '2024-07-31', '2024-08-01'], '2030-01-01');
    expect(s.due[0]).toMatchObject({ windowOpensAfter: '2024-01-31', dueOn: '2024-04-30', status: DueStatus.OVERDUE, metOn: null });
    expect(s.due[1]).toMatchObject({ windowOpensAfter: '2024-04-30', dueOn: '2024-07-31', status: DueStatus.MET, metOn: '2024-07-31' });
    expect(s.due[2]).toMatchObject({ dueOn: '2024-10-31', status: DueStatus.MET, metOn: '2024-08-01' });
  });

  it('overdue only after the due date; DUE while its window is open; UPCOMING before', () => {
    const statuses = (today: string) =>
      monitoringSchedule('2024-01-15', [], today)
        .due.slice(0, 2)
        .map((d) => d.status);
    expect(statuses('2024-04-15')).toEqual([DueStatus.DUE, DueStatus.UPCOMING]);
    expect(statuses('2024-04-16')).toEqual([DueStatus.OVERDUE, DueStatus.DUE]);
    expect(statuses('2024-01-15')).toEqual([DueStatus.UPCOMING, DueStatus.UPCOMING]);
  });

  it('the windows are contiguous and the due dates increase, for any completion date', () => {
    const date = fc
      .record({ y: fc.integer({ min: 1990, max: 2110 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
      .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysInMonth(y, m))).padStart(2, '0')}`);
    fc.assert(
      fc.property(date, (completedOn) => {
        const { due, monitoringEndsOn } = monitoringSchedule(completedOn, [], completedOn);
        expect(due).toHaveLength(8);
        expect(due[0].windowOpensAfter).toBe(completedOn);
        for (let i = 1; i < due.length; i += 1) {
          expect(due[i].windowOpensAfter).toBe(due[i - 1].dueOn);
          expect(due[i].dueOn > due[i - 1].dueOn).toBe(true);
        }
        expect(due[7].dueOn).toBe(monitoringEndsOn);
      }),
    );
  });
});

describe('agreement with PostgreSQL', () => {
  it('addMonths equals date + make_interval(months => n) for random dates, month ends and leap days', async () => {
    const day = fc.record({
      y: fc.integer({ min: 1900, max: 2199 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant(31), fc.constant(29)),
    });
    const cases = fc.sample(fc.tuple(day, fc.integer({ min: 0, max: 48 })), 3000).map(([{ y, m, d }, months]) => ({
      date: `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysInMonth(y, m))).padStart(2, '0')}`,
      months,
    }));
    const client = new Client({ connectionString: inject('pgServerUrl') });
    await client.connect();
    try {
      const { rows } = await client.query<{ date: string; months: number; due: string }>(
        `select c.date, c.months, to_char((c.date::date + make_interval(months => c.months))::date, 'YYYY-MM-DD') as due
         from unnest($1::text[], $2::int[]) as c(date, months)`,
        [cases.map((c) => c.date), cases.map((c) => c.months)],
      );
      const mismatches = rows.filter((r) => addMonths(r.date, r.months) !== r.due);
      expect(mismatches).toEqual([]);
      expect(rows).toHaveLength(cases.length);
    } finally {
      await client.end();
    }
  });
});
