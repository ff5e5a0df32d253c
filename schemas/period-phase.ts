import { addDays } from './dates.ts';

/**
 * A period's figures move through three phases: open until the deadline (providers deliver),
 * provisional for the region's review window after it (providers see their own figures and may
 * correct), then final (changes need a lock exception). Pure, shared by the API and the web app.
 */
export const periodPhases = ['open', 'provisional', 'final'] as const;
export type PeriodPhase = (typeof periodPhases)[number];

/** The first day (YYYY-MM-DD) the figures of a period with this deadline are final. */
export function finalFrom(deadline: string, reviewWindowDays: number): string {
  return addDays(deadline, reviewWindowDays + 1);
}

/** The phase on `today` (YYYY-MM-DD in Dutch time, see todayInPortal); the deadline day itself is still open. */
export function periodPhase(deadline: string, reviewWindowDays: number, today: string): PeriodPhase {
  // ISO dates compare correctly as strings.
  if (today <= deadline) return 'open';
  if (today < finalFrom(deadline, reviewWindowDays)) return 'provisional';
  return 'final';
}
