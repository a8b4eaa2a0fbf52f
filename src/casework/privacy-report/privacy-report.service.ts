// The insider-probing report (src/casework/README.md, "Insider-probing report"): the counting is in
// the database function casework_privacy_report (migration privacy_report), which returns
// aggregate rows only; this module validates the period and shapes the rows.
import { badInput } from '../../common/errors';
import { todayInPoland } from '../../common/dates';
import type { CaseworkContext } from '../context';
import { institutionRef } from '../federation/registry-types';
import type { PrivacyReport, PrivacyReportRow } from './privacy-report.types';

const GRACE_DAYS = 30;
const BURST_MINIMUM = 10;
const BURST_FACTOR = 5;
/** Months covered when `from` is not given: this many, ending with `to`'s month. */
const DEFAULT_MONTHS = 12;
const MAX_MONTHS = 120;

interface ReportRow {
  institution_id: string;
  month: string | Date;
  registrations: string;
  no_episode_after_grace: string;
  known_elsewhere: string;
  known_elsewhere_no_episode_within_grace: string;
  known_elsewhere_without_episode: string;
  burst_days: string;
  burst_registrations: string;
  largest_burst_day: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;
function monthEnd(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return `${day.slice(0, 7)}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}
function addMonths(day: string, months: number): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + months;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}
const monthsBetween = (from: string, to: string): number =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;

/** The months covered: whole months containing `from` and `to`; by default the 12 months up to this one. */
function reportPeriod(from: string | null | undefined, to: string | null | undefined, asOf: string): { from: string; to: string } {
  if (from != null && !DATE.test(from)) throw badInput('from', 'must be a date, YYYY-MM-DD');
  if (to != null && !DATE.test(to)) throw badInput('to', 'must be a date, YYYY-MM-DD');
  const end = monthEnd(to ?? asOf);
  const start = from != null ? monthStart(from) : addMonths(monthStart(end), 1 - DEFAULT_MONTHS);
  if (end < start) throw badInput('to', `must not be before from (${start})`);
  if (monthsBetween(start, end) > MAX_MONTHS) throw badInput('from', `the report covers at most ${MAX_MONTHS} months`);
  return { from: start, to: end };
}

const isoDay = (value: string | Date): string => (typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10));

/** Runs the report. The caller's permission (ADMIN) is checked by the resolver or the CLI. */
export async function privacyReport(ctx: CaseworkContext, args: { from?: string | null; to?: string | null; asOf?: string }): Promise<PrivacyReport> {
  const asOf = args.asOf ?? todayInPoland();
  const period = reportPeriod(args.from, args.to, asOf);
  // The date comes back as text: a JS Date would shift it by the server's time zone.
  const rows = await ctx.em.execute<ReportRow[]>(
    `select institution_id, month::text as month, registrations, no_episode_after_grace, known_elsewhere,
       known_elsewhere_no_episode_within_grace, known_elsewhere_without_episode, burst_days, burst_registrations, largest_burst_day
     from casework_privacy_report(?::date, ?::date, ?::date, ?::int, ?::int, ?::numeric)`,
    [period.from, period.to, asOf, GRACE_DAYS, BURST_MINIMUM, BURST_FACTOR],
  );
  return {
    asOf,
    ...period,
    graceDays: GRACE_DAYS,
    burstMinimum: BURST_MINIMUM,
    burstFactor: BURST_FACTOR,
    rows: rows.map((r): PrivacyReportRow => ({
      institution: institutionRef(r.institution_id),
      month: isoDay(r.month).slice(0, 7),
      registrations: Number(r.registrations),
      withoutEpisodeAfterGrace: Number(r.no_episode_after_grace),
      knownElsewhere: Number(r.known_elsewhere),
      knownElsewhereNoEpisodeWithinGrace: Number(r.known_elsewhere_no_episode_within_grace),
      knownElsewhereWithoutEpisode: Number(r.known_elsewhere_without_episode),
      burstDays: Number(r.burst_days),
      burstRegistrations: Number(r.burst_registrations),
      largestBurstDay: Number(r.largest_burst_day),
    })),
  };
}

const COLUMNS: [string, (r: PrivacyReportRow) => string | number][] = [
  ['month', (r) => r.month],
  ['institution', (r) => r.institution.id],
  ['registered', (r) => r.registrations],
  ['(a) no episode', (r) => r.withoutEpisodeAfterGrace],
  ['(b) known elsewhere', (r) => r.knownElsewhere],
  ['(b) no ep. in grace', (r) => r.knownElsewhereNoEpisodeWithinGrace],
  ['(b) no ep. yet', (r) => r.knownElsewhereWithoutEpisode],
  ['(c) burst days', (r) => r.burstDays],
  ['(c) burst regs', (r) => r.burstRegistrations],
  ['(c) largest day', (r) => r.largestBurstDay],
];

/** The report as a plain-text table (for the CLI). */
export function formatPrivacyReport(report: PrivacyReport): string {
  const head = [
    `Insider-probing report as of ${report.asOf}, registrations ${report.from} to ${report.to}`,
    `(a) registered more than ${report.graceDays} days ago, no service episode`,
    `(b) person registered at another institution before: no episode within ${report.graceDays} days / none yet`,
    `(c) days with at least ${report.burstMinimum} registrations and more than ${report.burstFactor}× the institution's median active-day rate (365 days before)`,
    '',
  ];
  if (!report.rows.length) return [...head, 'nothing to report'].join('\n');
  const cells = [COLUMNS.map(([name]) => name), ...report.rows.map((r) => COLUMNS.map(([, get]) => String(get(r))))];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [...head, line(cells[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
