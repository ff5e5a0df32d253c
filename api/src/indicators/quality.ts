/**
 * Data quality per provider and period (issue 5.5): share of unknown/empty answers per field,
 * response rate, on time or late, number of replacements. A provider sees its own; contract
 * managers their region. Counts, not records, leave the database.
 *
 * The counts run over all product categories, so they are one more sum over the provider's
 * per-category figures: for anyone but the provider itself, a category counts only where the
 * disclosure decision shows every figure data quality can be turned back into (disclosure.ts),
 * and the number of categories left out is said.
 */
import type { Sql } from '../db/connect.ts';
import { dataQualityShown, sliceDecision } from './disclosure.ts';
import { regionRules, type Reader } from './figures.ts';
import { periodFinality, type Finality } from './finality.ts';

/** Fields with an "unknown" value (or an empty optional one), and how that shows in the data. */
const fieldChecks = [
  ['endReason', "r.end_reason = '99'"],
  ['goalAttainment', "r.goal_attainment = 'onbekend'"],
  ['careForm', 'r.care_form is null'],
  ['productCode', 'r.product_code is null'],
  ['youthUsefulness', 'r.youth_usefulness is null'],
  ['parentUsefulness', 'r.parent_usefulness is null'],
  ['youthFurtherHelp', 'r.youth_further_help is null'],
  ['parentFurtherHelp', 'r.parent_further_help is null'],
] as const;

export interface DataQualityFigures {
  period: string;
  finality: Finality | null;
  lowResponseRate: number;
  providers: Array<{
    provider: { agb: string; name: string };
    submission: { id: string; version: number; late: boolean; submittedAt: string };
    replacements: number;
    trajectories: number;
    responseRate: number | null;
    lowResponse: boolean;
    unknownShare: Record<string, number | null>;
    categoriesLeftOut: number;
  }>;
}

/** A provider reader sees its own submission only; others the region's. */
export async function dataQualityFigures(
  sql: Sql,
  reader: Reader,
  query: { period: string; providerAgb?: string },
): Promise<DataQualityFigures> {
  const regionCode = reader.regionCode;
  const own = reader.role === 'provider';
  const unknowns = fieldChecks.map(([field, condition]) => `count(*) filter (where ${condition})::int as "${field}"`).join(', ');
  const rows = await sql`
    select o.code as provider_agb, o.name as provider_name, s.provider_id, s.id as submission_id, s.version, s.late, s.submitted_at, r.product_category,
      (select count(*)::int from submissions older where older.provider_id = s.provider_id and older.period_code = s.period_code and older.status = 'replaced') as replacements,
      count(r.id)::int as trajectories,
      count(*) filter (where r.youth_usefulness is not null or r.parent_usefulness is not null
        or r.youth_further_help is not null or r.parent_further_help is not null)::int as responded,
      ${sql.unsafe(unknowns)}
    from submissions s
    join organisations o on o.id = s.provider_id
    left join outcome_records r on r.submission_id = s.id
    where s.status = 'current' and s.region_code = ${regionCode} and s.period_code = ${query.period}
      ${own ? sql`and s.provider_id = ${reader.organisationId}` : sql``}
      ${query.providerAgb ? sql`and o.code = ${query.providerAgb}` : sql``}
    group by o.code, o.name, s.id, s.version, s.late, s.submitted_at, s.provider_id, s.period_code, r.product_category
    order by o.name, r.product_category`;
  const [region] = await sql`select low_response_rate from regions where code = ${regionCode}`;
  const lowResponse = Number(region?.lowResponseRate ?? 0.3);
  const rules = await regionRules(sql, regionCode);
  const categoryShown = async (providerId: number, productCategory: string | null) => {
    if (own || productCategory === null) return true;
    const decision = await sliceDecision(
      sql,
      { regionCode, periodCode: query.period, productCategory, dataRevision: rules.dataRevision },
      rules,
    );
    return dataQualityShown(decision, providerId);
  };

  type Totals = {
    row: Record<string, unknown>;
    trajectories: number;
    responded: number;
    unknown: Record<string, number>;
    categoriesLeftOut: number;
  };
  const providers = new Map<string, Totals>();
  for (const row of rows) {
    const key = String(row.submissionId);
    const totals = providers.get(key) ?? {
      row,
      trajectories: 0,
      responded: 0,
      unknown: Object.fromEntries(fieldChecks.map(([field]) => [field, 0])),
      categoriesLeftOut: 0,
    };
    providers.set(key, totals);
    if (!(await categoryShown(Number(row.providerId), row.productCategory as string | null))) {
      totals.categoriesLeftOut += 1;
      continue;
    }
    totals.trajectories += Number(row.trajectories);
    totals.responded += Number(row.responded);
    for (const [field] of fieldChecks) totals.unknown[field] += Number(row[field]);
  }
  return {
    period: query.period,
    finality: await periodFinality(sql, regionCode, query.period),
    lowResponseRate: lowResponse,
    providers: [...providers.values()].map(({ row, trajectories: n, responded, unknown, categoriesLeftOut }) => {
      const responseRate = n > 0 ? responded / n : null;
      return {
        provider: { agb: row.providerAgb as string, name: row.providerName as string },
        submission: {
          id: String(row.submissionId),
          version: Number(row.version),
          late: row.late as boolean,
          submittedAt: (row.submittedAt as Date).toISOString(),
        },
        replacements: Number(row.replacements),
        trajectories: n,
        responseRate,
        lowResponse: responseRate !== null && responseRate < lowResponse,
        unknownShare: Object.fromEntries(fieldChecks.map(([field]) => [field, n > 0 ? unknown[field] / n : null])) as Record<
          string,
          number | null
        >,
        categoriesLeftOut,
      };
    }),
  };
}
