import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, decodeJwt, decodeProtectedHeader, exportJWK, SignJWT } from 'jose';
import { createApp } from '../../api/src/app.ts';
import { rotateCheckpointSigningKey } from '../../api/src/audit/key-rotation.ts';
import { verifyAccessLog, writeCheckpoint } from '../../api/src/audit/verify.ts';
import { appendAccessEvent } from '../../api/src/audit/append.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { rotateTokenSigningKey } from '../../api/src/auth/key-rotation.ts';
import { maxTokenLifetimeSeconds, tokenAudience, tokenIssuer, verifyToken } from '../../api/src/auth/tokens.ts';
import { loadConfig, type Config } from '../../api/src/config.ts';
import { loadKeys, signingKeyFiles, type Keys } from '../../api/src/keys.ts';
import { keyIdOf, parsePublicKeys, signingKeySetOf } from '../../api/src/signing-keys.ts';
import { capturingLogger } from '../support/app.ts';
import { engines, openTestDatabase, type Engine, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';
import { runToEnd, tsxBin } from '../support/process.ts';

const json = { 'content-type': 'application/json' };
const actor = systemActor('cli:test', 'H10');
const now = () => Math.floor(Date.now() / 1000);
const kidOf = (jws: string) => decodeProtectedHeader(jws.replace(/^rp_session=/, '')).kid;
const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));

/** A DATA_DIR with real key files, as `keys init` writes them; loadKeys again is what a restart does. */
function installation(): { dataDir: string; config: Config } {
  const dataDir = mkdtempSync(join(tmpdir(), 'rp-keyrot-'));
  return { dataDir, config: loadConfig({ DATA_DIR: dataDir, DEMO: 'true', REGION: 'H10', LOG_LEVEL: 'warn' }) };
}

/** Everything secret about the private keys in these files: the PEM body and the JWK `d`. */
async function privateMaterial(...files: string[]): Promise<string[]> {
  const secrets: string[] = [];
  for (const file of files) {
    const pem = readFileSync(file, 'utf8');
    secrets.push(pem.replace(/-----[^-]+-----|\s/g, ''));
    secrets.push(String((await exportJWK(createPrivateKey(pem))).d));
  }
  return secrets;
}

