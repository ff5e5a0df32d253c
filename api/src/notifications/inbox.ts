/**
 * The signed-in user's inbox and preferences (issue 17). A user reads and marks only their own
 * notifications: another user's id is answered as not found, so ids reveal nothing. Every read
 * and change is one access-log entry (ids and counts, never texts).
 */
import type { z } from '@hono/zod-openapi';
import {
  notificationEvents,
  notificationText,
  type NotificationEvent,
  type NotificationLanguage,
  type NotificationParams,
} from '../../../schemas/notifications.ts';
import type { NotificationPreferencesSchema, UpdateNotificationPreferencesSchema } from '../../../schemas/notifications-api.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent, loggableId } from '../audit/append.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { accessDenial, Forbidden, NotFound, ValidationFailed } from '../errors.ts';

const purpose = 'meldingen';

/** Only people have an inbox: an API client (a provider's system) is refused. */
function userIdOf(actor: Actor): string {
  if (actor.type !== 'user' || !actor.id || !actor.regionCode) throw new Forbidden();
  return actor.id;
}

function log(
  db: Queryable,
  actor: Actor,
  action: string,
  actionType: 'R' | 'U',
  objectId: string | null,
  details: Record<string, unknown>,
  origin: Origin,
) {
  return appendAccessEvent(db, actor, {
    action,
    actionType,
    objectType: 'notification',
    objectId,
    result: 'allowed',
    purpose,
    details,
    origin,
  });
}

async function unreadCount(db: Queryable, userId: string): Promise<number> {
  const [row] = await db`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`;
  return Number(row?.n ?? 0);
}

function shape(row: Record<string, unknown>) {
  const event = row.event as NotificationEvent;
  const params = (row.params ?? {}) as NotificationParams;
  const nl = notificationText(event, params, 'nl');
  const en = notificationText(event, params, 'en');
  return {
    id: String(row.id),
    event,
    title: { nl: nl.title, en: en.title },
    body: { nl: nl.body, en: en.body },
    link: String(row.link),
    createdAt: new Date(row.createdAt as string).toISOString(),
    read: row.readAt !== null,
    mailStatus: row.mailStatus as 'pending' | 'sent' | 'not_sent',
  };
}

export async function listNotifications(sql: Sql, actor: Actor, query: { limit?: number }, origin: Origin) {
  const userId = userIdOf(actor);
  const limit = query.limit ?? 50;
  const rows = await sql`select id, event, params, link, created_at, read_at, mail_status from notifications
    where user_id = ${userId} order by id desc limit ${limit}`;
  const unread = await unreadCount(sql, userId);
  await log(sql, actor, 'notifications.list', 'R', null, { count: rows.length, unread }, origin);
  return { items: rows.map(shape), unreadCount: unread };
}

export async function markRead(sql: Sql, actor: Actor, id: string, origin: Origin) {
  const userId = userIdOf(actor);
  const loggedId = loggableId(id, 'number');
  return sql.begin(async (tx) => {
    const [row] =
      loggedId === id
        ? await tx`update notifications set read_at = coalesce(read_at, now()) where id = ${id} and user_id = ${userId}
            returning id, event, params, link, created_at, read_at, mail_status`
        : [];
    if (!row)
      throw accessDenial(
        new NotFound('notification_not_found', {
          nl: `Melding ${loggedId ?? ''} bestaat niet in uw inbox. Kies een melding uit GET /notifications.`,
          en: `Notification ${loggedId ?? ''} is not in your inbox. Pick one from GET /notifications.`,
        }),
      );
    await log(tx, actor, 'notifications.read', 'U', loggedId, {}, origin);
    return shape(row);
  });
}

export async function markAllRead(sql: Sql, actor: Actor, origin: Origin) {
  const userId = userIdOf(actor);
  return sql.begin(async (tx) => {
    const rows = await tx`update notifications set read_at = now() where user_id = ${userId} and read_at is null returning id`;
    await log(tx, actor, 'notifications.read_all', 'U', null, { marked: rows.length }, origin);
    return { marked: rows.length, unreadCount: 0 };
  });
}

type Preferences = z.infer<typeof NotificationPreferencesSchema>;

async function readPreferences(db: Queryable, userId: string): Promise<Preferences> {
  const [user] = await db`select language from users where id = ${userId}`;
  const rows = await db`select event, inbox, email from notification_preferences where user_id = ${userId}`;
  const chosen = new Map(rows.map((row) => [row.event as string, row]));
  return {
    language: (user?.language ?? 'nl') as NotificationLanguage,
    events: notificationEvents.map((event) => {
      const row = chosen.get(event);
      return { event, inbox: row ? Boolean(row.inbox) : true, email: row ? Boolean(row.email) : true };
    }),
  };
}

export async function getPreferences(sql: Sql, actor: Actor, origin: Origin): Promise<Preferences> {
  const userId = userIdOf(actor);
  const preferences = await readPreferences(sql, userId);
  await log(sql, actor, 'notifications.preferences.read', 'R', null, {}, origin);
  return preferences;
}

export async function setPreferences(
  sql: Sql,
  actor: Actor,
  input: z.infer<typeof UpdateNotificationPreferencesSchema>,
  origin: Origin,
): Promise<Preferences> {
  const userId = userIdOf(actor);
  const events = input.events ?? [];
  const problems = events.flatMap((choice, index) =>
    choice.email && !choice.inbox
      ? [
          {
            field: `json.events.${index}.email`,
            code: 'email_needs_inbox',
            message: {
              nl: 'E-mail kan alleen aan als de melding ook in de inbox komt. Zet "inbox" aan of "e-mail" uit.',
              en: 'E-mail can only be on when the notification is also in the inbox. Turn "inbox" on or "email" off.',
            },
          },
        ]
      : [],
  );
  const seen = new Set<string>();
  events.forEach((choice, index) => {
    if (seen.has(choice.event))
      problems.push({
        field: `json.events.${index}.event`,
        code: 'event_repeated',
        message: {
          nl: `De melding ${choice.event} staat meer dan eens in de lijst. Noem elke melding één keer.`,
          en: `Notification ${choice.event} appears more than once. Name each notification once.`,
        },
      });
    seen.add(choice.event);
  });
  if (problems.length > 0) throw new ValidationFailed(problems);
  return sql.begin(async (tx) => {
    if (input.language) await tx`update users set language = ${input.language}, updated_at = now() where id = ${userId}`;
    for (const choice of events) {
      await tx`insert into notification_preferences (user_id, event, inbox, email)
        values (${userId}, ${choice.event}, ${choice.inbox}, ${choice.email})
        on conflict (user_id, event) do update set inbox = excluded.inbox, email = excluded.email`;
    }
    await log(
      tx,
      actor,
      'notifications.preferences.update',
      'U',
      null,
      {
        language: input.language ?? null,
        events: events.map((choice) => `${choice.event}:${choice.inbox ? 'i' : '-'}${choice.email ? 'e' : '-'}`),
      },
      origin,
    );
    return readPreferences(tx, userId);
  });
}
