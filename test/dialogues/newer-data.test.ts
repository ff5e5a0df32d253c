/**
 * Newer data than a dialogue's snapshot (SPEC §7.1, issue 7): later submissions never change the
 * snapshot, and the dialogue says when the data its figures come from changed — the provider's own
 * resubmission, a peer's for the same period and categories (peer figures, p0, funnel limits) or a
 * later period's that moves "geen nieuwe start" — but not for an earlier period or another category.
 * The next dialogue with the provider compares only what both snapshots cover.
 */
import { upsertRegion } from '../../api/src/admin/organisations.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { engines } from '../support/engines.ts';
import { keepFinalPeriodsOpen } from '../support/fixtures.ts';
import { csvOf, validRow } from '../support/records.ts';
import { daysFromToday, openDialogueRegion, type DialogueRegion } from './fixture.ts';

const A = '98000010'; // the provider account's organisation
const B = '98000020';
const D = '98000040';
const E = '98000050'; // added here: only category 54

/** Start and end dates inside each period (end dates in the past, start before end). */
const span: Record<string, { startDate: string; endDate: string }> = {
  '2025-H1': { startDate: '2024-10-01', endDate: '2025-03-01' },
  '2025-H2': { startDate: '2025-03-01', endDate: '2025-09-01' },
  '2026-H2': { startDate: '2026-07-01', endDate: '2026-09-01' },
};

type Group = { category: string; reason: string; count: number };

