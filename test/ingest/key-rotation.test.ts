import { randomBytes } from 'node:crypto';
import { systemActor } from '../../api/src/auth/actor.ts';
import { rotateStoredPseudonyms } from '../../api/src/ingest/key-rotation.ts';
import { createTestApp, testKeys } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';
import { csvOf, p1For, validRow } from '../support/records.ts';

describe.each(engines)('K2 rotation on %s', (engine) => {
  let db: TestDatabase;
  afterAll(async () => db?.close());

  it('keeps linkage: a client stored before the rotation and uploaded after it has one pseudonym', async () => {
    db = await openTestDatabase(engine);
    const keys = testKeys();
    const before = createTestApp(db, keys);
    const region = await seedTestRegion(db.sql, keys.secretBoxKey);
    const bearerFor = async (app: typeof before) => {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: region.client.clientId,
        client_secret: region.client.clientSecret,
      });
      const token = await (
        await app.request('/api/v1/auth/token', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        })
      ).json();
      return { authorization: `Bearer ${token.access_token}`, 'content-type': 'text/csv' };
    };
    const first = await before.request('/api/v1/submissions?period=2025-H2', {
      method: 'POST',
      headers: await bearerFor(before),
      body: csvOf([validRow(1), validRow(2)]),
    });
    expect(first.status).toBe(201);

    const newKey = Uint8Array.from(randomBytes(32));
    expect(await rotateStoredPseudonyms(db.sql, systemActor('test', 'H10'), 1, newKey)).toEqual({ version: 2, rekeyed: 2 });
    const stored = await db.sql`select client_pseudonym from outcome_records where record_id = 'T-1'`;
    expect(stored[0].clientPseudonym).toMatch(/^v2:[0-9a-f]{64}$/);

    // A process still holding only K2 v1 must not store v1 values next to v2 ones.
    const stale = await before.request('/api/v1/submissions?period=2026-H2', {
      method: 'POST',
      headers: await bearerFor(before),
      body: csvOf([validRow(1, { endDate: '2026-09-01' })]),
    });
    expect(stale.status).toBe(503);
    expect((await stale.json()).code).toBe('pseudonym_keys_out_of_step');

    const after = createTestApp(db, { ...keys, pseudonymKeys: [...keys.pseudonymKeys, newKey] });
    const later = await after.request('/api/v1/submissions?period=2026-H2', {
      method: 'POST',
      headers: await bearerFor(after),
      body: csvOf([validRow(1, { recordId: 'LATER-1', endDate: '2026-09-01' })]),
    });
    expect(later.status).toBe(201);
    const [old, renewed] =
      await db.sql`select client_pseudonym from outcome_records where record_id in ('T-1', 'LATER-1') order by record_id desc`;
    expect(renewed.clientPseudonym).toBe(old.clientPseudonym);
    expect(JSON.stringify(await db.sql`select * from outcome_records`)).not.toContain(p1For(1).slice(3));
    expect((await db.sql`select action from access_log where action = 'keys.rotate'`).length).toBe(1);
    // Rotating again from a stale count is refused.
    await expect(rotateStoredPseudonyms(db.sql, systemActor('test', 'H10'), 1, newKey)).rejects.toMatchObject({
      code: 'pseudonym_keys_out_of_step',
    });
  });
});
