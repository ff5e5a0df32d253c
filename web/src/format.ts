/**
 * Dates as people in the region read them: always in Dutch time (Europe/Amsterdam), whatever the
 * browser's own time zone, because the access log is evidence and must read the same for everyone.
 */
import { portalTimeZone } from '../../schemas/dates.ts';
import type { Language } from './messages';

export { portalTimeZone };

function locale(language: Language): string {
  return language === 'nl' ? 'nl-NL' : 'en-GB';
}

export function formatDateTime(value: string | number | Date, language: Language): string {
  return new Intl.DateTimeFormat(locale(language), { timeZone: portalTimeZone, dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(value));
}

export function formatTime(value: string | number | Date, language: Language): string {
  return new Intl.DateTimeFormat(locale(language), { timeZone: portalTimeZone, hour: '2-digit', minute: '2-digit' }).format(new Date(value));
}

/** `m:ss` for a countdown. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
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
