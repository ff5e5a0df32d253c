import { createApiClient } from '../../api/src/admin/api-clients.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { enqueueNotification } from '../../api/src/notifications/outbox.ts';
import { openDialogueRegion, type DialogueRegion } from '../dialogues/fixture.ts';
import { engines } from '../support/engines.ts';
import { csvOf, validRow } from '../support/records.ts';

describe.each(engines)('the notifications inbox and preferences on %s', (engine) => {
  let region: DialogueRegion;
  let dialogue: { id: string; version: number };
  const request = (...args: Parameters<DialogueRegion['request']>) => region.request(...args);
  const inbox = async (role: Parameters<DialogueRegion['request']>[0]) => {
    const answer = await request(role, 'GET', '/notifications');
    expect(answer.status).toBe(200);
    return answer.body as { items: any[]; unreadCount: number };
  };
  const logged = async (action: string) =>
    (await region.db.sql`select count(*)::int as n from access_log where action = ${action}`)[0]!.n as number;

  beforeAll(async () => {
    region = await openDialogueRegion(engine);
  });
  afterAll(async () => region?.db.close());

  it('tells the provider that a dialogue was prepared, in the same transaction, with a link to it', async () => {
    expect(await inbox('provider')).toEqual({ items: [], unreadCount: 0 });
    const prepared = await request('contract_manager', 'POST', '/dialogues', { body: { providerAgb: '98000010', period: '2025-H2' } });
    expect(prepared.status).toBe(201);
    dialogue = prepared.body;
    const { items, unreadCount } = await inbox('provider');
    expect(unreadCount).toBe(1);
    expect(items).toEqual([
      {
        id: expect.any(String),
        event: 'dialogue_prepared',
        title: { nl: 'Resultaatdialoog 2025-H2 voorbereid', en: 'Result dialogue for 2025-H2 prepared' },
        body: { nl: expect.stringContaining('duiding'), en: expect.stringContaining('explanation') },
        link: `/dialogues/${dialogue.id}`,
        createdAt: expect.any(String),
        read: false,
        mailStatus: 'pending',
      },
    ]);
    // Only the provider's own people: the contract manager's inbox stays empty.
    expect((await inbox('contract_manager')).unreadCount).toBe(0);
    expect(await logged('notifications.list')).toBeGreaterThanOrEqual(3);
  });

  it('tells the contract managers when the provider gives its duiding, once per dialogue and day', async () => {
    let version = dialogue.version;
    for (const text of ['Eerste duiding.', 'Tweede versie van de duiding.']) {
      const saved = await request('provider', 'PATCH', `/dialogues/${dialogue.id}`, {
        body: { generalExplanation: text },
        headers: { 'if-match': `"${version}"` },
      });
      expect(saved.status).toBe(200);
      version = saved.body.version;
    }
    const { items } = await inbox('contract_manager');
    expect(items.map((n) => [n.event, n.link])).toEqual([['explanation_given', `/dialogues/${dialogue.id}`]]);
    expect(items[0].title.nl).toBe(`Duiding gegeven bij dialoog ${dialogue.id}`);
  });

  it('tells the provider its delivery was stored, with its own record count', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => validRow(i));
    const upload = await request('provider', 'POST', '/submissions?period=2025-H2&dryRun=false&confirmReplace=true', {
      body: csvOf(rows),
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.status).toBe(201);
    const [latest] = (await inbox('provider')).items;
    expect(latest).toMatchObject({ event: 'delivery_received', link: '/provider/submissions', read: false });
    expect(latest.body.nl).toContain('(30 trajecten)');
  });

  it('marks one or all as read; another user’s notification is not found; API clients have no inbox', async () => {
    const providerItems = (await inbox('provider')).items;
    expect(providerItems).toHaveLength(2);
    const theirs = await request('contract_manager', 'POST', `/notifications/${providerItems[0].id}/read`);
    expect(theirs.status).toBe(404);
    expect(theirs.body.code).toBe('notification_not_found');
    expect(theirs.body.detail).toBeTruthy();
    expect((await request('provider', 'POST', '/notifications/abc/read')).status).toBe(404);
    const read = await request('provider', 'POST', `/notifications/${providerItems[0].id}/read`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: providerItems[0].id, read: true });
    expect((await inbox('provider')).unreadCount).toBe(1);
    const all = await request('provider', 'POST', '/notifications/read-all');
    expect(all.body).toEqual({ marked: 1, unreadCount: 0 });
    expect((await inbox('provider')).items.every((n) => n.read)).toBe(true);
    expect(await logged('notifications.read')).toBe(1);
    expect(await logged('notifications.read_all')).toBe(1);

    const client = await createApiClient(region.db.sql, systemActor('test', 'H10'), { providerAgb: '98000010', regionCode: 'H10' });
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    const token = await region.app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const bearer = `Bearer ${(await token.json()).access_token}`;
    const refused = await region.app.request('/api/v1/notifications', { headers: { authorization: bearer } });
    expect(refused.status).toBe(403);
  });

  it('keeps each user’s choices: e-mail off → inbox only, inbox off → nothing; the language is the user’s', async () => {
    const defaults = await request('provider', 'GET', '/notifications/preferences');
    expect(defaults.status).toBe(200);
    expect(defaults.body.language).toBe('nl');
    expect(defaults.body.events).toContainEqual({ event: 'figures_final', inbox: true, email: true });

    const invalid = await request('provider', 'PUT', '/notifications/preferences', {
      body: { events: [{ event: 'figures_final', inbox: false, email: true }] },
    });
    expect(invalid.status).toBe(422);
    expect(invalid.body.errors[0]).toMatchObject({ field: 'json.events.0.email', code: 'email_needs_inbox' });

    const saved = await request('provider', 'PUT', '/notifications/preferences', {
      body: {
        language: 'en',
        events: [
          { event: 'figures_final', inbox: true, email: false },
          { event: 'deadline_passed', inbox: false, email: false },
        ],
      },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.language).toBe('en');
    expect(saved.body.events).toContainEqual({ event: 'figures_final', inbox: true, email: false });
    const [user] = await region.db.sql`select language from users where role = 'provider'`;
    expect(user!.language).toBe('en');
    expect(await logged('notifications.preferences.update')).toBe(1);

    const [org] = await region.db.sql`select id from organisations where code = '98000010'`;
    const tell = (event: 'figures_final' | 'deadline_passed') =>
      enqueueNotification(region.db.sql, {
        regionCode: 'H10',
        event,
        recipients: { organisationId: Number(org!.id) },
        params: { period: '2025-H2', date: '2026-01-21' },
        link: '/provider/results',
        dedupeKey: `${event}:2025-H2:${org!.id}`,
      });
    expect(await tell('figures_final')).toBe(1);
    expect(await tell('figures_final')).toBe(0); // the same occurrence is told once
    expect(await tell('deadline_passed')).toBe(0); // turned off: not even in the inbox
    const [latest] = (await inbox('provider')).items;
    expect(latest).toMatchObject({ event: 'figures_final', mailStatus: 'not_sent', read: false });
  });
});
