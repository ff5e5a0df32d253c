import { createHmac } from 'node:crypto';

/**
 * SPEC §4.1, two layers. Layer 1 happens at the provider (K1, shared by the region's providers);
 * layer 2 here, at ingestion (K2, held by the portal only). The p1 value is never stored.
 */

export const firstLayerPattern = /^p1:[0-9a-f]{64}$/;
export const storedPseudonymPattern = /^v[0-9]+:[0-9a-f]{64}$/;

/** Layer 1, as the provider's offline tool computes it: p1: + HMAC-SHA256(K1, "BSN|v1|" + BSN). */
export function pseudonymiseBsn(k1: Uint8Array, bsn: string): string {
  if (!/^[0-9]{9}$/.test(bsn)) throw new Error('a BSN has 9 digits');
  return `p1:${createHmac('sha256', k1).update(`BSN|v1|${bsn}`, 'utf8').digest('hex')}`;
}

/**
 * Layer 2: re-keys a p1 value through every K2 version in order, so that a value stored before a
 * rotation (v1 re-keyed to v2 in place) and a new upload after it end up equal.
 */
export function rekeyPseudonym(k2Versions: readonly Uint8Array[], firstLayer: string): string {
  if (!firstLayerPattern.test(firstLayer)) throw new Error('not a first-layer pseudonym');
  let value = firstLayer;
  k2Versions.forEach((key, index) => {
    value = `v${index + 1}:${createHmac('sha256', key).update(value, 'utf8').digest('hex')}`;
  });
  return value;
}

/** One rotation step applied to an already stored value: v(n) → v(n+1). */
export function rotateStoredPseudonym(newKey: Uint8Array, newVersion: number, stored: string): string {
  return `v${newVersion}:${createHmac('sha256', newKey).update(stored, 'utf8').digest('hex')}`;
}
