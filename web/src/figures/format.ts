/**
 * Numbers and dates as every page shows them, in the chosen language. Dates and times always in
 * Dutch time (Europe/Amsterdam), whatever the browser's own time zone, because the access log is
 * evidence and must read the same for everyone. Pure: no React.
 */
import { portalTimeZone, todayInPortal } from '../../../schemas/dates.ts';
import type { Language } from '../messages';

export { portalTimeZone };

export type Interval = { lower: number; upper: number };

function locale(language: Language): string {
  return language === 'nl' ? 'nl-NL' : 'en-GB';
}

/** 0.1237 → "12,4%" (nl) / "12.4%" (en). */
export function formatPercent(value: number, language: Language, digits = 1): string {
  return new Intl.NumberFormat(locale(language), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(
    value,
  );
}

/** "10,1–14,5%": one percent sign, so the range reads as one figure. */
export function formatInterval(interval: Interval, language: Language, digits = 1): string {
  const number = new Intl.NumberFormat(locale(language), { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${number.format(interval.lower * 100)}–${number.format(interval.upper * 100)}%`;
}

/** 1.234 → "1,23" (nl) / "1.23" (en). */
export function formatDecimal(value: number, language: Language, digits = 2): string {
  return new Intl.NumberFormat(locale(language), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** 12345 → "12,1 kB"; sizes as people know them from their file manager. */
export function formatBytes(bytes: number, language: Language): string {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(locale(language), { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

export function formatDateTime(value: string | number | Date, language: Language): string {
  return new Intl.DateTimeFormat(locale(language), { timeZone: portalTimeZone, dateStyle: 'medium', timeStyle: 'medium' }).format(
    new Date(value),
  );
}

export function formatTime(value: string | number | Date, language: Language): string {
  return new Intl.DateTimeFormat(locale(language), { timeZone: portalTimeZone, hour: '2-digit', minute: '2-digit' }).format(
    new Date(value),
  );
}

/**
 * A calendar date from the API (`2026-07-21`) as "21 jul 2026". Read as UTC so that no time zone
 * can move it to the day before.
 */
export function formatDay(date: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  const instant = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Intl.DateTimeFormat(locale(language), { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(instant);
}

/** `m:ss` for a countdown. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Today as YYYY-MM-DD in Dutch time, to compare with a period's deadline or end. */
export function todayInAmsterdam(): string {
  return todayInPortal();
}

/** Offset of Amsterdam from UTC at `instant`, in ms (+1 h in winter, +2 h in summer). */
function amsterdamOffsetMs(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: portalTimeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a calendar day (`2025-03-30`, from a date input) starts in Amsterdam, as ISO 8601.
 * `addDays: 1` gives the start of the next day: an exclusive end for "up to and including".
 */
export function amsterdamDayStart(date: string, addDays = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const midnightUtc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  // Two passes: the offset at the guess may differ from the offset at the answer on a DST day.
  let instant = midnightUtc - amsterdamOffsetMs(midnightUtc);
  instant = midnightUtc - amsterdamOffsetMs(instant);
  return new Date(instant).toISOString();
}
