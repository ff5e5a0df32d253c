/**
 * The typed fetch helper over the contract. `paths` is generated from openapi.yaml by
 * openapi-typescript (`npm run openapi:generate`); callers name a path exactly as the contract
 * lists it (`api.get('/api/v1/me')`), so a renamed route is a type error rather than a 404.
 * Refusals arrive as RFC 9457 problem details in Dutch and English and are thrown as `ApiError`.
 */
import type { components, paths } from './schema';

export type Problem = components['schemas']['Problem'];
export type LocalizedText = components['schemas']['LocalizedText'];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Contract paths that answer method `M`. */
export type PathFor<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: { responses: unknown } } ? P : never;
}[keyof paths];

type Operation<P extends keyof paths, M extends Method> = paths[P] extends { [K in M]: infer Op } ? Op : never;

type SuccessResponse<Op> = Op extends { responses: infer R }
  ? R extends { 200: infer Ok }
    ? Ok
    : R extends { 201: infer Created }
      ? Created
      : R extends { 204: infer NoContent }
        ? NoContent
        : never
  : never;

type JsonOf<Response> = Response extends { content: { 'application/json': infer Json } } ? Json : undefined;

type ParametersOf<Op, Where extends 'path' | 'query'> = Op extends { parameters: { [K in Where]?: infer Values } }
  ? Exclude<Values, undefined>
  : never;

type JsonBodyOf<Op> = Op extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never;

/** What a successful call of `M` on `P` returns as JSON (undefined for 204). */
export type ResultOf<M extends Method, P extends PathFor<M>> = JsonOf<SuccessResponse<Operation<P, M>>>;

type HeaderParametersOf<Op> = Op extends { parameters: { header?: infer Values } } ? Exclude<Values, undefined> : never;

export interface RequestOptions<Op> {
  /** Values for `{name}` placeholders in the path. */
  path?: ParametersOf<Op, 'path'>;
  query?: ParametersOf<Op, 'query'>;
  /** Request headers the contract declares (e.g. `if-match` for an edit of a versioned dialogue). */
  header?: HeaderParametersOf<Op>;
  body?: JsonBodyOf<Op>;
  signal?: AbortSignal;
}

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
    this.fieldErrors = items
      .filter((item) => item.field)
      .map((item) => ({ field: fieldName(item.field!), message: item.message }));
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

// --- Requests -------------------------------------------------------------------------------

export const api = {
  get<P extends PathFor<'get'>>(path: P, options: RequestOptions<Operation<P, 'get'>> = {}): Promise<ResultOf<'get', P>> {
    return requestJson('GET', path, options) as Promise<ResultOf<'get', P>>;
  },
  post<P extends PathFor<'post'>>(path: P, options: RequestOptions<Operation<P, 'post'>> = {}): Promise<ResultOf<'post', P>> {
    return requestJson('POST', path, options) as Promise<ResultOf<'post', P>>;
  },
  patch<P extends PathFor<'patch'>>(path: P, options: RequestOptions<Operation<P, 'patch'>> = {}): Promise<ResultOf<'patch', P>> {
    return requestJson('PATCH', path, options) as Promise<ResultOf<'patch', P>>;
  },
  put<P extends PathFor<'put'>>(path: P, options: RequestOptions<Operation<P, 'put'>> = {}): Promise<ResultOf<'put', P>> {
    return requestJson('PUT', path, options) as Promise<ResultOf<'put', P>>;
  },
  /** A GET that answers a file (e.g. `Accept: text/csv`): the bytes and the name the server suggests. */
  async download<P extends PathFor<'get'>>(
    path: P,
    accept: string,
    options: RequestOptions<Operation<P, 'get'>> = {},
  ): Promise<{ blob: Blob; filename: string | undefined }> {
    const response = await send('GET', path, options, accept);
    const disposition = response.headers.get('Content-Disposition') ?? '';
    const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    return { blob: await response.blob(), filename };
  },
};

async function requestJson(method: string, path: string, options: RequestOptions<unknown>): Promise<unknown> {
  const response = await send(method, path, options, 'application/json, application/problem+json');
  if (response.status === 204) return undefined;
  return isJson(response.headers.get('Content-Type') ?? '') ? response.json() : response.text();
}

async function send(method: string, path: string, options: RequestOptions<unknown>, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  // The API refuses cookie-authenticated changes without this header (CSRF: a cross-site form cannot set it).
  if (method !== 'GET' && method !== 'HEAD') headers['X-Portal-Request'] = '1';
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  for (const [name, value] of Object.entries((options.header ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) headers[name] = String(value);
  }
  const url = fillPath(path, options.path) + queryString(options.query);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', {
      nl: 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.',
      en: 'The server cannot be reached. Check your connection and try again.',
    });
  }
  const serverDate = Date.parse(response.headers.get('Date') ?? '');
  if (Number.isFinite(serverDate)) clockOffsetMs = serverDate - Date.now();
  if (response.ok) return response;
  const error = await toApiError(response);
  if (error.status === 401 && error.code === 'unauthenticated') unauthenticatedListeners.forEach((listener) => listener());
  throw error;
}

function fillPath(path: string, values: object | undefined): string {
  const params = (values ?? {}) as Record<string, unknown>;
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`api: missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(params[name]));
  });
}

function queryString(values: object | undefined): string {
  if (!values) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null || value === '') continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function isJson(contentType: string): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(contentType);
}

async function toApiError(response: Response): Promise<ApiError> {
  if (isJson(response.headers.get('Content-Type') ?? '')) {
    try {
      const body: unknown = await response.json();
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
