/**
 * The one HTTP client of the web app: openapi-fetch over the generated `paths` (openapi.yaml →
 * web/src/api/schema.d.ts), so a call names a path exactly as the contract lists it and a renamed
 * route is a type error rather than a 404. Its middleware, in one place:
 * - `X-Portal-Request: 1` on every change (CSRF: a cross-site form cannot set it);
 * - the server's clock from each answer's `Date` header, so session deadlines count down right;
 * - refusals (RFC 9457 problem+json, in Dutch and English) thrown as `ApiError`, and a 401
 *   `unauthenticated` announced so the session can end (session.tsx).
 * Pages do not call it for loading: the TanStack Query hooks beside it do (queries.ts).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from '../api/schema';
import { messages } from '../messages';

export type Problem = components['schemas']['Problem'];
export type LocalizedText = components['schemas']['LocalizedText'];

/** One problem the server tied to an input field (`totp`, not `json.totp`). */
export interface FieldError {
  field: string;
  message: LocalizedText;
}

/** A refused or failed request, carrying the server's bilingual message and any per-field errors. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** Problems that name a field, so a form can show each beside its input. */
  readonly fieldErrors: FieldError[];
  /** Further problems without a field (shown in the error summary). */
  readonly otherErrors: LocalizedText[];
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The problem's machine code (`login_failed`, `forbidden`, …), or `network` / `unexpected`. */
    readonly code: string,
    readonly localized: LocalizedText,
    /** The problem details as sent, when the server sent them. */
    readonly problem?: Problem,
  ) {
    super(localized.en);
    const items = problem?.errors ?? [];
    this.fieldErrors = items.filter((item) => item.field).map((item) => ({ field: fieldName(item.field!), message: item.message }));
    this.otherErrors = items.filter((item) => !item.field).map((item) => item.message);
  }

  /** The message for one input, when the server named it. */
  forField(field: string): LocalizedText | undefined {
    return this.fieldErrors.find((error) => error.field === field)?.message;
  }
}

/** The server names fields by where they came from (`json.totp`, `query.from`); forms know `totp`. */
function fieldName(field: string): string {
  return field.replace(/^(json|query|form|param|header)\./, '');
}

/** What to tell the user about a failed request: the server's words, or a general line. */
export function failure(error: unknown): LocalizedText {
  return error instanceof ApiError ? error.localized : messages['common.unknownError'];
}

// --- Session signals -------------------------------------------------------------------------

let clockOffsetMs = 0;

/**
 * The server's clock as far as this browser can tell: every answer's `Date` header corrects for a
 * wrong local clock, so a session deadline set by the server is counted down correctly here.
 */
export function serverNow(): number {
  return Date.now() + clockOffsetMs;
}

const unauthenticatedListeners = new Set<() => void>();

/** Called whenever the server says the session is gone (expired, revoked), so the app can go to login. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

// --- Middleware ------------------------------------------------------------------------------

const csrf: Middleware = {
  onRequest({ request }) {
    // The API refuses cookie-authenticated changes without this header.
    if (request.method !== 'GET' && request.method !== 'HEAD') request.headers.set('X-Portal-Request', '1');
    if (!request.headers.has('Accept') || request.headers.get('Accept') === '*/*')
      request.headers.set('Accept', 'application/json, application/problem+json');
    return request;
  },
};

const serverClock: Middleware = {
  onResponse({ response }) {
    const serverDate = Date.parse(response.headers.get('Date') ?? '');
    if (Number.isFinite(serverDate)) clockOffsetMs = serverDate - Date.now();
  },
};

const problems: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return;
    const error = await toApiError(response);
    if (error.status === 401 && error.code === 'unauthenticated') unauthenticatedListeners.forEach((listener) => listener());
    throw error;
  },
  onError({ error }) {
    if (error instanceof DOMException && error.name === 'AbortError') return; // the caller moved on
    return new ApiError(0, 'network', {
      nl: 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.',
      en: 'The server cannot be reached. Check your connection and try again.',
    });
  },
};

// The contract's paths are relative to its server URL, /api/v1.
export const client = createClient<paths>({ baseUrl: '/api/v1', credentials: 'same-origin' });
client.use(csrf, serverClock, problems);

/**
 * The data of a successful answer. Refusals never get here (the middleware throws them), so an
 * answer without data is a 204 or a body the contract does not promise.
 */
export function ok<R extends { data?: unknown }>(result: R): NonNullable<R['data']> {
  return result.data as NonNullable<R['data']>;
}

/** A GET that answers a file (e.g. `Accept: text/csv`): the bytes and the name the server suggests. */
export async function download(
  result: Promise<{ response: Response; data?: unknown }>,
): Promise<{ blob: Blob; filename: string | undefined }> {
  const { response, data } = await result;
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: data as Blob, filename };
}

function isJson(contentType: string): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(contentType);
}

async function toApiError(response: Response): Promise<ApiError> {
  if (isJson(response.headers.get('Content-Type') ?? '')) {
    try {
      const body: unknown = await response.clone().json();
      if (isProblem(body)) return new ApiError(response.status, body.code, body.message, body);
    } catch {
      // not the JSON it claimed to be: fall through to the generic message
    }
  }
  return new ApiError(response.status, 'unexpected', {
    nl: `De server gaf een onverwacht antwoord (HTTP ${response.status}). Probeer het later opnieuw.`,
    en: `The server gave an unexpected answer (HTTP ${response.status}). Please try again later.`,
  });
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const { message, code } = body as { message?: unknown; code?: unknown };
  return (
    typeof code === 'string' &&
    typeof message === 'object' &&
    message !== null &&
    typeof (message as LocalizedText).nl === 'string' &&
    typeof (message as LocalizedText).en === 'string'
  );
}
