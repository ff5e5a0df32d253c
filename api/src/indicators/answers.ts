/**
 * Computed comparison answers, remembered per region data revision.
 *
 * The figures change only when a submission is committed (or retention removes one), and every
 * such change bumps `regions.data_revision` in the same transaction. Between two changes every
 * contract manager opening the same table gets the same answer, so it is computed once and kept
 * as the JSON text that is sent: the statistics (exact funnel limits, complementary suppression)
 * and the serialising of a 200-provider table were most of a read's cost (bench:indicators).
 *
 * The key holds everything an answer depends on besides the stored data: the kind of answer, who
 * asks (role, organisation, region: what they may see), the query, the subject of a dialogue, the
 * region's output rules (minimum n etc., read on every request so a changed setting applies at
 * once) and the data revision. Each request still reads the revision and the rules, and still
 * writes its own access-log entry: remembering an answer never skips logging who saw it.
 * Errors are never remembered. Each process keeps its own, so several API processes stay right.
 */
import { gzipSync } from 'node:zlib';
import type { Actor } from '../auth/actor.ts';

export interface Answer<T> {
  /** The answer as sent: JSON text. */
  json: string;
  /** How many rows or points it returned (for the access log). */
  returned: number;
  /** A fresh copy of the answer as an object (callers may change it without touching the cache). */
  body(): T;
  /**
   * The JSON text gzipped, compressed once per remembered answer: a 200-provider table is ~300 KB
   * of JSON and ~10x smaller gzipped, which is what a browser on a municipal network waits for.
   * Undefined for small answers, where compressing gains nothing.
   */
  gzipped(): Uint8Array<ArrayBuffer> | undefined;
}

export interface AnswerScope {
  kind: string;
  actor: Actor;
  regionCode: string;
  dataRevision: string;
  query: Record<string, unknown>;
  /** Output rules and any other setting the answer depends on. */
  settings: Record<string, unknown>;
}

interface Remembered {
  json: string;
  returned: number;
  regionCode: string;
  revision: bigint;
  gzipped?: Uint8Array<ArrayBuffer>;
}

/** Below this many characters an answer is sent as it is. */
const compressFrom = 4096;

interface Store {
  entries: Map<string, Remembered>;
  /** The newest data revision seen per region: older answers of that region are dropped. */
  revisions: Map<string, bigint>;
  chars: number;
}

/** JSON text kept per database handle (a process or a test may talk to more than one database). */
const stores = new WeakMap<object, Store>();
/** ~32 MB of JSON text (a national 200-provider table is ~300 KB): older answers are dropped first. */
const charLimit = 32 * 1024 * 1024;

function sortedQuery(query: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(query)
      .sort()
      .filter((k) => query[k] !== undefined)
      .map((k) => [k, query[k]]),
  );
}

function keyOf(scope: AnswerScope): string {
  const { actor } = scope;
  return JSON.stringify([
    scope.regionCode,
    scope.dataRevision,
    scope.kind,
    actor.role,
    actor.organisationId ?? null,
    actor.organisationCode ?? null,
    actor.regionCode ?? null,
    sortedQuery(scope.query),
    sortedQuery(scope.settings),
  ]);
}

function answerOf<T>(remembered: Remembered): Answer<T> {
  return {
    json: remembered.json,
    returned: remembered.returned,
    body: () => JSON.parse(remembered.json) as T,
    gzipped: () => {
      if (remembered.json.length < compressFrom) return undefined;
      return (remembered.gzipped ??= new Uint8Array(gzipSync(remembered.json, { level: 6 })));
    },
  };
}

/** The remembered answer for this scope, or `compute()`'s, remembered. */
export async function remembered<T>(
  db: object,
  scope: AnswerScope,
  compute: () => Promise<{ body: T; returned: number }>,
): Promise<Answer<T>> {
  let store = stores.get(db);
  if (!store) stores.set(db, (store = { entries: new Map(), revisions: new Map(), chars: 0 }));
  forgetOlderRevisions(store, scope.regionCode, BigInt(scope.dataRevision));
  const key = keyOf(scope);
  const known = store.entries.get(key);
  if (known) {
    store.entries.delete(key); // most recently used last: the first entries are the ones to drop
    store.entries.set(key, known);
    return answerOf(known);
  }
  const { body, returned } = await compute();
  const fresh = { json: JSON.stringify(body), returned, regionCode: scope.regionCode, revision: BigInt(scope.dataRevision) };
  // A revision may have moved on while computing; the answer is then kept under the revision it
  // was asked at (its data is that or newer) and dropped with it.
  if (!store.entries.has(key) && fresh.json.length <= charLimit / 4) {
    store.entries.set(key, fresh);
    store.chars += fresh.json.length;
    for (const [oldest, entry] of store.entries) {
      if (store.chars <= charLimit) break;
      store.entries.delete(oldest);
      store.chars -= entry.json.length;
    }
  }
  return answerOf(fresh);
}

function forgetOlderRevisions(store: Store, regionCode: string, revision: bigint): void {
  const seen = store.revisions.get(regionCode);
  if (seen !== undefined && seen >= revision) return;
  store.revisions.set(regionCode, revision);
  if (seen === undefined) return;
  for (const [key, entry] of store.entries) {
    if (entry.regionCode === regionCode && entry.revision < revision) {
      store.entries.delete(key);
      store.chars -= entry.json.length;
    }
  }
}
