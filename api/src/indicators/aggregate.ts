/**
 * Sums indicator_cells for a slice (region, period, optional category and municipality), per
 * provider and optionally per case-mix stratum. Reads never touch raw records.
 */
import { cellCounts, type CellCount } from '../../../schemas/indicators.ts';
import type { Queryable } from '../db/connect.ts';

export type Counts = Record<CellCount, number> & { usefulnessSum: number };

export interface ProviderCounts {
  providerId: number;
  providerAgb: string;
  providerName: string;
  submissionId: string;
  submissionVersion: number;
  counts: Counts;
}

export interface Slice {
  regionCode: string;
  periodCode: string;
  productCategory?: string;
  municipalityCode?: string;
  providerId?: number;
}

const columnOf: Record<CellCount, string> = {
  trajectories: 'trajectories',
  endKnown: 'end_known',
  end03: 'end_03',
  end0304: 'end_03_04',
  end0205: 'end_02_05',
  goalKnown: 'goal_known',
  goalFull: 'goal_full',
  goalFullPartial: 'goal_full_partial',
  helpAnswers: 'help_answers',
  help0304: 'help_03_04',
  help04: 'help_04',
  usefulnessAnswers: 'usefulness_answers',
  usefulness7Plus: 'usefulness_7_plus',
  responded: 'responded',
};

const sums = [...cellCounts.map((c) => `sum(c.${columnOf[c]})::int as "${c}"`), 'sum(c.usefulness_sum)::int as "usefulnessSum"'].join(', ');

function filters(db: Queryable, slice: Slice) {
  return db`c.region_code = ${slice.regionCode} and c.period_code = ${slice.periodCode}
    ${slice.productCategory ? db`and c.product_category = ${slice.productCategory}` : db``}
    ${slice.municipalityCode ? db`and c.municipality_code = ${slice.municipalityCode}` : db``}
    ${slice.providerId !== undefined ? db`and c.provider_id = ${slice.providerId}` : db``}`;
}

function toCounts(row: Record<string, unknown>): Counts {
  const counts = { usefulnessSum: Number(row.usefulnessSum ?? 0) } as Counts;
  for (const c of cellCounts) counts[c] = Number(row[c] ?? 0);
  return counts;
}

export function emptyCounts(): Counts {
  const counts = { usefulnessSum: 0 } as Counts;
  for (const c of cellCounts) counts[c] = 0;
  return counts;
}

export function addCounts(into: Counts, other: Counts): Counts {
  for (const c of cellCounts) into[c] += other[c];
  into.usefulnessSum += other.usefulnessSum;
  return into;
}

/** Per provider with data in the slice, with the submission the figures come from. */
export async function countsByProvider(db: Queryable, slice: Slice): Promise<ProviderCounts[]> {
  // Raw column names: this query bypasses the camelCase transform's guesswork on aliases.
  const rows = await db`select c.provider_id, o.code as provider_agb, o.name as provider_name, c.submission_id, s.version,
      ${db.unsafe(sums)}
    from indicator_cells c join organisations o on o.id = c.provider_id join submissions s on s.id = c.submission_id
    where ${filters(db, slice)}
    group by c.provider_id, o.code, o.name, c.submission_id, s.version
    order by o.name`;
  return rows.map((row) => ({
    providerId: Number(row.providerId),
    providerAgb: row.providerAgb as string,
    providerName: row.providerName as string,
    submissionId: String(row.submissionId),
    submissionVersion: Number(row.version),
    counts: toCounts(row),
  }));
}

/** Per provider and case-mix stratum (age band × care form). */
export async function countsByProviderAndStratum(db: Queryable, slice: Slice) {
  const rows = await db`select c.provider_id, c.age_band, c.care_form, ${db.unsafe(sums)}
    from indicator_cells c where ${filters(db, slice)}
    group by c.provider_id, c.age_band, c.care_form`;
  return rows.map((row) => ({ providerId: Number(row.providerId), stratum: `${row.ageBand}|${row.careForm}`, counts: toCounts(row) }));
}
