import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey as JoseKey } from 'jose';
import { createTestApp, testKeys } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';

/** An identity provider of our own: a JWKS served on loopback by the test, keys made here. */
describe.each(engines)('external OpenID Connect bearer tokens on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let jwksServer: Server;
  let privateKey: JoseKey;
  let strangerKey: JoseKey;
  const issuer = 'https://idp.gemeente.test';
  const audience = 'resultaatportaal';

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    strangerKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    jwksServer = createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    db = await openTestDatabase(engine);
    const keys = testKeys();
    app = createTestApp(db, keys, {
      oidc: { issuer, audience, jwksUrl, roleClaim: 'portal_role', organisationClaim: 'portal_org', regionCode: 'H10' },
    });
    await seedTestRegion(db.sql, keys.secretBoxKey);
  });
  afterAll(async () => {
    await db?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const token = (
    claims: Record<string, unknown>,
    options: { key?: JoseKey; kid?: string; iss?: string; aud?: string; exp?: string | number } = {},
  ) =>
    new SignJWT({ portal_role: 'municipality', portal_org: '0518', email: 'Beleid@Gemeente.test', ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? 'k1' })
      .setSubject('user-42')
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? audience)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '5m')
      .sign(options.key ?? privateKey);
  const me = async (jwt: string) => app.request('/api/v1/me', { headers: { authorization: `Bearer ${jwt}` } });

  it('accepts a token from the configured issuer and maps its claims to role and organisation', async () => {
    const response = await me(await token({}));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      type: 'user',
      id: 'oidc:user-42',
      email: 'beleid@gemeente.test',
      role: 'municipality',
      organisation: { kind: 'municipality', code: '0518' },
      region: 'H10',
    });
    // The mapped role is enforced like any other: a municipality reads no access log.
    expect((await app.request('/api/v1/audit/events', { headers: { authorization: `Bearer ${await token({})}` } })).status).toBe(403);
  });

  it('refuses wrong audience, wrong issuer, expiry, a foreign key, an unknown kid, alg none and impossible mappings', async () => {
    const refused = [
      await token({}, { aud: 'another-app' }),
      await token({}, { iss: 'https://evil.test' }),
      await token({}, { exp: Math.floor(Date.now() / 1000) - 120 }),
      await token({}, { key: strangerKey }),
      await token({}, { kid: 'unknown' }),
      `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: issuer, aud: audience, sub: 'x', portal_role: 'admin', portal_org: 'servicebureau', exp: 9999999999 })).toString('base64url')}.`,
      await token({ portal_role: 'superuser' }),
      await token({ portal_org: '0363' }), // Amsterdam is not in this region
      await token({ portal_role: 'provider', portal_org: '0518' }), // a provider role on a municipality
    ];
    for (const jwt of refused) expect((await me(jwt)).status).toBe(401);
  });
});
