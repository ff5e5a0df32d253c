import { totpCode } from '../../api/src/auth/totp.ts';
import { writeFile } from 'node:fs/promises';
import { appendAccessEvent } from '../../api/src/audit/append.ts';
import { readCheckpoints, verifyAccessLog, writeCheckpoint } from '../../api/src/audit/verify.ts';
import { checkpointDue } from '../../api/src/server.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { connectPostgres } from '../../api/src/db/connect.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

const json = { 'content-type': 'application/json' };

describe('checkpoint schedule', () => {
  const base = { lastSeq: 100, lastAt: 0, force: false, everyEntries: 1000, everyMs: 300_000 };
  it('signs after N entries or T time, whichever comes first, and never twice for the same head', () => {
    expect(checkpointDue({ ...base, seq: 100, now: 10_000_000, force: true })).toBe(false);
    expect(checkpointDue({ ...base, seq: 1099, now: 299_999 })).toBe(false);
    expect(checkpointDue({ ...base, seq: 1100, now: 1 })).toBe(true);
    expect(checkpointDue({ ...base, seq: 101, now: 300_000 })).toBe(true);
    expect(checkpointDue({ ...base, seq: 101, now: 5, force: true })).toBe(true);
  });

  it('puts the region in the signed payload', async () => {
    const db = await openTestDatabase('pglite');
    try {
      const { generateKeyPairSync } = await import('node:crypto');
      const key = generateKeyPairSync('ed25519').privateKey;
      const file = `/tmp/rp-cp-${process.pid}-${Date.now()}.jsonl`;
      await appendAccessEvent(db.sql, systemActor('test', 'H10'), { action: 'test.checkpoint', actionType: 'R', result: 'allowed' });
      await writeCheckpoint(db.sql, key, file, 'H10');
      const [checkpoint] = (await readCheckpoints(key, file)) as Array<{ region: string; seq: number }>;
      expect(checkpoint).toMatchObject({ region: 'H10', seq: 1 });
    } finally {
      await db.close();
    }
  });
});

