import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appendAccessEvent } from '../../api/src/audit/append.ts';
import { chainHash, genesisHash, type ChainedEntry } from '../../api/src/audit/chain.ts';
import { copyLine, lineColumns, LineChain } from '../../api/src/audit/chain-lines.ts';
import { verifyAccessLog, writeCheckpoint } from '../../api/src/audit/verify.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import type { Sql } from '../../api/src/db/connect.ts';
import { migrate } from '../../api/src/db/migrate.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';

/**
 * Migration 012 stores access-log details as canonical `json` text so verification can hash it as
 * stored. Entries written before (jsonb, formatted {"a": 1}) must keep verifying, a re-formatted
 * but equal value is no alarm, and tampering is still named, on both engines' read paths.
 */
const migrationsDir = fileURLToPath(new URL('../../api/src/db/migrations/', import.meta.url));

/** Applies the migrations before `name` only, as an installation that has not upgraded yet. */
async function migrateBefore(sql: Sql, name: string): Promise<void> {
  await sql`create table schema_migrations (name text primary key, applied_at timestamptz not null default now())`;
  for (const file of (await readdir(migrationsDir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f) && f < name).sort()) {
    await sql.unsafe(await readFile(join(migrationsDir, file), 'utf8')).simple();
    await sql`insert into schema_migrations (name) values (${file})`;
  }
}

const details = (i: number) => ({ z: i, a: { y: [1, 'x y'], b: null }, text: 'é\ttab' });
const append = (db: TestDatabase, i: number) =>
  appendAccessEvent(db.sql, systemActor('test', 'H10'), {
    action: `test.${i}`,
    actionType: 'R',
    objectId: `"${i}" \\N é`,
    result: 'allowed',
    details: details(i),
  });

/** As the writer did before migration 012 (and an older portal process still does): details sent as jsonb. */
async function appendAsBefore(db: TestDatabase, i: number): Promise<void> {
  await db.sql.begin(async (tx) => {
    const [head] = await tx`update access_log_head set seq = seq + 1 returning seq, hash`;
    const entry: ChainedEntry = {
      occurredAt: new Date().toISOString(),
      regionCode: 'H10',
      actorType: 'system',
      actorId: 'test',
      actorRole: null,
      actorOrganisation: null,
      action: `test.${i}`,
      actionType: 'R',
      objectType: null,
      objectId: `"${i}" \\N é`,
      result: 'allowed',
      originIp: null,
      clientId: null,
      requestId: null,
      purpose: null,
      details: details(i),
    };
    const hash = chainHash(head.hash as string, Number(head.seq), entry);
    await tx`insert into access_log ${tx({ seq: head.seq, ...entry, details: tx.json(entry.details as never), hash } as never)}`;
    await tx`update access_log_head set hash = ${hash}`;
  });
}

/** Every line through the fast path alone (no reference path): answers the seqs it could not link. */
async function unlinkedByFastPath(sql: Sql): Promise<number[]> {
  const rows = (await sql.unsafe(`select ${lineColumns(true)} from access_log a order by a.seq`).values()) as unknown as (
    | string
    | null
  )[][];
  const chain = new LineChain(genesisHash);
  const unlinked: number[] = [];
  for (const row of rows) {
    const line = Buffer.from(copyLine(row), 'utf8');
    if (!chain.check(line, 0, line.length)) {
      unlinked.push(Number(row[0]));
      chain.follow(row[row.length - 1] as string);
    }
  }
  return unlinked;
}

