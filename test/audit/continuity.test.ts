import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign } from 'jose';
import postgres from 'postgres';
import { inject } from 'vitest';
import { appendAccessEvent } from '../../api/src/audit/append.ts';
import { checkpointKeyBesideFile, mirrorFileName } from '../../api/src/audit/checkpoint-chain.ts';
import { verifyAccessLog, writeCheckpoint, type VerifyOptions } from '../../api/src/audit/verify.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { engines, openTestDatabase, type Engine, type TestDatabase } from '../support/engines.ts';
import { seedTestRegion } from '../support/fixtures.ts';
import { runToEnd, tsxBin } from '../support/process.ts';
import { openSite, type Site } from '../operations/support.ts';

/**
 * Issue 15: a checkpoint file that is removed, emptied or cut short, a gap in its numbers, a file
 * behind its mirror, and entries left uncovered too long must each fail verification; and what the
 * CLI writes while the server is stopped is covered by a checkpoint of its own.
 */
const addEntries = async (db: TestDatabase, count: number) => {
  for (let i = 0; i < count; i++)
    await appendAccessEvent(db.sql, systemActor('test', 'H10'), { action: `test.filler.${i}`, actionType: 'R', result: 'allowed' });
};
const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe.each(engines)('continuity of the checkpoint file on %s', (engine) => {
  let db: TestDatabase;
  const key = generateKeyPairSync('ed25519').privateKey;
  let dir: string;
  let file: string;
  let mirrorDir: string;
  const verify = (files: string | { file: string; mirrorDir?: string } = file, options: VerifyOptions = {}) =>
    verifyAccessLog(db.sql, key, files, { engine: db.engine, ...options });

  beforeEach(async () => {
    db = await openTestDatabase(engine);
    dir = mkdtempSync(join(tmpdir(), 'rp-continuity-'));
    file = join(dir, 'checkpoints.jsonl');
    mirrorDir = join(dir, 'mirror');
    mkdirSync(mirrorDir);
    for (let i = 0; i < 3; i++) {
      await addEntries(db, 3);
      await writeCheckpoint(db.sql, key, { file, mirrorDir }, 'H10');
    }
    expect(await verify({ file, mirrorDir })).toMatchObject({
      ok: true,
      checkedThrough: 9,
      checkpoints: 3,
      entriesAfterNewestCheckpoint: 0,
    });
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers the checkpoints 1, 2, 3 in one chain, each naming the line before it, and mirrors each as a file of its own', () => {
    const payloads = linesOf(file).map((line) => JSON.parse(Buffer.from(line.split('.')[1], 'base64url').toString('utf8')));
    expect(payloads.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(new Set(payloads.map((p) => p.chain)).size).toBe(1);
    expect(payloads[0].previousCheckpoint).toBeNull();
    expect(payloads[1].previousCheckpoint).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(mirrorDir).sort()).toEqual([1, 2, 3].map((n) => mirrorFileName(payloads[0].chain, n)));
  });

  it('fails when the checkpoint file is missing', async () => {
    rmSync(file);
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/checkpoint file .* is missing.*up to number 3/) });
  });

  it('fails when the checkpoint file was emptied', async () => {
    writeFileSync(file, '');
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/is empty/) });
  });

  it('fails when the checkpoint file was cut to its first line, also after a new checkpoint was written onto it', async () => {
    writeFileSync(file, `${linesOf(file)[0]}\n`);
    expect(await verify()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/ends at checkpoint 1, but the database records checkpoint 3 .*cut short/),
    });
    await addEntries(db, 1);
    await writeCheckpoint(db.sql, key, file, 'H10'); // continues after number 3: the gap stays
    expect(await verify()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is number 4, after number 1: checkpoints 2 to 3 are missing/),
    });
  });

  it('fails on a gap in the numbers: a checkpoint taken out of the middle', async () => {
    const [first, , third] = linesOf(file);
    writeFileSync(file, `${first}\n${third}\n`);
    expect(await verify()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/checkpoint 2 in .* is number 3, after number 1: checkpoints 2 to 2 are missing/),
    });
  });

  it('fails when the first checkpoints were removed', async () => {
    writeFileSync(file, `${linesOf(file).slice(1).join('\n')}\n`);
    expect(await verify()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is number 2 of its chain, but no checkpoint 1 to 1 precedes it/),
    });
  });

  it('fails when the file is behind its mirror or differs from it, even when the database record of checkpoints was removed too', async () => {
    // Someone who owns the database and can rewrite the file: the mirror is what remains.
    await db.sql`alter table access_log_checkpoints disable trigger access_log_checkpoints_no_update`;
    await db.sql`delete from access_log_checkpoints`;
    const lines = linesOf(file);
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n`);
    expect(await verify()).toMatchObject({ ok: true }); // the file alone looks whole
    expect(await verify({ file, mirrorDir })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/is behind its mirror: it ends at checkpoint 2, the mirror .* holds checkpoint 3/),
    });

    // The third line re-signed with the key (it lay beside the file) for another head: the mirror disagrees.
    const payload = JSON.parse(Buffer.from(lines[2].split('.')[1], 'base64url').toString('utf8'));
    const resigned = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...payload, signedAt: new Date().toISOString() })))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'audit-checkpoint+jws' })
      .sign(key);
    writeFileSync(file, `${lines.slice(0, 2).join('\n')}\n${resigned}\n`);
    expect(await verify()).toMatchObject({ ok: true });
    expect(await verify({ file, mirrorDir })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/checkpoint 3 in .* differs from the copy in the mirror/),
    });

    rmSync(file);
    expect(await verify({ file, mirrorDir })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(
        /the checkpoint mirror .* holds checkpoint 3 of chain .*, which the checkpoint file .* \(missing\) does not hold/,
      ),
    });
  });

  it('reports the age of the newest checkpoint and the entries after it, and fails when they waited longer than the maximum, with the age', async () => {
    const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);
    // Nothing after the newest checkpoint: an old checkpoint of an idle log is fine.
    expect(await verify(file, { maxAgeMinutes: 60, now: later(600) })).toMatchObject({
      ok: true,
      entriesAfterNewestCheckpoint: 0,
      newestCheckpoint: { number: 3, seq: 9 },
    });
    await addEntries(db, 4);
    const fresh = await verify(file, { maxAgeMinutes: 60 });
    expect(fresh).toMatchObject({
      ok: true,
      entriesAfterNewestCheckpoint: 4,
      newestCheckpoint: { number: 3, seq: 9, ageMinutes: expect.any(Number) },
    });
    expect(fresh.newestCheckpoint!.ageMinutes).toBeLessThan(5);
    const stale = await verify(file, { maxAgeMinutes: 60, now: later(90) });
    expect(stale).toMatchObject({ ok: false, checkedThrough: 13, entriesAfterNewestCheckpoint: 4 });
    expect(stale.reason).toMatch(
      /the newest checkpoint \(number 3, entry 9\) was signed .*, 9\d(\.\d)? minutes ago; 4 entries after it are covered by no checkpoint, the first \(entry 10\) for 9\d(\.\d)? minutes, more than the maximum of 60 minutes/,
    );
  });

  it('accepts checkpoints of the older format as a prefix: the first numbered line names the last of them', async () => {
    const legacyFile = join(dir, 'legacy.jsonl');
    const [head] = await db.sql`select seq, hash from access_log_head`;
    const legacy = await new CompactSign(
      new TextEncoder().encode(JSON.stringify({ seq: Number(head.seq), hash: head.hash, signedAt: new Date().toISOString() })),
    )
      .setProtectedHeader({ alg: 'EdDSA', typ: 'audit-checkpoint+jws' })
      .sign(key);
    writeFileSync(legacyFile, `${legacy}\n`);
    await addEntries(db, 2);
    await writeCheckpoint(db.sql, key, legacyFile);
    expect(await verify(legacyFile)).toMatchObject({ ok: true, checkpoints: 2 });
    writeFileSync(legacyFile, `${linesOf(legacyFile)[1]}\n`); // the legacy line taken out
    expect(await verify(legacyFile)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not name the line before it/) });
  });
});

describe('where the checkpoint signing key lies', () => {
  it('is beside the checkpoint file in its directory or below it (the default), not elsewhere', () => {
    expect(checkpointKeyBesideFile('/var/lib/rp/keys/checkpoint-signing.pem', '/var/lib/rp/audit-checkpoints.jsonl')).toBe(true);
    expect(checkpointKeyBesideFile('/var/lib/rp/checkpoint-signing.pem', '/var/lib/rp/audit-checkpoints.jsonl')).toBe(true);
    expect(checkpointKeyBesideFile('/etc/rp/checkpoint-signing.pem', '/var/lib/rp/audit-checkpoints.jsonl')).toBe(false);
    expect(checkpointKeyBesideFile('/var/lib/rp-keys/checkpoint-signing.pem', '/var/lib/rp/audit-checkpoints.jsonl')).toBe(false);
  });
});

/** A connection that may switch the log's triggers off: the database owner as an attacker. */
async function asSuperuser(site: Site): Promise<{ sql: postgres.Sql; end(): Promise<void> }> {
  if (site.engine === 'pglite') return { sql: site.db.sql as unknown as postgres.Sql, end: async () => {} };
  const url = inject('postgresAdminUrl').replace(/\/[^/]*$/, `/${site.postgres!.database}`);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  return { sql, end: () => sql.end() };
}

describe.each(engines)('a CLI write signs a checkpoint when it ends, on %s', (engine: Engine) => {
  let site: Site;
  const cli = (...args: string[]) => runToEnd(tsxBin, ['api/src/cli.ts', ...args, '--json'], site.env, 120_000);

  beforeAll(async () => {
    site = await openSite(engine);
    await seedTestRegion(site.db.sql, site.keys.secretBoxKey);
  }, 120_000);
  afterAll(async () => {
    await site?.stop();
    await site?.drop();
  });

  it('so two auditor accounts created and erased with their log entries, after the last checkpoint, do not go unnoticed', async () => {
    await writeCheckpoint(site.db.sql, site.keys.checkpointSigningKey, site.config.checkpointFile, 'H10');
    const [{ seq: before }] = await site.db.sql`select seq from access_log_head`;
    for (const email of ['extra-auditor-1@h10.test.nl', 'extra-auditor-2@h10.test.nl']) {
      const created = await cli('user', 'create', '--email', email, '--role', 'auditor');
      expect(created.code, created.stdout + created.stderr).toBe(0);
    }
    const lines = linesOf(site.config.checkpointFile);
    expect(lines.length).toBe(3);
    const [{ seq: after }] = await site.db.sql`select seq from access_log_head`;
    expect(JSON.parse(Buffer.from(lines[2].split('.')[1], 'base64url').toString('utf8'))).toMatchObject({ seq: Number(after), number: 3 });

    // The owner of the database erases the accounts' log entries and sets the head back.
    const owner = await asSuperuser(site);
    try {
      const [{ hash }] = await owner.sql`select hash from access_log where seq = ${before}`;
      await owner.sql`alter table access_log disable trigger access_log_no_update`;
      await owner.sql`delete from access_log where seq > ${before}`;
      await owner.sql`update access_log_head set seq = ${before}, hash = ${hash}`;
      await owner.sql`delete from users where email like 'extra-auditor-%'`;
      await owner.sql`alter table access_log enable trigger access_log_no_update`;
    } finally {
      await owner.end();
    }
    const verified = await cli('audit', 'verify');
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(new RegExp(`covers entry ${Number(before) + 1}, but the log ends at ${before}: the tail was removed`)),
    });
  }, 300_000);
});
