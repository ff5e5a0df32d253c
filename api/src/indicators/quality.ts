/**
 * Data quality per provider and period (issue 5.5): share of unknown/empty answers per field,
 * response rate, on time or late, number of replacements. A provider sees its own; contract
 * managers their region. Counts, not records, leave the database.
 */
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';
import { indicatorDatabases, type IndicatorDatabases } from './databases.ts';
import { Forbidden } from '../http/problems.ts';

/** Fields with an "unknown" value (or an empty optional one), and how that shows in the data. */
const fieldChecks = [
  ['endReason', 'r.end_reason = \'99\''],
  ['goalAttainment', 'r.goal_attainment = \'onbekend\''],
  ['careForm', 'r.care_form is null'],
  ['productCode', 'r.product_code is null'],
  ['youthUsefulness', 'r.youth_usefulness is null'],
  ['parentUsefulness', 'r.parent_usefulness is null'],
  ['youthFurtherHelp', 'r.youth_further_help is null'],
  ['parentFurtherHelp', 'r.parent_further_help is null'],
] as const;

export async function dataQuality(db: Sql | IndicatorDatabases, actor: Actor, query: { period: string; providerAgb?: string }, origin: Origin) {
  if (!actor.regionCode || !['provider', 'contract_manager', 'admin'].includes(actor.role ?? '')) throw new Forbidden();
  const { read: sql, log } = indicatorDatabases(db);
  const own = actor.role === 'provider';
  const unknowns = fieldChecks.map(([field, condition]) => `count(*) filter (where ${condition})::int as "${field}"`).join(', ');
  const rows = await sql`
    select o.code as provider_agb, o.name as provider_name, s.id as submission_id, s.version, s.late, s.submitted_at,
      (select count(*)::int from submissions older where older.provider_id = s.provider_id and older.period_code = s.period_code and older.status = 'replaced') as replacements,
      count(r.id)::int as trajectories,
      count(*) filter (where r.youth_usefulness is not null or r.parent_usefulness is not null
        or r.youth_further_help is not null or r.parent_further_help is not null)::int as responded,
      ${sql.unsafe(unknowns)}
    from submissions s
    join organisations o on o.id = s.provider_id
    left join outcome_records r on r.submission_id = s.id
    where s.status = 'current' and s.region_code = ${actor.regionCode} and s.period_code = ${query.period}
      ${own ? sql`and s.provider_id = ${actor.organisationId}` : sql``}
      ${query.providerAgb ? sql`and o.code = ${query.providerAgb}` : sql``}
    group by o.code, o.name, s.id, s.version, s.late, s.submitted_at, s.provider_id, s.period_code
    order by o.name`;
  const [region] = await sql`select low_response_rate from regions where code = ${actor.regionCode}`;
  const lowResponse = Number(region?.lowResponseRate ?? 0.3);
  await appendAccessEvent(log, actor, {
    action: 'data_quality.read',
    actionType: 'R',
    objectType: 'indicators',
    objectId: query.period,
    result: 'allowed',
    details: { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), returned: rows.length },
    origin,
  });
  return {
    period: query.period,
    lowResponseRate: lowResponse,
    providers: rows.map((row) => {
      const n = Number(row.trajectories);
      const responseRate = n > 0 ? Number(row.responded) / n : null;
      return {
        provider: { agb: row.providerAgb as string, name: row.providerName as string },
        submission: { id: String(row.submissionId), version: Number(row.version), late: row.late as boolean, submittedAt: (row.submittedAt as Date).toISOString() },
        replacements: Number(row.replacements),
        trajectories: n,
        responseRate,
        lowResponse: responseRate !== null && responseRate < lowResponse,
        unknownShare: Object.fromEntries(fieldChecks.map(([field]) => [field, n > 0 ? Number(row[field]) / n : null])) as Record<string, number | null>,
      };
    }),
  };
}
