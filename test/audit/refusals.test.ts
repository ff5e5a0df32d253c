import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpServer } from '../../api/src/http/node-server.ts';
import { capturingLogger, createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

/**
 * The access log records every refusal (SPEC §5) and never what a caller wrote (issue 15): route
 * patterns and well-formed ids only, and anonymous requests are limited, so no one without an
 * account can fill the five-year log with chosen text. Over real HTTP, on both engines.
 */
describe.each(engines)('refusals in the access log, over real HTTP, on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let server: Server;
  let url: string;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;
  let other: Awaited<ReturnType<typeof seedTestRegion>>;
  const appLog = capturingLogger();
  const anonymousLimit = 40;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db, undefined, { logger: appLog.logger, anonymousRequestsPerMinute: anonymousLimit });
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    other = await seedTestRegion(db.sql, app.keys.secretBoxKey, 'U12');
    server = createHttpServer(app.fetch, { hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  const headSeq = async () => Number((await db.sql`select coalesce(max(seq), 0) as seq from access_log`)[0].seq);
  const entriesAfter = (seq: number) =>
    db.sql`select action, object_type, object_id, result, actor_role, details::text as details from access_log where seq > ${seq} order by seq`;
  const login = async (who: { email: string; password: string; totpSecret: string }) => {
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: loginBody(who),
    });
    expect(response.status).toBe(200);
    return sessionCookieFrom(response);
  };

  it('logs a refused request by its route pattern and a checked id, never the text of the path', async () => {
    const before = await headSeq();
    const chosen = `Jan%20de%20Vries%20BSN%20111222333%20${'x'.repeat(4000)}`;
    const response = await fetch(`${url}/api/v1/dialogues/${chosen}`);
    expect(response.status).toBe(401);
    const wellFormed = await fetch(`${url}/api/v1/dialogues/42`);
    expect(wellFormed.status).toBe(401);
    const logged = await entriesAfter(before);
    // Before: object_id was the decoded path, ~15 KB of the caller's text per request, kept for 5 years.
    expect(logged.map((e) => [e.action, e.objectId, e.result])).toEqual([
      ['GET /api/v1/dialogues/:id', '(invalid)', 'denied'],
      ['GET /api/v1/dialogues/:id', '42', 'denied'],
    ]);
    const everything = JSON.stringify(await db.sql`select * from access_log where seq > ${before}`);
    expect(everything).not.toMatch(/Vries|111222333|xxxx/);
    // The application log names the route too, not the path.
    expect(appLog.lines.join('\n')).not.toMatch(/Vries|111222333|xxxx/);
    expect(appLog.lines.some((line) => line.includes('"route":"GET /api/v1/dialogues/:id"'))).toBe(true);
  });

  it('logs the refusals that went unlogged: invalid bearer, CSRF, another municipality, another region', async () => {
    const before = await headSeq();
    expect((await fetch(`${url}/api/v1/me`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    const provider = await login(region.users.provider);
    const csrf = await fetch(`${url}/api/v1/auth/logout`, { method: 'POST', headers: { cookie: provider } });
    expect(csrf.status).toBe(403);
    const municipality = await login(region.users.municipality); // Den Haag (0518)
    const delft = await fetch(
      `${url}/api/v1/comparisons/funnel?period=2025-H1&productCategory=45&indicator=dropout&municipalityCode=0503`,
      { headers: { cookie: municipality } },
    );
    expect(delft.status).toBe(403);
    const admin = await login(region.users.admin);
    const [foreign] = await db.sql`select id from users where region_code = 'U12' and role = 'auditor'`;
    const reach = await fetch(`${url}/api/v1/admin/users/${foreign.id}`, {
      method: 'PATCH',
      headers: { cookie: admin, 'content-type': 'application/json', 'x-portal-request': '1' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(reach.status).toBe(404);
    const denied = (await entriesAfter(before)).filter((e) => e.result === 'denied');
    // Before: none of these four left an entry.
    expect(denied.map((e) => [e.action, e.actorRole, JSON.parse(e.details).reason])).toEqual([
      ['GET /api/v1/me', null, 'invalid_token'],
      ['POST /api/v1/auth/logout', 'provider', 'csrf_header_missing'],
      ['GET /api/v1/comparisons/funnel', 'municipality', 'forbidden'],
      ['PATCH /api/v1/admin/users/:id', 'admin', 'user_not_found'],
    ]);
    expect(denied.at(-1)!.objectId).toBe(String(foreign.id));
    expect(other.users.auditor.email).toBe('auditor@u12.test.nl');
  });

  it("logs an administrator's reads of accounts, providers, API clients, periods and region settings", async () => {
    const admin = await login(region.users.admin);
    const before = await headSeq();
    for (const path of ['/admin/users', '/admin/providers', '/admin/api-clients', '/admin/periods', '/admin/region']) {
      expect((await fetch(`${url}/api/v1${path}`, { headers: { cookie: admin } })).status).toBe(200);
    }
    const logged = await entriesAfter(before);
    // Before: the list of staff names and e-mail addresses could be read without a trace.
    expect(logged.map((e) => [e.action, e.result, e.actorRole])).toEqual([
      ['admin.users.list', 'allowed', 'admin'],
      ['admin.providers.list', 'allowed', 'admin'],
      ['admin.api_clients.list', 'allowed', 'admin'],
      ['admin.periods.list', 'allowed', 'admin'],
      ['admin.region.list', 'allowed', 'admin'],
    ]);
    expect(JSON.parse(logged[0]!.details).returned).toBeGreaterThanOrEqual(5);
  });

  it('limits anonymous requests per address, so the log cannot be flooded; logged-in users are not limited', async () => {
    const user = await login(region.users.contract_manager);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const before = await headSeq();
    const statuses: number[] = [];
    for (let i = 0; i < anonymousLimit + 20; i++) statuses.push((await fetch(`${url}/api/v1/dialogues/${i + 1}`)).status);
    const limited = statuses.filter((s) => s === 429).length;
    // Before: every one of them was answered (401) and logged, at ~290 entries a second.
    expect(limited).toBeGreaterThanOrEqual(20);
    const logged = await entriesAfter(before);
    expect(logged.length).toBeLessThanOrEqual(anonymousLimit + 1);
    expect(logged.at(-1)).toMatchObject({ action: 'GET /api/v1/dialogues/:id', result: 'denied' });
    expect(JSON.parse(logged.at(-1)!.details).reason).toBe('anonymous_rate_limited');
    const limitedAnswer = await fetch(`${url}/api/v1/dialogues/1`);
    expect(limitedAnswer.status).toBe(429);
    expect(Number(limitedAnswer.headers.get('retry-after'))).toBeGreaterThan(0);
    // A logged-in user from the same address still gets answers.
    expect((await fetch(`${url}/api/v1/me`, { headers: { cookie: user } })).status).toBe(200);
  });
});
