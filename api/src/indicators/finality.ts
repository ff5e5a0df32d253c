/**
 * Whether a period's figures are still open, provisional (the review window after the deadline)
 * or final (schemas/period-phase.ts). Metadata beside every figure: it moves with the calendar,
 * not with the data, so remembered answers carry it in their key (comparisons.ts) and a cached
 * answer never says "provisional" after the final date.
 */
import { todayInPortal } from '../../../schemas/dates.ts';
import { finalFrom, periodPhase, type PeriodPhase } from '../../../schemas/period-phase.ts';
import type { Queryable } from '../db/connect.ts';

export interface Finality {
  phase: PeriodPhase;
  /** The first day the figures are final (YYYY-MM-DD). */
  finalFrom: string;
}

/** The finality of each of the region's periods asked for (unknown periods are left out). */
export async function periodFinalities(
  sql: Queryable,
  regionCode: string,
  periods: readonly string[],
  today: string = todayInPortal(),
): Promise<Map<string, Finality>> {
  if (periods.length === 0) return new Map();
  const rows = await sql`select p.code, p.deadline, r.review_window_days from periods p join regions r on r.code = p.region_code
    where p.region_code = ${regionCode} and p.code in ${sql([...periods])}`;
  return new Map(
    rows.map((row) => {
      const deadline = String(row.deadline);
      const days = Number(row.reviewWindowDays);
      return [row.code as string, { phase: periodPhase(deadline, days, today), finalFrom: finalFrom(deadline, days) }];
    }),
  );
}

/** The finality of one period, or null when the region has no such period. */
export async function periodFinality(sql: Queryable, regionCode: string, period: string, today?: string): Promise<Finality | null> {
  return (await periodFinalities(sql, regionCode, [period], today)).get(period) ?? null;
}
