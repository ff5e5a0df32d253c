import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertRegion, createProvider } from '../api/src/admin/organisations.ts';
import { createUser } from '../api/src/admin/users.ts';
import { systemActor } from '../api/src/auth/actor.ts';
import { setPasswordHashCost } from '../api/src/auth/passwords.ts';
import { connectPostgres, openEmbedded, type Database } from '../api/src/db/connect.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { createMailer } from '../api/src/notifications/mailer.ts';
import { deliverDueMail } from '../api/src/notifications/sender.ts';
import { startTestSmtp, type TestSmtp } from '../test/notifications/smtp.ts';
import { startPostgresCluster, type PostgresCluster } from '../test/support/global-setup.ts';

/**
 * bench:notify (issue 17): BENCH_NOTIFICATIONS (default 10,000) due notifications mailed through
 * a real SMTP server (smtp-server, on this machine) by the real sender: time to drain, messages
 * lost or sent twice, peak RSS of this process (sender, database client and SMTP server together;
 * the embedded database runs in it too). BENCH_ENGINE=postgres (a cluster of its own) or DATABASE_URL:
 * PostgreSQL, drained by two senders at once (two pools, two transports, as two API processes).
 * Second run: the SMTP server is stopped when half has arrived and started again 2 s later; the
 * sender's clock is moved on to each next attempt (as the schedule would reach it), so the backoff
 * is simulated, not waited.
 */
const total = Number(process.env.BENCH_NOTIFICATIONS ?? 10_000);
const userCount = 200;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

let cluster: PostgresCluster | undefined;
async function open(): Promise<Database> {
  if (process.env.DATABASE_URL) return connectPostgres(process.env.DATABASE_URL, 4);
  if (process.env.BENCH_ENGINE === 'postgres') {
    cluster = await startPostgresCluster();
    return connectPostgres(cluster.url, 4);
  }
  return openEmbedded({ pgliteDir: undefined, socketPath: join(tmpdir(), `rp-bench-notify-${randomBytes(4).toString('hex')}.sock`) });
}

async function seed(db: Database) {
  setPasswordHashCost('test');
  const actor = systemActor('bench', 'H10');
  await upsertRegion(db.sql, actor, {
    code: 'H10',
    name: 'Benchregio',
    municipalities: [{ code: '0518', name: 'Den Haag', validUntil: null }],
    productCategories: ['45'],
  });
  await createProvider(db.sql, actor, { agb: '98000010', name: 'Aanbieder A', regionCode: 'H10' });
  const secretBoxKey = Uint8Array.from(randomBytes(32));
  for (let i = 0; i < userCount; i++) {
    await createUser(
      db.sql,
      actor,
      { email: `gebruiker${i}@bench.test.nl`, role: 'provider', orgCode: '98000010', regionCode: 'H10', displayName: `Gebruiker ${i}` },
      secretBoxKey,
    );
  }
  await db.sql`update users set language = case when id % 2 = 0 then 'en' else 'nl' end`;
}

async function enqueue(db: Database) {
  await db.sql`delete from notifications`;
  // Due notifications as the outbox leaves them: one per user and occurrence, pending.
  await db.sql`insert into notifications (region_code, user_id, event, params, link, dedupe_key, mail_next_attempt_at)
    select 'H10', u.id, 'delivery_received', jsonb_build_object('period', '2026-H1', 'records', 100 + g % 400), '/provider/submissions',
      'bench:' || g, now() - interval '1 minute'
    from generate_series(1, ${total}) g
    join lateral (select id from users order by id offset (g % ${userCount}) limit 1) u on true`;
}

/** One sender (PGlite serves one connection), or on PostgreSQL two, each with its own pool and mail transport, as two API processes. */
async function drain(db: Database, smtp: TestSmtp, outage: boolean) {
  const senders = db.engine === 'postgres' ? [db, await connectPostgres(connectionUrl!, 4)] : [db];
  outageStarted = false;
  const results = await Promise.all(senders.map((sender) => drainOne(sender, smtp, outage)));
  if (senders[1]) await senders[1].close();
  const seconds = Math.max(...results.map((r) => r.seconds));
  const ids = smtp.received.map((mail) => mail.headers['x-portal-notification']);
  const unique = new Set(ids);
  const [state] = await db.sql`select count(*) filter (where mail_status = 'sent')::int as sent,
    count(*) filter (where mail_status <> 'sent')::int as unsent from notifications`;
  return {
    seconds,
    perSecond: total / seconds,
    received: ids.length,
    lost: total - unique.size,
    doubled: ids.length - unique.size,
    sentInDb: Number(state!.sent),
    notSentInDb: Number(state!.unsent),
    failedAttempts: results.reduce((sum, r) => sum + r.failedAttempts, 0),
  };
}

let outageStarted = false;
async function drainOne(db: Database, smtp: TestSmtp, outage: boolean) {
  const mailer = createMailer({
    smtpUrl: smtp.url,
    mailFrom: 'Bench <noreply@bench.test.nl>',
    publicUrl: 'https://portal.example.nl',
    port: 0,
  })!;
  let now = new Date();
  let failedAttempts = 0;
  const watcher = outage
    ? setInterval(() => {
        if (!outageStarted && smtp.received.length >= total / 2) {
          outageStarted = true;
          void smtp.stop().then(() => setTimeout(() => void smtp.start(), 2000));
        }
      }, 5)
    : undefined;
  const started = performance.now();
  for (;;) {
    const run = await deliverDueMail(db.sql, mailer, now);
    failedAttempts += run.failed;
    // The next retry of a failed message (mail_error set); rows without an error are the other sender's, being sent right now.
    const [left] = await db.sql`select count(*)::int as pending, min(mail_next_attempt_at) filter (where mail_error is not null) as next
      from notifications where mail_status = 'pending'`;
    if (Number(left!.pending) === 0) break;
    if (run.sent === 0 && run.failed === 0) {
      // Nothing due for this sender: move its clock to the next attempt (and give a restarting server a moment).
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (left!.next) now = new Date(Math.max(now.getTime(), new Date(left!.next as Date).getTime()));
    }
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(watcher);
  mailer.transport.close();
  return { seconds, failedAttempts };
}

const db = await open();
const connectionUrl = process.env.DATABASE_URL ?? cluster?.url;
await migrate(db.sql);
await seed(db);
const smtp = await startTestSmtp();
const engine = db.engine === 'postgres' ? 'PostgreSQL, two senders' : 'PGlite (embedded), one sender';
console.log(`bench:notify — ${total} due notifications to ${userCount} users, ${engine}, real SMTP server on ${smtp.url}`);

await enqueue(db);
const calm = await drain(db, smtp, false);
console.log(
  `drain:        ${calm.seconds.toFixed(1)} s (${calm.perSecond.toFixed(0)}/s), received ${calm.received}, lost ${calm.lost}, sent twice ${calm.doubled}, ` +
    `sent in db ${calm.sentInDb}, not sent ${calm.notSentInDb}`,
);

smtp.received.length = 0;
await enqueue(db);
const rough = await drain(db, smtp, true);
console.log(
  `with outage:  ${rough.seconds.toFixed(1)} s (SMTP stopped at ${total / 2}, started 2 s later), received ${rough.received}, lost ${rough.lost}, ` +
    `sent twice ${rough.doubled}, failed attempts retried ${rough.failedAttempts}, sent in db ${rough.sentInDb}, not sent ${rough.notSentInDb}`,
);
console.log(`peak RSS:     ${mb(peakRss)}`);

clearInterval(sampler);
await smtp.stop();
await db.close();
await cluster?.stop();
