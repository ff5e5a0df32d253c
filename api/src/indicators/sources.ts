/**
 * Which submissions a provider's figures for one period are computed from, besides its own
 * submission for that period. A dialogue snapshot keeps a digest of them, so that later it can
 * tell that the data behind the frozen figures changed: a peer's resubmission moves the peer
 * figures, p0 and the funnel limits; a later period moves "geen nieuwe start".
 */
import { createHash } from 'node:crypto';
import { reentryWindowDays } from '../../../schemas/indicators.ts';
import type { Queryable } from '../db/connect.ts';

export interface SourceSlice {
  regionCode: string;
  periodCode: string;
  productCategories: readonly string[];
  /** The provider whose own submission for the period is left out (it is tracked by version). */
  providerAgb: string;
}

/**
 * The current submissions, other than the provider's own for the period, that feed its figures:
 *  - every other provider's submission for the period with records in the categories (peers);
 *  - the submissions of later periods that can change "geen nieuwe start" (any provider, any
 *    category, as a client may start anywhere in the region): those of periods that start within
 *    182 days after the period ends, and, while the region's data do not yet reach 182 days past
 *    the period's end (so trajectories are still too recent to follow), those of every later one.
 * Earlier periods feed only the trend line, not the period's figures, and are not included.
 */
export async function otherSourceSubmissions(db: Queryable, slice: SourceSlice): Promise<string[]> {
  const rows = await db`
    with p as (select starts_on, ends_on from periods where region_code = ${slice.regionCode} and code = ${slice.periodCode}),
      g as (select latest_end_date from regions where code = ${slice.regionCode})
    select distinct c.submission_id as id
      from indicator_cells c join organisations o on o.id = c.provider_id
      where c.region_code = ${slice.regionCode} and c.period_code = ${slice.periodCode}
        and c.product_category::text = any(${[...slice.productCategories]}::text[]) and o.code <> ${slice.providerAgb}
    union
    select s.id
      from submissions s join periods q on q.region_code = s.region_code and q.code = s.period_code, p, g
      where s.region_code = ${slice.regionCode} and s.status = 'current' and q.starts_on > p.starts_on
        and (q.starts_on <= p.ends_on + ${reentryWindowDays}::int or g.latest_end_date is null or g.latest_end_date < p.ends_on + ${reentryWindowDays}::int)`;
  return rows.map((row) => String(row.id)).sort((a, b) => Number(a) - Number(b));
}

/** An opaque fingerprint of a set of submissions: equal sets, equal digests; says nothing else. */
export function submissionsDigest(ids: readonly string[]): string {
  return `sha256:${createHash('sha256')
    .update([...ids].sort((a, b) => Number(a) - Number(b)).join(','))
    .digest('hex')}`;
}
