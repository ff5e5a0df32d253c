import { gunzipSync } from 'node:zlib';
/**
 * The contract held at test time: every answer an API test receives is checked against the
 * committed openapi.yaml — the status is documented for that operation, the content type is one the
 * operation documents for that status, the documented headers are present, and a JSON body (JSON or
 * RFC 9457 problem) matches the documented schema. Only `/api/v1/*` answers are checked; for CSV,
 * XLSX and other non-JSON content only status and content type.
 *
 * Ajv 8 with its 2020-12 class: OpenAPI 3.1 schemas are JSON Schema 2020-12. The whole document is
 * added under one id so `#/components/schemas/...` references resolve as they do for a client.
 *
 * `checkAnswer` returns the mismatches; `createTestApp` wraps the app's `fetch` (which `app.request`
 * calls too) to collect them, and the `afterEach` below fails the test that received one.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { afterAll, afterEach } from 'vitest';

interface MediaType {
  schema?: unknown;
}
interface ResponseObject {
  description: string;
  headers?: Record<string, { required?: boolean; schema?: unknown } | { $ref: string }>;
  content?: Record<string, MediaType>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, ResponseObject | { $ref: string }>;
}
interface OpenApiDocument {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
}

const documentId = 'urn:resultaatportaal:openapi';

/** What the contract says about one answer, compiled once. */
export interface ContractChecker {
  /** Every way the answer differs from the contract; empty when it keeps it. */
  check(
    request: { method: string; url: string },
    response: { status: number; headers: Headers; body: () => Promise<string | undefined> },
  ): Promise<string[]>;
}

export function createContractChecker(document: OpenApiDocument): ContractChecker {
  // ajv-formats is CommonJS: depending on the loader its default import is the function or its module.
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
    addFormatsModule) as typeof addFormatsModule;
  // strict: false because the document carries OpenAPI keywords beside the schemas (`example`, …).
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(document as object, documentId);

  const base = serverBasePath(document);
  const routes = Object.entries(document.paths)
    .map(([template, item]) => ({ template, pattern: pathPattern(base + template), templated: (template.match(/\{/g) ?? []).length, item }))
    // A literal segment wins over a placeholder (`/dialogues/actions` before `/dialogues/{id}`).
    .sort((a, b) => a.templated - b.templated);

  const validators = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string) => {
    let validate = validators.get(pointer);
    if (!validate) validators.set(pointer, (validate = ajv.compile({ $ref: `${documentId}#${pointer}` })));
    return validate;
  };
  const resolve = <T>(value: T | { $ref: string }): T => {
    if (value && typeof value === 'object' && '$ref' in value && typeof value.$ref === 'string') {
      return resolve(jsonPointer(document, value.$ref.slice(1)) as T | { $ref: string });
    }
    return value as T;
  };

  return {
    async check(request, response) {
      const url = new URL(request.url, 'http://localhost');
      if (!url.pathname.startsWith('/api/v1/')) return [];
      const method = request.method.toLowerCase();
      const where = `${request.method} ${url.pathname} → ${response.status}`;
      const route = routes.find((r) => r.pattern.test(url.pathname) && r.item[method === 'head' ? 'get' : method]);
      const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();

      if (!route) {
        // No operation: the app's own "not found" answer (404/405 problem) is the only documented one.
        if (![404, 405].includes(response.status)) return [`${where}: no operation in openapi.yaml for this method and path`];
        if (contentType !== 'application/problem+json')
          return [`${where}: an unknown path answers ${contentType || 'no content type'}, not application/problem+json`];
        return bodyMismatches(where, validatorAt('/components/schemas/Problem'), await response.body());
      }

      const operationKey = method === 'head' ? 'get' : method;
      const operation = route.item[operationKey];
      const pointerToOperation = `/paths/${escapePointer(route.template)}/${operationKey}`;
      const statusKey = [String(response.status), `${String(response.status)[0]}XX`, 'default'].find((key) => key in operation.responses);
      if (!statusKey) {
        return [
          `${where}: status ${response.status} is not documented for ${operation.operationId ?? `${operationKey} ${route.template}`} (documented: ${Object.keys(operation.responses).join(', ')})`,
        ];
      }
      const documented = resolve(operation.responses[statusKey]);
      const mismatches: string[] = [];

      for (const [name, header] of Object.entries(documented.headers ?? {})) {
        if (resolve(header).required && !response.headers.has(name))
          mismatches.push(`${where}: header ${name} is documented as required but missing`);
      }

      const content = documented.content ?? {};
      if (Object.keys(content).length === 0) {
        if (contentType && method !== 'head' && ((await response.body()) ?? '').length > 0) {
          mismatches.push(`${where}: documented without a body, but answers ${contentType}`);
        }
        return mismatches;
      }
      if (!(contentType in content)) {
        mismatches.push(
          `${where}: content type ${contentType || '(none)'} is not documented (documented: ${Object.keys(content).join(', ')})`,
        );
        return mismatches;
      }
      if (method === 'head' || !isJson(contentType) || content[contentType].schema === undefined) return mismatches;
      const pointer = `${pointerToOperation}/responses/${escapePointer(statusKey)}/content/${escapePointer(contentType)}/schema`;
      mismatches.push(...bodyMismatches(where, validatorAt(pointer), await response.body()));
      return mismatches;
    },
  };
}

