/**
 * POST /api/v1/submissions with the raw file as the body. XMLHttpRequest rather than fetch,
 * because only XHR reports upload progress, which a 50 MB file over a slow line needs.
 * Refusals come back as the same ApiError the typed client throws; a refused commit (422)
 * carries the whole validation report in the problem document.
 */
import { ApiError, client, type Problem } from '../../data/client';
import type { components } from '../../api/schema';

export type DryRunResult = components['schemas']['DryRunResult'];
export type CommitResult = components['schemas']['CommitResult'];
export type ValidationReport = components['schemas']['ValidationReport'];
export type Replacement = components['schemas']['Replacement'];

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The content type to send for a file: by its name, since browsers guess CSV types differently. */
export function contentTypeFor(file: { name: string; type: string }): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return xlsxContentType;
  if (name.endsWith('.csv') || name.endsWith('.txt') || name.endsWith('.tsv')) return 'text/csv';
  // Anything else goes as the browser labels it; the API answers 415 with the accepted types.
  return file.type || 'application/octet-stream';
}

export interface UploadOptions {
  period: string;
  dryRun: boolean;
  fileName: string;
  contentType: string;
  /** Sent on a commit, so that a repeated click or a retry after a lost answer stores one version. */
  idempotencyKey?: string;
  /** The provider confirmed replacing the current submission with far fewer rows or fewer categories. */
  confirmReplace?: boolean;
  onProgress?: (loaded: number, total: number) => void;
  /** Called once every byte is sent and the server is checking the rows. */
  onSent?: () => void;
  signal?: AbortSignal;
}

export function uploadSubmission(body: ArrayBuffer, options: UploadOptions): Promise<DryRunResult | CommitResult> {
  const query = new URLSearchParams({
    period: options.period,
    dryRun: String(options.dryRun),
    fileName: options.fileName,
    ...(options.confirmReplace ? { confirmReplace: 'true' } : {}),
  });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/submissions?${query}`);
    xhr.setRequestHeader('Content-Type', options.contentType);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    // CSRF: the API refuses cookie-authenticated changes without this header.
    xhr.setRequestHeader('X-Portal-Request', '1');
    if (options.idempotencyKey) xhr.setRequestHeader('Idempotency-Key', options.idempotencyKey);
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : body.byteLength);
    xhr.upload.onload = () => options.onSent?.();
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    xhr.onload = () => {
      const parsed = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && parsed !== undefined) {
        resolve(parsed as DryRunResult | CommitResult);
        return;
      }
      const error = toApiError(xhr.status, parsed);
      // Let the session notice an expired login the way every other request does.
      if (error.status === 401) void client.GET('/me').catch(() => undefined);
      reject(error);
    };
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

/** The report a refused commit (422) carries beside the problem details, if any. */
export function reportOf(error: unknown): ValidationReport | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const report = (error.problem as (Problem & { report?: ValidationReport }) | undefined)?.report;
  return report && Array.isArray(report.errors) ? report : undefined;
}

/** The comparison a commit refused for want of confirmation (409 replacement_unconfirmed) carries, if any. */
export function replacementOf(error: unknown): Replacement | undefined {
  if (!(error instanceof ApiError) || error.code !== 'replacement_unconfirmed') return undefined;
  const replacement = (error.problem as (Problem & { replacement?: Replacement }) | undefined)?.replacement;
  return replacement && typeof replacement.currentRows === 'number' ? replacement : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function networkError(): ApiError {
  return new ApiError(0, 'network', {
    nl: 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.',
    en: 'The server cannot be reached. Check your connection and try again.',
  });
}

function toApiError(status: number, body: unknown): ApiError {
  const problem = body as Problem | undefined;
  if (problem && typeof problem.code === 'string' && typeof problem.message?.nl === 'string' && typeof problem.message?.en === 'string') {
    return new ApiError(status, problem.code, problem.message, problem);
  }
  return new ApiError(status, 'unexpected', {
    nl: `De server gaf een onverwacht antwoord (HTTP ${status}). Probeer het later opnieuw.`,
    en: `The server gave an unexpected answer (HTTP ${status}). Please try again later.`,
  });
}
