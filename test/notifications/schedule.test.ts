import { createUser } from '../../api/src/admin/users.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { runDueNotifications } from '../../api/src/notifications/schedule.ts';
import { openSite, type Site } from '../operations/support.ts';
import { engines } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';
import { runToEnd, tsxBin } from '../support/process.ts';
import { startTestSmtp, type TestSmtp } from './smtp.ts';

/**
 * The time-based notifications as the operator runs them (`npm run portal -- notify run --at`) and
 * the server's timer does: period 2026-H2 has its deadline on 2027-01-21; A (98000010) delivered,
 * B (98000020) did not; an open dialogue action of each owner is due on 2027-01-15.
 */
describe.each(engines)('what is due, told once, on %s', (engine) => {
  let site: Site;
  let smtp: TestSmtp;
  let emails: Record<string, string>;
  let dialogueId: string;
  const told = async () =>
    (await site.db.sql`select u.email, n.event, n.link, n.params from notifications n join users u on u.id = n.user_id order by n.id`).map(
      (row) => `${row.event} → ${row.email} ${row.link}`,
    );

  beforeAll(async () => {
    site = await openSite(engine);
    smtp = await startTestSmtp();
    const region = await seedTestRegion(site.db.sql, site.keys.secretBoxKey);
    const providerB = await createUser(
      site.db.sql,
      systemActor('test', 'H10'),
      { email: 'provider-b@h10.test.nl', role: 'provider', orgCode: '98000020', regionCode: 'H10', displayName: 'Bea Bakker' },
      site.keys.secretBoxKey,
    );
    emails = {
      a: region.users.provider!.email,
      b: providerB.email,
      manager: region.users.contract_manager!.email,
      municipality: region.users.municipality!.email,
    };
    await site.db.sql`insert into provider_contracts (region_code, provider_id, product_category, valid_from)
      select 'H10', id, '45', '2025-01-01' from organisations where code in ('98000010', '98000020')`;
    await site.db.sql`insert into submissions (region_code, provider_id, period_code, version, record_count, file_sha256, content_type)
      select 'H10', id, '2026-H2', 1, 12, ${'b'.repeat(64)}, 'text/csv' from organisations where code = '98000010'`;
    const [dialogue] = await site.db.sql`insert into dialogues (region_code, provider_id, period_code, snapshot, prepared_by)
      select 'H10', id, '2025-H2', '{}'::jsonb, 'test' from organisations where code = '98000010' returning id`;
    dialogueId = String(dialogue!.id);
    await site.db.sql`insert into dialogue_actions (dialogue_id, description, owner, due_date, created_by) values
      (${dialogue!.id}, 'Wachtlijst terugdringen', 'provider', '2027-01-15', 'test'),
      (${dialogue!.id}, 'Uitval per locatie aanleveren', 'region', '2027-01-15', 'test')`;
  });
  afterAll(async () => {
    await smtp?.stop();
    await site?.stop();
    await site?.drop();
  });

  it('`notify run --at` reminds those who have not delivered, and the owners of actions due within a week, by mail', async () => {
    const env = { ...site.env, SMTP_URL: smtp.url, PUBLIC_URL: 'https://portal.example.nl', MAIL_FROM: 'Portaal <noreply@example.nl>' };
    const cli = (...args: string[]) => runToEnd(tsxBin, ['api/src/cli.ts', ...args, '--json'], env, 120_000);
    const first = await cli('notify', 'run', '--at', '2027-01-10T09:00:00+01:00');
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      at: '2027-01-10T08:00:00.000Z',
      deadlineApproaching: 1,
      deadlinePassed: 0,
      actionDueSoon: 2,
      actionOverdue: 0,
      figuresFinal: 0,
      mail: { sent: 3, failed: 0, gaveUp: 0, inboxOnly: 0 },
    });
    // Counts only: no address, name or text reaches the operator's terminal.
    expect(first.stdout).not.toContain('@');
    expect((await told()).sort()).toEqual(
      [
        `deadline_approaching → ${emails.b} /provider/upload`,
        `action_due_soon → ${emails.a} /dialogues/${dialogueId}`,
        `action_due_soon → ${emails.manager} /dialogues/${dialogueId}`,
      ].sort(),
    );
    const reminder = smtp.received.find((m) => m.envelopeTo[0] === emails.b)!;
    expect(reminder.subject).toBe('Aanlevering 2026-H2 verwacht vóór 21-01-2027');
    expect(reminder.text).toContain('Beste Bea Bakker,');
    expect(reminder.text).toContain('https://portal.example.nl/provider/upload');

    // The same moment again: everything was told already.
    const again = await cli('notify', 'run', '--at', '2027-01-10T09:00:00+01:00');
    expect(JSON.parse(again.stdout)).toMatchObject({ deadlineApproaching: 0, actionDueSoon: 0, mail: { sent: 0 } });
    expect(smtp.received).toHaveLength(3);
  });

  it('after the due date and the deadline: overdue actions and the missing delivery; after the review window: figures final', async () => {
    const at = (iso: string) => runDueNotifications(site.db.sql, { now: new Date(iso), mailer: undefined });
    expect(await at('2027-01-16T09:00:00+01:00')).toMatchObject({ actionOverdue: 2, deadlinePassed: 0, deadlineApproaching: 0 });
    expect(await at('2027-01-22T09:00:00+01:00')).toMatchObject({ deadlinePassed: 1, actionOverdue: 0 });
    // Final from 2027-02-05 (deadline + 14 review days + 1): the provider with data, the contract manager, the municipality.
    expect(await at('2027-02-04T23:00:00+01:00')).toMatchObject({ figuresFinal: 0 });
    expect(await at('2027-02-05T00:30:00+01:00')).toMatchObject({ figuresFinal: 3, mail: { inboxOnly: 3 } });
    expect(await at('2027-02-06T09:00:00+01:00')).toMatchObject({ figuresFinal: 0 });
    const final = (await told()).filter((line) => line.startsWith('figures_final'));
    expect(final.sort()).toEqual(
      [
        `figures_final → ${emails.a} /provider/results`,
        `figures_final → ${emails.manager} /compare`,
        `figures_final → ${emails.municipality} /residents`,
      ].sort(),
    );
    expect((await told()).filter((line) => line.startsWith('deadline_passed'))).toEqual([`deadline_passed → ${emails.b} /provider/upload`]);
    // Long after, nothing old is told again or for the first time.
    expect(await at('2027-06-01T09:00:00+02:00')).toMatchObject({ deadlinePassed: 0, actionOverdue: 0, figuresFinal: 0 });
  });
});