function bodyMismatches(where: string, validate: ValidateFunction, text: string | undefined): string[] {
  // A body the client could not keep (a browser that navigated away) is not checked.
  if (text === undefined) return [];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [`${where}: the body is not JSON: ${text.slice(0, 120)}`];
  }
  if (validate(body)) return [];
  return (validate.errors ?? [])
    .slice(0, 8)
    .map(
      (e) =>
        `${where}: body${e.instancePath} ${e.message}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''} (schema ${e.schemaPath})`,
    );
}

const isJson = (contentType: string) => contentType === 'application/json' || contentType.endsWith('+json');

/** `/api/v1` when the server URL carries the base path, '' when the paths do. */
function serverBasePath(document: OpenApiDocument): string {
  const url = document.servers?.[0]?.url ?? '/';
  return new URL(url, 'http://localhost').pathname.replace(/\/$/, '');
}

function pathPattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function jsonPointer(root: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root);
}

let checker: ContractChecker | undefined;

/** The checker for the committed openapi.yaml (read once per test file). */
export function contractChecker(): ContractChecker {
  return (checker ??= createContractChecker(
    parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as OpenApiDocument,
  ));
}

/** Mismatches found since the last check, for the test that is running. */
const pending: Promise<string[]>[] = [];

/** Checks one answer in the background and remembers any mismatch, for the running test to fail on. */
export function recordContractCheck(
  request: { method: string; url: string },
  response: { status: number; headers: Headers; body: () => Promise<string | undefined> },
  done = () => {},
): void {
  pending.push(
    contractChecker()
      .check(request, response)
      .catch((error: unknown) => [`${request.method} ${request.url}: the contract check failed: ${String(error)}`])
      .finally(done),
  );
}

/** Checks a fetch answer; the response itself is untouched. */
export function recordContractMismatches(request: Request, response: Response): void {
  // Clone before the caller reads the body; only a JSON body is read from the clone.
  const copy = response.clone();
  recordContractCheck(
    { method: request.method, url: request.url },
    {
      status: response.status,
      headers: response.headers,
      // The app hands compressed bytes to the server as they go on the wire: read them as a client would.
      body: async () =>
        response.headers.get('content-encoding') === 'gzip'
          ? gunzipSync(Buffer.from(await copy.arrayBuffer())).toString('utf8')
          : copy.text(),
    },
    () => {
      // A body never read would keep the tee'd stream open; cancel the copy once checked.
      copy.body?.cancel().catch(() => undefined);
    },
  );
}

/** The fetch of an app, checking every answer it gives against the contract. */
export function checkingContract<F extends (request: Request, ...rest: never[]) => Response | Promise<Response>>(fetch: F): F {
  return (async (request: Request, ...rest: never[]) => {
    const response = await fetch(request, ...rest);
    recordContractMismatches(request, response);
    return response;
  }) as F;
}

/** Fails the test (or, for answers in `beforeAll`, the file) that received an answer the contract does not describe. */
export async function expectContractKept(): Promise<void> {
  const mismatches = (await Promise.all(pending.splice(0))).flat();
  if (mismatches.length > 0) {
    throw new Error(`answers that openapi.yaml does not describe:\n  ${[...new Set(mismatches)].join('\n  ')}`);
  }
}

afterEach(expectContractKept);
afterAll(expectContractKept);
