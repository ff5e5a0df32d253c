/**
 * The server's notification schedule (issue 17): every NOTIFY_INTERVAL_SECONDS, what is due is
 * told and mailed (runDueNotifications). One run at a time per process; several processes may run
 * at once (sender.ts claims each message for one of them). The timer does not keep the process
 * alive, and stop() waits for a run in progress before the database closes.
 */
import type { Logger } from 'pino';
import type { Sql } from '../db/connect.ts';
import { safeMailError, type Mailer } from './mailer.ts';
import { runDueNotifications } from './schedule.ts';

export function startNotificationTimer(sql: Sql, mailer: Mailer | undefined, intervalSeconds: number, logger: Logger) {
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = runDueNotifications(sql, { now: new Date(), mailer })
      .then((run) => {
        const told = run.deadlineApproaching + run.deadlinePassed + run.actionDueSoon + run.actionOverdue + run.figuresFinal;
        if (told + run.mail.sent + run.mail.failed + run.mail.gaveUp > 0) logger.info({ notifications: run }, 'notifications run');
      })
      // Only the error's code and message, stripped of credentials: never the SMTP URL or a recipient list.
      .catch((error: unknown) => logger.warn({ err: { message: safeMailError(error) } }, 'notifications run failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      mailer?.transport.close();
    },
  };
}
