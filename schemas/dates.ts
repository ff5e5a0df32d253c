/** Record dates: YYYY-MM-DD (canonical), DD-MM-YYYY as Dutch Excel writes it, and CBS JJJJMMDD. */

const iso = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
// Dutch Excel writes d-m-yyyy without leading zeros; a slash is what it writes in some locales.
const dutch = /^([0-9]{1,2})[-/]([0-9]{1,2})[-/]([0-9]{4})$/;
const cbs = /^([0-9]{4})([0-9]{2})([0-9]{2})$/;

/** The canonical YYYY-MM-DD, or null when the text is not one of the formats or not a real date. */
export function parseRecordDate(raw: string): string | null {
  let match = iso.exec(raw) ?? cbs.exec(raw);
  let year: number, month: number, day: number;
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = dutch.exec(raw))) {
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    return null;
  }
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds days to a YYYY-MM-DD date (UTC, no time zones involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The portal's calendar runs on Dutch time (Europe/Amsterdam) for everyone: "today" for a meeting
 * date, a deadline or a record's end date is the day in the region, not in UTC (between 22:00/23:00
 * and midnight UTC the two differ, and a meeting held today would be refused as in the future).
 */
export const portalTimeZone = 'Europe/Amsterdam';

/** Today as YYYY-MM-DD in the portal's time zone. */
export function todayInPortal(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: portalTimeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}
