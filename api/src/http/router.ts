import { OpenAPIHono } from '@hono/zod-openapi';
import { ProblemSchema } from '../../../schemas/problem.ts';
import { ValidationFailed } from '../errors.ts';
import { zodIssuesToProblems } from './zod-problems.ts';

/** Every router shares one validation hook, so every zod failure reads the same to a client. */
export function createRouter(): OpenAPIHono {
  return new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) {
        throw new ValidationFailed(zodIssuesToProblems(result.error.issues, result.target));
      }
    },
  });
}

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** Problem responses to spread into a route's `responses`, so the contract lists them. */
export const problemResponses = {
  400: { description: 'Malformed request', content: problemContent },
  401: { description: 'Not authenticated', content: problemContent },
  403: { description: 'Not allowed', content: problemContent },
  404: { description: 'Not found', content: problemContent },
  409: { description: 'Conflict', content: problemContent },
  415: { description: 'Unsupported content type', content: problemContent },
  422: { description: 'Validation failed', content: problemContent },
  429: { description: 'Too many requests', content: problemContent },
  503: { description: 'Temporarily unavailable', content: problemContent },
} as const;

export function pickProblems<K extends keyof typeof problemResponses>(...statuses: K[]): Pick<typeof problemResponses, K> {
  return Object.fromEntries(statuses.map((s) => [s, problemResponses[s]])) as Pick<typeof problemResponses, K>;
}
