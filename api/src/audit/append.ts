import type { Queryable, Sql } from '../db/connect.ts';
import type { Actor } from '../auth/actor.ts';
import { chainHash, type ChainedEntry } from './chain.ts';

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
 * Appends one entry to the hash chain. The head row is locked for the transaction, so seq is
 * gap-free and concurrent writers (even in two processes) never fork the chain. Called inside
 * the caller's transaction when the logged change must be atomic with it.
 */
/** Control characters and newlines could forge lines in exports and log viewers: replaced by a space. */
export function stripControlCharacters<T extends string | null>(value: T): T {
  return (value === null ? null : value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')) as T;
}

export async function appendAccessEvent(db: Queryable, actor: Actor, input: AccessEventInput): Promise<number> {
  const run = async (tx: Queryable) => {
    const [head] = await tx`update access_log_head set seq = seq + 1 returning seq, hash`;
    const seq = Number(head.seq);
    const entry: ChainedEntry = {
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
    const hash = chainHash(head.hash as string, seq, entry);
    await tx`insert into access_log ${tx({ seq, ...entry, details: tx.json(entry.details as never), hash } as never)}`;
    await tx`update access_log_head set hash = ${hash}`;
    return seq;
  };
  // A plain Sql has begin(); a transaction handle does not: then we are already atomic.
  if ('begin' in db && typeof db.begin === 'function') return (db as Sql).begin((tx) => run(tx)) as Promise<number>;
  return run(db);
}
