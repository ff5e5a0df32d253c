/**
 * Submission history. Scoping is part of the query: a provider only ever finds its own (another
 * provider's submission is "not found", so existence does not leak), contract managers their region.
 */
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent, loggableId } from '../audit/append.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Forbidden, NotFound } from '../errors.ts';
import { regionRules } from '../indicators/figures.ts';
import { submissionCountShown } from '../indicators/disclosure.ts';
import { restorableUntil } from '../../../schemas/replacement.ts';

export interface Submission {
  id: string;
  providerAgb: string;
  providerName: string;
  periodCode: string;
  version: number;
  status: 'current' | 'replaced';
  /** null where it would give away a hidden figure (indicators/disclosure.ts). */
  recordCount: number | null;
  fileName: string | null;
  sizeBytes: number | null;
  sha256: string;
  format: string | null;
  late: boolean;
  submittedAt: string;
  submittedBy: { type: 'user' | 'client' | 'system'; name: string };
  replacedAt: string | null;
  /** The last day its provider may make this replaced version current again (replacement.ts); null when it cannot be. */
  restorableUntil: string | null;
}

function selectSubmissions(sql: Queryable) {
  return sql`select s.id, o.code as provider_agb, o.name as provider_name, s.period_code, s.version, s.status, s.record_count,
      s.file_name, s.size_bytes, s.file_sha256, s.format, s.late, s.submitted_at, s.replaced_at,
      u.display_name as user_name, u.email as user_email, c.name as client_name, s.region_code, s.provider_id,
      p.deadline::text as period_deadline, p.closed as period_closed, rg.review_window_days,
      (select max(le.valid_until)::text from lock_exceptions le where le.provider_id = s.provider_id and le.period_code = s.period_code
        and le.region_code = s.region_code and le.ended_at is null) as exception_until
    from submissions s
    join organisations o on o.id = s.provider_id
    join regions rg on rg.code = s.region_code
    left join periods p on p.region_code = s.region_code and p.code = s.period_code
    left join users u on u.id = s.submitted_by_user_id
    left join api_clients c on c.id = s.submitted_by_client_id`;
}

function toSubmission(row: Record<string, unknown>): Submission {
  return {
    id: String(row.id),
    providerAgb: row.providerAgb as string,
    providerName: row.providerName as string,
    periodCode: row.periodCode as string,
    version: Number(row.version),
    status: row.status as Submission['status'],
    recordCount: row.recordCount === null ? null : Number(row.recordCount),
    fileName: (row.fileName as string | null) ?? null,
    sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
    sha256: row.fileSha256 as string,
    format: (row.format as string | null) ?? null,
    late: row.late as boolean,
    submittedAt: (row.submittedAt as Date).toISOString(),
    submittedBy: row.userEmail
      ? { type: 'user', name: (row.userName as string) || (row.userEmail as string) }
      : row.clientName
        ? { type: 'client', name: row.clientName as string }
        : { type: 'system', name: 'portal' },
    replacedAt: row.replacedAt ? (row.replacedAt as Date).toISOString() : null,
    restorableUntil:
      row.status === 'replaced' && row.periodDeadline
        ? restorableUntil({
            deadline: row.periodDeadline as string,
            reviewWindowDays: Number(row.reviewWindowDays),
            closed: row.periodClosed as boolean,
            exceptionUntil: (row.exceptionUntil as string | null) ?? null,
          })
        : null,
  };
}

export async function findSubmission(sql: Queryable, id: string): Promise<Submission | null> {
  const [row] = await sql`${selectSubmissions(sql)} where s.id = ${id}`;
  return row ? toSubmission(row) : null;
}

/** Which submissions an actor may see at all; null means none (the route guard already refused). */
function scopeOf(sql: Queryable, actor: Actor) {
  if (actor.role === 'provider') return sql`s.provider_id = ${actor.organisationId}`;
  if (actor.role === 'contract_manager' || actor.role === 'admin') return sql`s.region_code = ${actor.regionCode}`;
  throw new Forbidden();
}

export interface SubmissionFilter {
  period?: string;
  providerAgb?: string;
  status?: 'current' | 'replaced';
  limit: number;
}

export async function listSubmissions(sql: Sql, actor: Actor, filter: SubmissionFilter, origin: Origin): Promise<Submission[]> {
  const rows = await sql`${selectSubmissions(sql)} where ${scopeOf(sql, actor)}
    ${filter.period ? sql`and s.period_code = ${filter.period}` : sql``}
    ${filter.providerAgb ? sql`and o.code = ${filter.providerAgb}` : sql``}
    ${filter.status ? sql`and s.status = ${filter.status}` : sql``}
    order by s.submitted_at desc, s.id desc limit ${filter.limit}`;
  await appendAccessEvent(sql, actor, {
    action: 'submission.list',
    actionType: 'R',
    objectType: 'submission',
    result: 'allowed',
    details: { filters: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)), returned: rows.length },
    origin,
  });
  // The region's rules once for the whole list, not per row.
  const rules = actor.role === 'provider' || !actor.regionCode ? undefined : await regionRules(sql, actor.regionCode);
  return Promise.all(rows.map((row) => withCountsFor(sql, actor, row, rules)));
}

/** Counts that would give away a hidden figure are left out for anyone but the provider itself. */
async function withCountsFor(
  sql: Sql,
  actor: Actor,
  row: Record<string, unknown>,
  known?: Awaited<ReturnType<typeof regionRules>>,
): Promise<Submission> {
  const submission = toSubmission(row);
  if (actor.role === 'provider') return submission;
  const rules = known ?? (await regionRules(sql, row.regionCode as string));
  const shown = await submissionCountShown(
    sql,
    {
      regionCode: row.regionCode as string,
      periodCode: submission.periodCode,
      providerId: Number(row.providerId),
      status: submission.status,
      recordCount: submission.recordCount ?? 0,
    },
    rules,
  );
  return shown ? submission : { ...submission, recordCount: null, sizeBytes: null };
}

export async function getSubmission(sql: Sql, actor: Actor, id: string, origin: Origin): Promise<Submission> {
  const [row] = /^[0-9]{1,18}$/.test(id) ? await sql`${selectSubmissions(sql)} where s.id = ${id} and ${scopeOf(sql, actor)}` : [];
  await appendAccessEvent(sql, actor, {
    action: 'submission.read',
    actionType: 'R',
    objectType: 'submission',
    objectId: loggableId(id, 'number'),
    result: row ? 'allowed' : 'denied',
    origin,
  });
  if (!row)
    throw new NotFound('submission_not_found', {
      nl: 'Deze aanlevering bestaat niet of is niet van u.',
      en: 'This submission does not exist or is not yours.',
    });
  return withCountsFor(sql, actor, row);
}