function expectNoSecrets(text: string, secrets: string[]): void {
  expect(text).not.toContain('PRIVATE KEY');
  expect(text).not.toMatch(/"d"\s*:/);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/** A JWT as the portal writes it, signed with whatever key and header a test wants. */
function mint(key: KeyObject | Uint8Array, header: Record<string, unknown>, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT({
    iss: tokenIssuer,
    aud: tokenAudience,
    jti: `t-${Math.random()}`,
    iat: now(),
    nbf: now(),
    exp: now() + 300,
    ...claims,
  })
    .setProtectedHeader(header as never)
    .sign(key as never);
}

describe('retired token keys', () => {
  it('verify a token for the longest token lifetime after their retirement, and nothing after that', async () => {
    const old = generateKeyPairSync('ed25519').privateKey;
    const kid = await keyIdOf(old);
    const token = await mint(old, { alg: 'EdDSA', typ: 'at+jwt', kid }, { sub: 'client:x' });
    const setRetiredAgo = async (seconds: number) =>
      signingKeySetOf(
        generateKeyPairSync('ed25519').privateKey,
        ['EdDSA'],
        [{ kid, alg: 'EdDSA', publicKey: createPublicKey(old), retiredAt: new Date(Date.now() - seconds * 1000) }],
      );
    expect(await verifyToken(await setRetiredAgo(60), 'at+jwt', token)).toMatchObject({ sub: 'client:x' });
    expect(await verifyToken(await setRetiredAgo(maxTokenLifetimeSeconds + 120), 'at+jwt', token)).toBeUndefined();
  });

  it('refuses a public-key file that holds a private key, or a kid that is not its key', async () => {
    const key = generateKeyPairSync('ed25519').privateKey;
    const jwk = { ...(await exportJWK(key)), alg: 'EdDSA', kid: await keyIdOf(key) };
    await expect(parsePublicKeys(JSON.stringify({ keys: [jwk] }), 'f', ['EdDSA'])).rejects.toThrow(/private key material/);
    const { d: _d, ...publicJwk } = jwk;
    expect(await parsePublicKeys(JSON.stringify({ keys: [publicJwk] }), 'f', ['EdDSA'])).toHaveLength(1);
    await expect(parsePublicKeys(JSON.stringify({ keys: [{ ...publicJwk, kid: 'another' }] }), 'f', ['EdDSA'])).rejects.toThrow(
      /thumbprint/,
    );
    await expect(parsePublicKeys(JSON.stringify({ keys: [{ ...publicJwk, alg: 'ES256' }] }), 'f', ['EdDSA'])).rejects.toThrow(
      /matching "alg"/,
    );
  });
});

describe.each(engines)('token-signing key rotation on %s', (engine) => {
  let db: TestDatabase;
  let config: Config;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;
  const { logger, lines } = capturingLogger();
  const answers: string[] = [];
  const secrets: string[] = [];
  /** The first key's private half, kept by the test as a thief would. */
  let firstKey: KeyObject;
  const appWith = (keys: Keys) =>
    createApp({ sql: db.sql, engine: db.engine, logger, keys, cookieSecure: false, checkpointFile: config.checkpointFile });
  type App = ReturnType<typeof appWith>;
  const call = async (app: App, path: string, init: RequestInit = {}) => {
    const response = await app.request(path, init);
    answers.push(await response.clone().text());
    return response;
  };
  const me = (app: App, credential: string) =>
    call(app, '/api/v1/me', {
      headers: credential.startsWith('rp_session=') ? { cookie: credential } : { authorization: `Bearer ${credential}` },
    });
  /**
   * The server takes each TOTP step of an account once, so logging one account in five times would
   * wait for new 30 s steps: the logins take turns among the region's accounts (any role may sign in).
   */
  let logins = 0;
  const login = async (app: App) => {
    const accounts = Object.values(region.users);
    const account = accounts[logins++ % accounts.length];
    return sessionCookieFrom(await call(app, '/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(account) }));
  };
  const clientToken = async (app: App) => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: region.client.clientId,
      client_secret: region.client.clientSecret,
    });
    const response = await call(app, '/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    return (await response.json()).access_token as string;
  };
  const expectRefused = async (response: Response, code: string) => {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await response.json()).code).toBe(code);
  };

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    ({ config } = installation());
    region = await seedTestRegion(db.sql, (await loadKeys(config)).secretBoxKey);
  });
  afterAll(() => db?.close());

  it('keeps sessions and access tokens issued before a rotation working, and signs new ones with the new kid', async () => {
    const files = signingKeyFiles(config).token;
    const before = await loadKeys(config);
    const app1 = appWith(before);
    const session1 = await login(app1);
    const bearer1 = await clientToken(app1);
    expect(kidOf(session1)).toBe(before.tokenSigningKey.current.kid);
    expect(kidOf(bearer1)).toBe(before.tokenSigningKey.current.kid);
    const previousKey = createPrivateKey(readFileSync(files.privateKey, 'utf8'));
    firstKey = previousKey;
    secrets.push(...(await privateMaterial(files.privateKey)));

    const rotated = await rotateTokenSigningKey(db.sql, actor, files);
    secrets.push(...(await privateMaterial(files.privateKey)));
    expect(rotated).toMatchObject({
      previousKid: before.tokenSigningKey.current.kid,
      alg: 'EdDSA',
      retiredKids: [before.tokenSigningKey.current.kid],
      droppedKids: [],
    });
    expect(rotated.kid).not.toBe(rotated.previousKid);
    const after = await loadKeys(config); // the restart
    expect(after.tokenSigningKey.current.kid).toBe(rotated.kid);
    const app2 = appWith(after);

    for (const credential of [session1, bearer1]) expect((await me(app2, credential)).status).toBe(200);
    const session2 = await login(app2);
    const bearer2 = await clientToken(app2);
    expect([kidOf(session2), kidOf(bearer2)]).toEqual([rotated.kid, rotated.kid]);
    for (const credential of [session2, bearer2]) expect((await me(app2, credential)).status).toBe(200);
    // A process not restarted yet accepts what a restarted one issues: it reads the public-key file again.
    for (const credential of [session2, bearer2]) expect((await me(app1, credential)).status).toBe(200);

    // Tokens without kid (issued before key ids) verify against the current key only.
    const client = { sub: `client:${region.client.clientId}`, scope: 'results:write results:read' };
    const kidless = (key: KeyObject) => mint(key, { alg: 'EdDSA', typ: 'at+jwt' }, client);
    expect((await me(app2, await kidless(after.tokenSigningKey.current.privateKey))).status).toBe(200);
    await expectRefused(await me(app2, await kidless(previousKey)), 'invalid_token');
    expect((await me(app1, await kidless(previousKey))).status).toBe(200);

    const [entry] =
      await db.sql`select action, action_type, object_type, object_id, result, details from access_log where action = 'keys.rotate'`;
    expect(entry).toMatchObject({
      actionType: 'U',
      objectType: 'token_signing_key',
      objectId: rotated.kid,
      result: 'allowed',
      details: { kid: rotated.kid, previousKid: rotated.previousKid },
    });
    const jwks = JSON.parse(readFileSync(files.publicKeys, 'utf8'));
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual([rotated.kid, rotated.previousKid]);
    expect(jwks.keys[1].retiredAt).toEqual(expect.any(String));
  });

  it('refuses a token of a retired key once it is dropped, and at once after a rotation for a leak', async () => {
    const files = signingKeyFiles(config).token;
    const retiredKid = (await loadKeys(config)).tokenSigningKey.others[0].kid;
    const keyBefore = createPrivateKey(readFileSync(files.privateKey, 'utf8'));
    const app1 = appWith(await loadKeys(config));
    const session = await login(app1);

    // Rotating again after the longest token lifetime: the key retired the first time is dropped.
    const later = new Date(Date.now() + (maxTokenLifetimeSeconds + 120) * 1000);
    const second = await rotateTokenSigningKey(db.sql, actor, files, { now: later });
    secrets.push(...(await privateMaterial(files.privateKey)));
    expect(second.droppedKids).toEqual([retiredKid]);
    expect(second.retiredKids).toEqual([second.previousKid]);
    const app2 = appWith(await loadKeys(config));
    expect((await me(app2, session)).status).toBe(200); // signed by the key retired just now
    // Even with the dropped key's private half (a stolen copy), its tokens no longer verify.
    expect(await keyIdOf(firstKey)).toBe(retiredKid);
    await expectRefused(
      await me(app2, await mint(firstKey, { alg: 'EdDSA', typ: 'at+jwt', kid: retiredKid }, { sub: `client:${region.client.clientId}` })),
      'invalid_token',
    );

    // After a leak: --drop-previous. Every session of the previous key ends at once.
    const leak = await rotateTokenSigningKey(db.sql, actor, files, { dropPrevious: true });
    secrets.push(...(await privateMaterial(files.privateKey)));
    expect(leak.retiredKids).toEqual([]);
    expect(leak.droppedKids).toEqual(expect.arrayContaining([second.kid, second.previousKid]));
    const app3 = appWith(await loadKeys(config));
    await expectRefused(await me(app3, session), 'unauthenticated');
    await expectRefused(
      await me(
        app3,
        await mint(keyBefore, { alg: 'EdDSA', typ: 'at+jwt', kid: await keyIdOf(keyBefore) }, { sub: `client:${region.client.clientId}` }),
      ),
      'invalid_token',
    );
    const fresh = await login(app3);
    expect(kidOf(fresh)).toBe(leak.kid);
    expect((await me(app3, fresh)).status).toBe(200);
    expect(
      (await db.sql`select details from access_log where action = 'keys.rotate' order by seq`).map((r) => r.details.dropPrevious),
    ).toEqual([false, false, true]);
  });

  it('refuses an unknown kid, a kid of a key of another algorithm or purpose, and alg/kid mismatches, as session and as access token', async () => {
    const files = signingKeyFiles(config).token;
    const edKid = (await loadKeys(config)).tokenSigningKey.current.kid;
    const edKey = createPrivateKey(readFileSync(files.privateKey, 'utf8'));
    // To ES256: the current key is now a P-256 key, the Ed25519 one retired.
    const toEs = await rotateTokenSigningKey(db.sql, actor, files, { alg: 'ES256' });
    secrets.push(...(await privateMaterial(files.privateKey)));
    const keys = await loadKeys(config);
    expect(keys.tokenSigningKey.current).toMatchObject({ kid: toEs.kid, alg: 'ES256' });
    const app = appWith(keys);
    const esSession = await login(app);
    expect(decodeProtectedHeader(esSession.slice('rp_session='.length))).toMatchObject({ alg: 'ES256', kid: toEs.kid, typ: 'session+jwt' });
    expect((await me(app, esSession)).status).toBe(200);

    const attackerEd = generateKeyPairSync('ed25519').privateKey;
    const attackerEc = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
    const checkpointKey = createPrivateKey(readFileSync(signingKeyFiles(config).checkpoint.privateKey, 'utf8'));
    const userId = (await (await me(app, esSession)).json()).id;
    for (const [typ, claims, code] of [
      // A session token names its session (a live one: the test's own login).
      ['session+jwt', { sub: `user:${userId}`, sid: decodeJwt(esSession.slice('rp_session='.length)).sid }, 'unauthenticated'],
      ['at+jwt', { sub: `client:${region.client.clientId}`, scope: 'results:read' }, 'invalid_token'],
    ] as const) {
      const cases: Array<[string, Promise<string>]> = [
        ['an unknown kid', mint(attackerEd, { alg: 'EdDSA', typ, kid: await keyIdOf(attackerEd) }, claims)],
        ['the kid of the ES256 key under EdDSA', mint(attackerEd, { alg: 'EdDSA', typ, kid: toEs.kid }, claims)],
        ['the kid of the Ed25519 key under ES256', mint(attackerEc, { alg: 'ES256', typ, kid: edKid }, claims)],
        [
          'HS256 keyed with the public key, naming its kid',
          mint(
            createPublicKey(keys.tokenSigningKey.current.privateKey).export({ format: 'der', type: 'spki' }),
            { alg: 'HS256', typ, kid: toEs.kid },
            claims,
          ),
        ],
        [
          'the checkpoint key (another purpose), with its own kid',
          mint(checkpointKey, { alg: 'EdDSA', typ, kid: await keyIdOf(checkpointKey) }, claims),
        ],
        ['a kid that is not a string', mint(keys.tokenSigningKey.current.privateKey, { alg: 'ES256', typ, kid: 7 }, claims)],
        ['no kid, signed with the retired key', mint(edKey, { alg: 'EdDSA', typ }, claims)],
      ];
      for (const [name, token] of cases) {
        const response = await me(app, typ === 'session+jwt' ? `rp_session=${await token}` : await token);
        expect(response.status, `${typ}: ${name}`).toBe(401);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
        expect((await response.json()).code, `${typ}: ${name}`).toBe(code);
      }
      // The same claims, honestly signed with the retired Ed25519 key under its kid, still pass: the refusals are about the attack.
      const genuine = await mint(edKey, { alg: 'EdDSA', typ, kid: edKid }, claims);
      expect((await me(app, typ === 'session+jwt' ? `rp_session=${genuine}` : genuine)).status, typ).toBe(200);
    }
  });

  it('writes no private key material into the logs, the access log, the API answers or the public-key files', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(10);
    expectNoSecrets(lines.join('\n'), secrets);
    expectNoSecrets(answers.join('\n'), secrets);
    expectNoSecrets(JSON.stringify(await db.sql`select * from access_log`), secrets);
    expectNoSecrets(readFileSync(signingKeyFiles(config).token.publicKeys, 'utf8'), secrets);
  });
});

