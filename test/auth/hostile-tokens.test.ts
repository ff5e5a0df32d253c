import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { SignJWT } from 'jose';
import { tokenAudience, tokenIssuer } from '../../api/src/auth/tokens.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe.each(engines)('hostile bearer tokens on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let clientId: string;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    clientId = (await seedTestRegion(db.sql, app.keys.secretBoxKey)).client.clientId;
  });
  afterAll(() => db.close());

  const now = () => Math.floor(Date.now() / 1000);
  const claims = () => ({
    iss: tokenIssuer,
    aud: tokenAudience,
    sub: `client:${clientId}`,
    jti: 'x',
    iat: now(),
    nbf: now(),
    exp: now() + 600,
    scope: 'results:read',
  });
  const sign = (
    overrides: { header?: Record<string, unknown>; payload?: Record<string, unknown>; key?: Parameters<SignJWT['sign']>[0] } = {},
  ) =>
    new SignJWT({ ...claims(), ...overrides.payload })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'at+jwt', ...overrides.header } as never)
      .sign(overrides.key ?? app.keys.tokenSigningKey);

  const cases: [string, () => Promise<string>][] = [
    ['alg none', async () => `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64(claims())}.`],
    ['alg None', async () => `${b64({ alg: 'None', typ: 'at+jwt' })}.${b64(claims())}.`],
    ['an empty signature', async () => (await sign()).replace(/\.[^.]+$/, '.')],
    [
      'HS256 signed with the public key',
      async () => {
        const publicPem = createPublicKey(app.keys.tokenSigningKey).export({ type: 'spki', format: 'pem' });
        return new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).sign(new TextEncoder().encode(String(publicPem)));
      },
    ],
    ['another key (unknown kid)', async () => sign({ header: { kid: 'someone-else' }, key: generateKeyPairSync('ed25519').privateKey })],
    ['an expired token', async () => sign({ payload: { exp: now() - 60, iat: now() - 700, nbf: now() - 700 } })],
    ['a token not yet valid', async () => sign({ payload: { nbf: now() + 600 } })],
    ['a wrong audience', async () => sign({ payload: { aud: 'urn:other' } })],
    ['a wrong issuer', async () => sign({ payload: { iss: 'https://evil.example' } })],
    ['a wrong typ (a session token as access token)', async () => sign({ header: { typ: 'session+jwt' } })],
    ['an 8 KB header', async () => sign({ header: { pad: 'x'.repeat(8192) } })],
  ];

  it.each(cases)('refuses %s with 401 problem details', async (_name, make) => {
    const response = await app.request('/api/v1/me', { headers: { authorization: `Bearer ${await make()}` } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await response.json()).code).toBe('invalid_token');
  });

  it('accepts the genuine article (so the refusals above are about the attack, not the setup)', async () => {
    const response = await app.request('/api/v1/me', { headers: { authorization: `Bearer ${await sign()}` } });
    expect(response.status).toBe(200);
  });

  it('keeps SQL metacharacters and newlines in login fields harmless, and out of the log lines', async () => {
    const response = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'abc12345' },
      body: JSON.stringify({ email: "x' or 1=1; drop table users; --\nfake", password: "'; delete from access_log; --", totp: '123456' }),
    });
    expect(response.status).toBe(401);
    const [users] = await db.sql`select count(*)::int as n from users`;
    expect(users.n).toBe(5);
    const rows = await db.sql`select action, object_id, details from access_log`;
    for (const row of rows) expect(JSON.stringify(row)).not.toMatch(/drop table|delete from/);
  });
});
