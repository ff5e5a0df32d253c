import type { z } from 'zod';
import type { AccessEventQuerySchema } from '../../../schemas/audit.ts';
import type { Actor } from '../auth/actor.ts';
import type { Sql } from '../db/connect.ts';
import { appendAccessEvent } from './append.ts';
import type { Origin } from '../auth/sessions.ts';

export type AccessEventQuery = z.infer<typeof AccessEventQuerySchema>;

/** Auditors read their region's log (and region-less entries such as failed logins), newest first. */
export async function listAccessEvents(sql: Sql, actor: Actor, query: AccessEventQuery, origin: Origin, exporting: boolean) {
  const rows = await sql`select * from access_log
    where (region_code = ${actor.regionCode} or region_code is null)
      ${query.from ? sql`and occurred_at >= ${query.from}` : sql``}
      ${query.to ? sql`and occurred_at < ${query.to}` : sql``}
      ${query.actor ? sql`and (actor_id = ${query.actor} or actor_organisation = ${query.actor})` : sql``}
      ${query.action ? sql`and action = ${query.action}` : sql``}
      ${query.objectType ? sql`and object_type = ${query.objectType}` : sql``}
      ${query.objectId ? sql`and object_id = ${query.objectId}` : sql``}
      ${query.result ? sql`and result = ${query.result}` : sql``}
      ${query.beforeSeq ? sql`and seq < ${query.beforeSeq}` : sql``}
    order by seq desc limit ${query.limit}`;
  // Reading (or exporting) the log is itself an access worth logging.
  await appendAccessEvent(sql, actor, {
    action: exporting ? 'audit.export' : 'audit.read',
    actionType: exporting ? 'E' : 'R',
    objectType: 'access_log',
    result: 'allowed',
    details: { filters: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), returned: rows.length },
    origin,
  });
  const events = rows.map((row) => ({
    ...row,
    seq: Number(row.seq),
    occurredAt: (row.occurredAt as Date).toISOString(),
    details: (row.details ?? {}) as Record<string, unknown>,
  }));
  return { events, nextBeforeSeq: rows.length === query.limit ? Number(rows[rows.length - 1].seq) : null };
}
