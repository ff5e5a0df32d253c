/**
 * Sends the e-mail of due notifications (the outbox, issue 17), once, with retries.
 *
 * Several API processes may run this at the same time. Each takes a batch by *claiming* it in one
 * statement: `select … for update skip locked` picks due rows no one else holds, and the same
 * statement moves their mail_next_attempt_at a lease ahead and counts the attempt. When it
 * commits, the rows are no longer due for anyone, so another sender neither waits for them nor
 * takes them; only then is SMTP spoken, outside any transaction (a slow server never holds locks).
 * Each answer is written back at once: sent, or the error and the next attempt after an
 * exponential backoff, or, after the last attempt, given up (not_sent, error kept).
 * SMTP has no two-phase commit: if a process dies between the server accepting a message and
 * the row saying so, the lease runs out and the message is sent again (at least once, never lost).
 * That window is one UPDATE long; there is no other way a message goes out twice.
 * Why not an advisory lock: a session lock must be held on one pooled connection for the whole
 * run, and PGlite serves one connection anyway; claiming by row needs neither and lets two
 * processes share a backlog.
 */
import type { NotificationEvent, NotificationLanguage, NotificationParams } from '../../../schemas/notifications.ts';
import type { Sql } from '../db/connect.ts';
import { composeMail, safeMailError, type Mailer } from './mailer.ts';

export const mailPolicy = {
  batchSize: 50,
  /** After this many failed attempts a message is given up (mail_status 'not_sent', the error kept). */
  maxAttempts: 8,
  /** 1, 2, 4, … minutes after a failure, at most 6 hours. */
  baseDelayMs: 60_000,
  maxDelayMs: 6 * 60 * 60_000,
  /** A claimed message is someone's for this long; if its sender died, it is due again afterwards. */
  leaseMs: 10 * 60_000,
};

export interface MailRun {
  sent: number;
  /** Failed this time; tried again later. */
  failed: number;
  /** Failed for the last time, or no longer wanted (user disabled, e-mail turned off). */
  gaveUp: number;
  /** No SMTP server configured: left in the inbox only. */
  inboxOnly: number;
}

export function retryDelayMs(attempts: number, policy = mailPolicy): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

interface Claimed {
  id: string;
  event: NotificationEvent;
  params: NotificationParams;
  link: string;
  mailAttempts: number;
  email: string;
  displayName: string;
  language: NotificationLanguage;
  wanted: boolean;
}

/**
 * Sends every notification whose mail is due at `now`, batch by batch, until none is due or a
 * batch failed entirely (the server is probably down: the rest waits for its own next attempt).
 */
export async function deliverDueMail(sql: Sql, mailer: Mailer | undefined, now: Date, policy = mailPolicy): Promise<MailRun> {
  const run: MailRun = { sent: 0, failed: 0, gaveUp: 0, inboxOnly: 0 };
  if (!mailer) {
    const rows =
      await sql`update notifications set mail_status = 'not_sent', mail_error = 'no SMTP server configured (SMTP_URL): inbox only'
      where mail_status = 'pending' and mail_next_attempt_at <= ${now} returning id`;
    run.inboxOnly = rows.length;
    return run;
  }
  for (;;) {
    const leaseUntil = new Date(now.getTime() + policy.leaseMs);
    const batch = (await sql`
      with due as (
        select id from notifications
        where mail_status = 'pending' and mail_next_attempt_at <= ${now}
        order by mail_next_attempt_at, id
        limit ${policy.batchSize}
        for update skip locked
      ), claimed as (
        update notifications n set mail_attempts = n.mail_attempts + 1, mail_next_attempt_at = ${leaseUntil}
        from due where n.id = due.id
        returning n.id, n.user_id, n.event, n.params, n.link, n.mail_attempts
      )
      select c.id, c.event, c.params, c.link, c.mail_attempts, u.email, u.display_name, u.language,
        (u.disabled_at is null and coalesce(p.email, true) and coalesce(p.inbox, true)) as wanted
      from claimed c
      join users u on u.id = c.user_id
      left join notification_preferences p on p.user_id = c.user_id and p.event = c.event
      order by c.id`) as unknown as Claimed[];
    if (batch.length === 0) return run;
    const outcomes = await Promise.all(batch.map((message) => sendOne(sql, mailer, message, now, policy)));
    for (const outcome of outcomes) run[outcome] += 1;
    if (outcomes.every((outcome) => outcome === 'failed' || outcome === 'gaveUp') && outcomes.some((o) => o === 'failed')) return run;
  }
}

async function sendOne(sql: Sql, mailer: Mailer, message: Claimed, now: Date, policy: typeof mailPolicy): Promise<keyof MailRun> {
  if (!message.wanted) {
    await sql`update notifications set mail_status = 'not_sent', mail_error = 'not wanted when due (user disabled or e-mail turned off)'
      where id = ${message.id}`;
    return 'gaveUp';
  }
  const mail = composeMail(
    {
      event: message.event,
      params: message.params ?? {},
      link: message.link,
      displayName: message.displayName,
      language: message.language,
    },
    mailer.baseUrl,
  );
  try {
    await mailer.transport.sendMail({
      from: mailer.from,
      to: message.email,
      subject: mail.subject,
      text: mail.text,
      // RFC 3834: an automatic message, so out-of-office replies stay away; the id lets an operator trace it.
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Portal-Notification': message.id },
      // The same Message-ID on every attempt: a message the server took but could not confirm (connection lost before its
      // 250) is sent again, and receiving systems can recognise it as the same message.
      messageId: `<notification-${message.id}@${mailer.messageIdDomain}>`,
    });
  } catch (error) {
    const detail = safeMailError(error);
    if (message.mailAttempts >= policy.maxAttempts) {
      await sql`update notifications set mail_status = 'not_sent', mail_error = ${detail} where id = ${message.id}`;
      return 'gaveUp';
    }
    const next = new Date(now.getTime() + retryDelayMs(message.mailAttempts, policy));
    await sql`update notifications set mail_next_attempt_at = ${next}, mail_error = ${detail} where id = ${message.id}`;
    return 'failed';
  }
  await sql`update notifications set mail_status = 'sent', mail_sent_at = ${now}, mail_error = null where id = ${message.id}`;
  return 'sent';
}
