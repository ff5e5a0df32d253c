/**
 * One access-log entry per dialogue request: what was read or changed (ids, field names, statuses,
 * counts), never the texts themselves. A refusal is logged as denied (not found, not allowed) or
 * error (conflict, invalid input), outside the rolled-back transaction.
 */
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent, loggableId, type AccessEventInput } from '../audit/append.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { DomainError, refusalLogged } from '../errors.ts';

export interface DialogueLogEntry {
  action: string;
  actionType: AccessEventInput['actionType'];
  objectType?: string;
  objectId?: string | null;
  details?: Record<string, unknown>;
}

const purpose = 'resultaatdialoog';

export function logDialogueAccess(
  db: Queryable,
  actor: Actor,
  entry: DialogueLogEntry,
  origin: Origin,
  result: AccessEventInput['result'] = 'allowed',
) {
  return appendAccessEvent(db, actor, {
    action: entry.action,
    actionType: entry.actionType,
    objectType: entry.objectType ?? 'dialogue',
    // A dialogue id comes from the request path: only a well-formed one is logged as it is.
    objectId: (entry.objectType ?? 'dialogue') === 'dialogue' ? loggableId(entry.objectId, 'number') : (entry.objectId ?? null),
    result,
    purpose,
    details: entry.details ?? {},
    origin,
  });
}

/** Runs a service step; a domain error on the way is logged once (denied or error) and rethrown. */
export async function withRefusalsLogged<T>(
  sql: Sql,
  actor: Actor,
  entry: DialogueLogEntry,
  origin: Origin,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) {
      const result = error.kind === 'forbidden' || error.kind === 'not_found' ? 'denied' : 'error';
      await logDialogueAccess(
        sql,
        actor,
        { ...entry, details: { ...entry.details, refused: error.code, kind: error.kind } },
        origin,
        result,
      );
      refusalLogged(error);
    }
    throw error;
  }
}
