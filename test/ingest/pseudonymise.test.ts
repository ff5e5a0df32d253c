import { parseHexKey } from '../../api/src/keys.ts';
import { pseudonymiseBsn, rekeyPseudonym, rotateStoredPseudonym } from '../../api/src/ingest/pseudonymise.ts';

const k1 = Uint8Array.from({ length: 32 }, (_, i) => i); // 0x00…0x1f
const k2 = Uint8Array.from({ length: 32 }, (_, i) => 0x20 + i); // 0x20…0x3f

describe('two-layer pseudonymisation (SPEC §4.1 test vectors)', () => {
  it('turns test BSNs into the published first-layer values', () => {
    expect(pseudonymiseBsn(k1, '111222333')).toBe('p1:72ec6a98fbb4af004672ee86be6a65d8850707a9fc2ece48f23c20f4e0400736');
    expect(pseudonymiseBsn(k1, '123456782')).toBe('p1:2e06675773a995ab8fd023ef3b6a1afb89dcff62212a95bf5efb480472b6fa64');
  });

  it('re-keys a first-layer value with K2 to the published stored value', () => {
    expect(rekeyPseudonym([k2], 'p1:72ec6a98fbb4af004672ee86be6a65d8850707a9fc2ece48f23c20f4e0400736')).toBe(
      'v1:c84154bb14aa2e5daa8edd1f0846d5ecfd2ba2d1a15f8360e839566f02bfb784',
    );
  });

  it('keeps linkage across a K2 rotation: a rotated stored value equals a new upload through both keys', () => {
    const k2b = Uint8Array.from({ length: 32 }, (_, i) => 0x40 + i);
    const p1 = pseudonymiseBsn(k1, '111222333');
    const storedBefore = rekeyPseudonym([k2], p1);
    expect(rotateStoredPseudonym(k2b, 2, storedBefore)).toBe(rekeyPseudonym([k2, k2b], p1));
    expect(rekeyPseudonym([k2, k2b], p1)).toMatch(/^v2:[0-9a-f]{64}$/);
  });

  it('reads key files as 64 hex characters and names a bad one', () => {
    expect(parseHexKey(`${'00'.repeat(32)}\n`, 'K2')).toHaveLength(32);
    expect(() => parseHexKey('abc', 'PSEUDONYM_KEY_FILE')).toThrow(/PSEUDONYM_KEY_FILE: expected 64 hexadecimal/);
  });

  it('refuses anything that is not a first-layer pseudonym', () => {
    expect(() => rekeyPseudonym([k2], '111222333')).toThrow();
    expect(() => rekeyPseudonym([k2], 'p1:ABC')).toThrow();
  });
});
