import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { Queryable, Sql } from '../db/connect.ts';
import { signingKeySet, verificationKeys, type SigningKeys } from '../signing-keys.ts';
import { genesisHash, type ChainedEntry } from './chain.ts';
import { copyLine, lineColumns, LineChain, referenceLink } from './chain-lines.ts';
import {
  checkContinuity,
  checkpointFileOf,
  checkpointLockKey,
  decodedPayload,
  lastLineOf,
  lineHash,
  linkOf,
  mirrorDirOf,
  recordsCheckpoints,
  writeMirrorFile,
  writerHost,
  type ChainLink,
  type CheckpointFiles,
  type ContinuityReport,
  type SignedLine,
} from './checkpoint-chain.ts';

export interface VerifyResult extends Partial<ContinuityReport> {
  ok: boolean;
  checkedThrough: number;
  firstBadSeq?: number;
  reason?: string;
  checkpoints: number;
}

export interface Checkpoint {
  /** The installation's region; the chain covers every region this installation serves. */
  region?: string;
  seq: number;
  hash: string;
  signedAt: string;
  /** Key rotation: the closing checkpoint of the old key names its successor … */
  nextKeyId?: string;
  /** … and the opening checkpoint of the new key names its predecessor (audit/key-rotation.ts). */
  previousKeyId?: string;
  /** Continuity (audit/checkpoint-chain.ts): the file's chain, this line's number in it, the hash of the line before. Absent in lines of the older format. */
  chain?: string;
  number?: number;
  previousCheckpoint?: string | null;
}

export interface VerifyOptions {
  /**
   * On a real PostgreSQL the rows stream through `COPY … TO STDOUT`, several times faster than
   * row-by-row results. PGlite's socket does not finish a COPY, so it reads in pages instead.
   */
  engine?: 'pglite' | 'postgres';
  /** Fail when an entry has waited longer than this for a checkpoint (AUDIT_CHECKPOINT_MAX_AGE_MINUTES); unchecked when absent. */
  maxAgeMinutes?: number;
  now?: Date;
}

/**
 * Recomputes the chain from the first entry; compares it with the signed checkpoints outside the
 * database, and asks whether the checkpoint file is whole (audit/checkpoint-chain.ts).
 */
export async function verifyAccessLog(
  sql: Queryable,
  checkpointKey: SigningKeys,
  files: CheckpointFiles,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const checkpointFile = checkpointFileOf(files);
  const signed = await readSignedLines(checkpointKey, checkpointFile);
  if ('reason' in signed) return { ok: false, checkedThrough: 0, reason: signed.reason, checkpoints: 0 };
  const checkpoints = signed.map((line) => line.checkpoint);
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  const chain = new LineChain(genesisHash);
  let expectedSeq = 1;
  let failure: VerifyResult | undefined;
  const check = (lines: Buffer, end: number) => {
    for (let start = 0; start < end; ) {
      let lineEnd = lines.indexOf(10, start);
      if (lineEnd < 0 || lineEnd > end) lineEnd = end;
      const linked = chain.check(lines, start, lineEnd);
      const seq = chain.seq;
      if (seq !== expectedSeq) return bad(expectedSeq - 1, expectedSeq, `entry ${expectedSeq} is missing`, checkpoints.length);
      if (!linked) {
        // Changed only if the reference path agrees; else it was the fast path that missed.
        const hash = referenceLink(chain.previousHash, lines.toString('utf8', start, lineEnd));
        if (hash === undefined)
          return bad(seq - 1, seq, `entry ${seq} does not match its hash: it was changed after it was written`, checkpoints.length);
        chain.follow(hash);
      }
      const checkpoint = bySeq.get(seq);
      if (checkpoint && checkpoint.hash !== chain.previousHash)
        return bad(seq - 1, seq, `entry ${seq} differs from the signed checkpoint of ${checkpoint.signedAt}`, checkpoints.length);
      expectedSeq = seq + 1;
      start = lineEnd + 1;
    }
    return undefined;
  };
  const read = options.engine === 'postgres' ? copyRows : pagedRows;
  const [{ setting }] = await sql`select current_setting('DateStyle') as setting`;
  await read(sql, lineColumns(String(setting).startsWith('ISO')), (lines, end) => {
    failure ??= check(lines, end);
    return failure === undefined;
  });
  if (failure) return failure;
  const last = expectedSeq - 1;
  const [head] = await sql`select seq, hash from access_log_head`;
  if (Number(head.seq) !== last || (last > 0 && head.hash !== chain.previousHash)) {
    return bad(last, last + 1, `the log ends at ${last} but its head says ${head.seq}: entries were removed`, checkpoints.length);
  }
  const beyond = checkpoints.find((c) => c.seq > last);
  if (beyond)
    return bad(
      last,
      last + 1,
      `a checkpoint signed ${beyond.signedAt} covers entry ${beyond.seq}, but the log ends at ${last}: the tail was removed`,
      checkpoints.length,
    );
  const { reason, ...continuity } = await checkContinuity(sql, checkpointFile, signed, last, {
    mirrorDir: mirrorDirOf(files),
    maxAgeMinutes: options.maxAgeMinutes,
    now: options.now,
  });
  if (reason) return { ...bad(last, last + 1, reason, checkpoints.length), ...continuity };
  return { ok: true, checkedThrough: last, checkpoints: checkpoints.length, ...continuity };
}

