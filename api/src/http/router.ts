import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import { ProblemSchema } from '../../../schemas/problem.ts';
import { apiVersionHeader, apiVersionHeaderName } from './api-version.ts';
import { ValidationFailed } from '../errors.ts';
import { zodIssuesToProblems } from './zod-problems.ts';

/**
 * Every router shares one validation hook, so every zod failure reads the same to a client, and
 * declares every route with the API Design Rules that hold for all of them (`withApiRules`).
 */
export function createRouter(): OpenAPIHono {
  const router = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ValidationFailed(zodIssuesToProblems(result.error.issues, result.target));
      }
    },
  });
  router.openAPIRegistry.registerComponent('headers', apiVersionHeaderName, apiVersionHeader);
  // Every declaration passes here: `openapi()` and a route registered without a handler of its own.
  const registry = router.openAPIRegistry;
  const registerPath = registry.registerPath.bind(registry);
  registry.registerPath = (route) => registerPath(withApiRules(route));
  return router;
}

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** Problem responses to spread into a route's `responses`, so the contract lists them. */
export const problemResponses = {
  400: { description: 'Malformed request', content: problemContent },
  401: { description: 'Not authenticated', content: problemContent },
  403: { description: 'Not allowed', content: problemContent },
  404: { description: 'Not found', content: problemContent },
  409: { description: 'Conflict', content: problemContent },
  413: { description: 'Request too large', content: problemContent },
  415: { description: 'Unsupported content type', content: problemContent },
  422: { description: 'Validation failed', content: problemContent },
  429: { description: 'Too many requests', content: problemContent },
  503: { description: 'Temporarily unavailable', content: problemContent },
} as const;

export function pickProblems<K extends keyof typeof problemResponses>(...statuses: K[]): Pick<typeof problemResponses, K> {
  return Object.fromEntries(statuses.map((s) => [s, problemResponses[s]])) as Pick<typeof problemResponses, K>;
}

/**
 * What the Logius API Design Rules ask of every operation, added where a route is declared so no
 * route can forget it: each response declares the `API-Version` header (set on the wire by
 * `apiVersionHeaderOnEveryAnswer`), an operation that takes input (path, query, headers or a
 * body) documents 400 for input it cannot read, and every operation documents 429 (the anonymous
 * request limit applies to all of them) and 503 (the database can be unreachable for any of them).
 */
export function withApiRules<R extends RouteConfig>(route: R): R {
  const request = route.request;
  const takesInput = Boolean(request?.params || request?.query || request?.headers || request?.body || request?.cookies);
  const responses: RouteConfig['responses'] = {
    ...(takesInput && !route.responses[400] ? { 400: problemResponses[400] } : {}),
    // Any request without a valid session or token counts against the anonymous limit (auth/middleware.ts).
    ...(!route.responses[429] ? { 429: problemResponses[429] } : {}),
    // Any route answers 503 while the database is unreachable (http/error-handler.ts), uploads also when busy.
    ...(!route.responses[503] ? { 503: problemResponses[503] } : {}),
    ...route.responses,
  };
  for (const [status, response] of Object.entries(responses)) {
    if ('$ref' in response) continue;
    if (response.headers && 'safeParse' in response.headers)
      throw new Error(`${route.method} ${route.path} ${status}: declare response headers as header objects, not zod`);
    responses[status] = {
      ...response,
      headers: { ...response.headers, [apiVersionHeaderName]: { $ref: `#/components/headers/${apiVersionHeaderName}` } },
    };
  }
  return { ...route, responses };
}
