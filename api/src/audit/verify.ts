import { existsSync } from 'node:fs';
import { appendFile, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CompactSign, compactVerify, decodeProtectedHeader } from 'jose';
import type { Queryable } from '../db/connect.ts';
import { signingKeySet, verificationKeys, type SigningKeys } from '../signing-keys.ts';
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
  /** Key rotation: the closing checkpoint of the old key names its successor … */
  nextKeyId?: string;
  /** … and the opening checkpoint of the new key names its predecessor (audit/key-rotation.ts). */
  previousKeyId?: string;
}

/**
 * Access-log rows as text, in chain order: seq, the 15 entry fields of `ChainedEntry` in
 * `textColumns` order with `details` as JSON text, and the stored hash. Text rather than parsed
 * values because verification re-serialises every entry: parsing dates and JSON into objects
 * only to turn them back into strings was most of its cost.
 */
// Selected from `access_log a`: the text seq must not be what the rows are ordered by.
const textColumns = `seq::text, to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), region_code, actor_type,
  actor_id, actor_role, actor_organisation, action, action_type, object_type, object_id, result, origin_ip, client_id, request_id,
  purpose, details::text, hash`;
type TextRow = (string | null)[];

export interface VerifyOptions {
  /**
   * On a real PostgreSQL the rows stream through `COPY … TO STDOUT`, several times faster than
   * row-by-row results. PGlite's socket does not finish a COPY, so it reads in pages instead.
   */
  engine?: 'pglite' | 'postgres';
}

/** Recomputes the chain from the first entry; compares it with the signed checkpoints outside the database. */
export async function verifyAccessLog(sql: Queryable, checkpointKey: SigningKeys, checkpointFile: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  const checkpoints = await readCheckpoints(checkpointKey, checkpointFile);
  if ('reason' in checkpoints) return { ok: false, checkedThrough: 0, reason: checkpoints.reason, checkpoints: 0 };
  const bySeq = new Map(checkpoints.map((c) => [c.seq, c]));
  let previous = genesisHash;
  let expectedSeq = 1;
  let failure: VerifyResult | undefined;
  const check = (batch: TextRow[]) => {
    for (const row of batch) {
      const seq = Number(row[0]);
      if (seq !== expectedSeq) return bad(expectedSeq - 1, expectedSeq, `entry ${expectedSeq} is missing`, checkpoints.length);
      const hash = chainHash(previous, row[0] as string, entryFromText(row));
      if (hash !== row[17]) return bad(seq - 1, seq, `entry ${seq} does not match its hash: it was changed after it was written`, checkpoints.length);
      const checkpoint = bySeq.get(seq);
      if (checkpoint && checkpoint.hash !== hash) return bad(seq - 1, seq, `entry ${seq} differs from the signed checkpoint of ${checkpoint.signedAt}`, checkpoints.length);
      previous = hash;
      expectedSeq = seq + 1;
    }
    return undefined;
  };
  const read = options.engine === 'postgres' ? copyRows : pagedRows;
  await read(sql, (batch) => {
    failure ??= check(batch);
    return failure === undefined;
  });
  if (failure) return failure;
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

/** Receives rows in chain order; answers false to stop early. */
type RowSink = (rows: TextRow[]) => boolean;

/** Pages of 10,000 rows; the next page is fetched while this one is hashed. */
async function pagedRows(sql: Queryable, sink: RowSink): Promise<void> {
  const batch = 10_000;
  // postgres.js queries are lazy: execute() sends it now rather than when awaited.
  const fetch = (from: number) => sql.unsafe(`select ${textColumns} from access_log a where a.seq >= $1 order by a.seq limit ${batch}`, [from]).values().execute();
  let pending = fetch(1);
  for (;;) {
    const rows = (await pending) as unknown as TextRow[];
    if (rows.length === batch) pending = fetch(Number(rows[rows.length - 1][0]) + 1);
    if (!sink(rows) || rows.length < batch) {
      if (rows.length === batch) await pending; // leave no query running behind
      return;
    }
  }
}

/**
 * The whole log as one COPY stream, cut into rows at newline bytes (never inside a UTF-8
 * character). Rows are handled synchronously in the 'data' handler, which is also the
 * backpressure. Why not `for await`: postgres.js pauses its socket when the stream's buffer is
 * full and resumes it only from the stream's next read; if that pause falls on the last chunk,
 * the stream ends, no read follows, and the connection hangs for good before ReadyForQuery.
 * A stream consumed in flowing mode with a synchronous handler never fills its buffer.
 */
async function copyRows(sql: Queryable, sink: RowSink): Promise<void> {
  const stream = (await sql.unsafe(`copy (select ${textColumns} from access_log a order by a.seq) to stdout`).readable()) as Readable;
  let rest: Buffer | undefined;
  let wanted = true;
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => {
      const buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      const end = buffer.lastIndexOf(10);
      if (end < 0) {
        rest = buffer;
        return;
      }
      rest = buffer.subarray(end + 1);
      // After a failure the rest is still read (and dropped) so the connection comes back clean.
      if (!wanted) return;
      const lines = buffer.toString('utf8', 0, end).split('\n');
      const rows: TextRow[] = new Array(lines.length);
      for (let i = 0; i < lines.length; i++) rows[i] = lines[i].split('\t').map(copyField);
      wanted = sink(rows);
    });
    stream.once('end', () => {
      // Belt and braces for the pause described above: the stream's read resumes the socket.
      (stream as unknown as { _read(): void })._read();
      if (rest && rest.length > 0 && wanted) reject(new Error('the access log export ended in the middle of a row'));
      else resolve();
    });
    stream.once('error', reject);
  });
}

const copyEscapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** COPY text format: `\N` is null; backslash escapes the control characters and itself. */
function copyField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) => copyEscapes[c] ?? c);
}

function entryFromText(row: TextRow): ChainedEntry {
  return {
    occurredAt: row[1] as string,
    regionCode: row[2],
    actorType: row[3] as string,
    actorId: row[4],
    actorRole: row[5],
    actorOrganisation: row[6],
    action: row[7] as string,
    actionType: row[8] as ChainedEntry['actionType'],
    objectType: row[9],
    objectId: row[10],
    result: row[11] as ChainedEntry['result'],
    originIp: row[12],
    clientId: row[13],
    requestId: row[14],
    purpose: row[15],
    details: row[16] === null ? {} : (JSON.parse(row[16]) as Record<string, unknown>),
  };
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
 * appends it to a file outside the database.
 */
export async function writeCheckpoint(
  sql: Queryable,
  checkpointKey: SigningKeys,
  checkpointFile: string,
  region?: string,
  handover: Pick<Checkpoint, 'nextKeyId' | 'previousKeyId'> = {},
): Promise<Checkpoint> {
  const { current } = await signingKeySet(checkpointKey);
  const [head] = await sql`select seq, hash from access_log_head`;
  const checkpoint: Checkpoint = { ...(region ? { region } : {}), seq: Number(head.seq), hash: head.hash as string, signedAt: new Date().toISOString(), ...handover };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(checkpoint)))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'audit-checkpoint+jws', kid: current.kid })
    .sign(current.privateKey);
  await appendFile(checkpointFile, `${jws}\n`, { mode: 0o600 });
  return checkpoint;
}

/**
 * The payload of a checkpoint line and the kid of the key that signed it, or undefined when no
 * trusted key did. The key is the one its `kid` names, current or retired (retired checkpoint keys
 * verify for good: the log must stay verifiable for years); a line without `kid`, written before
 * key ids, may have been signed by any of them.
 */
export async function verifyCheckpointSignature(checkpointKey: SigningKeys, jws: string): Promise<{ payload: Uint8Array; kid: string } | undefined> {
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
  if (!existsSync(checkpointFile)) return [];
  const lines = (await readFile(checkpointFile, 'utf8')).split('\n').filter(Boolean);
  const checkpoints: Checkpoint[] = [];
  for (const [index, line] of lines.entries()) {
    const verified = await verifyCheckpointSignature(checkpointKey, line);
    if (!verified) return { reason: `checkpoint ${index + 1} in ${checkpointFile} has no valid signature` };
    try {
      checkpoints.push(JSON.parse(new TextDecoder().decode(verified.payload)) as Checkpoint);
    } catch {
      return { reason: `checkpoint ${index + 1} in ${checkpointFile} has no valid signature` };
    }
  }
  return checkpoints;
}
