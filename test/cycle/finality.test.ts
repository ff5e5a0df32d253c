/**
 * Provisional and final figures (issue 17): every figure answer says the period's phase and the
 * day its figures become final; a remembered answer does not stay provisional once that day has
 * come; the dialogue snapshot keeps the phase it was frozen in. The region's cycle settings (the
 * review window among them) are kept, checked and logged like its other settings.
 *
 * Region: the dialogue fixture (test/dialogues/fixture.ts), data in 2025-H1 and 2025-H2, category 45.
 */
import type { Actor } from '../../api/src/auth/actor.ts';
import { indicatorTableAnswer } from '../../api/src/indicators/comparisons.ts';
import { addDays, todayInPortal } from '../../schemas/dates.ts';
import { engines } from '../support/engines.ts';
import { csvOf, validRow } from '../support/records.ts';
import { openDialogueRegion, type DialogueRegion } from '../dialogues/fixture.ts';

const period = '2025-H2';
const query = `period=${period}&productCategory=45`;

describe.each(engines)('provisional and final figures on %s', (engine) => {
  let region: DialogueRegion;

  beforeAll(async () => {
    region = await openDialogueRegion(engine);
  });
  afterAll(async () => region?.db.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  const setDeadline = (deadline: string) =>
    region.db.sql`update periods set deadline = ${deadline} where region_code = 'H10' and code = ${period}`;
  const lastEvent = async (action: string) =>
    (await region.db.sql`select action, result, object_id, details from access_log where action = ${action} order by seq desc limit 1`)[0];

  it('keeps the cycle settings of the region: defaults, a round trip, the bounds, logged; administrators only', async () => {
    const before = await region.request('admin', 'GET', '/admin/region');
    expect(before.body).toMatchObject({ reminderDaysBefore: 14, reviewWindowDays: 14, replaceMinShare: 0.8 });
    const changed = await region.request('admin', 'PATCH', '/admin/region', {
      body: { reminderDaysBefore: 7, reviewWindowDays: 21, replaceMinShare: 0.75 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ reminderDaysBefore: 7, reviewWindowDays: 21, replaceMinShare: 0.75, minN: 10 });
    expect((await region.request('admin', 'GET', '/admin/region')).body).toMatchObject({
      reminderDaysBefore: 7,
      reviewWindowDays: 21,
      replaceMinShare: 0.75,
    });
    expect(await lastEvent('region.settings')).toMatchObject({
      details: { from: { reviewWindowDays: 14, replaceMinShare: 0.8 }, to: { reviewWindowDays: 21, replaceMinShare: 0.75 } },
    });
    for (const wrong of [
      { reviewWindowDays: 181 },
      { reviewWindowDays: -1 },
      { reminderDaysBefore: 91 },
      { replaceMinShare: 1.5 },
      { reviewWindowDays: 2.5 },
    ]) {
      const refused = await region.request('admin', 'PATCH', '/admin/region', { body: wrong });
      expect(refused.status, JSON.stringify(wrong)).toBe(422);
      expect(refused.body.detail).toBeTruthy();
    }
    expect((await region.request('contract_manager', 'PATCH', '/admin/region', { body: { reviewWindowDays: 30 } })).status).toBe(403);
    await region.request('admin', 'PATCH', '/admin/region', {
      body: { reminderDaysBefore: 14, reviewWindowDays: 14, replaceMinShare: 0.8 },
    });
  });

  it('says on every figure answer whether the figures are open, provisional or final, and from when final', async () => {
    const today = todayInPortal();
    const expectations = [
      { deadline: addDays(today, 3), phase: 'open', finalFrom: addDays(today, 18) },
      { deadline: today, phase: 'open', finalFrom: addDays(today, 15) },
      { deadline: addDays(today, -1), phase: 'provisional', finalFrom: addDays(today, 14) },
      { deadline: addDays(today, -14), phase: 'provisional', finalFrom: addDays(today, 1) },
      { deadline: addDays(today, -15), phase: 'final', finalFrom: today },
    ];
    for (const { deadline, phase, finalFrom } of expectations) {
      await setDeadline(deadline);
      const finality = { phase, finalFrom };
      for (const role of ['contract_manager', 'provider'] as const) {
        const table = await region.request(role, 'GET', `/indicators?${query}`);
        expect(table.status).toBe(200);
        expect(table.body.finality, `${role} ${deadline}`).toEqual(finality);
        const funnel = await region.request(role, 'GET', `/comparisons/funnel?${query}&indicator=dropout`);
        expect(funnel.body.finality).toEqual(finality);
        const casemix = await region.request(role, 'GET', `/comparisons/casemix?${query}&indicator=dropout`);
        expect(casemix.body.finality).toEqual(finality);
        const quality = await region.request(role, 'GET', `/data-quality?period=${period}`);
        expect(quality.body.finality).toEqual(finality);
        const trend = await region.request(role, 'GET', `/comparisons/trend?${query}&indicator=dropout`);
        const points = [...trend.body.region.points, ...trend.body.providers.flatMap((p: { points: unknown[] }) => p.points)];
        expect(points.length).toBeGreaterThan(1);
        for (const point of points.filter((p) => p.period === period)) expect(point.finality).toEqual(finality);
        // 2025-H1's deadline (2025-07-21) lies far back: final in every trend.
        for (const point of points.filter((p) => p.period === '2025-H1'))
          expect(point.finality).toEqual({ phase: 'final', finalFrom: '2025-08-05' });
      }
      const municipality = await region.request('municipality', 'GET', `/indicators?${query}`);
      expect(municipality.body.finality).toEqual(finality);
    }
    // A longer review window moves the final date.
    await setDeadline(addDays(today, -15));
    await region.request('admin', 'PATCH', '/admin/region', { body: { reviewWindowDays: 30 } });
    expect((await region.request('contract_manager', 'GET', `/indicators?${query}`)).body.finality).toEqual({
      phase: 'provisional',
      finalFrom: addDays(today, 16),
    });
    await region.request('admin', 'PATCH', '/admin/region', { body: { reviewWindowDays: 14 } });
    // A period the region does not have has no phase.
    expect((await region.request('contract_manager', 'GET', '/indicators?period=2030-H1&productCategory=45')).body.finality).toBeNull();
  });

  it('does not serve a remembered answer as provisional once the day the figures become final has come', async () => {
    // Final from tomorrow.
    await setDeadline(addDays(todayInPortal(), -14));
    const [user] = await region.db
      .sql`select u.id, o.id as organisation_id from users u join organisations o on o.id = u.organisation_id where u.role = 'contract_manager'`;
    const actor: Actor = {
      type: 'user',
      id: String(user.id),
      role: 'contract_manager',
      organisationId: Number(user.organisationId),
      organisationCode: null,
      regionCode: 'H10',
      scopes: [],
    };
    const origin = { ip: '127.0.0.1', requestId: null };
    const read = async () => (await indicatorTableAnswer(region.db.sql, actor, { period, productCategory: '45' }, origin)).body();
    const first = await read();
    const again = await read();
    expect(again.computedAt).toBe(first.computedAt); // remembered
    expect(first.finality).toEqual({ phase: 'provisional', finalFrom: addDays(todayInPortal(), 1) });
    // Only Date is faked: the database driver's timers keep running.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 24 * 60 * 60 * 1000);
    const tomorrow = await read();
    expect(tomorrow.finality).toEqual({ phase: 'final', finalFrom: todayInPortal() });
    expect(tomorrow.rows).toEqual(first.rows); // the same figures, only the label moved
  });

  it('freezes the phase in a dialogue snapshot when it is prepared', async () => {
    await setDeadline(addDays(todayInPortal(), -2));
    const prepared = await region.request('contract_manager', 'POST', '/dialogues', { body: { providerAgb: '98000010', period } });
    expect(prepared.status).toBe(201);
    expect(prepared.body.snapshot.finality).toEqual({ phase: 'provisional', finalFrom: addDays(todayInPortal(), 13) });
    // Later the period is final; the snapshot keeps what it was frozen with.
    await setDeadline('2026-01-21');
    const read = await region.request('contract_manager', 'GET', `/dialogues/${prepared.body.id}`);
    expect(read.body.snapshot.finality).toEqual({ phase: 'provisional', finalFrom: addDays(todayInPortal(), 13) });
    expect(read.body.newerData).toMatchObject({ exists: false, changedAfterFinal: false, finalFrom: '2026-02-05' });
  });

  it('says in the dialogue when the provider changed its figures after they had become final', async () => {
    const [dialogue] = (await region.request('contract_manager', 'GET', `/dialogues?period=${period}`)).body.dialogues;
    // Final since 2026-02-05; provider A holds the fixture's lock exception, so its correction goes in today.
    const rows = Array.from({ length: 20 }, (_, i) => validRow(500 + i, { productCategory: '45', municipalityCode: '0518' }));
    const upload = await region.request('provider', 'POST', `/submissions?period=${period}&dryRun=false&confirmReplace=true`, {
      body: csvOf(rows),
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.status).toBe(201);
    for (const role of ['contract_manager', 'provider'] as const) {
      const read = await region.request(role, 'GET', `/dialogues/${dialogue.id}`);
      expect(read.body.newerData).toMatchObject({ exists: true, resubmitted: true, changedAfterFinal: true, finalFrom: '2026-02-05' });
    }
  });
});
