import { generateKeyPairSync } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { CompactSign } from 'jose';
import { appendAccessEvent } from '../../api/src/audit/append.ts';
import { chainHash, genesisHash } from '../../api/src/audit/chain.ts';
import { checkpointKeyId } from '../../api/src/audit/checkpoints.ts';
import { entryFromRow, writeCheckpoint } from '../../api/src/audit/verify.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

const json = { 'content-type': 'application/json' };

interface Listed {
  line: number;
  region: string | null;
  seq: number | null;
  hash: string | null;
  signedAt: string | null;
  keyId: string | null;
  signatureValid: boolean;
  chainStatus: 'matches' | 'differs' | 'missing' | 'unreadable';
  storedHash: string | null;
}

async function addEntries(db: TestDatabase, count: number): Promise<void> {
  for (let i = 0; i < count; i++)
    await appendAccessEvent(db.sql, systemActor('test', 'H10'), { action: `test.filler.${i}`, actionType: 'R', result: 'allowed' });
}

describe.each(engines)('the checkpoint list on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let region: Awaited<ReturnType<typeof seedTestRegion>>;
  let auditorCookie: string;
  const written: Array<{ seq: number; hash: string; region?: string }> = [];

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    auditorCookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.auditor) }),
    );
    const key = app.keys.checkpointSigningKey;
    // Line 1: this region; 2: installation-wide (as the verify route writes); 3: another region; 4: this region.
    written.push(await writeCheckpoint(db.sql, key, app.checkpointFile, 'H10'));
    await addEntries(db, 3);
    written.push(await writeCheckpoint(db.sql, key, app.checkpointFile));
    await addEntries(db, 2);
    written.push(await writeCheckpoint(db.sql, key, app.checkpointFile, 'H20'));
    await addEntries(db, 1);
    written.push(await writeCheckpoint(db.sql, key, app.checkpointFile, 'H10'));
  });
  afterAll(() => db.close());

  it("lists the auditor's region's and the installation-wide checkpoints, newest first, with valid signatures that agree with the log", async () => {
    const response = await app.request('/api/v1/audit/checkpoints', { headers: { cookie: auditorCookie } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      checkpoints: Listed[];
      nextBeforeLine: number | null;
      total: number;
      keyId: string;
      headSeq: number;
    };
    const keyId = await checkpointKeyId(app.keys.checkpointSigningKey);
    expect(body.keyId).toBe(keyId);
    expect(body.total).toBe(3);
    expect(body.nextBeforeLine).toBeNull();
    expect(body.checkpoints.map((c) => c.line)).toEqual([4, 2, 1]);
    expect(body.checkpoints.map((c) => c.region)).toEqual(['H10', null, 'H10']);
    for (const [i, index] of [3, 1, 0].entries()) {
      expect(body.checkpoints[i]).toMatchObject({
        seq: written[index].seq,
        hash: written[index].hash,
        keyId,
        signatureValid: true,
        chainStatus: 'matches',
        storedHash: written[index].hash,
      });
    }
    expect(body.headSeq).toBeGreaterThanOrEqual(written[3].seq);
    // The other region's checkpoint is not shown, nor counted.
    expect(body.checkpoints.some((c) => c.region === 'H20')).toBe(false);
    const [logged] =
      await db.sql`select actor_role, result, details from access_log where action = 'audit.checkpoints' order by seq desc limit 1`;
    expect(logged).toMatchObject({ actorRole: 'auditor', result: 'allowed', details: { returned: 3, flagged: 0 } });
  });

  it('pages by line: the next page holds the older checkpoints', async () => {
    const first = await (await app.request('/api/v1/audit/checkpoints?limit=2', { headers: { cookie: auditorCookie } })).json();
    expect(first.checkpoints.map((c: Listed) => c.line)).toEqual([4, 2]);
    expect(first.nextBeforeLine).toBe(2);
    const second = await (
      await app.request(`/api/v1/audit/checkpoints?limit=2&beforeLine=${first.nextBeforeLine}`, { headers: { cookie: auditorCookie } })
    ).json();
    expect(second.checkpoints.map((c: Listed) => c.line)).toEqual([1]);
    expect(second.nextBeforeLine).toBeNull();
    expect((await app.request('/api/v1/audit/checkpoints?limit=0', { headers: { cookie: auditorCookie } })).status).toBe(422);
  });

  it('refuses every other role with 403 and logs the denial; without a session it answers 401', async () => {
    for (const role of ['provider', 'contract_manager', 'municipality', 'admin']) {
      const cookie = sessionCookieFrom(
        await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users[role]) }),
      );
      const response = await app.request('/api/v1/audit/checkpoints', { headers: { cookie } });
      expect(response.status, role).toBe(403);
      const [denied] =
        await db.sql`select actor_role, result from access_log where result = 'denied' and action = 'GET /api/v1/audit/checkpoints' order by seq desc limit 1`;
      expect(denied).toMatchObject({ actorRole: role, result: 'denied' });
    }
    expect((await app.request('/api/v1/audit/checkpoints')).status).toBe(401);
    const token = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: region.client.clientId,
        client_secret: region.client.clientSecret,
      }).toString(),
    });
    const { access_token } = await token.json();
    expect((await app.request('/api/v1/audit/checkpoints', { headers: { authorization: `Bearer ${access_token}` } })).status).toBe(403);
  });
});