describe.each(engines)('checkpoint-signing key rotation on %s', (engine) => {
  let db: TestDatabase;
  let config: Config;
  let auditorCookie: string;
  const { logger, lines } = capturingLogger();
  const appWith = (keys: Keys, checkpointFile = config.checkpointFile) =>
    createApp({ sql: db.sql, engine: db.engine, logger, keys, cookieSecure: false, checkpointFile });
  const addEntries = async (count: number) => {
    for (let i = 0; i < count; i++)
      await appendAccessEvent(db.sql, actor, { action: `test.filler.${i}`, actionType: 'R', result: 'allowed' });
  };
  const checkpointLines = () => readFileSync(config.checkpointFile, 'utf8').split('\n').filter(Boolean);
  const listed = async (app: ReturnType<typeof appWith>) => {
    const response = await app.request('/api/v1/audit/checkpoints?limit=500', { headers: { cookie: auditorCookie } });
    expect(response.status).toBe(200);
    return response.json() as Promise<{
      keyId: string;
      checkpoints: Array<{ line: number; keyId: string | null; signatureValid: boolean; chainStatus: string }>;
    }>;
  };

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    ({ config } = installation());
    const keys = await loadKeys(config);
    const region = await seedTestRegion(db.sql, keys.secretBoxKey);
    auditorCookie = sessionCookieFrom(
      await appWith(keys).request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.auditor) }),
    );
  });
  afterAll(() => db?.close());

  it('keeps old and new checkpoints verifiable across two rotations, in verifyAccessLog and in the checkpoint list; a forged line is still refused', async () => {
    const files = signingKeyFiles(config).checkpoint;
    const secrets = await privateMaterial(files.privateKey);
    const k1 = await loadKeys(config);
    const kid1 = k1.checkpointSigningKey.current.kid;
    // A checkpoint from before key ids: no kid in its header.
    const [head] = await db.sql`select seq, hash from access_log_head`;
    const legacy = await new CompactSign(
      new TextEncoder().encode(JSON.stringify({ seq: Number(head.seq), hash: head.hash, signedAt: new Date().toISOString() })),
    )
      .setProtectedHeader({ alg: 'EdDSA', typ: 'audit-checkpoint+jws' })
      .sign(k1.checkpointSigningKey.current.privateKey);
    appendFileSync(config.checkpointFile, `${legacy}\n`);
    await addEntries(3);
    await writeCheckpoint(db.sql, k1.checkpointSigningKey, config.checkpointFile, 'H10');
    expect(kidOf(checkpointLines().at(-1)!)).toBe(kid1);

    const first = await rotateCheckpointSigningKey(db.sql, actor, files, config.checkpointFile);
    secrets.push(...(await privateMaterial(files.privateKey)));
    const kid2 = first.kid;
    expect(first).toMatchObject({ previousKid: kid1, retiredKids: [kid1], droppedKids: [] });
    // Closing (old key, names the new one) and opening (new key, names the old one), around the log entry of the rotation.
    const [closing, opening] = checkpointLines().slice(-2);
    expect([kidOf(closing), payloadOf(closing).nextKeyId]).toEqual([kid1, kid2]);
    expect([kidOf(opening), payloadOf(opening).previousKeyId]).toEqual([kid2, kid1]);
    expect(payloadOf(opening).seq).toBe(payloadOf(closing).seq + 1);
    const [rotation] = await db.sql`select seq, action_type, object_type, object_id, details from access_log where action = 'keys.rotate'`;
    expect(Number(rotation.seq)).toBe(payloadOf(opening).seq);
    expect(rotation).toMatchObject({
      actionType: 'U',
      objectType: 'checkpoint_signing_key',
      objectId: kid2,
      details: { kid: kid2, previousKid: kid1 },
    });

    const k2 = await loadKeys(config); // the restart
    expect(k2.checkpointSigningKey.current.kid).toBe(kid2);
    await addEntries(2);
    await writeCheckpoint(db.sql, k2.checkpointSigningKey, config.checkpointFile);
    // A process not restarted yet goes on signing with the previous key: that stays valid too.
    await addEntries(1);
    await writeCheckpoint(db.sql, k1.checkpointSigningKey, config.checkpointFile, 'H10');
    for (const keys of [k2, k1]) {
      expect(await verifyAccessLog(db.sql, keys.checkpointSigningKey, config.checkpointFile, { engine })).toMatchObject({
        ok: true,
        checkpoints: 6,
      });
    }

    const second = await rotateCheckpointSigningKey(db.sql, actor, files, config.checkpointFile);
    secrets.push(...(await privateMaterial(files.privateKey)));
    const kid3 = second.kid;
    expect(second).toMatchObject({ previousKid: kid2, retiredKids: [kid2, kid1] });
    const k3 = await loadKeys(config);
    const verified = await verifyAccessLog(db.sql, k3.checkpointSigningKey, config.checkpointFile, { engine });
    expect(verified).toMatchObject({ ok: true, checkpoints: 8 });
    const jwks = JSON.parse(readFileSync(files.publicKeys, 'utf8'));
    expect(jwks.keys.map((k: { kid: string; retiredAt?: string }) => [k.kid, typeof k.retiredAt])).toEqual([
      [kid3, 'undefined'],
      [kid2, 'string'],
      [kid1, 'string'],
    ]);

    const list = await listed(appWith(k3));
    expect(list.keyId).toBe(kid3);
    expect(list.checkpoints.map((c) => c.line)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(list.checkpoints.every((c) => c.signatureValid && c.chainStatus === 'matches')).toBe(true);
    expect(list.checkpoints.map((c) => c.keyId)).toEqual([kid3, kid2, kid1, kid2, kid2, kid1, kid1, kid1]);

    // Forged lines: a random key under its own kid, under a trusted kid, and without kid.
    const forger = generateKeyPairSync('ed25519').privateKey;
    const [tip] = await db.sql`select seq, hash from access_log_head`;
    const forge = (kid?: string) =>
      new CompactSign(
        new TextEncoder().encode(JSON.stringify({ seq: Number(tip.seq), hash: tip.hash, signedAt: new Date().toISOString() })),
      )
        .setProtectedHeader({ alg: 'EdDSA', typ: 'audit-checkpoint+jws', ...(kid ? { kid } : {}) })
        .sign(forger);
    for (const [name, line] of [
      ['own kid', await forge(await keyIdOf(forger))],
      ['a retired kid', await forge(kid1)],
      ['the current kid', await forge(kid3)],
      ['no kid', await forge()],
    ] as const) {
      const forgedFile = join(mkdtempSync(join(tmpdir(), 'rp-forged-')), 'checkpoints.jsonl');
      copyFileSync(config.checkpointFile, forgedFile);
      appendFileSync(forgedFile, `${line}\n`);
      const result = await verifyAccessLog(db.sql, k3.checkpointSigningKey, forgedFile, { engine });
      expect(result.ok, name).toBe(false);
      expect(result.reason, name).toMatch(/checkpoint 9 in .* has no valid signature/);
      const forgedList = await listed(appWith(k3, forgedFile));
      expect(forgedList.checkpoints[0], name).toMatchObject({ line: 9, signatureValid: false });
      expect(
        forgedList.checkpoints.slice(1).every((c) => c.signatureValid),
        name,
      ).toBe(true);
    }

    // The access log verifies after everything, and holds no key material.
    expect(await verifyAccessLog(db.sql, k3.checkpointSigningKey, config.checkpointFile, { engine })).toMatchObject({ ok: true });
    expect(
      (await db.sql`select count(*)::int as n from access_log where action = 'keys.rotate' and object_type = 'checkpoint_signing_key'`)[0]
        .n,
    ).toBe(2);
    expectNoSecrets(JSON.stringify(await db.sql`select * from access_log`), secrets);
    expectNoSecrets(readFileSync(files.publicKeys, 'utf8'), secrets);
    expectNoSecrets(readFileSync(config.checkpointFile, 'utf8'), secrets);
    expectNoSecrets(JSON.stringify(list), secrets);
    expectNoSecrets(lines.join('\n'), secrets);
  });
});

