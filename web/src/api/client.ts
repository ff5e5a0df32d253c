/**
 * A tiny typed fetch helper over the contract. `paths` is generated from openapi.yaml by
 * openapi-typescript (`npm run openapi:generate`). Callers name a path relative to the API base,
 * e.g. `apiGet('/readyz')` fetches `/api/v1/readyz`; the contract may list its paths with or without
 * that base. Errors arrive as RFC 9457 problem details with the message in Dutch and English, and
 * are thrown as `ApiError`.
 */
import type { paths } from './schema';
import type { Problem } from '../../../schemas/problem';

export const API_BASE = '/api/v1';

export interface LocalizedText {
  nl: string;
  en: string;
}

type ContractPath = keyof paths & string;

/** A contract path as callers write it: without the API base. */
type WithoutBase<K extends string> = K extends `${typeof API_BASE}${infer Rest}` ? Rest : K;

/** The contract's key for a caller's path, whichever way the contract spells it. */
type ContractKey<P extends string> = `${typeof API_BASE}${P}` extends ContractPath
  ? `${typeof API_BASE}${P}`
  : P extends ContractPath
    ? P
    : never;

/** Paths of the contract that answer GET, relative to the API base. */
export type GetPath = {
  [K in ContractPath]: paths[K] extends { get: { responses: unknown } } ? WithoutBase<K> : never;
}[ContractPath];

type GetOperation<P extends GetPath> = paths[ContractKey<P>] extends { get: infer Op } ? Op : never;

type SuccessResponse<Op> = Op extends { responses: infer R }
  ? R extends { 200: infer Ok }
    ? Ok
    : R extends { 201: infer Created }
      ? Created
      : R extends { 204: infer NoContent }
        ? NoContent
        : never
  : never;

type BodyOf<Response> = Response extends { content: { 'application/json': infer Json } }
  ? Json
  : Response extends { content: Record<string, infer Other> }
    ? Other
    : undefined;

/** What a successful GET on `P` returns. */
export type GetResult<P extends GetPath> = BodyOf<SuccessResponse<GetOperation<P>>>;

type ParametersOf<Op, Where extends 'path' | 'query'> = Op extends { parameters: infer Params }
  ? Params extends { [K in Where]?: infer Values }
    ? Exclude<Values, undefined>
    : never
  : never;

export interface GetOptions<P extends GetPath> {
  /** Values for `{name}` placeholders in the path. */
  path?: ParametersOf<GetOperation<P>, 'path'>;
  query?: ParametersOf<GetOperation<P>, 'query'>;
  signal?: AbortSignal;
}

/** A refused or failed request, carrying the server's bilingual message. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    readonly localized: LocalizedText,
    /** The problem details as sent, when the server sent them. */
    readonly problem?: Problem,
  ) {
    super(localized.en);
  }
}

export async function apiGet<P extends GetPath>(path: P, options: GetOptions<P> = {}): Promise<GetResult<P>> {
  const url = API_BASE + fillPath(path, options.path) + queryString(options.query);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json' },
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, {
      nl: 'De server is niet bereikbaar. Controleer uw verbinding en probeer het opnieuw.',
      en: 'The server cannot be reached. Check your connection and try again.',
    });
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as GetResult<P>;
  const type = response.headers.get('Content-Type') ?? '';
  return (isJson(type) ? await response.json() : await response.text()) as GetResult<P>;
}

function fillPath(path: string, values: object | undefined): string {
  const params = (values ?? {}) as Record<string, unknown>;
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`apiGet: missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(params[name]));
  });
}

function queryString(values: object | undefined): string {
  if (!values) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function isJson(contentType: string): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(contentType);
}

async function toApiError(response: Response): Promise<ApiError> {
  const type = response.headers.get('Content-Type') ?? '';
  if (isJson(type)) {
    try {
      const body: unknown = await response.json();
      if (isProblem(body)) return new ApiError(response.status, body.message, body);
    } catch {
      // not the JSON it claimed to be: fall through to the generic message
    }
  }
  return new ApiError(response.status, {
    nl: `De server gaf een onverwacht antwoord (HTTP ${response.status}). Probeer het later opnieuw.`,
    en: `The server gave an unexpected answer (HTTP ${response.status}). Please try again later.`,
  });
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const message = (body as { message?: unknown }).message;
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as LocalizedText).nl === 'string' &&
    typeof (message as LocalizedText).en === 'string'
  );
}