describe.each(engines)('verification across migration 012 on %s', (engine) => {
  let db: TestDatabase;
  const key = generateKeyPairSync('ed25519').privateKey;
  let checkpointFile: string;
  const verify = () => verifyAccessLog(db.sql, key, checkpointFile, { engine: db.engine });

  beforeEach(async () => {
    db = await openTestDatabase(engine, { migrated: false });
    checkpointFile = join(mkdtempSync(join(tmpdir(), 'rp-upgrade-')), 'checkpoints.jsonl');
    await migrateBefore(db.sql, '012');
    // 1–5 written before the upgrade: details in jsonb, re-formatted by PostgreSQL.
    for (let i = 1; i <= 5; i++) await appendAsBefore(db, i);
    await writeCheckpoint(db.sql, key, checkpointFile);
    expect((await migrate(db.sql)).applied).toContain('012_access_log_details_json.sql');
    // 6–9 by the upgraded writer; 10 by an older portal process still running beside it.
    for (let i = 6; i <= 9; i++) await append(db, i);
    await appendAsBefore(db, 10);
    await writeCheckpoint(db.sql, key, checkpointFile);
  });
  afterEach(() => db.close());

  it('verifies old and new entries; new ones are stored canonical, and the fast path links every one', async () => {
    const stored =
      await db.sql`select seq, details::text as text, pg_typeof(details)::text as type from access_log where seq in (5, 6, 10) order by seq`;
    expect(stored.map((r) => r.type)).toEqual(['json', 'json', 'json']);
    expect(stored[0].text).toBe('{"a": {"b": null, "y": [1, "x y"]}, "z": 5, "text": "é\\ttab"}'); // jsonb's text, kept by the migration
    expect(stored[1].text).toBe('{"a":{"b":null,"y":[1,"x y"]},"text":"é\\ttab","z":6}'); // canonicalJson, as hashed
    expect(stored[2].text).toBe('{"a": {"b": null, "y": [1, "x y"]}, "z": 10, "text": "é\\ttab"}'); // sent as jsonb: jsonb's text
    expect(await verify()).toMatchObject({ ok: true, checkedThrough: 10, checkpoints: 2 });
    expect(await unlinkedByFastPath(db.sql)).toEqual([]);
    // Readers still get the value.
    expect((await db.sql`select details from access_log where seq = 6`)[0].details).toEqual({
      a: { b: null, y: [1, 'x y'] },
      text: 'é\ttab',
      z: 6,
    });
  });

  it('keeps the log append-only after the migration', async () => {
    await expect(db.sql`update access_log set action = 'changed' where seq = 7`).rejects.toThrow(/append-only/);
    await expect(db.sql`delete from access_log where seq = 10`).rejects.toThrow(/append-only/);
    await expect(db.sql`truncate access_log`).rejects.toThrow(/append-only/);
  });

  it('accepts details re-formatted to an equal value, and names a changed one, old or new', async () => {
    await db.sql`alter table access_log disable trigger access_log_no_update`;
    // ::text first: a parameter typed json would be JSON.stringify'd once more by postgres.js.
    await db.sql`update access_log set details = ${'{ "text" : "é\\ttab",\n "z": 7, "a": {"y": [1, "x y"], "b": null} }'}::text::json where seq = 7`;
    expect(await verify()).toMatchObject({ ok: true, checkedThrough: 10 });
    await db.sql`update access_log set details = ${'{"a":{"b":null,"y":[1,"x y"]},"text":"é\\ttab","z":70}'}::text::json where seq = 8`;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 8, reason: expect.stringMatching(/changed after it was written/) });
    await db.sql`update access_log set details = (details::jsonb || '{"z": 30}')::json where seq = 3`;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('names a changed field, a deleted row and swapped rows among the new entries', async () => {
    await db.sql`alter table access_log disable trigger access_log_no_update`;
    const [{ objectId }] = await db.sql`select object_id from access_log where seq = 9`;
    await db.sql`update access_log set object_id = 'someone-else' where seq = 9`;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 9 });
    await db.sql`update access_log set object_id = ${objectId as string} where seq = 9`; // back as it was
    expect(await verify()).toMatchObject({ ok: true });
    await db.sql`update access_log set seq = -6 where seq = 6`;
    await db.sql`update access_log set seq = 6 where seq = 8`;
    await db.sql`update access_log set seq = 8 where seq = -6`;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6 });
    await db.sql`delete from access_log where seq = 8`;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6 });
    await db.sql`delete from access_log where seq = 6`;
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6, reason: expect.stringMatching(/missing/) });
  });

  it('reads the timestamps under another DateStyle too (to_char then writes them)', async () => {
    const lines = await db.sql.begin(async (tx) => {
      await tx`set local datestyle to 'SQL, DMY'`;
      return verifyAccessLog(tx, key, checkpointFile, { engine: 'pglite' }); // pages: a transaction has no COPY stream of its own here
    });
    expect(lines).toMatchObject({ ok: true, checkedThrough: 10 });
  });
});
