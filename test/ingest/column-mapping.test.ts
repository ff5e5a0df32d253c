import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

const mapping = {
  columns: { recordId: 'Trajectnummer', bsn: 'BSN', endDate: 'Einddatum', endReason: 'Reden beëindiging' },
  birthDateColumn: 'Geboortedatum',
  values: { endReason: { '1': '01', '3': '03' } },
};

describe.each(engines)('a provider’s remembered column mapping on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    const region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    for (const role of ['provider', 'contract_manager'] as const) {
      cookies[role] = sessionCookieFrom(
        await app.request('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: loginBody(region.users[role]),
        }),
      );
    }
  });
  afterAll(async () => db?.close());

  const put = (role: string, body: unknown) =>
    app.request('/api/v1/column-mapping', {
      method: 'PUT',
      headers: { cookie: cookies[role], 'content-type': 'application/json', 'x-portal-request': '1' },
      body: JSON.stringify(body),
    });

  it('starts empty, is saved and read back by the provider, and every read and change is logged', async () => {
    const empty = await app.request('/api/v1/column-mapping', { headers: { cookie: cookies.provider } });
    expect(empty.status).toBe(200);
    expect(await empty.json()).toEqual({ mapping: { columns: {}, birthDateColumn: null, values: {} }, updatedAt: null });
    const saved = await put('provider', mapping);
    expect(saved.status).toBe(200);
    const body = await saved.json();
    expect(body.mapping).toEqual(mapping);
    expect(Date.parse(body.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await (await app.request('/api/v1/column-mapping', { headers: { cookie: cookies.provider } })).json();
    expect(again.mapping).toEqual(mapping);
    const log = await db.sql`select action, action_type, object_id from access_log where object_type = 'column_mapping' order by seq`;
    expect(log.map((r) => [r.action, r.actionType, r.objectId])).toEqual([
      ['column_mapping.read', 'R', '98000010'],
      ['column_mapping.update', 'U', '98000010'],
      ['column_mapping.read', 'R', '98000010'],
    ]);
  });

  it('refuses a BSN-shaped number, an unknown field and both age sources with 422, keeping what was saved', async () => {
    for (const wrong of [
      { ...mapping, columns: { ...mapping.columns, bsn: 'BSN 999999990' } },
      { ...mapping, columns: { clientName: 'Naam' } },
      { ...mapping, columns: { ...mapping.columns, ageAtStart: 'Leeftijd' } },
    ]) {
      const answer = await put('provider', wrong);
      expect(answer.status).toBe(422);
      const problem = await answer.json();
      expect(problem.message?.nl ?? problem.detail).toBeTruthy();
      expect(JSON.stringify(problem)).not.toContain('999999990');
      // Each item says what is wrong in both languages, not only "niet geldig".
      for (const item of problem.errors) expect(item.message.nl).not.toMatch(/is niet geldig\.$/);
    }
    const kept = await (await app.request('/api/v1/column-mapping', { headers: { cookie: cookies.provider } })).json();
    expect(kept.mapping).toEqual(mapping);
    expect(JSON.stringify(await db.sql`select * from access_log`)).not.toContain('999999990');
  });

  it('is the provider’s own: a contract manager gets 403 and cannot read or change it', async () => {
    expect((await app.request('/api/v1/column-mapping', { headers: { cookie: cookies.contract_manager } })).status).toBe(403);
    expect((await put('contract_manager', mapping)).status).toBe(403);
  });
});
