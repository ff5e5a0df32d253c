/** Numbers and dates as the provider pages show them, in the chosen language. */
import { todayInPortal } from '../../../../schemas/dates.ts';
import type { Language } from '../../messages';

const locale = (language: Language) => (language === 'nl' ? 'nl-NL' : 'en-GB');

/** 0.274 → "27,4%" (nl) / "27.4%" (en). */
export function formatPercent(value: number, language: Language, digits = 1): string {
  return new Intl.NumberFormat(locale(language), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function formatDecimal(value: number, language: Language, digits = 1): string {
  return new Intl.NumberFormat(locale(language), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
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

/** Today as YYYY-MM-DD in Dutch time, to compare with a period's deadline. */
export function todayInAmsterdam(): string {
  return todayInPortal();
}