describe.each(engines)('newer data than a dialogue snapshot on %s', (engine) => {
  let region: DialogueRegion;
  const bearer: Record<string, string> = {};
  let serial = 10_000; // each row its own client: no re-entry between the uploads here
  let dialogueX: any; // A, 2025-H2, category 45
  let frozenText = ''; // X's snapshot as the database holds it
  let frozenJson = ''; // and as the API returns it
  const request = (...args: Parameters<DialogueRegion['request']>) => region.request(...args);

  /** A CSV of the given end reasons per category for one provider and period. */
  function fileOf(agb: string, period: string, groups: Group[]): string {
    const rows = groups.flatMap((g) =>
      Array.from({ length: g.count }, () =>
        validRow(++serial, {
          providerAgb: agb,
          productCategory: g.category,
          productCode: '',
          municipalityCode: '0518',
          endReason: g.reason,
          ...span[period],
        }),
      ),
    );
    return csvOf(rows);
  }

  /** Submits for good as the provider: A with its user account, the others with their API client. */
  async function submit(agb: string, period: string, groups: Group[]) {
    const path = `/submissions?period=${period}&dryRun=false`;
    const body = fileOf(agb, period, groups);
    const response =
      agb === A
        ? await request('provider', 'POST', path, { body, headers: { 'content-type': 'text/csv' } })
        : await (async () => {
            const answer = await region.app.request(`/api/v1${path}`, {
              method: 'POST',
              headers: { authorization: bearer[agb], 'content-type': 'text/csv' },
              body,
            });
            return { status: answer.status, body: await answer.json() };
          })();
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.submission as { id: string; version: number };
  }

  const view = async (id: string, role: 'contract_manager' | 'provider' = 'contract_manager') => {
    const response = await request(role, 'GET', `/dialogues/${id}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const changesOf = async (id: string, role: 'contract_manager' | 'provider' = 'contract_manager') => {
    const response = await request(role, 'GET', `/dialogues/${id}/changes`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const row = (changes: any, category: string, indicator: string) =>
    changes.indicators.find((i: any) => i.productCategory === category && i.indicator === indicator);
  const storedSnapshot = async (id: string) =>
    String((await region.db.sql`select snapshot::text as text from dialogues where id = ${id}`)[0].text);

  /** X's snapshot is what it was, to the byte, in the database and in the API's answer. */
  async function expectSnapshotUnchanged() {
    expect(await storedSnapshot(dialogueX.id)).toBe(frozenText);
    expect(JSON.stringify((await view(dialogueX.id)).snapshot)).toBe(frozenJson);
  }

  beforeAll(async () => {
    region = await openDialogueRegion(engine);
    // A third category, a provider with data in 54 only, the closed 2025-H1 reopened for a
    // correction, and API clients for the peers: all as the region's administrator does it.
    await upsertRegion(region.db.sql, systemActor('test', 'H10'), {
      code: 'H10',
      name: 'Testregio H10',
      municipalities: [
        { code: '0518', name: 'Den Haag', validUntil: null },
        { code: '0503', name: 'Delft', validUntil: null },
      ],
      productCategories: ['43', '45', '54'],
    });
    expect((await request('admin', 'POST', '/admin/providers', { body: { agb: E, name: 'Aanbieder E' } })).status).toBe(201);
    expect((await request('admin', 'PATCH', '/admin/periods/2025-H1', { body: { closed: false } })).status).toBe(200);
    // Both periods' figures are final by now: the uploads here need the fixture's standing lock exceptions.
    await keepFinalPeriodsOpen(region.db.sql);
    for (const agb of [B, E]) {
      const created = await request('admin', 'POST', '/admin/api-clients', { body: { providerAgb: agb } });
      expect(created.status).toBe(201);
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: created.body.clientId,
        client_secret: created.body.clientSecret,
      });
      const token = await (
        await region.app.request('/api/v1/auth/token', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        })
      ).json();
      bearer[agb] = `Bearer ${token.access_token}`;
    }
  });
  afterAll(async () => region?.db.close());

  it('freezes, beside its own submission versions, a digest of the other submissions its figures come from, and shows no newer data yet', async () => {
    const prepared = await request('contract_manager', 'POST', '/dialogues', {
      body: { providerAgb: A, period: '2025-H2', productCategories: ['45'] },
    });
    expect(prepared.status).toBe(201);
    dialogueX = prepared.body;
    expect(dialogueX.snapshot.otherSources).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(dialogueX.newerData).toMatchObject({ exists: false, resubmitted: false, replacedAt: null, otherData: false });
    expect((await view(dialogueX.id, 'provider')).newerData.exists).toBe(false);
    frozenText = await storedSnapshot(dialogueX.id);
    frozenJson = JSON.stringify(dialogueX.snapshot);
    expect(JSON.stringify((await view(dialogueX.id)).snapshot)).toBe(frozenJson);
  });

  it("raises no notice for a submission for an earlier period, nor for a peer's submission in another category only", async () => {
    // A corrects its 2025-H1 (the earlier period: it feeds only the trend line) and adds category 54 there.
    await submit(A, '2025-H1', [
      { category: '45', reason: '03', count: 3 },
      { category: '45', reason: '01', count: 27 },
      { category: '54', reason: '03', count: 2 },
      { category: '54', reason: '01', count: 10 },
    ]);
    // E submits for the dialogue's own period, but only in category 54.
    await submit(E, '2025-H2', [
      { category: '54', reason: '03', count: 2 },
      { category: '54', reason: '01', count: 18 },
    ]);

    expect((await view(dialogueX.id)).newerData).toMatchObject({ exists: false, resubmitted: false, replacedAt: null, otherData: false });
    expect((await view(dialogueX.id, 'provider')).newerData.exists).toBe(false);
    const changes = await changesOf(dialogueX.id);
    expect(changes.newerData).toBe(false);
    expect(changes.indicators.filter((i: any) => i.changed)).toEqual([]);
    await expectSnapshotUnchanged();
  });

  it("notices a peer's resubmission for the period: the provider's own figure is the same, the peer figure and p0 moved", async () => {
    // B: 2 of 40 dropped out in 2025-H2; now 10 of 40. Region dropout 12/100 → 20/100.
    await submit(B, '2025-H2', [
      { category: '45', reason: '03', count: 10 },
      { category: '45', reason: '01', count: 30 },
    ]);

    expect((await view(dialogueX.id)).newerData).toMatchObject({ exists: true, resubmitted: false, replacedAt: null, otherData: true });
    expect((await view(dialogueX.id, 'provider')).newerData).toMatchObject({
      exists: true,
      resubmitted: false,
      replacedAt: null,
      otherData: true,
    });
    const changes = await changesOf(dialogueX.id);
    expect(changes.newerData).toBe(true);
    expect(changes.submissions.current).toEqual(changes.submissions.snapshot); // A's own submission is the same
    const dropout = row(changes, '45', 'dropout');
    expect(dropout).toMatchObject({ changed: true, snapshot: { x: 6, n: 18 }, current: { x: 6, n: 18 }, p0: { snapshot: 0.12 } });
    expect(dropout.p0.current).toBeCloseTo(20 / 100, 12);
    // The provider reads its own figure unchanged; the period is open, so it is shown no peer
    // figure to see move (docs/privacy.md), only that other data came (newerData above).
    const own = await changesOf(dialogueX.id, 'provider');
    expect(row(own, '45', 'dropout')).toMatchObject({
      changed: false,
      snapshot: { x: 6, n: 18 },
      current: { x: 6, n: 18 },
      p0: { snapshot: null, current: null },
    });
    expect(JSON.stringify(own)).not.toMatch(/Aanbieder [BCDE]|98000020|98000030|98000040|98000050/);
    await expectSnapshotUnchanged();
  });

  it("notices the provider's own resubmission and says per indicator what the figure was and is now", async () => {
    const before = await view(dialogueX.id);
    const resubmitted = await submit(A, '2025-H2', [
      { category: '45', reason: '03', count: 3 },
      { category: '45', reason: '01', count: 17 },
      { category: '54', reason: '03', count: 6 },
      { category: '54', reason: '01', count: 6 },
      { category: '43', reason: '03', count: 1 },
      { category: '43', reason: '01', count: 11 },
    ]);
    expect(resubmitted.version).toBe(2);

    const after = await view(dialogueX.id);
    expect(after.newerData).toMatchObject({ exists: true, resubmitted: true, otherData: true });
    expect(Date.parse(after.newerData.replacedAt)).toBeGreaterThanOrEqual(Date.parse(before.snapshot.frozenAt) - 1000);
    const changes = await changesOf(dialogueX.id);
    expect(changes.submissions.snapshot).toEqual([expect.objectContaining({ version: 1 })]);
    expect(changes.submissions.current).toEqual([expect.objectContaining({ id: String(resubmitted.id), version: 2 })]);
    // Dropout in 45: 6 of 18 (20 records, 2 unknown) then, 3 of 20 now.
    const dropout = row(changes, '45', 'dropout');
    expect(dropout).toMatchObject({ changed: true, snapshot: { x: 6, n: 18 }, current: { x: 3, n: 20 } });
    expect(dropout.change.difference).toBeCloseTo(3 / 20 - 6 / 18, 12);
    // Every indicator said to have changed shows a different figure, peer figure, p0 or flag; only category 45 is compared.
    const changed = changes.indicators.filter((i: any) => i.changed);
    expect(changed.length).toBeGreaterThan(1);
    expect(new Set(changes.indicators.map((i: any) => i.productCategory))).toEqual(new Set(['45']));
    for (const item of changed) {
      const counts = (f: any) => (f && !f.suppressed ? `${f.x}/${f.n}` : null);
      expect(
        counts(item.snapshot) !== counts(item.current) || item.p0.snapshot !== item.p0.current || item.flag.snapshot !== item.flag.current,
        item.indicator,
      ).toBe(true);
    }
    await expectSnapshotUnchanged();
  });

  it('notices a later period that moves "geen nieuwe start" for the dialogue\'s period', async () => {
    // D's 2025-H2 trajectories ended too recently to follow for 182 days when this was prepared.
    const prepared = await request('contract_manager', 'POST', '/dialogues', { body: { providerAgb: D, period: '2025-H2' } });
    expect(prepared.status).toBe(201);
    const noReentry = prepared.body.snapshot.categories[0].indicators.find((i: any) => i.indicator === 'noReentry');
    expect(noReentry.figure).toMatchObject({ suppressed: false, n: 0, tooRecent: 30 });
    expect(prepared.body.newerData.exists).toBe(false);
    const frozen = await storedSnapshot(prepared.body.id);

    // A's data for 2026-H2 reach far enough for every 2025-H2 trajectory to be followed.
    await submit(A, '2026-H2', [{ category: '54', reason: '01', count: 12 }]);
    expect((await view(prepared.body.id)).newerData).toMatchObject({ exists: true, resubmitted: false, replacedAt: null, otherData: true });
    const changes = await changesOf(prepared.body.id);
    expect(row(changes, '45', 'noReentry')).toMatchObject({ changed: true, snapshot: { n: 0 }, current: { x: 30, n: 30 } });
    expect(await storedSnapshot(prepared.body.id)).toBe(frozen);
  });

  it('compares in the next dialogue only the indicators both snapshots cover when their categories overlap but differ, and carries the open action over', async () => {
    // Previous: A, 2025-H1, categories {45, 54}; next: A, 2025-H2, categories {43, 54}.
    const previous = await request('contract_manager', 'POST', '/dialogues', {
      body: { providerAgb: A, period: '2025-H1', productCategories: ['54', '45'] },
    });
    expect(previous.status).toBe(201);
    expect(previous.body.snapshot.categories.map((c: any) => [c.productCategory, c.hasData])).toEqual([
      ['45', true],
      ['54', true],
    ]);
    const action = await request('contract_manager', 'POST', `/dialogues/${previous.body.id}/actions`, {
      body: { description: 'Uitval in categorie 54 nagaan.', owner: 'provider', dueDate: daysFromToday(30) },
    });
    expect(action.status).toBe(201);

    const next = await request('contract_manager', 'POST', '/dialogues', {
      body: { providerAgb: A, period: '2025-H2', productCategories: ['54', '43'] },
    });
    expect(next.status).toBe(201);
    const snapshot = next.body.snapshot;
    expect(snapshot.previousDialogue).toEqual({ id: previous.body.id, period: '2025-H1' });
    expect(snapshot.categories.map((c: any) => [c.productCategory, c.hasData])).toEqual([
      ['43', true],
      ['54', true],
    ]);
    const indicator = (category: string, id: string) =>
      snapshot.categories.find((c: any) => c.productCategory === category).indicators.find((i: any) => i.indicator === id);
    // 54 is in both: every indicator refers to the previous snapshot's own figure.
    for (const item of snapshot.categories.find((c: any) => c.productCategory === '54').indicators) {
      const before = previous.body.snapshot.categories
        .find((c: any) => c.productCategory === '54')
        .indicators.find((i: any) => i.indicator === item.indicator);
      expect(item.sincePrevious, item.indicator).toMatchObject({
        dialogueId: previous.body.id,
        period: '2025-H1',
        previous: before.figure,
      });
    }
    // Dropout in 54: 2 of 12 then, 6 of 12 now (own figures, unsuppressed for the region at n = 12).
    expect(indicator('54', 'dropout').sincePrevious.previous).toMatchObject({ x: 2, n: 12 });
    expect(indicator('54', 'dropout').figure).toMatchObject({ x: 6, n: 12 });
    expect(indicator('54', 'dropout').sincePrevious.change.difference).toBeCloseTo(6 / 12 - 2 / 12, 12);
    // 43 was not in the previous dialogue: nothing to compare with; 45 is not in this one at all.
    expect(snapshot.categories.find((c: any) => c.productCategory === '43').indicators.every((i: any) => i.sincePrevious === null)).toBe(
      true,
    );
    expect(snapshot.productCategories).toEqual(['43', '54']);
    // The open action of the previous dialogue comes along.
    expect(next.body.carriedOverActions).toEqual([
      expect.objectContaining({ id: action.body.id, description: 'Uitval in categorie 54 nagaan.', status: 'open' }),
    ]);
    // And the provider reads it the same way, but for re-entry, which depends on other providers'
    // records of the same persons (docs/privacy.md).
    const asProvider = await view(next.body.id, 'provider');
    expect(snapshot.periodClosed).toBe(false);
    for (const category of asProvider.snapshot.categories) {
      for (const item of category.indicators.filter((i: any) => i.indicator !== 'noReentry'))
        expect(item).toEqual(indicator(category.productCategory, item.indicator));
    }
    const reentry = asProvider.snapshot.categories
      .find((c: any) => c.productCategory === '54')
      .indicators.find((i: any) => i.indicator === 'noReentry');
    expect(reentry.figure).toEqual({ indicator: 'noReentry', suppressed: true, reason: 'linkage' });
  });

  it("kept the first dialogue's snapshot byte for byte through all of it", async () => {
    await expectSnapshotUnchanged();
    const x = await view(dialogueX.id);
    expect(x.snapshot.submissions).toEqual(dialogueX.snapshot.submissions);
    expect(x.snapshot.otherSources).toBe(dialogueX.snapshot.otherSources);
    await expect(
      region.db.sql`update dialogues set snapshot = snapshot || '{"minN": 1}'::jsonb where id = ${dialogueX.id}`,
    ).rejects.toThrow(/frozen/);
  });
});
