import { createMailer } from '../../api/src/notifications/mailer.ts';
import { enqueueNotification } from '../../api/src/notifications/outbox.ts';
import { startNotificationTimer } from '../../api/src/notifications/timer.ts';
import { capturingLogger, testKeys } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';
import { startTestSmtp, type TestSmtp } from './smtp.ts';

const until = async (check: () => Promise<boolean> | boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** The server's schedule (server.ts starts it every NOTIFY_INTERVAL_SECONDS): here every 0.2 s. */
describe.each(engines)('the notification timer on %s', (engine) => {
  let db: TestDatabase;
  let smtp: TestSmtp;
  let providerId: number;
  const tell = (key: string) =>
    enqueueNotification(db.sql, {
      regionCode: 'H10',
      event: 'delivery_received',
      recipients: { organisationId: providerId },
      params: { period: '2025-H2', records: 12 },
      link: '/provider/submissions',
      dedupeKey: key,
    });

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await seedTestRegion(db.sql, testKeys().secretBoxKey);
    providerId = Number((await db.sql`select id from organisations where code = '98000010'`)[0]!.id);
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp?.stop();
    await db?.close();
  });

  it('mails what becomes due while it runs, and stops cleanly', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = createMailer({ smtpUrl: smtp.url, mailFrom: 'Portaal <noreply@example.nl>', publicUrl: undefined, port: 8080 });
    const timer = startNotificationTimer(db.sql, mailer, 0.2, logger);
    await tell('timer:1');
    await until(() => smtp.received.length === 1);
    expect(smtp.received[0]!.text).toContain('http://localhost:8080/provider/submissions');
    await timer.stop();
    await tell('timer:2');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(smtp.received).toHaveLength(1); // stopped: nothing more goes out
    expect(lines.some((line) => line.includes('notifications run'))).toBe(true);
    await db.sql`delete from notifications`;
  });

  it('keeps the SMTP password out of the logs and the stored error when the server cannot be reached', async () => {
    const { logger, lines } = capturingLogger();
    const mailer = createMailer({
      smtpUrl: 'smtp://portaal:geheim-wachtwoord@127.0.0.1:1',
      mailFrom: 'x <x@example.nl>',
      publicUrl: undefined,
      port: 8080,
    });
    const timer = startNotificationTimer(db.sql, mailer, 0.2, logger);
    await tell('timer:3');
    await until(async () => (await db.sql`select mail_error from notifications where mail_error is not null`).length === 1);
    await timer.stop();
    const [row] = await db.sql`select mail_status, mail_attempts, mail_error from notifications`;
    expect(row).toMatchObject({ mailStatus: 'pending', mailAttempts: 1 });
    expect(row!.mailError).not.toContain('geheim');
    expect(lines.join('\n')).not.toContain('geheim');
  });
});
