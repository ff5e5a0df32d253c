import { totpCode } from '../../api/src/auth/totp.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

const json = { 'content-type': 'application/json' };

describe.each(engines)('administration on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;
  let headers: Record<string, string>;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    const cookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.admin) }),
    );
    headers = { cookie, 'x-portal-request': '1', ...json };
  });
  afterAll(async () => db?.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };
  const lastEvent = async (action: string) =>
    (await db.sql`select action, object_id, details from access_log where action = ${action} order by seq desc limit 1`)[0];

  it('creates an account that can log in once with the one-time password and the TOTP secret', async () => {
    const created = await call('POST', '/admin/users', { email: 'Nieuw@Aanbieder.nl', role: 'provider', orgCode: '98000020' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      email: 'nieuw@aanbieder.nl',
      role: 'provider',
      organisation: { code: '98000020' },
      disabled: false,
    });
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({
        email: 'nieuw@aanbieder.nl',
        password: created.body.password,
        totp: totpCode(created.body.totpSecret, Date.now()),
      }),
    });
    expect(login.status).toBe(200);
    expect(JSON.stringify(await db.sql`select * from users`)).not.toContain(created.body.password);
    expect((await call('POST', '/admin/users', { email: 'nieuw@aanbieder.nl', role: 'provider', orgCode: '98000020' })).status).toBe(409);
  });

  it('disables an account, changes a role (logged as a privileged change) and resets a second factor', async () => {
    const users = (await call('GET', '/admin/users')).body.users as Array<{ id: string; email: string }>;
    const manager = users.find((u) => u.email === region.users.contract_manager.email)!;
    expect((await call('PATCH', `/admin/users/${manager.id}`, { disabled: true })).body.disabled).toBe(true);
    const refused = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: json,
      body: loginBody(region.users.contract_manager),
    });
    expect(refused.status).toBe(401);
    await call('PATCH', `/admin/users/${manager.id}`, { disabled: false });
    const changed = await call('PATCH', `/admin/users/${manager.id}`, { role: 'auditor' });
    expect(changed.body.role).toBe('auditor');
    expect(await lastEvent('user.role_change')).toMatchObject({
      objectId: manager.id,
      details: { from: 'contract_manager', to: 'auditor' },
    });
    const reset = await call('POST', `/admin/users/${manager.id}/second-factor`);
    expect(reset.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const oldFactor = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: json,
      body: loginBody(region.users.contract_manager),
    });
    expect(oldFactor.status).toBe(401);
    const newFactor = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: json,
      body: loginBody({ ...region.users.contract_manager, totpSecret: reset.body.totpSecret }),
    });
    expect(newFactor.status).toBe(200);
  });

  it('refuses an administrator disabling itself, and 404 for an account of another region', async () => {
    const users = (await call('GET', '/admin/users')).body.users as Array<{ id: string; email: string }>;
    const self = users.find((u) => u.email === region.users.admin.email)!;
    expect((await call('PATCH', `/admin/users/${self.id}`, { disabled: true })).status).toBe(409);
    const other = await seedTestRegion(db.sql, app.keys.secretBoxKey, 'H11');
    const [foreign] = await db.sql`select id from users where email = ${other.users.provider.email}`;
    expect((await call('PATCH', `/admin/users/${foreign.id}`, { disabled: true })).status).toBe(404);
  });

  it('manages providers, API clients, periods and thresholds, each change logged', async () => {
    expect((await call('POST', '/admin/providers', { agb: '98000077', name: 'Nieuwe aanbieder' })).status).toBe(201);
    const client = await call('POST', '/admin/api-clients', { providerAgb: '98000077' });
    expect(client.body.clientId).toMatch(/^rp_/);
    expect((await call('PATCH', `/admin/api-clients/${client.body.clientId}`, { disabled: true })).body.disabled).toBe(true);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: client.body.clientId,
      client_secret: client.body.clientSecret,
    });
    expect(
      (
        await app.request('/api/v1/auth/token', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        })
      ).status,
    ).toBe(401);
    const period = await call('POST', '/admin/periods', { code: '2027-H1', deadline: '2027-07-21' });
    expect(period.body).toMatchObject({ startsOn: '2027-01-01', endsOn: '2027-06-30' });
    expect((await call('POST', '/admin/periods', { code: '2027-H2', deadline: '2027-11-01' })).status).toBe(422);
    expect((await call('PATCH', '/admin/periods/2027-H1', { closed: true })).body.closed).toBe(true);
    expect((await call('PATCH', '/admin/region', { minN: 3 })).status).toBe(422);
    expect((await call('PATCH', '/admin/region', { minN: 15 })).body.minN).toBe(15);
    expect(await lastEvent('region.settings')).toMatchObject({ details: { from: { minN: 10 }, to: { minN: 15 } } });
    for (const action of ['provider.create', 'api_client.create', 'api_client.disable', 'period.create', 'period.update'])
      expect(await lastEvent(action)).toBeDefined();
  });

  it('gives an administrator no access log and others no administration', async () => {
    expect((await call('GET', '/audit/events')).status).toBe(403);
    const auditor = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.auditor) }),
    );
    expect((await app.request('/api/v1/admin/users', { headers: { cookie: auditor } })).status).toBe(403);
  });
});