describe.each(engines)('the access log on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;
  let auditorCookie: string;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    auditorCookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.auditor) }),
    );
  });
  afterAll(() => db.close());

  it('lets auditors page and filter the log, and logs that reading', async () => {
    const page = await app.request('/api/v1/audit/events?action=auth.login&limit=2', { headers: { cookie: auditorCookie } });
    expect(page.status).toBe(200);
    const body = await page.json();
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({ action: 'auth.login', result: 'allowed', actorRole: 'auditor' });
    const reads = await db.sql`select details from access_log where action = 'audit.read'`;
    expect(reads.length).toBeGreaterThan(0);
  });

  it('reports failed-login spikes, unusual logins, denied bursts and privileged changes, with their entries', async () => {
    const wrong = { ...region.users.contract_manager, totpSecret: 'JBSWY3DPEHPK3PXP' };
    // Log in first: six failures slow the account down (throttling), as they should.
    const managerCookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.contract_manager) }),
    );
    const wrongBody = JSON.stringify({ email: wrong.email, password: wrong.password, totp: totpCode(wrong.totpSecret, Date.now()) });
    for (let i = 0; i < 6; i++) await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: wrongBody });
    for (let i = 0; i < 5; i++) await app.request('/api/v1/audit/events', { headers: { cookie: managerCookie } });
    const [manager] = await db.sql`select id from users where email = ${region.users.contract_manager.email}`;
    const managerActor = {
      type: 'user' as const,
      id: String(manager.id),
      role: 'contract_manager' as const,
      organisationId: null,
      organisationCode: null,
      regionCode: 'H10',
      scopes: [],
    };
    await appendAccessEvent(db.sql, managerActor, {
      action: 'auth.login',
      actionType: 'R',
      objectType: 'user',
      objectId: String(manager.id),
      result: 'allowed',
      origin: { ip: '192.0.2.1' },
    });
    await appendAccessEvent(db.sql, managerActor, {
      action: 'auth.login',
      actionType: 'R',
      objectType: 'user',
      objectId: String(manager.id),
      result: 'allowed',
      origin: { ip: '198.51.100.7' },
    });

    const response = await app.request('/api/v1/audit/monitoring', { headers: { cookie: auditorCookie } });
    expect(response.status).toBe(200);
    const report = await response.json();
    const failed = report.failedLoginsByAccount.find((f: { userId: string }) => f.userId === String(manager.id));
    expect(failed).toMatchObject({ email: region.users.contract_manager.email, count: 6 });
    expect(failed.seqs).toHaveLength(6);
    const entries = await db.sql`select action, result from access_log where seq in ${db.sql(failed.seqs)}`;
    expect(entries.every((e) => e.action === 'auth.login' && e.result === 'denied')).toBe(true);
    expect(report.unusualLogins.find((l: { ip: string }) => l.ip === '198.51.100.7').reasons).toContain('new_address');
    expect(report.deniedBursts.find((b: { who: string }) => b.who === String(manager.id))).toMatchObject({
      role: 'contract_manager',
      count: 5,
    });
    const created = report.privilegedChanges.filter((c: { action: string }) => c.action === 'user.create');
    expect(created.length).toBeGreaterThanOrEqual(5);
    expect(created.some((c: { grantsAdmin: boolean }) => c.grantsAdmin)).toBe(true);
    const other = await app.request('/api/v1/audit/monitoring', { headers: { cookie: managerCookie } });
    expect(other.status).toBe(403);
  });

  it('exports CSV with spreadsheet formulas neutralised', async () => {
    await appendAccessEvent(db.sql, systemActor('test', 'H10'), {
      action: 'test.formula',
      actionType: 'R',
      objectType: '=HYPERLINK("x")',
      result: 'allowed',
    });
    const csv = await app.request('/api/v1/audit/events?action=test.formula', { headers: { cookie: auditorCookie, accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text.split('\r\n')[0]).toMatch(/^seq;occurredAt/);
  });

  it('refuses other roles, and logs the denial (a contract manager sees no log)', async () => {
    const cookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.admin) }),
    );
    const response = await app.request('/api/v1/audit/events', { headers: { cookie } });
    expect(response.status).toBe(403);
    const [denied] =
      await db.sql`select actor_role, result from access_log where result = 'denied' and action = 'GET /api/v1/audit/events' order by seq desc limit 1`;
    expect(denied).toMatchObject({ actorRole: 'admin', result: 'denied' });
    expect((await app.request('/api/v1/audit/events')).status).toBe(401);
  });

  it('verifies the chain, writes a signed checkpoint, and finds an altered entry', async () => {
    const first = await (await app.request('/api/v1/audit/verify', { headers: { cookie: auditorCookie } })).json();
    expect(first).toMatchObject({ ok: true });
    expect(first.checkedThrough).toBeGreaterThan(5);

    // An attacker with table-owner rights disables the trigger and edits one entry.
    await db.sql`alter table access_log disable trigger access_log_no_update`;
    await db.sql`update access_log set object_id = 'someone-else' where seq = 3`;
    await db.sql`alter table access_log enable trigger access_log_no_update`;
    const tampered = await verifyAccessLog(db.sql, app.keys.checkpointSigningKey, app.checkpointFile, { engine: db.engine });
    expect(tampered).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('detects a truncated tail through the signed checkpoint outside the database', async () => {
    const fresh = await openTestDatabase(engine);
    const freshApp = createTestApp(fresh);
    try {
      const r = await seedTestRegion(fresh.sql, freshApp.keys.secretBoxKey);
      const cookie = sessionCookieFrom(
        await freshApp.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(r.users.auditor) }),
      );
      expect((await (await freshApp.request('/api/v1/audit/verify', { headers: { cookie } })).json()).ok).toBe(true);
      const [{ seq }] = await fresh.sql`select max(seq)::int as seq from access_log`;
      await fresh.sql`alter table access_log disable trigger access_log_no_update`;
      await fresh.sql`delete from access_log where seq >= ${seq - 2}`;
      await fresh.sql`update access_log_head set seq = ${seq - 3}, hash = (select hash from access_log where seq = ${seq - 3})`;
      const result = await verifyAccessLog(fresh.sql, freshApp.keys.checkpointSigningKey, freshApp.checkpointFile);
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(/tail was removed/);
      // A forged checkpoint file is refused too.
      await writeFile(freshApp.checkpointFile, 'not.a.jws\n');
      expect((await verifyAccessLog(fresh.sql, freshApp.keys.checkpointSigningKey, freshApp.checkpointFile)).reason).toMatch(
        /no valid signature/,
      );
    } finally {
      await fresh.close();
    }
  });
});

