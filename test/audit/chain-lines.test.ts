import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, entryKeys, genesisHash, type ChainedEntry } from '../../api/src/audit/chain.ts';
import { copyLine, LineChain, referenceLink } from '../../api/src/audit/chain-lines.ts';

/**
 * The fast path of verification rebuilds h_{i-1}|seq|canonical(entry) from the bytes of a COPY
 * line. It must give exactly the bytes `chainHash` hashes, for any text PostgreSQL can hold, for
 * details stored canonically (since migration 012) or formatted otherwise (jsonb, before it), and
 * for both timestamp forms the query can produce.
 */

// PostgreSQL text holds any Unicode but NUL; awkward ASCII (tabs, backslashes, quotes, \N) is drawn often.
const text = fc
  .oneof(
    fc.string({ unit: 'binary-ascii', maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom('\\N', '\\', '\t', '"', 'null', 'a\\tb', 'é€😀'),
  )
  .map((value) => value.replace(/\0/g, ''));
const nullable = fc.option(text, { nil: null });
const details = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) as fc.Arbitrary<
  Record<string, unknown>
>;
const entries: fc.Arbitrary<ChainedEntry> = fc.record({
  occurredAt: fc
    .date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  regionCode: nullable,
  actorType: text,
  actorId: nullable,
  actorRole: nullable,
  actorOrganisation: nullable,
  action: text,
  actionType: fc.constantFrom('C', 'R', 'U', 'D', 'E'),
  objectType: nullable,
  objectId: nullable,
  result: fc.constantFrom('allowed', 'denied', 'error'),
  originIp: nullable,
  clientId: nullable,
  requestId: nullable,
  purpose: nullable,
  details,
});

/** How PostgreSQL prints the UTC timestamp under DateStyle ISO: a space, no zone, trailing zeros of the fraction dropped. */
const postgresTimestamp = (iso: string) => iso.replace('T', ' ').replace(/\.?0*Z$/, '');
/** Equal JSON in another form: spaces, keys in reverse order (as jsonb's text, or a hand-edited value). */
const reformatted = (value: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(value).reverse()), null, 1);

function lineOf(entry: ChainedEntry, seq: number, hash: string, form: { details: string; timestamp: 'to_char' | 'iso' }): Buffer {
  const fields = entryKeys.map((key) =>
    key === 'details'
      ? form.details
      : key === 'occurredAt' && form.timestamp === 'iso'
        ? postgresTimestamp(entry.occurredAt)
        : (entry[key] as string | null),
  );
  return Buffer.from(copyLine([String(seq), ...fields, hash]), 'utf8');
}

const forms = fc.record({ canonical: fc.boolean(), timestamp: fc.constantFrom('to_char' as const, 'iso' as const) });

describe('a COPY line checked by the fast path', () => {
  it('links exactly when chainHash says so: any text, details canonical or re-formatted, either timestamp form', () => {
    fc.assert(
      fc.property(entries, fc.integer({ min: 1, max: 2 ** 40 }), forms, (entry, seq, form) => {
        const previous = chainHash(genesisHash, 1, entry);
        const hash = chainHash(previous, seq, entry);
        const line = lineOf(entry, seq, hash, {
          details: form.canonical ? canonicalJson(entry.details) : reformatted(entry.details),
          timestamp: form.timestamp,
        });
        const chain = new LineChain(previous);
        expect(chain.check(line, 0, line.length)).toBe(true);
        expect(chain.seq).toBe(seq);
        expect(chain.previousHash).toBe(hash);
        expect(referenceLink(previous, line.toString('utf8'))).toBe(hash);
      }),
      { numRuns: 1000 },
    );
  });

  it('does not link a line with any field changed, and neither does the reference path', () => {
    fc.assert(
      fc.property(entries, fc.constantFrom(...entryKeys), forms, (entry, key, form) => {
        const previous = genesisHash;
        const hash = chainHash(previous, 7, entry);
        const changed: ChainedEntry =
          key === 'details'
            ? { ...entry, details: { ...entry.details, added: entry.details.added === 1 ? 2 : 1 } }
            : key === 'occurredAt'
              ? { ...entry, occurredAt: new Date(Date.parse(entry.occurredAt) + 1).toISOString() }
              : { ...entry, [key]: entry[key] === null ? '' : `${entry[key] as string}x` };
        const line = lineOf(changed, 7, hash, {
          details: form.canonical ? canonicalJson(changed.details) : reformatted(changed.details),
          timestamp: form.timestamp,
        });
        const chain = new LineChain(previous);
        expect(chain.check(line, 0, line.length)).toBe(false);
        expect(chain.previousHash).toBe(previous);
        expect(referenceLink(previous, line.toString('utf8'))).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a line without all its fields, and a stored hash of the wrong length', () => {
    const entry = fc.sample(entries, { numRuns: 1, seed: 1 })[0];
    const hash = chainHash(genesisHash, 1, entry);
    const line = lineOf(entry, 1, hash, { details: canonicalJson(entry.details), timestamp: 'iso' }).toString('utf8');
    for (const broken of [line.slice(0, line.lastIndexOf('\t')), `${line}0`, line.replace(/^1\t/, '\t')]) {
      const bytes = Buffer.from(broken, 'utf8');
      expect(new LineChain(genesisHash).check(bytes, 0, bytes.length)).toBe(false);
      expect(referenceLink(genesisHash, broken)).toBeUndefined();
    }
  });
});
