import { totpCode } from '../../api/src/auth/totp.ts';

/**
 * For tests and tools that log the same account in more than once: a code of a step not handed
 * out before (the server takes each step once), the current one or the next; when both are used,
 * waits for the next step. Remembered per secret in this process.
 */
export function unusedTotpCode(secretBase32: string): string {
  for (;;) {
    const now = Date.now();
    const current = Math.floor(now / 30_000);
    const last = handedOut.get(secretBase32) ?? -Infinity;
    const step = [current, current + 1].find((s) => s > last);
    if (step !== undefined) {
      handedOut.set(secretBase32, step);
      return totpCode(secretBase32, step * 30_000 + 1);
    }
    // Both used: sleep (synchronously: callers build request bodies) until the next step begins.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, (current + 1) * 30_000 - now + 5);
  }
}
const handedOut = new Map<string, number>();
