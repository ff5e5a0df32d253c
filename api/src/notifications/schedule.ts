/**
 * What is due at a moment (issue 17): the time-based notifications of the reporting cycle, then
 * the mail of every notification due. The server runs it on a schedule, `npm run portal -- notify
 * run [--at]` by hand; running it twice for the same moment tells nothing twice (dedupe keys).
 *
 *  - deadline_approaching: from reminder_days_before days before a period's deadline up to the
 *    deadline day, to each contracted provider that has not delivered (once per period).
 *  - deadline_passed: the days after the deadline, to those that still have not (once per period).
 *  - action_due_soon: from 7 days before an open action's due date (once per due date), to its
 *    owner: the dialogue's provider, or the region's contract managers.
 *  - action_overdue: after the due date of an action still open (once).
 *  - figures_final: from the first final day (schemas/period-phase.ts), to the providers with data
 *    in the period, the contract managers and the municipalities (once per period).
 * Deadline and final notices are only made within `catchUpDays` of their day: a portal started
 * long after a period closed (or a new installation with old periods) does not send stale news.
 * Dates are days in Dutch time.
 */
import { addDays, todayInPortal } from '../../../schemas/dates.ts';
import { finalFrom } from '../../../schemas/period-phase.ts';
import type { Sql } from '../db/connect.ts';
import { expectedDeliveries } from '../deliveries/expected.ts';
import type { Mailer } from './mailer.ts';
import { enqueueNotification } from './outbox.ts';
import { deliverDueMail, type MailRun } from './sender.ts';

export interface NotifyRun {
  /** Notifications written, per event. */
  deadlineApproaching: number;
  deadlinePassed: number;
  actionDueSoon: number;
  actionOverdue: number;
  figuresFinal: number;
  mail: MailRun;
}

export const actionReminderDays = 7;
export const catchUpDays = 14;

export async function runDueNotifications(sql: Sql, options: { now: Date; mailer: Mailer | undefined }): Promise<NotifyRun> {
  const today = todayInPortal(options.now);
  const run: NotifyRun = {
    deadlineApproaching: 0,
    deadlinePassed: 0,
    actionDueSoon: 0,
    actionOverdue: 0,
    figuresFinal: 0,
    mail: emptyMail(),
  };
  const periods = await sql`
    select p.region_code, p.code, p.deadline::text as deadline, r.reminder_days_before, r.review_window_days
    from periods p join regions r on r.code = p.region_code
    where p.deadline >= ${addDays(today, -(catchUpDays + 200))}::date - r.review_window_days
      and p.deadline <= ${addDays(today, 90)}::date
    order by p.region_code, p.code`;
  for (const period of periods) {
    const regionCode = period.regionCode as string;
    const code = period.code as string;
    const deadline = period.deadline as string;
    const approaching = today >= addDays(deadline, -Number(period.reminderDaysBefore)) && today <= deadline;
    const passed = today > deadline && today <= addDays(deadline, catchUpDays);
    if (approaching || passed) {
      const missing = (await expectedDeliveries(sql, regionCode, code)).filter((expected) => !expected.delivered);
      const event = approaching ? 'deadline_approaching' : 'deadline_passed';
      for (const provider of missing) {
        // One transaction per notice: a failure halfway leaves the rest for the next run.
        run[approaching ? 'deadlineApproaching' : 'deadlinePassed'] += await enqueueNotification(sql, {
          regionCode,
          event,
          recipients: { organisationId: provider.providerId },
          params: { period: code, date: deadline },
          link: '/provider/upload',
          dedupeKey: `${event}:${code}:${provider.providerId}`,
        });
      }
    }
    const firstFinal = finalFrom(deadline, Number(period.reviewWindowDays));
    if (today >= firstFinal && today <= addDays(firstFinal, catchUpDays)) {
      run.figuresFinal += await tellFiguresFinal(sql, regionCode, code);
    }
  }
  await tellActions(sql, today, run);
  run.mail = await deliverDueMail(sql, options.mailer, options.now);
  return run;
}

async function tellFiguresFinal(sql: Sql, regionCode: string, period: string): Promise<number> {
  const dedupeKey = `figures_final:${period}`;
  const providers = await sql`select distinct provider_id from submissions
    where region_code = ${regionCode} and period_code = ${period} and status = 'current'`;
  let written = 0;
  for (const provider of providers) {
    written += await enqueueNotification(sql, {
      regionCode,
      event: 'figures_final',
      recipients: { organisationId: Number(provider.providerId) },
      params: { period },
      link: '/provider/results',
      dedupeKey,
    });
  }
  for (const [role, link] of [
    ['contract_manager', '/compare'],
    ['municipality', '/residents'],
  ] as const) {
    written += await enqueueNotification(sql, {
      regionCode,
      event: 'figures_final',
      recipients: { role },
      params: { period },
      link,
      dedupeKey,
    });
  }
  return written;
}

async function tellActions(sql: Sql, today: string, run: NotifyRun): Promise<void> {
  const actions = await sql`
    select a.id, a.owner, a.due_date::text as due_date, d.id as dialogue_id, d.region_code, d.provider_id
    from dialogue_actions a join dialogues d on d.id = a.dialogue_id
    where a.status = 'open' and d.status <> 'geannuleerd'
      and a.due_date <= ${addDays(today, actionReminderDays)}::date
      and a.due_date >= ${addDays(today, -catchUpDays)}::date`;
  for (const action of actions) {
    const dueDate = action.dueDate as string;
    const overdue = today > dueDate;
    const event = overdue ? 'action_overdue' : 'action_due_soon';
    run[overdue ? 'actionOverdue' : 'actionDueSoon'] += await enqueueNotification(sql, {
      regionCode: action.regionCode as string,
      event,
      recipients: action.owner === 'provider' ? { organisationId: Number(action.providerId) } : { role: 'contract_manager' },
      params: { dialogueId: String(action.dialogueId), date: dueDate },
      link: `/dialogues/${action.dialogueId}`,
      dedupeKey: overdue ? `action_overdue:${action.id}` : `action_due_soon:${action.id}:${dueDate}`,
    });
  }
}

function emptyMail(): MailRun {
  return { sent: 0, failed: 0, gaveUp: 0, inboxOnly: 0 };
}