describe.each(engines)('tampering shows in the checkpoint list on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  let auditorCookie: string;
  /** Three checkpoints of this region, oldest first (lines 1–3). */
  let checkpoints: Array<{ seq: number; hash: string }>;

  beforeEach(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
    const region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
    auditorCookie = sessionCookieFrom(
      await app.request('/api/v1/auth/login', { method: 'POST', headers: json, body: loginBody(region.users.auditor) }),
    );
    checkpoints = [];
    for (let i = 0; i < 3; i++) {
      await addEntries(db, 4);
      checkpoints.push(await writeCheckpoint(db.sql, app.keys.checkpointSigningKey, app.checkpointFile, 'H10'));
    }
    // Tampering as the table owner: the triggers must be switched off first.
    await db.sql`alter table access_log disable trigger access_log_no_update`;
  });
  afterEach(() => db.close());

  const list = async (): Promise<Listed[]> => {
    const response = await app.request('/api/v1/audit/checkpoints', { headers: { cookie: auditorCookie } });
    expect(response.status).toBe(200);
    return (await response.json()).checkpoints;
  };
  const statusByLine = (listed: Listed[]) => Object.fromEntries(listed.map((c) => [c.line, c.chainStatus]));

  it('flags the checkpoints after an entry that was changed and the chain recomputed to hide it', async () => {
    const changed = checkpoints[0].seq + 2;
    await db.sql`update access_log set action = 'rewritten' where seq = ${changed}`;
    let previous = genesisHash;
    for (const row of await db.sql`select * from access_log order by seq`) {
      const hash = chainHash(previous, Number(row.seq), entryFromRow(row));
      await db.sql`update access_log set hash = ${hash} where seq = ${row.seq}`;
      previous = hash;
    }
    await db.sql`update access_log_head set hash = ${previous}`;

    const listed = await list();
    expect(statusByLine(listed)).toEqual({ 1: 'matches', 2: 'differs', 3: 'differs' });
    const second = listed.find((c) => c.line === 2)!;
    expect(second.signatureValid).toBe(true); // the signature is fine: it is the log that no longer agrees
    expect(second.hash).toBe(checkpoints[1].hash);
    expect(second.storedHash).not.toBe(checkpoints[1].hash);
    const [logged] = await db.sql`select details from access_log where action = 'audit.checkpoints' order by seq desc limit 1`;
    expect(logged.details).toMatchObject({ returned: 3, flagged: 2 });
  });

  it('flags a checkpointed entry changed in place, and a checkpoint whose entry was cut off the tail', async () => {
    await db.sql`update access_log set object_id = 'someone-else' where seq = ${checkpoints[1].seq}`;
    await db.sql`delete from access_log where seq > ${checkpoints[1].seq}`;
    await db.sql`update access_log_head set seq = ${checkpoints[1].seq}, hash = ${checkpoints[1].hash}`;
    expect(statusByLine(await list())).toEqual({ 1: 'matches', 2: 'differs', 3: 'missing' });
  });

  it('marks a line signed with another key, and a line that holds no checkpoint; a forged line cannot hide behind another region', async () => {
    const forger = generateKeyPairSync('ed25519').privateKey;
    const forge = (region: string) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify({ ...checkpoints[2], region, signedAt: new Date().toISOString() })))
        .setProtectedHeader({ alg: 'EdDSA', typ: 'audit-checkpoint+jws' })
        .sign(forger);
    const genuineElsewhere = await writeCheckpoint(db.sql, app.keys.checkpointSigningKey, app.checkpointFile, 'H20');
    await appendFile(app.checkpointFile, `${await forge('H10')}\nnot.a.jws\n${await forge('H20')}\n`);
    const listed = await list();
    // Line 4, validly signed for region H20, is not this auditor's; the forged H20 line 7 is shown.
    expect(listed.map((c) => c.line)).toEqual([7, 6, 5, 3, 2, 1]);
    expect(genuineElsewhere.seq).toBeGreaterThan(0);
    expect(listed[0]).toMatchObject({ region: 'H20', signatureValid: false, keyId: null });
    expect(listed[1]).toMatchObject({ region: null, seq: null, signatureValid: false, chainStatus: 'unreadable', keyId: null });
    // The forged payload agrees with the log, but nothing vouches for it.
    expect(listed[2]).toMatchObject({ region: 'H10', seq: checkpoints[2].seq, signatureValid: false, keyId: null, chainStatus: 'matches' });
    expect(listed.slice(3).every((c) => c.signatureValid && c.chainStatus === 'matches')).toBe(true);
  });
});