describe.each(engines)('tampering with the access log on %s', (engine) => {
  let db: TestDatabase;
  let keys: ReturnType<typeof createTestApp>['keys'];
  let checkpointFile: string;
  beforeEach(async () => {
    db = await openTestDatabase(engine);
    const app = createTestApp(db);
    keys = app.keys;
    checkpointFile = app.checkpointFile;
    for (let i = 0; i < 10; i++)
      await appendAccessEvent(db.sql, systemActor('test', 'H10'), { action: `test.${i}`, actionType: 'R', result: 'allowed' });
    const { writeCheckpoint } = await import('../../api/src/audit/verify.ts');
    await writeCheckpoint(db.sql, keys.checkpointSigningKey, checkpointFile);
    // Tampering as the table owner: the triggers must be switched off first.
    await db.sql`alter table access_log disable trigger access_log_no_update`;
  });
  afterEach(() => db.close());
  // The engine's own read path: COPY on PostgreSQL, pages on PGlite.
  const verify = () => verifyAccessLog(db.sql, keys.checkpointSigningKey, checkpointFile, { engine: db.engine });

  it('reads awkward text the same way on both read paths: tabs, backslashes, quotes, newlines in details, non-ASCII', async () => {
    await db.sql`alter table access_log enable trigger access_log_no_update`;
    await appendAccessEvent(db.sql, systemActor('test', 'H10'), {
      action: 'test.awkward',
      actionType: 'R',
      objectType: 'submission',
      objectId: 'a\\b\\N "c" é€ 😀',
      result: 'allowed',
      details: { text: 'tab\there\nnew line \\N \\ "quoted"', nested: { z: [1, 'x\ty'], a: null }, ünïcode: '€' },
    });
    for (const engine of ['pglite', db.engine] as const) {
      expect(await verifyAccessLog(db.sql, keys.checkpointSigningKey, checkpointFile, { engine })).toMatchObject({
        ok: true,
        checkedThrough: 11,
      });
    }
    await db.sql`alter table access_log disable trigger access_log_no_update`;
    await db.sql`update access_log set details = jsonb_set(details::jsonb, '{text}', '"tab"')::json where seq = 11`;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 11 });
  });

  it('names a deleted middle row', async () => {
    await db.sql`delete from access_log where seq = 5`;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 5, reason: expect.stringMatching(/missing/) });
  });

  it('names swapped rows', async () => {
    await db.sql`update access_log set seq = -4 where seq = 4`;
    await db.sql`update access_log set seq = 4 where seq = 6`;
    await db.sql`update access_log set seq = 6 where seq = -4`;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('catches a wholly recomputed chain through the signed checkpoint', async () => {
    const { chainHash, genesisHash } = await import('../../api/src/audit/chain.ts');
    const { entryFromRow } = await import('../../api/src/audit/verify.ts');
    await db.sql`update access_log set action = 'rewritten' where seq = 2`;
    let previous = genesisHash;
    for (const row of await db.sql`select * from access_log order by seq`) {
      const hash = chainHash(previous, Number(row.seq), entryFromRow(row));
      await db.sql`update access_log set hash = ${hash} where seq = ${row.seq}`;
      previous = hash;
    }
    await db.sql`update access_log_head set hash = ${previous}`;
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/signed checkpoint/);
  });
});

describe('the access log under concurrent writers', () => {
  it('never forks: two connections appending at once give a gap-free chain that verifies', async () => {
    const db = await openTestDatabase('postgres');
    const other = await connectPostgres(db.url!, 5);
    try {
      const actor = systemActor('test', 'H10');
      await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          appendAccessEvent(i % 2 ? db.sql : other.sql, actor, {
            action: 'test.concurrent',
            actionType: 'R',
            result: 'allowed',
            details: { i },
          }),
        ),
      );
      const [row] = await db.sql`select count(*)::int as n, max(seq)::int as max from access_log`;
      expect(row).toEqual({ n: 100, max: 100 });
      const { generateKeyPairSync } = await import('node:crypto');
      expect(
        await verifyAccessLog(db.sql, generateKeyPairSync('ed25519').privateKey, '/nonexistent/checkpoints', { engine: 'postgres' }),
      ).toMatchObject({ ok: true, checkedThrough: 100 });
    } finally {
      await other.close();
      await db.close();
    }
  });
});
