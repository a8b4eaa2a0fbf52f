// Calendar dates as 'YYYY-MM-DD' strings; "today" is the date in Poland.
const WARSAW = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' });

export const todayInPoland = (now: Date = new Date()): string => WARSAW.format(now);

/** The `asOf` argument of time-aware lists: the given date, or today in Poland. */
export const asOfOrToday = (asOf: string | null | undefined): string => asOf ?? todayInPoland();
