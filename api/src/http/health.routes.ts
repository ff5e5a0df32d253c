import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Sql } from '../db/connect.ts';
import { ServiceUnavailable } from '../errors.ts';
import { pickProblems } from './router.ts';

const HealthSchema = z.object({ status: z.literal('ok') }).openapi('Health');
const ReadinessSchema = z.object({ status: z.literal('ready'), database: z.enum(['pglite', 'postgres']) }).openapi('Readiness');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness: the process answers',
  operationId: 'getHealth',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: HealthSchema } } } },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'Readiness: the process answers and the database too',
  operationId: 'getReadiness',
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: ReadinessSchema } } },
    ...pickProblems(503),
  },
});

export function registerHealthRoutes(router: OpenAPIHono, deps: { sql: Sql; engine: 'pglite' | 'postgres' }): void {
  router.openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200));
  router.openapi(readyz, async (c) => {
    try {
      await Promise.race([deps.sql`select 1`, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
    } catch {
      throw new ServiceUnavailable();
    }
    return c.json({ status: 'ready' as const, database: deps.engine }, 200);
  });
}
