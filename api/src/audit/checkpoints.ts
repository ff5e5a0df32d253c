/**
 * The signed checkpoints as a list for auditors (SPEC §5): each line of the checkpoint file outside
 * the database, whether its signature verifies, and whether the access log still holds the signed
 * hash at that place. The full recomputation of the chain stays in verify.ts; this answers "which
 * checkpoint no longer agrees with the log" for one page of checkpoints at a time.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { base64url, decodeProtectedHeader } from 'jose';
import type { z } from 'zod';
import type { CheckpointQuerySchema, CheckpointSchema } from '../../../schemas/audit.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { appendAccessEvent } from './append.ts';
import { chainHash, genesisHash } from './chain.ts';
import { entryFromRow, verifyCheckpointSignature } from './verify.ts';
import { signingKeySet, type SigningKeys } from '../signing-keys.ts';

export type CheckpointQuery = z.infer<typeof CheckpointQuerySchema>;
export type ListedCheckpoint = z.infer<typeof CheckpointSchema>;

/** One line of the checkpoint file, read without trusting it: the payload as it claims to be. */
export interface CheckpointLine {
  line: number;
  jws: string;
  region: string | null;
  seq: number | null;
  hash: string | null;
  signedAt: string | null;
  kid: string | null;
}

/** Every non-empty line of the checkpoint file, oldest first, payloads decoded but not verified. */
export async function readCheckpointLines(checkpointFile: string): Promise<CheckpointLine[]> {
  if (!existsSync(checkpointFile)) return [];
  const text = await readFile(checkpointFile, 'utf8');
  const lines: CheckpointLine[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const jws = raw.trim();
    if (jws) lines.push(decodeCheckpointLine(index + 1, jws));
  }
  return lines;
}

export function decodeCheckpointLine(line: number, jws: string): CheckpointLine {
  const unreadable: CheckpointLine = { line, jws, region: null, seq: null, hash: null, signedAt: null, kid: null };
  try {
    const header = decodeProtectedHeader(jws);
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(jws.split('.')[1] ?? ''))) as Record<string, unknown>;
    const seq = typeof payload.seq === 'number' && Number.isInteger(payload.seq) && payload.seq >= 0 ? payload.seq : null;
    return {
      line,
      jws,
      region: typeof payload.region === 'string' ? payload.region : null,
      seq,
      hash: typeof payload.hash === 'string' ? payload.hash : null,
      signedAt: typeof payload.signedAt === 'string' ? payload.signedAt : null,
      kid: typeof header.kid === 'string' ? header.kid : null,
    };
  } catch {
    return unreadable;
  }
}

/** RFC 7638 thumbprint of the public half of the current checkpoint key: an id an auditor can compare offline. */
export async function checkpointKeyId(checkpointKey: SigningKeys): Promise<string> {
  return (await signingKeySet(checkpointKey)).current.kid;
}

/**
 * For each checkpoint: does the log hold entry `seq` with the signed hash, and does that entry still
 * hash to it from the stored hash of the entry before? A cheap local check (two rows each).
 */
export async function chainStatusOf(
  sql: Queryable,
  lines: CheckpointLine[],
): Promise<Map<number, { status: ListedCheckpoint['chainStatus']; storedHash: string | null }>> {
  const wanted = new Set<number>();
  for (const { seq } of lines) {
    if (seq === null || seq === 0) continue;
    wanted.add(seq);
    if (seq > 1) wanted.add(seq - 1);
  }
  const rows = wanted.size === 0 ? [] : await sql`select * from access_log where seq in ${sql([...wanted] as never)}`;
  const bySeq = new Map(rows.map((row) => [Number(row.seq), row]));
  const result = new Map<number, { status: ListedCheckpoint['chainStatus']; storedHash: string | null }>();
  for (const cp of lines) {
    if (cp.seq === null || cp.hash === null) {
      result.set(cp.line, { status: 'unreadable', storedHash: null });
    } else if (cp.seq === 0) {
      result.set(cp.line, { status: cp.hash === genesisHash ? 'matches' : 'differs', storedHash: genesisHash });
    } else {
      const row = bySeq.get(cp.seq);
      if (!row) {
        result.set(cp.line, { status: 'missing', storedHash: null });
        continue;
      }
      const previous = cp.seq === 1 ? genesisHash : ((bySeq.get(cp.seq - 1)?.hash as string | undefined) ?? null);
      const recomputed = previous === null ? null : chainHash(previous, cp.seq, entryFromRow(row));
      const matches = row.hash === cp.hash && recomputed === cp.hash;
      result.set(cp.line, { status: matches ? 'matches' : 'differs', storedHash: row.hash as string });
    }
  }
  return result;
}

/**
 * The auditor's region's checkpoints and the installation-wide ones (written without a region),
 * newest first, paged by line. A line is only left out for naming another region when its
 * signature proves it: a forged line cannot hide itself by claiming a region, and an unreadable
 * line (no region) is shown to every auditor. Reading the list is logged like any other reading.
 */
export async function listCheckpoints(
  sql: Sql,
  actor: Actor,
  deps: { checkpointKey: SigningKeys; checkpointFile: string },
  query: CheckpointQuery,
  origin: Origin,
) {
  // The kid of the (current or retired) key that verifies the line; undefined when none does.
  const signedBy = async (cp: CheckpointLine) => (await verifyCheckpointSignature(deps.checkpointKey, cp.jws))?.kid;
  const inScope: CheckpointLine[] = [];
  for (const cp of await readCheckpointLines(deps.checkpointFile)) {
    if (cp.region === null || cp.region === actor.regionCode || !(await signedBy(cp))) inScope.push(cp);
  }
  const older = query.beforeLine ? inScope.filter((cp) => cp.line < query.beforeLine!) : inScope;
  const page = older.slice(-query.limit).reverse();

  const keyId = await checkpointKeyId(deps.checkpointKey);
  const chain = await chainStatusOf(sql, page);
  const checkpoints: ListedCheckpoint[] = [];
  for (const cp of page) {
    const kid = await signedBy(cp);
    const valid = kid !== undefined;
    const { status, storedHash } = chain.get(cp.line)!;
    checkpoints.push({
      line: cp.line,
      region: cp.region,
      seq: cp.seq,
      hash: cp.hash,
      signedAt: cp.signedAt,
      keyId: cp.kid ?? kid ?? null,
      signatureValid: valid,
      chainStatus: status,
      storedHash,
    });
  }
  const [head] = await sql`select seq from access_log_head`;

  await appendAccessEvent(sql, actor, {
    action: 'audit.checkpoints',
    actionType: 'R',
    objectType: 'access_log',
    result: 'allowed',
    details: {
      filters: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)),
      returned: checkpoints.length,
      flagged: checkpoints.filter((c) => !c.signatureValid || c.chainStatus !== 'matches').length,
    },
    origin,
  });
  return {
    checkpoints,
    nextBeforeLine: older.length > page.length ? page[page.length - 1].line : null,
    total: inScope.length,
    keyId,
    headSeq: Number(head.seq),
  };
}
