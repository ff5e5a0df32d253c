import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { createUser } from '../../api/src/admin/users.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { signToken } from '../../api/src/auth/tokens.ts';
import { totpCode } from '../../api/src/auth/totp.ts';
import { createHttpServer } from '../../api/src/http/node-server.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

/**
 * A session is a family of tokens (issue 15): logging out ends every token of it, renewed or
 * copied; a renewed token's predecessor stops working after a short grace; a session ends 12 hours
 * after the login however active the user is; a reset second factor ends the user's sessions; a
 * TOTP code is taken once.
 * Each attack over real HTTP, on both engines.
 */
describe.each(engines)('sessions as token families, over real HTTP, on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let server: Server;
  let url: string;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    server = createHttpServer(app.fetch, { hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  const login = async (role: string) => {
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: loginBody(region.users[role]),
    });
    expect(response.status).toBe(200);
    return sessionCookieFrom(response);
  };
  const me = (cookie: string) => fetch(`${url}/api/v1/me`, { headers: { cookie } });
  const tokenOf = (cookie: string) => cookie.slice('rp_session='.length);
  /** The cookie the browser would still hold from six minutes ago: a genuine token of the same session, due for renewal. */
  async function olderTokenOf(cookie: string): Promise<string> {
    const claims = decodeJwt(tokenOf(cookie));
    const realNow = Date.now;
    Date.now = () => realNow() - 6 * 60 * 1000;
    try {
      const { token } = await signToken(app.keys.tokenSigningKey, 'session+jwt', String(claims.sub), 15 * 60, { sid: claims.sid });
      return `rp_session=${token}`;
    } finally {
      Date.now = realNow;
    }
  }

  it('ends every token of the session on logout: a copy taken before a renewal is refused after it', async () => {
    const t1 = await olderTokenOf(await login('provider'));
    const renewedAnswer = await me(t1);
    expect(renewedAnswer.status).toBe(200);
    const t2 = sessionCookieFrom(renewedAnswer); // renewed: T1 was older than five minutes
    expect(t2).not.toBe(t1);
    const out = await fetch(`${url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: t2, 'x-portal-request': '1' } });
    expect(out.status).toBe(204);
    expect((await me(t2)).status).toBe(401);
    expect((await me(t1)).status).toBe(401); // the copy: before, it answered 200 and minted a T3
  });

  it('refuses a renewed token once its short grace has passed', async () => {
    const t1 = await olderTokenOf(await login('contract_manager'));
    const t2 = sessionCookieFrom(await me(t1));
    expect((await me(t1)).status).toBe(200); // requests the browser sent before it had the new cookie
    // The grace (30 s) has passed.
    await db.sql`update revoked_tokens set effective_at = now() where jti = ${String(decodeJwt(tokenOf(t1)).jti)}`;
    expect((await me(t1)).status).toBe(401);
    expect((await me(t2)).status).toBe(200);
  });

  it('ends a session twelve hours after the login, however active the user is', async () => {
    const cookie = await login('municipality');
    expect((await me(cookie)).status).toBe(200);
    const [session] =
      await db.sql`select expires_at - created_at as lifetime from sessions where id = ${String(decodeJwt(tokenOf(cookie)).sid)}`;
    expect(String(session.lifetime)).toMatch(/^12:00:00/);
    await db.sql`update sessions set expires_at = now() - interval '1 second' where id = ${String(decodeJwt(tokenOf(cookie)).sid)}`;
    expect((await me(cookie)).status).toBe(401);
    expect((await me(await olderTokenOf(cookie))).status).toBe(401); // and renewing it does not bring it back
  });

  it('takes a TOTP code once, and never an older step after a newer one was used (RFC 6238 §5.2)', async () => {
    const user = await createUser(
      db.sql,
      systemActor('test', 'H10'),
      { email: `totp-${engine}@h10.test.nl`, role: 'contract_manager', regionCode: 'H10' },
      app.keys.secretBoxKey,
    );
    const attempt = (code: string) =>
      fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email, password: user.password, totp: code }),
      });
    const now = Date.now();
    const code = totpCode(user.totpSecret, now);
    expect((await attempt(code)).status).toBe(200);
    const replay = await attempt(code); // the same code, seconds later (a shoulder-surfer, a proxy log)
    expect(replay.status).toBe(401);
    expect((await replay.json()).message.nl).toContain('Een code werkt één keer');
    expect((await attempt(totpCode(user.totpSecret, now, -1))).status).toBe(401); // the previous step, after the newer one
    expect((await attempt(totpCode(user.totpSecret, now, 1))).status).toBe(200); // the next code is fine
    const [logged] =
      await db.sql`select details from access_log where action = 'auth.login' and result = 'denied' and object_id = ${String((await db.sql`select id from users where email = ${user.email}`)[0].id)} order by seq`;
    expect(logged.details).toMatchObject({ reason: 'totp_used' });
  });

  it('counts a login attempt before checking it: 44 parallel wrong codes with the right password get at most 5 checks', async () => {
    const user = await createUser(
      db.sql,
      systemActor('test', 'H10'),
      { email: `parallel-${engine}@h10.test.nl`, role: 'municipality', regionCode: 'H10', orgCode: '0503' },
      app.keys.secretBoxKey,
    );
    const right = totpCode(user.totpSecret, Date.now());
    const wrong = Array.from({ length: 44 }, (_, i) => String((Number(right) + 1 + i * 7919) % 1_000_000).padStart(6, '0')).filter(
      (c) => c !== right,
    );
    const started = Date.now();
    const answers = await Promise.all(
      wrong.map((totp) =>
        fetch(`${url}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: user.email, password: user.password, totp }),
        }),
      ),
    );
    // After 5 failures the next attempt may come 1 s after the last, then 2 s, 4 s …: on a busy
    // machine the 44 requests can take longer than a second to arrive, and those later ones are allowed.
    const elapsedSeconds = (Date.now() - started) / 1000;
    let allowed = 5;
    for (let delay = 1, waited = 0; waited + delay <= elapsedSeconds; waited += delay, delay *= 2) allowed += 1;
    const statuses = answers.map((a) => a.status);
    // Before: every one of them was checked (401) — the count was read, scrypt ran, then it was raised.
    expect(statuses.filter((st) => st === 401).length).toBeLessThanOrEqual(allowed);
    expect(statuses.filter((st) => st === 429).length).toBeGreaterThanOrEqual(wrong.length - allowed);
    const [row] = await db.sql`select failed_logins from users where email = ${user.email}`;
    expect(Number(row.failedLogins)).toBeLessThanOrEqual(allowed);
  });

  it('ends every session of a user whose second factor an administrator resets', async () => {
    const victim = await login('auditor');
    const admin = await login('admin');
    const [user] = await db.sql`select id from users where role = 'auditor'`;
    const reset = await fetch(`${url}/api/v1/admin/users/${user.id}/second-factor`, {
      method: 'POST',
      headers: { cookie: admin, 'x-portal-request': '1' },
    });
    expect(reset.status, await reset.clone().text()).toBe(200);
    expect((await me(victim)).status).toBe(401);
    expect((await me(admin)).status).toBe(200);
  });
});
