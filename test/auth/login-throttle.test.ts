import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createUser } from '../../api/src/admin/users.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { createHttpServer } from '../../api/src/http/node-server.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion } from '../support/fixtures.ts';

/**
 * Login throttling against a determined attacker (issue 15), over real HTTP on both engines.
 * The portal sits behind a proxy on loopback (TRUSTED_PROXIES=127.0.0.1), so X-Forwarded-For
 * stands for the client's address, as behind the load balancer of docs/deployment.md.
 */
describe.each(engines)('login throttling per account and source, over real HTTP, on %s', (engine) => {
  let db: TestDatabase;
  const servers: Server[] = [];
  let behindProxy: string; // trusts X-Forwarded-For from loopback
  let direct: string; // trusts no proxy
  let app: ReturnType<typeof createTestApp>;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;

  async function serve(appToServe: ReturnType<typeof createTestApp>): Promise<string> {
    const server = createHttpServer(appToServe.fetch, { hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db, undefined, { trustedProxies: ['127.0.0.1', '::ffff:127.0.0.1/128'], anonymousRequestsPerMinute: 10_000 });
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    behindProxy = await serve(app);
    direct = await serve(createTestApp(db, app.keys));
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await db?.close();
  });
  beforeEach(async () => {
    await db.sql`delete from login_throttle`;
  });

  const newUser = async (name: string, regionCode = 'H10') =>
    createUser(
      db.sql,
      systemActor('test', regionCode),
      { email: `${name}-${engine}@example.test`, role: 'municipality', regionCode, orgCode: '0503' },
      app.keys.secretBoxKey,
    );
  const attempt = (base: string, body: string, from?: string, cookie?: string) =>
    fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}), ...(cookie ? { cookie } : {}) },
      body,
    });
  const wrong = (email: string) => JSON.stringify({ email, password: 'not-the-password', totp: '000000' });
  const deviceCookieOf = (response: Response) => {
    const match = (response.headers.get('set-cookie') ?? '').match(/rp_device=([^;]+)/);
    if (!match) throw new Error('no device cookie');
    return `rp_device=${match[1]}`;
  };

  it('lets the real user in from elsewhere while an attacker on the account is throttled', async () => {
    const user = await newUser('victim');
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt(behindProxy, wrong(user.email), '203.0.113.9')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    // An attacker who has kept at it for a while (here: 12 failures, a wait of 2^7 s), without waiting for it in the test.
    await db.sql`update login_throttle set failures = 12, last_failed_at = now() where source = 'ip:203.0.113.9'`;
    expect((await attempt(behindProxy, wrong(user.email), '203.0.113.9')).status).toBe(429);
    // Before: one account counter for the world, checked before the password: the real user got 429
    // for as long as the attacker kept trying (one attempt per 15 minutes was enough).
    const real = await attempt(behindProxy, loginBody({ ...user, email: user.email }), '198.51.100.7');
    expect(real.status).toBe(200);
    // The attacker is still slowed down.
    expect((await attempt(behindProxy, wrong(user.email), '203.0.113.9')).status).toBe(429);
  });

  it("lets a browser that logged in before through even from the attacker's own shared address", async () => {
    const user = await newUser('shared');
    const first = await attempt(behindProxy, loginBody(user), '192.0.2.1');
    expect(first.status).toBe(200);
    const device = deviceCookieOf(first);
    expect(first.headers.get('set-cookie')).toMatch(/rp_device=[^;]+;.*HttpOnly/i);
    // The same address (everyone behind one NAT): the attacker guesses at this account and sprays others.
    for (let i = 0; i < 8; i++) await attempt(behindProxy, wrong(user.email), '192.0.2.1');
    for (let i = 0; i < 50; i++) await attempt(behindProxy, wrong(`sprayed-${i}@example.test`), '192.0.2.1');
    expect((await attempt(behindProxy, wrong(`sprayed-x@example.test`), '192.0.2.1')).status).toBe(429);
    // The user's browser carries its device cookie: its own counter, untouched by the attacker.
    const again = await attempt(behindProxy, loginBody(user), '192.0.2.1', device);
    expect(again.status, await again.clone().text()).toBe(200);
    // A device cookie only counts for the account it was issued for.
    const other = await newUser('other');
    expect((await attempt(behindProxy, loginBody(other), '192.0.2.1', device)).status).toBe(429);
  });

  it('caps guesses on one account from many addresses, except for a browser that logged in before', async () => {
    const user = await newUser('botnet');
    const first = await attempt(behindProxy, loginBody(user), '192.0.2.200');
    const device = deviceCookieOf(first);
    const statuses = [];
    for (let i = 0; i < 32; i++) statuses.push((await attempt(behindProxy, wrong(user.email), `203.0.113.${100 + i}`)).status);
    // Before: every address had its own 50 failures, so 32 addresses meant 32 × 50 guesses.
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    expect((await attempt(behindProxy, loginBody(user), '192.0.2.200', device)).status).toBe(200);
  });

  it('answers an unknown e-mail address exactly like a known one (no enumeration by 429)', async () => {
    const known = await newUser('known');
    // Sent at once, so the wait after the fifth failure (1 s) has not passed for the others.
    const run = async (email: string) =>
      (
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            const response = await attempt(behindProxy, wrong(email), '198.51.100.20');
            return `${response.status} ${(await response.json()).code}`;
          }),
        )
      ).sort();
    const forKnown = await run(known.email);
    const forUnknown = await run(`nobody-${engine}@example.test`);
    // Before: the known address answered 429 after 5 failures, an unknown one 401 forever.
    for (const answers of [forKnown, forUnknown]) {
      // Five checked; the rest wait (a sixth may be let through when the batch took over a second to arrive).
      expect(answers.filter((a) => a === '401 login_failed').length).toBeGreaterThanOrEqual(5);
      expect(answers).toContain('429 too_many_requests');
    }
    expect(new Set(forUnknown)).toEqual(new Set(forKnown));
  });

  it('reads X-Forwarded-For only from a trusted proxy, and then the address the proxy saw', async () => {
    const user = await newUser('spoof');
    // Directly connected, a client cannot change its address by writing the header.
    const statuses = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => (await attempt(direct, wrong(user.email), `198.51.100.${i + 1}`)).status),
    );
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(5);
    expect(statuses).toContain(429);
    // Behind the proxy, what the client wrote left of the proxy's entry does not count.
    const before = await db.sql`select coalesce(max(seq), 0) as seq from access_log`;
    await attempt(behindProxy, wrong(user.email), '10.66.66.66, 203.0.113.77');
    const [logged] =
      await db.sql`select origin_ip as ip from access_log where seq > ${before[0].seq} and action = 'auth.login' order by seq desc limit 1`;
    // Before: the log and the throttle saw only the socket, so behind a load balancer everyone was one address.
    expect(logged.ip).toBe('203.0.113.77');
  });

  it('keeps API client secrets per address: many addresses do not make a client unreachable', async () => {
    const body = (secret: string) =>
      new URLSearchParams({ grant_type: 'client_credentials', client_id: region.client.clientId, client_secret: secret }).toString();
    const token = (secret: string, from: string) =>
      fetch(`${behindProxy}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from },
        body: body(secret),
      });
    const fromOne = await Promise.all(Array.from({ length: 8 }, async () => (await token('wrong-secret', '203.0.113.5')).status));
    // Before: only the address's 50 failures per 15 minutes counted.
    expect(fromOne.filter((status) => status === 401).length).toBeGreaterThanOrEqual(5);
    expect(fromOne).toContain(429);
    for (let i = 0; i < 35; i++) await token('wrong-secret', `203.0.113.${150 + i}`);
    expect((await token(region.client.clientSecret, '198.51.100.99')).status).toBe(200);
  });

  it('gives an administrator of another region no hint that an address exists there', async () => {
    const u12 = await seedTestRegion(db.sql, app.keys.secretBoxKey, 'U12');
    const admin = region.users.admin;
    const login = await attempt(behindProxy, loginBody(admin), '198.51.100.50');
    const cookie = (login.headers.get('set-cookie') ?? '').match(/rp_session=[^;]+/)![0];
    const create = (email: string) =>
      fetch(`${behindProxy}/api/v1/admin/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-portal-request': '1', 'x-forwarded-for': '198.51.100.50' },
        body: JSON.stringify({ email, role: 'auditor' }),
      });
    const elsewhere = await create('auditor@u12.test.nl'); // exists in region U12
    const nowhere = await create(`fresh-${engine}@example.test`);
    // Before: 409 "an account for … already exists" for the address of another region.
    expect(elsewhere.status, await elsewhere.clone().text()).toBe(201);
    expect(nowhere.status).toBe(201);
    const created = await elsewhere.json();
    // Both people log in to their own account with their own password.
    expect(
      (
        await attempt(
          behindProxy,
          loginBody({ email: 'auditor@u12.test.nl', password: created.password, totpSecret: created.totpSecret }),
          '198.51.100.51',
        )
      ).status,
    ).toBe(200);
    const theirs = await attempt(behindProxy, loginBody(u12.users.auditor), '198.51.100.52');
    expect(theirs.status).toBe(200);
    expect((await theirs.json()).user.region).toBe('U12');
    // Inside the own region an address is still unique.
    expect((await create('auditor@u12.test.nl')).status).toBe(409);
  });
});
