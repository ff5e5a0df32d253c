import type { Queryable } from '../db/connect.ts';
import { todayInPortal } from '../../../schemas/dates.ts';

/** One contracted provider for one period: what it must deliver and whether it has. */
export interface ExpectedDelivery {
  providerId: number;
  providerAgb: string;
  providerName: string;
  /** Contracted categories whose contract overlaps the period's dates, sorted. */
  productCategories: string[];
  /** A current submission exists for the period. */
  delivered: boolean;
  /** ISO timestamp of the first version for the period (replaced ones included), or null. */
  firstSubmittedAt: string | null;
  /** The first version arrived after the deadline day (Dutch time); null when nothing arrived. */
  late: boolean | null;
  /** Categories present in the current submission, sorted. */
  deliveredCategories: string[];
}

/** Whether a submission made at `submittedAt` missed a deadline: the deadline day itself is on time, in Dutch time. */
export function isLate(submittedAt: Date | string, deadline: string): boolean {
  return todayInPortal(new Date(submittedAt)) > deadline;
}

/**
 * The active providers a region expects a delivery from for one period (a contract that overlaps
 * the period's dates), with what they delivered. An unknown period gives an empty list.
 */
export async function expectedDeliveries(db: Queryable, regionCode: string, periodCode: string): Promise<ExpectedDelivery[]> {
  const [period] = await db`select starts_on, ends_on, deadline from periods where region_code = ${regionCode} and code = ${periodCode}`;
  if (!period) return [];
  const rows = await db`
    with contracted as (
      select c.provider_id, array_agg(c.product_category::text order by c.product_category) as categories
      from provider_contracts c
      where c.region_code = ${regionCode}
        and c.valid_from <= ${period.endsOn as string}::date
        and (c.valid_until is null or c.valid_until >= ${period.startsOn as string}::date)
      group by c.provider_id
    )
    select o.id as provider_id, o.code as provider_agb, o.name as provider_name, contracted.categories,
      (select min(s.submitted_at) from submissions s where s.provider_id = o.id and s.period_code = ${periodCode}) as first_submitted_at,
      cur.id as current_id,
      coalesce((select array_agg(distinct r.product_category::text order by r.product_category::text)
         from outcome_records r where r.submission_id = cur.id), '{}') as delivered_categories
    from contracted
    join organisations o on o.id = contracted.provider_id and o.kind = 'provider' and o.active
    left join submissions cur on cur.provider_id = o.id and cur.period_code = ${periodCode} and cur.status = 'current'
    order by o.code`;
  return rows.map((row) => {
    const first = row.firstSubmittedAt as Date | null;
    return {
      providerId: Number(row.providerId),
      providerAgb: row.providerAgb as string,
      providerName: row.providerName as string,
      productCategories: row.categories as string[],
      delivered: row.currentId !== null,
      firstSubmittedAt: first ? new Date(first).toISOString() : null,
      late: first ? isLate(first, period.deadline as string) : null,
      deliveredCategories: row.deliveredCategories as string[],
    };
  });
}
