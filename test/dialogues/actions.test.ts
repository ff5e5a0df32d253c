import { changeSince } from '../../schemas/stats/index.ts';
import { engines } from '../support/engines.ts';
import { daysFromToday, openDialogueRegion, type DialogueRegion } from './fixture.ts';

const A = '98000010';
const B = '98000020';
const D = '98000040';

describe.each(engines)('improvement actions and their follow-up on %s', (engine) => {
  let region: DialogueRegion;
  let first: any; // A, 2025-H1, meeting on 2026-01-15
  let next: any; // A, 2025-H2
  let open: any; // an action left open in the first dialogue
  let done: any; // an action finished in the first dialogue
  const request = (...args: Parameters<DialogueRegion['request']>) => region.request(...args);
  const prepare = async (providerAgb: string, period: string, meetingDate?: string) => {
    const response = await request('contract_manager', 'POST', '/dialogues', {
      body: { providerAgb, period, ...(meetingDate ? { meetingDate } : {}) },
    });
    expect(response.status).toBe(201);
    return response.body;
  };
  const addAction = (dialogueId: string, body: object) => request('contract_manager', 'POST', `/dialogues/${dialogueId}/actions`, { body });
  const finish = async (dialogue: { id: string; version: number }) => {
    const held = await request('contract_manager', 'PATCH', `/dialogues/${dialogue.id}`, {
      body: { status: 'gevoerd' },
      headers: { 'if-match': `"${dialogue.version}"` },
    });
    expect(held.status).toBe(200);
    const finished = await request('contract_manager', 'PATCH', `/dialogues/${dialogue.id}`, {
      body: { status: 'afgerond' },
      headers: { 'if-match': `"${held.body.version}"` },
    });
    expect(finished.status).toBe(200);
    return finished.body;
  };

  beforeAll(async () => {
    region = await openDialogueRegion(engine);
    first = await prepare(A, '2025-H1', '2026-01-15');
  });
  afterAll(async () => region?.db.close());

  it('records actions with what, who and due date, and refuses a due date before the meeting', async () => {
    const early = await addAction(first.id, { description: 'Wachtlijst terugdringen', owner: 'provider', dueDate: '2026-01-10' });
    expect(early.status).toBe(422);
    expect(early.body.errors).toEqual([
      {
        field: 'json.dueDate',
        code: 'due_date_before_meeting',
        message: { nl: expect.stringContaining('vóór het gesprek'), en: expect.stringContaining('before the meeting') },
      },
    ]);
    const empty = await addAction(first.id, { description: '  ', owner: 'provider', dueDate: '2026-03-01' });
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'json.description', code: 'text_empty' })]);
    const oversized = await addAction(first.id, { description: 'x'.repeat(1001), owner: 'provider', dueDate: '2026-03-01' });
    expect(oversized.body.errors).toEqual([expect.objectContaining({ field: 'json.description', code: 'text_too_long' })]);
    const owner = await addAction(first.id, { description: 'Iets', owner: 'gemeente', dueDate: '2026-03-01' });
    expect(owner.status).toBe(422);
    expect(owner.body.errors[0].field).toBe('json.owner');

    const created = await addAction(first.id, { description: 'Wachtlijst terugdringen', owner: 'provider', dueDate: '2026-03-01' });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      dialogueId: first.id,
      period: '2025-H1',
      description: 'Wachtlijst terugdringen',
      owner: 'provider',
      dueDate: '2026-03-01',
      status: 'open',
      followUp: null,
      version: 1,
    });
    open = created.body;
    done = (await addAction(first.id, { description: 'Uitvalcijfers per locatie aanleveren', owner: 'region', dueDate: '2026-01-15' }))
      .body;
    expect(done.version).toBe(1);
    expect(
      (
        await request('provider', 'POST', `/dialogues/${first.id}/actions`, {
          body: { description: 'x', owner: 'provider', dueDate: '2026-03-01' },
        })
      ).status,
    ).toBe(403);

    const followed = await request('contract_manager', 'PATCH', `/dialogues/${first.id}/actions/${done.id}`, {
      body: { status: 'done', followUp: 'Geleverd op 1 februari.' },
      headers: { 'if-match': '"1"' },
    });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ status: 'done', followUp: 'Geleverd op 1 februari.', version: 2 });
    const stale = await request('contract_manager', 'PATCH', `/dialogues/${first.id}/actions/${done.id}`, {
      body: { followUp: 'Een andere opmerking.' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'version_conflict', currentVersion: 2, current: { followUp: 'Geleverd op 1 februari.' } });
    const moved = await request('contract_manager', 'PATCH', `/dialogues/${first.id}/actions/${open.id}`, {
      body: { dueDate: '2025-12-31' },
      headers: { 'if-match': '"1"' },
    });
    expect(moved.status).toBe(422);
    expect(moved.body.errors[0].code).toBe('due_date_before_meeting');
    // Moving the meeting past an open action's due date is refused too.
    const later = await request('contract_manager', 'PATCH', `/dialogues/${first.id}`, {
      body: { meetingDate: '2026-03-15' },
      headers: { 'if-match': `"${first.version}"` },
    });
    expect(later.status).toBe(422);
    expect(later.body.errors[0]).toMatchObject({ field: 'json.meetingDate', code: 'meeting_after_due_dates' });

    // Without a meeting date a due date may not lie in the past.
    const other = await prepare(B, '2025-H1');
    const past = await addAction(other.id, { description: 'Respons verhogen', owner: 'provider', dueDate: daysFromToday(-1) });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].message.en).toContain('in the past');
    expect((await addAction(other.id, { description: 'Respons verhogen', owner: 'provider', dueDate: daysFromToday(30) })).status).toBe(
      201,
    );
  });

  it("carries open actions into the next dialogue with the provider and shows each indicator's change since the previous snapshot", async () => {
    first = await finish(first);
    expect(first.status).toBe('afgerond');
    next = await prepare(A, '2025-H2');
    expect(next.previousDialogue).toEqual({ id: first.id, period: '2025-H1', status: 'afgerond' });
    expect(next.snapshot.previousDialogue).toEqual({ id: first.id, period: '2025-H1' });
    expect(next.carriedOverActions.map((a: any) => a.id)).toEqual([open.id]);
    expect(next.carriedOverActions[0]).toMatchObject({ dialogueId: first.id, status: 'open', description: 'Wachtlijst terugdringen' });

    // Dropout went from 3/30 in the first snapshot to 6/18 in this one.
    const dropout = next.snapshot.categories[0].indicators.find((i: any) => i.indicator === 'dropout');
    expect(dropout.sincePrevious).toMatchObject({ dialogueId: first.id, period: '2025-H1', previous: { x: 3, n: 30 } });
    expect(dropout.sincePrevious.change.difference).toBeCloseTo(6 / 18 - 3 / 30, 10);
    expect(dropout.sincePrevious.change).toEqual(changeSince({ x: 3, n: 30 }, { x: 6, n: 18 }));
    expect(dropout.sincePrevious.change.lower).toBeLessThan(dropout.sincePrevious.change.difference);
    for (const item of next.snapshot.categories[0].indicators) expect(item.sincePrevious).not.toBeNull();

    // The first dialogue is finished: its actions are followed up in the next one.
    const closed = await request('contract_manager', 'PATCH', `/dialogues/${first.id}/actions/${open.id}`, {
      body: { status: 'done' },
      headers: { 'if-match': '"1"' },
    });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('dialogue_closed');
    const followed = await request('contract_manager', 'PATCH', `/dialogues/${next.id}/actions/${open.id}`, {
      body: { status: 'done', followUp: 'Wachtlijst is gehalveerd.' },
      headers: { 'if-match': '"1"' },
    });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ dialogueId: first.id, status: 'done', followedUpInDialogueId: next.id, version: 2 });
    const again = await request('contract_manager', 'GET', `/dialogues/${next.id}`);
    expect(again.body.carriedOverActions).toEqual([
      expect.objectContaining({ id: open.id, status: 'done', followUp: 'Wachtlijst is gehalveerd.' }),
    ]);
    const history = await request('contract_manager', 'GET', `/dialogues/${next.id}/history`);
    expect(history.body.events.at(-1)).toMatchObject({
      event: 'action_updated',
      actionId: open.id,
      changes: [
        { field: 'status', from: 'open', to: 'done' },
        { field: 'followUp', from: null, to: 'Wachtlijst is gehalveerd.' },
      ],
    });
    // An action of another provider is not found through this dialogue.
    const foreign = (await request('contract_manager', 'GET', '/dialogues/actions?providerAgb=98000020')).body.actions[0];
    expect(
      (
        await request('contract_manager', 'PATCH', `/dialogues/${next.id}/actions/${foreign.id}`, {
          body: { status: 'done' },
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(404);
  });

  it("shows municipalities nothing while the region setting is off, and only finished dialogues' actions once it is on", async () => {
    // D serves only Delft (0503); the municipality account is Den Haag (0518).
    const withD = await prepare(D, '2025-H1', '2026-01-20');
    expect((await addAction(withD.id, { description: 'Nazorg regelen', owner: 'provider', dueDate: '2026-05-01' })).status).toBe(201);
    await finish(withD);
    expect((await addAction(next.id, { description: 'Nog niet afgerond', owner: 'region', dueDate: daysFromToday(10) })).status).toBe(201);

    const off = await request('municipality', 'GET', '/dialogues/actions');
    expect(off.status).toBe(200);
    expect(off.body).toEqual({ actionsVisibleToMunicipalities: false, actions: [] });

    expect(
      (await request('contract_manager', 'PUT', '/dialogues/settings', { body: { actionsVisibleToMunicipalities: true } })).status,
    ).toBe(403);
    const switched = await request('admin', 'PUT', '/dialogues/settings', { body: { actionsVisibleToMunicipalities: true } });
    expect(switched.status).toBe(200);
    expect((await request('contract_manager', 'GET', '/dialogues/settings')).body).toEqual({ actionsVisibleToMunicipalities: true });

    const on = await request('municipality', 'GET', '/dialogues/actions');
    expect(on.body.actionsVisibleToMunicipalities).toBe(true);
    expect(on.body.actions.map((a: any) => [a.provider.agb, a.dialogueId, a.description]).sort()).toEqual([
      [A, first.id, 'Uitvalcijfers per locatie aanleveren'],
      [A, first.id, 'Wachtlijst terugdringen'],
    ]);
    expect(Object.keys(on.body.actions[0]).sort()).toEqual([
      'createdAt',
      'description',
      'dialogueId',
      'dueDate',
      'followUp',
      'followedUpInDialogueId',
      'id',
      'owner',
      'period',
      'provider',
      'status',
      'updatedAt',
      'version',
    ]);
    expect((await request('municipality', 'GET', `/dialogues/${first.id}`)).status).toBe(403);

    const manager = await request('contract_manager', 'GET', '/dialogues/actions');
    expect(new Set(manager.body.actions.map((a: any) => a.provider.agb))).toEqual(new Set([A, B, D]));
    const provider = await request('provider', 'GET', '/dialogues/actions?status=open');
    expect(provider.body.actions.map((a: any) => [a.provider.agb, a.description])).toEqual([[A, 'Nog niet afgerond']]);
    expect((await request('auditor', 'GET', '/dialogues/actions')).status).toBe(403);
  });

  it('writes one access-log entry for every action read and change, without the texts', async () => {
    const [{ seq: before }] = await region.db.sql`select coalesce(max(seq), 0)::int as seq from access_log`;
    const added = await addAction(next.id, { description: 'Vertrouwelijke actietekst', owner: 'provider', dueDate: daysFromToday(20) });
    await request('contract_manager', 'PATCH', `/dialogues/${next.id}/actions/${added.body.id}`, {
      body: { followUp: 'Loopt.' },
      headers: { 'if-match': '"1"' },
    });
    await request('contract_manager', 'PATCH', `/dialogues/${next.id}/actions/${added.body.id}`, {
      body: { followUp: 'Te laat.' },
      headers: { 'if-match': '"1"' },
    });
    await addAction(next.id, { description: 'x', owner: 'provider', dueDate: daysFromToday(-5) });
    await request('municipality', 'GET', '/dialogues/actions');
    await request('admin', 'PUT', '/dialogues/settings', { body: { actionsVisibleToMunicipalities: false } });
    const logged = await region.db
      .sql`select action, result, object_type, object_id, details from access_log where seq > ${before} order by seq`;
    expect(logged.map((e) => [e.action, e.result])).toEqual([
      ['dialogue.action.create', 'allowed'],
      ['dialogue.action.update', 'allowed'],
      ['dialogue.action.update', 'error'],
      ['dialogue.action.create', 'error'],
      ['dialogue.actions.list', 'allowed'],
      ['region.dialogue_settings.update', 'allowed'],
    ]);
    expect(logged[0]).toMatchObject({ objectType: 'dialogue', objectId: next.id, details: { actionId: added.body.id } });
    expect(logged[2].details).toMatchObject({ refused: 'version_conflict', kind: 'conflict' });
    expect(logged[4].details).toMatchObject({ sharedWithMunicipalities: true, returned: 2 });
    expect(logged[5].details).toEqual({ actionsVisibleToMunicipalities: { from: true, to: false } });
    expect(JSON.stringify(logged)).not.toMatch(/Vertrouwelijke|Loopt|Te laat/);
    expect((await request('municipality', 'GET', '/dialogues/actions')).body.actions).toEqual([]);
  });
});
