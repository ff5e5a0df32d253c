import { totpCode } from '../../api/src/auth/totp.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

const json = { 'content-type': 'application/json' };

describe.each(engines)('login, sessions and API clients on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
  });
  afterAll(() => db.close());

  it('logs a user in with password and TOTP, sets a strict httpOnly cookie, and /me tells role, organisation and region', async () => {
    const response = await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.provider) });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const { user } = await response.json();
    expect(user).toMatchObject({ role: 'provider', region: 'H10', organisation: { kind: 'provider', code: region.agbA } });
    const me = await app.request('/api/v1/me', { headers: { cookie: sessionCookieFrom(response) } });
    expect(me.status).toBe(200);
    expect((await me.json()).email).toBe(region.users.provider.email);
  });

  it('refuses a wrong TOTP code, a wrong password and an unknown account with the same message, and logs each attempt', async () => {
    const u = region.users.contract_manager;
    const wrongCode = String((Number(totpCode(u.totpSecret, Date.now())) + 500000) % 1000000).padStart(6, '0');
    const attempts = [
      { email: u.email, password: u.password, totp: wrongCode },
      { email: u.email, password: 'wrong', totp: totpCode(u.totpSecret, Date.now()) },
      { email: 'nobody@test.nl', password: 'x', totp: '123456' },
    ];
    const messages = [];
    for (const body of attempts) {
      const response = await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: JSON.stringify(body) });
      expect(response.status).toBe(401);
      expect(response.headers.get('set-cookie')).toBeNull();
      messages.push((await response.json()).message);
    }
    expect(new Set(messages.map((m) => m.en)).size).toBe(1);
    const denied = await db.sql`select details from access_log where action = 'auth.login' and result = 'denied' order by seq`;
    expect(denied.map((row) => row.details.reason)).toEqual(expect.arrayContaining(['totp', 'password', 'unknown_account']));
  });

  it('slows an account down after repeated failures without locking it for good', async () => {
    const u = region.users.municipality;
    for (let i = 0; i < 5; i++) {
      await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: u.email, password: 'wrong', totp: '000000' }),
      });
    }
    const throttled = await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(u) });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(15 * 60);
    // The delay is bounded: once it has passed the real user gets in.
    await db.sql`update login_throttle set last_failed_at = now() - interval '16 minutes' where source <> '*'`;
    const later = await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(u) });
    expect(later.status).toBe(200);
  });

  it('revokes the session on logout, and refuses a cookie mutation without the CSRF header', async () => {
    const login = await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.admin) });
    const cookie = sessionCookieFrom(login);
    const noHeader = await app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie } });
    expect(noHeader.status).toBe(403);
    expect((await noHeader.json()).code).toBe('csrf_header_missing');
    const logout = await app.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie, 'x-portal-request': '1' } });
    expect(logout.status).toBe(204);
    const after = await app.request('/api/v1/me', { headers: { cookie } });
    expect(after.status).toBe(401);
  });

  it('issues client-credential tokens to provider systems and refuses a wrong secret', async () => {
    const form = (secret: string) =>
      new URLSearchParams({ grant_type: 'client_credentials', client_id: region.client.clientId, client_secret: secret }).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const bad = await app.request('/api/v1/auth/token', { method: 'POST', headers, body: form('nope') });
    expect(bad.status).toBe(401);
    const good = await app.request('/api/v1/auth/token', { method: 'POST', headers, body: form(region.client.clientSecret) });
    expect(good.status).toBe(200);
    const token = await good.json();
    expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    const me = await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token.access_token}` } });
    expect(await me.json()).toMatchObject({ type: 'client', role: 'provider', organisation: { code: region.agbA } });
    // A session token is not an access token (typed tokens), and a tampered token is refused.
    const login = await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.provider) });
    const sessionToken = sessionCookieFrom(login).slice('rp_session='.length);
    expect((await app.request('/api/v1/me', { headers: { authorization: `Bearer ${sessionToken}` } })).status).toBe(401);
    expect((await app.request('/api/v1/me', { headers: { authorization: `Bearer ${token.access_token}x` } })).status).toBe(401);
  });

  it('answers a malformed JSON body with 400 and a wrong content type with 415, as problem details', async () => {
    const malformed = await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: '{"email": ' });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).code).toBe('malformed_json');
    const wrongType = await app.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(wrongType.status).toBe(415);
    const problem = await wrongType.json();
    expect(problem.message.nl).toContain('application/json');
    const missingField = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'a@b.nl' }),
    });
    expect(missingField.status).toBe(422);
    expect((await missingField.json()).errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['json.password', 'json.totp']),
    );
  });
});
