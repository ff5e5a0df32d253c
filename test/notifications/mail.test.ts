import { connectPostgres } from '../../api/src/db/connect.ts';
import { createMailer, type Mailer } from '../../api/src/notifications/mailer.ts';
import { enqueueNotification, type NotificationInput } from '../../api/src/notifications/outbox.ts';
import { deliverDueMail, mailPolicy } from '../../api/src/notifications/sender.ts';
import { testKeys } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';
import { startTestSmtp, type TestSmtp } from './smtp.ts';

const publicUrl = 'https://portal.example.nl';
const mailerFor = (smtp: TestSmtp): Mailer =>
  createMailer({ smtpUrl: smtp.url, mailFrom: 'Portaal <noreply@portal.example.nl>', publicUrl, port: 8080 })!;

async function seed(db: TestDatabase) {
  const region = await seedTestRegion(db.sql, testKeys().secretBoxKey);
  await db.sql`update users set display_name = 'Anna de Vries', language = 'nl' where email = ${region.users.provider!.email}`;
  await db.sql`update users set display_name = 'Chris Manager', language = 'en' where email = ${region.users.contract_manager!.email}`;
  const [provider] = await db.sql`select id from organisations where code = '98000010'`;
  return { users: region.users, providerId: Number(provider!.id) };
}

let serial = 0;
function delivery(providerId: number, records = 42): NotificationInput {
  serial += 1;
  return {
    regionCode: 'H10',
    event: 'delivery_received',
    recipients: { organisationId: providerId },
    params: { period: '2025-H2', records },
    link: '/provider/submissions',
    dedupeKey: `delivery_received:test-${serial}`,
  };
}

const rowsOf = (db: TestDatabase) =>
  db.sql`select id::text, mail_status, mail_attempts, mail_next_attempt_at, mail_error, mail_sent_at from notifications order by id`;

