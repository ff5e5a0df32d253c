import type { NotificationEvent, NotificationParams } from '../../../schemas/notifications.ts';
import type { Queryable } from '../db/connect.ts';

/** Who is told: users by id, or every active user of an organisation or of a role in the region. */
export type Recipients =
  | { userIds: number[] }
  | { organisationId: number }
  | { role: 'contract_manager' | 'admin' | 'municipality' | 'provider' };

export interface NotificationInput {
  regionCode: string;
  event: NotificationEvent;
  recipients: Recipients;
  params: NotificationParams;
  /** A path in the portal (starts with '/'): where the reader acts on it. */
  link: string;
  /** One notification per user and key: the same occurrence (e.g. `deadline_approaching:2026-H1:<provider id>`) is told once. */
  dedupeKey: string;
}

/**
 * Writes the notification for each recipient, in the caller's transaction (so it exists exactly
 * when the event does: a transactional outbox). The e-mail goes out later (sender.ts); users who
 * turned the event off get nothing, those who turned e-mail off get it in the inbox only.
 * Returns the number of notifications written (an occurrence already told is not told again).
 */
export async function enqueueNotification(db: Queryable, input: NotificationInput): Promise<number> {
  const recipients = input.recipients;
  const userIds = 'userIds' in recipients ? recipients.userIds.map(String) : null;
  const organisationId = 'organisationId' in recipients ? String(recipients.organisationId) : null;
  const role = 'role' in recipients ? recipients.role : null;
  const rows = await db`
    insert into notifications (region_code, user_id, event, params, link, dedupe_key, mail_status)
    select ${input.regionCode}, u.id, ${input.event}, ${db.json(input.params as never)}, ${input.link}, ${input.dedupeKey},
      case when coalesce(p.email, true) then 'pending' else 'not_sent' end
    from users u
    left join notification_preferences p on p.user_id = u.id and p.event = ${input.event}
    where u.region_code = ${input.regionCode} and u.disabled_at is null
      and coalesce(p.inbox, true)
      and (${userIds}::bigint[] is null or u.id = any(${userIds}::bigint[]))
      and (${organisationId}::bigint is null or u.organisation_id = ${organisationId}::bigint)
      and (${role}::text is null or u.role = ${role}::text)
    on conflict (user_id, dedupe_key) do nothing
    returning id`;
  return rows.length;
}
