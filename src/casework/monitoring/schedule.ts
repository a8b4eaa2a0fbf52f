// Graduate monitoring schedule: contacts at least quarterly in the first year after completion and
// at least every six months in the second and third: due 3, 6, 9, 12, 18, 24, 30 and 36 months
// after the completion date. Each due date is met by a contact after the previous due date (after
// completion, for the first) and on or before it.
//
// Month arithmetic is on calendar dates, with no Date objects or time zones: N months after a day
// is the same day N months later, clamped to the end of a shorter month (31 Jan + 1 month = 28/29
// Feb; 29 Feb 2024 + 12 months = 28 Feb 2025). Every due date is counted from the completion date,
// never from the previous due date, so clamping does not drift (30 Nov + 3 = 29 Feb, + 6 = 30 May).
// This is PostgreSQL's `date + interval 'N months'`, which the overdue counts use; a property test
// checks that the two agree. No date library needed for this.

export const DUE_MONTHS = [3, 6, 9, 12, 18, 24, 30, 36] as const;
export const MONITORING_MONTHS = 36;

export enum DueStatus {
  MET = 'MET',
  OVERDUE = 'OVERDUE',
  /** Its window is open today and no contact is recorded yet. */
  DUE = 'DUE',
  UPCOMING = 'UPCOMING',
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** `date` (YYYY-MM-DD) plus `months` calendar months, clamped to the end of the month. */
export function addMonths(date: string, months: number): string {
  const match = ISO.exec(date);
  if (!match || !Number.isInteger(months)) throw new Error(`addMonths: expected YYYY-MM-DD and whole months, got ${date} + ${months}`);
  const index = Number(match[1]) * 12 + (Number(match[2]) - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(Number(match[3]), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface DueContactSlot {
  sequence: number;
  /** The window opens the day after this date. */
  windowOpensAfter: string;
  dueOn: string;
  status: DueStatus;
  /** The first contact in the window. */
  metOn: string | null;
}

export interface Schedule {
  completedOn: string;
  monitoringEndsOn: string;
  due: DueContactSlot[];
}

/** The schedule of a graduate who completed on `completedOn`, with their contact dates, seen on `today`. */
export function monitoringSchedule(completedOn: string, contactDates: readonly string[], today: string): Schedule {
  const sorted = [...contactDates].sort();
  let previous = completedOn;
  const due = DUE_MONTHS.map((months, i) => {
    const windowOpensAfter = previous;
    const dueOn = addMonths(completedOn, months);
    previous = dueOn;
    const metOn = sorted.find((d) => d > windowOpensAfter && d <= dueOn) ?? null;
    const status = metOn ? DueStatus.MET : dueOn < today ? DueStatus.OVERDUE : windowOpensAfter < today ? DueStatus.DUE : DueStatus.UPCOMING;
    return { sequence: i + 1, windowOpensAfter, dueOn, status, metOn };
  });
  return { completedOn, monitoringEndsOn: addMonths(completedOn, MONITORING_MONTHS), due };
}