describe.each(engines)('the keys commands of the CLI on %s', (engine: Engine) => {
  let db: TestDatabase | undefined;
  afterAll(() => db?.close());

  it('rotate the signing keys, log it, print only kids, and leave an access log that verifies', async () => {
    const { dataDir, config } = installation();
    const env: Record<string, string> = { DATA_DIR: dataDir, DEMO: 'false', REGION: 'H10', LOG_LEVEL: 'warn' };
    if (engine === 'postgres') {
      db = await openTestDatabase('postgres', { migrated: false });
      env.DATABASE_URL = db.url!;
    } else {
      env.DATABASE_URL = '';
    }
    const before = await loadKeys(config); // key files, as `keys init` writes them
    const files = signingKeyFiles(config);
    const secrets = await privateMaterial(files.token.privateKey, files.checkpoint.privateKey);
    const cli = (...args: string[]) => runToEnd(tsxBin, ['api/src/cli.ts', ...args, '--json'], env, 240_000);

    const signing = await cli('keys', 'rotate-signing');
    expect(signing.code, signing.stderr).toBe(0);
    expect(JSON.parse(signing.stdout)).toMatchObject({
      previousKid: before.tokenSigningKey.current.kid,
      alg: 'EdDSA',
      retiredKids: [before.tokenSigningKey.current.kid],
    });
    const checkpoint = await cli('keys', 'rotate-checkpoint');
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    const rotated = JSON.parse(checkpoint.stdout);
    expect(rotated).toMatchObject({
      previousKid: before.checkpointSigningKey.current.kid,
      retiredKids: [before.checkpointSigningKey.current.kid],
    });
    expect(rotated.openingSeq).toBe(rotated.closingSeq + 1);
    const verify = await cli('audit', 'verify');
    expect(verify.code, verify.stdout).toBe(0);
    // rotate-signing logged, so it signed a checkpoint when it ended; rotate-checkpoint signs a closing and an opening one.
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, checkpoints: 3 });
    const wrongAlg = await cli('keys', 'rotate-signing', '--alg', 'HS256');
    expect(wrongAlg.code).toBe(2);

    const after = await loadKeys(config);
    expect(after.tokenSigningKey.current.kid).toBe(JSON.parse(signing.stdout).kid);
    expect(after.checkpointSigningKey.current.kid).toBe(rotated.kid);
    secrets.push(...(await privateMaterial(files.token.privateKey, files.checkpoint.privateKey)));
    for (const run of [signing, checkpoint, verify, wrongAlg]) expectNoSecrets(run.stdout + run.stderr, secrets);
  }, 600_000);
});
