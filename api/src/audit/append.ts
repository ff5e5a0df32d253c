import type { Queryable, Sql } from '../db/connect.ts';
import type { Actor } from '../auth/actor.ts';
import { containsBsnShapedNumber } from '../../../schemas/bsn.ts';
import { canonicalJson, chainHash, type ChainedEntry } from './chain.ts';

export interface AccessEventInput {
  action: string; // e.g. 'submission.commit', 'auth.login'
  actionType: ChainedEntry['actionType'];
  objectType?: string | null;
  objectId?: string | null;
  result: ChainedEntry['result'];
  purpose?: string | null;
  /** Small, non-identifying facts (counts, filters). Never tokens, passwords or pseudonyms. */
  details?: Record<string, unknown>;
  origin?: { ip?: string | null; requestId?: string | null };
}

/**
 * The forms an id taken from a request may have to reach the log as it is. The log is append-only
 * for years: what a caller typed in a path or body (a name, a BSN, kilobytes of text) must never
 * land in it, so anything else is logged as `(invalid)`.
 */
const loggableIdForms = {
  /** Database ids (users, dialogues, actions, submissions). */
  number: /^[1-9][0-9]{0,17}$/,
  /** API client ids as the portal issues them (admin/api-clients.ts). */
  clientId: /^rp_[0-9a-f]{24}$/,
  period: /^[0-9]{4}-H[12]$/,
  /** Template and other file names the portal itself offers. */
  fileName: /^[a-z0-9][a-z0-9._-]{0,63}$/,
} as const;
export type LoggableIdForm = keyof typeof loggableIdForms;
export const invalidLoggedId = '(invalid)';

/** `value` when it has the expected form and cannot be a BSN, else `(invalid)`; null stays null. */
export function loggableId(value: string | null | undefined, form: LoggableIdForm): string | null {
  if (value === null || value === undefined || value === '') return null;
  return loggableIdForms[form].test(value) && !containsBsnShapedNumber(value, 'id') ? value : invalidLoggedId;
}

/** Control characters and newlines could forge lines in exports and log viewers: replaced by a space. */
export function stripControlCharacters<T extends string | null>(value: T): T {
  return (value === null ? null : value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')) as T;
}

function toEntry(actor: Actor, input: AccessEventInput): ChainedEntry {
  return {
    occurredAt: new Date().toISOString(),
    regionCode: actor.regionCode,
    actorType: actor.type,
    actorId: actor.id,
    actorRole: actor.role,
    actorOrganisation: actor.organisationCode,
    action: stripControlCharacters(input.action),
    actionType: input.actionType,
    objectType: stripControlCharacters(input.objectType ?? null),
    objectId: stripControlCharacters(input.objectId ?? null),
    result: input.result,
    originIp: stripControlCharacters(input.origin?.ip ?? null),
    clientId: actor.type === 'client' ? actor.id : null,
    requestId: stripControlCharacters(input.origin?.requestId ?? null),
    purpose: stripControlCharacters(input.purpose ?? null),
    details: input.details ?? {},
  };
}

/**
 * `details` is stored as the canonical text the hash covers, so that verification can hash it as
 * stored (migration 012; `json` keeps its text byte for byte). Typed `unknown` (705): the server
 * reads it as it would a quoted literal, as json, while postgres.js sends the string unchanged —
 * with the json type it would JSON.stringify it once more.
 */
function storedAsIs(tx: Queryable, jsonText: string) {
  return tx.typed(jsonText as never, 705);
}

/** Chains entries onto the head inside `tx` (which holds the head row lock from its update). */
async function chainEntries(tx: Queryable, entries: ChainedEntry[]): Promise<number[]> {
  const [head] = await tx`update access_log_head set seq = seq + ${entries.length} returning seq, hash`;
  const first = Number(head.seq) - entries.length + 1;
  let previous = head.hash as string;
  const rows = entries.map((entry, i) => {
    const seq = first + i;
    const hash = chainHash(previous, seq, entry);
    previous = hash;
    return { seq, ...entry, details: storedAsIs(tx, canonicalJson(entry.details)), hash };
  });
  // Sent together (pipelined): the head row stays locked one round trip less per batch.
  await Promise.all([
    tx`insert into access_log ${tx(rows as never)}`.execute(),
    tx`update access_log_head set hash = ${previous}`.execute(),
  ]);
  return rows.map((row) => row.seq);
}

/**
 * Group commit: entries written outside a caller's transaction are queued per connection pool
 * and chained in one transaction per batch, so concurrent requests share one head-row lock
 * instead of queueing for it one by one. Each caller still waits until its entry is committed.
 */
interface Pending {
  entry: ChainedEntry;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}
const queues = new WeakMap<Sql, { pending: Pending[]; flushing: boolean }>();
const maxBatch = 200;

function enqueue(sql: Sql, entry: ChainedEntry): Promise<number> {
  let queue = queues.get(sql);
  if (!queue) queues.set(sql, (queue = { pending: [], flushing: false }));
  const done = new Promise<number>((resolve, reject) => queue!.pending.push({ entry, resolve, reject }));
  if (!queue.flushing) void flush(sql, queue);
  return done;
}

async function flush(sql: Sql, queue: { pending: Pending[]; flushing: boolean }): Promise<void> {
  queue.flushing = true;
  try {
    while (queue.pending.length > 0) {
      const batch = queue.pending.splice(0, maxBatch);
      try {
        const seqs = await sql.begin((tx) =>
          chainEntries(
            tx,
            batch.map((p) => p.entry),
          ),
        );
        batch.forEach((p, i) => p.resolve((seqs as number[])[i]));
      } catch (error) {
        batch.forEach((p) => p.reject(error));
      }
    }
  } finally {
    queue.flushing = false;
  }
}

/**
 * Appends one entry to the hash chain. The head row is locked for the transaction, so seq is
 * gap-free and concurrent writers (even in two processes) never fork the chain. Called inside
 * the caller's transaction when the logged change must be atomic with it.
 */
let accessLogOff = false;
/** bench:audit only (the server allows it in demo mode alone): measures what the log costs. */
export function disableAccessLogForBenchmark(): void {
  accessLogOff = true;
}

export async function appendAccessEvent(db: Queryable, actor: Actor, input: AccessEventInput): Promise<number> {
  if (accessLogOff) return 0;
  const entry = toEntry(actor, input);
  // A plain Sql has begin(); a transaction handle does not: then the entry must be atomic with it.
  if ('begin' in db && typeof db.begin === 'function') return enqueue(db as Sql, entry);
  const [seq] = await chainEntries(db, [entry]);
  return seq;
}