describe.each(engines)('notification e-mail through a real SMTP server on %s', (engine) => {
  let db: TestDatabase;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let seeded: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    seeded = await seed(db);
    smtp = await startTestSmtp();
    mailer = mailerFor(smtp);
  });
  afterAll(async () => {
    mailer?.transport.close();
    await smtp?.stop();
    await db?.close();
  });
  beforeEach(async () => {
    await db.sql`delete from notifications`;
    smtp.received.length = 0;
    smtp.refuse = false;
  });

  it('arrives once, to the right person, in their language, with the link and no one else’s data or figures', async () => {
    await enqueueNotification(db.sql, delivery(seeded.providerId, 42));
    await enqueueNotification(db.sql, {
      regionCode: 'H10',
      event: 'explanation_given',
      recipients: { role: 'contract_manager' },
      params: { period: '2025-H2', dialogueId: '7' },
      link: '/dialogues/7',
      dedupeKey: 'explanation_given:7:2026-01-10',
    });
    const now = new Date(Date.now() + 1000);
    expect(await deliverDueMail(db.sql, mailer, now)).toEqual({ sent: 2, failed: 0, gaveUp: 0, inboxOnly: 0 });
    expect(smtp.received).toHaveLength(2);
    const dutch = smtp.received.find((m) => m.envelopeTo.includes(seeded.users.provider!.email))!;
    expect(dutch.subject).toBe('Aanlevering 2025-H2 ontvangen');
    expect(dutch.text).toContain('Beste Anna de Vries,');
    expect(dutch.text).toContain('(42 trajecten)');
    expect(dutch.text).toContain(`${publicUrl}/provider/submissions\n`);
    expect(dutch.headers.from).toContain('noreply@portal.example.nl');
    // One Message-ID per notification, the same on every attempt, so a resent message can be recognised.
    expect(dutch.headers['message-id']).toMatch(/^<notification-[0-9]+@portal\.example\.nl>$/);
    const english = smtp.received.find((m) => m.envelopeTo.includes(seeded.users.contract_manager!.email))!;
    expect(english.subject).toBe('Explanation given for dialogue 7');
    expect(english.text).toContain('Dear Chris Manager,');
    expect(english.text).toContain(`${publicUrl}/dialogues/7\n`);
    for (const mail of smtp.received) {
      expect(mail.envelopeTo).toHaveLength(1);
      // No figures: the only numbers are the period, the dialogue, the provider's own record count and the link's.
      const rest = mail.text.replace(publicUrl, '').replace(/2025-H2|dialo(og|gue) 7|\/dialogues\/7|42 trajecten/g, '');
      expect(rest).not.toMatch(/[0-9]/);
      // Nobody else's name or address.
      expect(mail.text).not.toContain('@');
      expect(mail.text + mail.subject).not.toContain(mail === dutch ? 'Chris' : 'Anna');
    }
    const rows = await rowsOf(db);
    expect(rows.map((r) => [r.mailStatus, r.mailAttempts, r.mailError])).toEqual([
      ['sent', 1, null],
      ['sent', 1, null],
    ]);
    // Nothing is due any more: a second run sends nothing.
    expect(await deliverDueMail(db.sql, mailer, new Date(now.getTime() + 3_600_000))).toEqual({
      sent: 0,
      failed: 0,
      gaveUp: 0,
      inboxOnly: 0,
    });
    expect(smtp.received).toHaveLength(2);
  });

  it('an SMTP outage delays and retries with backoff: nothing lost, nothing sent twice', async () => {
    for (let i = 0; i < 3; i++) await enqueueNotification(db.sql, delivery(seeded.providerId));
    await smtp.stop();
    const t0 = new Date(Date.now() + 1000);
    expect(await deliverDueMail(db.sql, mailer, t0)).toMatchObject({ sent: 0, failed: 3 });
    let rows = await rowsOf(db);
    for (const row of rows) {
      expect(row).toMatchObject({ mailStatus: 'pending', mailAttempts: 1 });
      expect(new Date(row.mailNextAttemptAt as Date).getTime()).toBe(t0.getTime() + mailPolicy.baseDelayMs);
      expect(row.mailError).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION|connect/i);
      expect(row.mailError).not.toContain('smtp://');
    }
    // Not due yet: the next run leaves them alone.
    expect(await deliverDueMail(db.sql, mailer, new Date(t0.getTime() + 30_000))).toMatchObject({ sent: 0, failed: 0 });
    // Still down at the second attempt: the wait doubles.
    const t1 = new Date(t0.getTime() + mailPolicy.baseDelayMs);
    expect(await deliverDueMail(db.sql, mailer, t1)).toMatchObject({ failed: 3 });
    rows = await rowsOf(db);
    expect(rows.map((r) => new Date(r.mailNextAttemptAt as Date).getTime() - t1.getTime())).toEqual(
      Array(3).fill(2 * mailPolicy.baseDelayMs),
    );

    await smtp.start();
    const t2 = new Date(t1.getTime() + 2 * mailPolicy.baseDelayMs);
    expect(await deliverDueMail(db.sql, mailer, t2)).toMatchObject({ sent: 3, failed: 0 });
    expect(await deliverDueMail(db.sql, mailer, new Date(t2.getTime() + 86_400_000))).toMatchObject({ sent: 0 });
    const ids = smtp.received.map((m) => m.headers['x-portal-notification']);
    expect(ids.sort()).toEqual(rows.map((r) => r.id).sort());
    expect((await rowsOf(db)).map((r) => [r.mailStatus, r.mailAttempts, r.mailError])).toEqual(Array(3).fill(['sent', 3, null]));
  });

  it('a server answering 421 is retried later; after the last attempt the mail is given up with its error kept (the inbox keeps it)', async () => {
    await enqueueNotification(db.sql, delivery(seeded.providerId));
    smtp.refuse = true;
    const policy = { ...mailPolicy, maxAttempts: 2 };
    const t0 = new Date(Date.now() + 1000);
    expect(await deliverDueMail(db.sql, mailer, t0, policy)).toMatchObject({ failed: 1 });
    const [first] = await rowsOf(db);
    expect(first).toMatchObject({ mailStatus: 'pending', mailAttempts: 1 });
    expect(first!.mailError).toContain('421');
    expect(await deliverDueMail(db.sql, mailer, new Date(t0.getTime() + policy.baseDelayMs), policy)).toMatchObject({ gaveUp: 1 });
    const [last] = await rowsOf(db);
    expect(last).toMatchObject({ mailStatus: 'not_sent', mailAttempts: 2 });
    expect(last!.mailError).toContain('421');
    expect(smtp.received).toHaveLength(0);
    const [inbox] = await db.sql`select count(*)::int as n from notifications where read_at is null`;
    expect(inbox!.n).toBe(1);
  });

  it('a recipient who turned e-mail off before it went out gets no mail', async () => {
    await enqueueNotification(db.sql, delivery(seeded.providerId));
    await db.sql`insert into notification_preferences (user_id, event, inbox, email)
      select id, 'delivery_received', true, false from users where email = ${seeded.users.provider!.email}`;
    expect(await deliverDueMail(db.sql, mailer, new Date(Date.now() + 1000))).toMatchObject({ sent: 0, gaveUp: 1 });
    expect(smtp.received).toHaveLength(0);
    await db.sql`delete from notification_preferences`;
  });

  it('without an SMTP server (no SMTP_URL) notifications stay in the inbox only', async () => {
    expect(createMailer({ smtpUrl: undefined, mailFrom: 'x', publicUrl: undefined, port: 8080 })).toBeUndefined();
    await enqueueNotification(db.sql, delivery(seeded.providerId));
    expect(await deliverDueMail(db.sql, undefined, new Date(Date.now() + 1000))).toEqual({ sent: 0, failed: 0, gaveUp: 0, inboxOnly: 1 });
    expect((await rowsOf(db)).map((r) => r.mailStatus)).toEqual(['not_sent']);
  });
});

describe('two senders at once on one PostgreSQL database', () => {
  it('send each message exactly once', async () => {
    const db = await openTestDatabase('postgres');
    const smtp = await startTestSmtp();
    const second = await connectPostgres(db.url!, 4);
    const mailers = [mailerFor(smtp), mailerFor(smtp)];
    try {
      const { providerId } = await seed(db);
      for (let i = 0; i < 300; i++) await enqueueNotification(db.sql, delivery(providerId));
      // A second on: the database stamps mail_next_attempt_at in microseconds, the test's clock in milliseconds.
      const now = new Date(Date.now() + 1000);
      const policy = { ...mailPolicy, batchSize: 20 };
      const [a, b] = await Promise.all([
        deliverDueMail(db.sql, mailers[0], now, policy),
        deliverDueMail(second.sql, mailers[1], now, policy),
      ]);
      expect(a.sent + b.sent).toBe(300);
      // Both did part of the work (claims interleave), and no message was sent twice.
      expect(a.sent).toBeGreaterThan(0);
      expect(b.sent).toBeGreaterThan(0);
      const ids = smtp.received.map((m) => m.headers['x-portal-notification']);
      expect(ids).toHaveLength(300);
      expect(new Set(ids).size).toBe(300);
      const [state] =
        await db.sql`select count(*) filter (where mail_status = 'sent')::int as sent, max(mail_attempts)::int as attempts from notifications`;
      expect(state).toEqual({ sent: 300, attempts: 1 });
    } finally {
      for (const mailer of mailers) mailer.transport.close();
      await second.close();
      await smtp.stop();
      await db.close();
    }
  });
});
