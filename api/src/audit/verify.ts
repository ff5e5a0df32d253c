import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import { CompactSign, compactVerify } from 'jose';
import type { Queryable } from '../db/connect.ts';
import { chainHash, genesisHash, type ChainedEntry } from './chain.ts';

export interface VerifyResult {
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
}

/** Recomputes the chain from the first entry; compares it with the signed checkpoints outside the database. */
export async function verifyAccessLog(sql: Queryable, checkpointKey: KeyObject, checkpointFile: string): Promise<VerifyResult> {
  const checkpoints = await readCheckpoints(checkpointKey, checkpointFile);
  if ('reason' in checkpoints) return { ok: false, checkedThrough: 0, reason: checkpoints.reason, checkpoints: 0 };
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  let previous = genesisHash;
  let expectedSeq = 1;
  const batch = 10_000;
  // postgres.js queries are lazy: execute() sends it now rather than when awaited.
  const fetch = (from: number) => sql`select * from access_log where seq >= ${from} order by seq limit ${batch}`.execute();
  // The next batch is fetched while this one is hashed: the database and the CPU work at once.
  let pending = fetch(1);
  for (;;) {
    const rows = await pending;
    if (rows.length === batch) pending = fetch(Number(rows[rows.length - 1].seq) + 1);
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return bad(expectedSeq - 1, expectedSeq, `entry ${expectedSeq} is missing`, checkpoints.length);
      const hash = chainHash(previous, seq, entryFromRow(row));
      if (hash !== row.hash) return bad(seq - 1, seq, `entry ${seq} does not match its hash: it was changed after it was written`, checkpoints.length);
      const checkpoint = bySeq.get(seq);
      if (checkpoint && checkpoint.hash !== hash) return bad(seq - 1, seq, `entry ${seq} differs from the signed checkpoint of ${checkpoint.signedAt}`, checkpoints.length);
      previous = hash;
      expectedSeq = seq + 1;
    }
    if (rows.length < batch) break;
  }
  const last = expectedSeq - 1;
  const [head] = await sql`select seq, hash from access_log_head`;
  if (Number(head.seq) !== last || (last > 0 && head.hash !== previous)) {
    return bad(last, last + 1, `the log ends at ${last} but its head says ${head.seq}: entries were removed`, checkpoints.length);
  }
  const beyond = checkpoints.find((c) => c.seq > last);
  if (beyond) return bad(last, last + 1, `a checkpoint signed ${beyond.signedAt} covers entry ${beyond.seq}, but the log ends at ${last}: the tail was removed`, checkpoints.length);
  return { ok: true, checkedThrough: last, checkpoints: checkpoints.length };
}

function bad(checkedThrough: number, firstBadSeq: number, reason: string, checkpoints: number): VerifyResult {
  return { ok: false, checkedThrough, firstBadSeq, reason, checkpoints };
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

/** Signs the current head (seq, hash) as a JWS and appends it to a file outside the database. */
export async function writeCheckpoint(sql: Queryable, checkpointKey: KeyObject, checkpointFile: string, region?: string): Promise<Checkpoint> {
  const [head] = await sql`select seq, hash from access_log_head`;
  const checkpoint: Checkpoint = { ...(region ? { region } : {}), seq: Number(head.seq), hash: head.hash as string, signedAt: new Date().toISOString() };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(checkpoint)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'audit-checkpoint+jws' })
    .sign(checkpointKey);
  await appendFile(checkpointFile, `${jws}\n`, { mode: 0o600 });
  return checkpoint;
}

export async function readCheckpoints(checkpointKey: KeyObject, checkpointFile: string): Promise<Checkpoint[] | { reason: string }> {
  if (!existsSync(checkpointFile)) return [];
  const publicKey = createPublicKey(checkpointKey);
  const lines = (await readFile(checkpointFile, 'utf8')).split('\n').filter(Boolean);
  const checkpoints: Checkpoint[] = [];
  for (const [index, line] of lines.entries()) {
    try {
      const { payload } = await compactVerify(line, publicKey, { algorithms: ['EdDSA'] });
      checkpoints.push(JSON.parse(new TextDecoder().decode(payload)) as Checkpoint);
    } catch {
      return { reason: `checkpoint ${index + 1} in ${checkpointFile} has no valid signature` };
    }
  }
  return checkpoints;
}