function bad(checkedThrough: number, firstBadSeq: number, reason: string, checkpoints: number): VerifyResult {
  return { ok: false, checkedThrough, firstBadSeq, reason, checkpoints };
}

/** Receives complete lines in chain order (`lines[0, end)`, newline-separated); answers false to stop early. */
type LineSink = (lines: Buffer, end: number) => boolean;

/** Pages of 10,000 rows, written as COPY lines so both engines take one path; the next page is fetched while this one is hashed. */
async function pagedRows(sql: Queryable, columns: string, sink: LineSink): Promise<void> {
  const batch = 10_000;
  // postgres.js queries are lazy: execute() sends it now rather than when awaited.
  const fetch = (from: number) =>
    sql.unsafe(`select ${columns} from access_log a where a.seq >= $1 order by a.seq limit ${batch}`, [from]).values().execute();
  let pending = fetch(1);
  for (;;) {
    const rows = (await pending) as unknown as (string | null)[][];
    if (rows.length === batch) pending = fetch(Number(rows[rows.length - 1][0]) + 1);
    const lines = Buffer.from(rows.map(copyLine).join('\n'), 'utf8');
    if (!sink(lines, lines.length) || rows.length < batch) {
      if (rows.length === batch) await pending; // leave no query running behind
      return;
    }
  }
}

/**
 * The whole log as one COPY stream. PostgreSQL sends each row as its own message, and postgres.js
 * emits each as a chunk: they are gathered into batches of about 64 KiB, cut at a newline byte
 * (never inside a UTF-8 character), so the per-batch work is not done per row. Batches are handled
 * synchronously in the 'data' handler, which is also the backpressure. Why not `for await`:
 * postgres.js pauses its socket when the stream's buffer is full and resumes it only from the
 * stream's next read; if that pause falls on the last chunk, the stream ends, no read follows,
 * and the connection hangs for good before ReadyForQuery. A stream consumed in flowing mode with a
 * synchronous handler never fills its buffer.
 */
async function copyRows(sql: Queryable, columns: string, sink: LineSink): Promise<void> {
  const stream = (await sql.unsafe(`copy (select ${columns} from access_log a order by a.seq) to stdout`).readable()) as Readable;
  const gathered: Buffer[] = [];
  let gatheredBytes = 0;
  let wanted = true;
  const handOver = () => {
    const buffer = gathered.length === 1 ? gathered[0] : Buffer.concat(gathered, gatheredBytes);
    gathered.length = 0;
    gatheredBytes = 0;
    const end = buffer.lastIndexOf(10);
    if (end + 1 < buffer.length) {
      gathered.push(buffer.subarray(end + 1)); // an unfinished row waits for the next batch
      gatheredBytes = buffer.length - end - 1;
    }
    // After a failure the rest is still read (and dropped) so the connection comes back clean.
    if (end >= 0 && wanted) wanted = sink(buffer, end);
  };
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      gathered.push(chunk);
      gatheredBytes += chunk.length;
      if (gatheredBytes >= 65_536) handOver();
    });
    stream.once('end', () => {
      // Belt and braces for the pause described above: the stream's read resumes the socket.
      (stream as unknown as { _read(): void })._read();
      if (gatheredBytes > 0) handOver();
      if (gatheredBytes > 0 && wanted) reject(new Error('the access log export ended in the middle of a row'));
      else resolve();
    });
    stream.once('error', reject);
  });
}

export function entryFromRow(row: Record<string, unknown>): ChainedEntry {
  return {
    occurredAt: (row.occurredAt as Date).toISOString(),
    regionCode: row.regionCode as string | null,
    actorType: row.actorType as string,
    actorId: row.actorId as string | null,
    actorRole: row.actorRole as string | null,
    actorOrganisation: row.actorOrganisation as string | null,
    action: row.action as string,
    actionType: row.actionType as ChainedEntry['actionType'],
    objectType: row.objectType as string | null,
    objectId: row.objectId as string | null,
    result: row.result as ChainedEntry['result'],
    originIp: row.originIp as string | null,
    clientId: row.clientId as string | null,
    requestId: row.requestId as string | null,
    purpose: row.purpose as string | null,
    details: (row.details ?? {}) as Record<string, unknown>,
  };
}

/**
 * Signs the current head (seq, hash) as a JWS with the current checkpoint key, named by `kid`, and
 * appends it to a file outside the database: numbered in the file's chain and naming the line
 * before it (audit/checkpoint-chain.ts), first into the mirror directory when there is one, and
 * recorded in the database. One signer at a time per database (an advisory lock), so processes
 * and the CLI sharing a file keep its numbers in order.
 */
