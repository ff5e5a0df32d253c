/**
 * One XLSX upload may unpack up to xlsxMaxUnpackedBytes (400 MB) in memory; a handful in parallel
 * would exhaust the process. Unpacking therefore reserves its declared size from one budget per
 * process (config UPLOAD_UNPACK_BUDGET_BYTES) before it inflates anything, and releases it when the
 * upload is done. An upload that does not fit now is refused with 503 and Retry-After; nothing is
 * stored, and the provider simply tries again a little later.
 */
import { DomainError } from '../errors.ts';

export const DEFAULT_UNPACK_BUDGET_BYTES = 1024 * 1024 * 1024;
const RETRY_AFTER_SECONDS = 30;

export interface UnpackBudget {
  readonly totalBytes: number;
  /** Bytes reserved by uploads in progress. */
  inUse(): number;
  /** Reservations of one upload; release() gives all of them back (safe to call twice). */
  session(): UnpackSession;
}

export interface UnpackSession {
  /** Reserves `bytes` or throws the 503 problem; called before inflating. */
  reserve(bytes: number): void;
  release(): void;
}

export const unpackBudgetExhausted = () =>
  new DomainError(
    'unavailable',
    'unpack_budget_exhausted',
    {
      nl: `De portal pakt op dit moment te veel Excel-bestanden tegelijk uit. Er is niets opgeslagen; probeer het over ${RETRY_AFTER_SECONDS} seconden opnieuw, of lever de gegevens aan als CSV.`,
      en: `The portal is unpacking too many Excel files at the moment. Nothing was stored; try again in ${RETRY_AFTER_SECONDS} seconds, or upload the data as CSV.`,
    },
    [],
    { retryAfter: RETRY_AFTER_SECONDS },
    { retryAfterSeconds: RETRY_AFTER_SECONDS },
  );

export function createUnpackBudget(totalBytes: number = DEFAULT_UNPACK_BUDGET_BYTES): UnpackBudget {
  let used = 0;
  return {
    totalBytes,
    inUse: () => used,
    session() {
      let held = 0;
      return {
        reserve(bytes) {
          if (bytes <= 0) return;
          if (used + bytes > totalBytes) throw unpackBudgetExhausted();
          used += bytes;
          held += bytes;
        },
        release() {
          used -= held;
          held = 0;
        },
      };
    },
  };
}
