import { hash } from 'node:crypto';

/**
 * SPEC §5: h_i = SHA-256(h_{i-1} || seq_i || canonical(entry_i)). The parts are joined with '|'
 * (the hash is fixed-length hex and seq is decimal, so the join is unambiguous). Pure functions,
 * shared by the writer, the in-portal verifier and the offline `audit verify` command.
 */

export const genesisHash = '0'.repeat(64);

export interface ChainedEntry {
  occurredAt: string; // ISO 8601 UTC with milliseconds
  regionCode: string | null;
  actorType: string;
  actorId: string | null;
  actorRole: string | null;
  actorOrganisation: string | null;
  action: string;
  actionType: 'C' | 'R' | 'U' | 'D' | 'E';
  objectType: string | null;
  objectId: string | null;
  result: 'allowed' | 'denied' | 'error';
  originIp: string | null;
  clientId: string | null;
  requestId: string | null;
  purpose: string | null;
  details: Record<string, unknown>;
}

/** JSON with keys sorted at every depth: the same entry always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // Plain loops rather than entries/filter/map/join: this runs once per entry during verification.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, the same order as `<`.
  const keys = Object.keys(object).sort();
  let out = '';
  for (const key of keys) {
    const item = object[key];
    if (item === undefined) continue;
    out += `${out === '' ? '{' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return out === '' ? '{}' : `${out}}`;
}

/** The entry's keys in canonical (sorted) order, fixed once: serialising an entry is the hot path of verification. */
export const entryKeys = [
  'action',
  'actionType',
  'actorId',
  'actorOrganisation',
  'actorRole',
  'actorType',
  'clientId',
  'details',
  'objectId',
  'objectType',
  'occurredAt',
  'originIp',
  'purpose',
  'regionCode',
  'requestId',
  'result',
] as const satisfies ReadonlyArray<keyof ChainedEntry>;
const entryKeyPrefixes = entryKeys.map((key, i) => `${i === 0 ? '{' : ','}${JSON.stringify(key)}:`);

/** canonicalJson(entry), byte for byte, without sorting the top level each time. */
export function canonicalEntry(entry: ChainedEntry): string {
  let out = '';
  for (let i = 0; i < entryKeys.length; i++) {
    const value = entry[entryKeys[i]];
    if (value === undefined) continue;
    out += (out === '' ? '{' : ',') + entryKeyPrefixes[i].slice(1);
    out += typeof value === 'object' && value !== null ? canonicalJson(value) : JSON.stringify(value);
  }
  return `${out}}`;
}

export function chainHash(previousHash: string, seq: number | bigint | string, entry: ChainedEntry): string {
  // One-shot hash (Node ≥ 20.12): no Hash object per entry.
  return hash('sha256', `${previousHash}|${String(seq)}|${canonicalEntry(entry)}`, 'hex');
}