export async function writeCheckpoint(
  sql: Queryable,
  checkpointKey: SigningKeys,
  files: CheckpointFiles,
  region?: string,
  handover: Pick<Checkpoint, 'nextKeyId' | 'previousKeyId'> = {},
): Promise<Checkpoint> {
  const { current } = await signingKeySet(checkpointKey);
  const checkpointFile = checkpointFileOf(files);
  const mirrorDir = mirrorDirOf(files);
  const sign = async (tx: Queryable): Promise<Checkpoint> => {
    await tx`select pg_advisory_xact_lock(${checkpointLockKey})`;
    const recording = await recordsCheckpoints(tx);
    const [head] = await tx`select seq, hash from access_log_head`;
    const link = await nextLink(tx, checkpointFile, recording);
    const checkpoint: Checkpoint = {
      ...(region ? { region } : {}),
      seq: Number(head.seq),
      hash: head.hash as string,
      signedAt: new Date().toISOString(),
      ...handover,
      ...link,
    };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(checkpoint)))
      .setProtectedHeader({ alg: 'EdDSA', typ: 'audit-checkpoint+jws', kid: current.kid })
      .sign(current.privateKey);
    if (mirrorDir) await writeMirrorFile(mirrorDir, link, jws);
    await appendFile(checkpointFile, `${jws}\n`, { mode: 0o600 });
    if (recording) {
      await tx`insert into access_log_checkpoints ${tx({
        chain: link.chain,
        number: link.number,
        seq: checkpoint.seq,
        logHash: checkpoint.hash,
        lineHash: lineHash(jws),
        signedAt: checkpoint.signedAt,
        file: resolve(checkpointFile),
        host: writerHost(),
      } as never)}`;
    }
    return checkpoint;
  };
  // A plain Sql has begin(); a transaction handle does not: then the caller's transaction holds the lock.
  if ('begin' in sql && typeof sql.begin === 'function') return (await (sql as Sql).begin((tx) => sign(tx))) as Checkpoint;
  return sign(sql);
}

/**
 * The chain fields of the next line. The file's last line says where it stands; when the database
 * knows a later checkpoint of the same chain (the file was cut short), the new line follows that
 * one, so the gap stays visible instead of being written over. A file without numbered lines
 * starts a new chain, naming its last line of the older format, if any.
 */
async function nextLink(tx: Queryable, checkpointFile: string, recording: boolean): Promise<ChainLink> {
  const lastLine = await lastLineOf(checkpointFile);
  const last = lastLine === undefined ? undefined : linkOf(decodedPayload(lastLine));
  if (!last) return { chain: randomUUID(), number: 1, previousCheckpoint: lastLine === undefined ? null : lineHash(lastLine) };
  if (recording) {
    const [recorded] =
      await tx`select number, line_hash from access_log_checkpoints where chain = ${last.chain} order by number desc limit 1`;
    if (recorded && Number(recorded.number) > last.number)
      return { chain: last.chain, number: Number(recorded.number) + 1, previousCheckpoint: recorded.lineHash as string };
  }
  return { chain: last.chain, number: last.number + 1, previousCheckpoint: lineHash(lastLine!) };
}

/**
 * The payload of a checkpoint line and the kid of the key that signed it, or undefined when no
 * trusted key did. The key is the one its `kid` names, current or retired (retired checkpoint keys
 * verify for good: the log must stay verifiable for years); a line without `kid`, written before
 * key ids, may have been signed by any of them.
 */
export async function verifyCheckpointSignature(
  checkpointKey: SigningKeys,
  jws: string,
): Promise<{ payload: Uint8Array; kid: string } | undefined> {
  let header;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return undefined;
  }
  for (const key of await verificationKeys(checkpointKey, header, { withoutKid: 'any' })) {
    try {
      const { payload } = await compactVerify(jws, key.publicKey, { algorithms: ['EdDSA'] });
      return { payload, kid: key.kid };
    } catch {
      // not this key
    }
  }
  return undefined;
}

export async function readCheckpoints(checkpointKey: SigningKeys, checkpointFile: string): Promise<Checkpoint[] | { reason: string }> {
  const lines = await readSignedLines(checkpointKey, checkpointFile);
  return 'reason' in lines ? lines : lines.map((line) => line.checkpoint);
}

/** Every line of the checkpoint file with its payload; the first line without a valid signature ends the reading. */
async function readSignedLines(
  checkpointKey: SigningKeys,
  checkpointFile: string,
): Promise<Array<SignedLine & { checkpoint: Checkpoint }> | { reason: string }> {
  if (!existsSync(checkpointFile)) return [];
  const lines = (await readFile(checkpointFile, 'utf8')).split('\n').filter(Boolean);
  const signed: Array<SignedLine & { checkpoint: Checkpoint }> = [];
  for (const [index, line] of lines.entries()) {
    const verified = await verifyCheckpointSignature(checkpointKey, line);
    if (!verified) return { reason: `checkpoint ${index + 1} in ${checkpointFile} has no valid signature` };
    try {
      signed.push({ jws: line, checkpoint: JSON.parse(new TextDecoder().decode(verified.payload)) as Checkpoint });
    } catch {
      return { reason: `checkpoint ${index + 1} in ${checkpointFile} has no valid signature` };
    }
  }
  return signed;
}
