import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CreateLockExceptionRequestSchema, LockExceptionListSchema, LockExceptionSchema } from '../../../schemas/lock-exceptions.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import type { Sql } from '../db/connect.ts';
import { requireContentType } from '../http/content-type.ts';
import { pickProblems } from '../http/router.ts';
import { endLockException, grantLockException, listLockExceptions } from './lock-exceptions.ts';

const admin = [requireRole(['admin'])];
const adminWrite = [requireRole(['admin']), requireContentType('application/json')];
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['admin'];

const listRoute = createRoute({
  method: 'get',
  path: '/admin/lock-exceptions',
  tags,
  summary: 'Lock exceptions of the region, current and past, newest first',
  operationId: 'adminListLockExceptions',
  middleware: admin,
  responses: { 200: json(LockExceptionListSchema, 'Lock exceptions'), ...pickProblems(401, 403) },
});

const grantRoute = createRoute({
  method: 'post',
  path: '/admin/lock-exceptions',
  tags,
  summary: 'Let one provider change one period after its figures are final, until a date (logged, the provider is notified)',
  operationId: 'adminGrantLockException',
  middleware: adminWrite,
  request: { body: { required: true, content: { 'application/json': { schema: CreateLockExceptionRequestSchema } } } },
  responses: { 201: json(LockExceptionSchema, 'Granted'), ...pickProblems(400, 401, 403, 404, 415, 422) },
});

const endRoute = createRoute({
  method: 'post',
  path: '/admin/lock-exceptions/{id}/end',
  tags,
  summary: 'End a lock exception now: from then on the provider is refused again',
  operationId: 'adminEndLockException',
  middleware: admin,
  request: { params: z.object({ id: z.string().max(20).openapi({ example: '1' }) }) },
  responses: { 200: json(LockExceptionSchema, 'Ended'), ...pickProblems(401, 403, 404, 409) },
});

export function registerLockExceptionRoutes(router: OpenAPIHono, deps: { sql: Sql }): void {
  const actorOf = (c: Context) => principalOf(c).actor;
  router.openapi(listRoute, async (c) => c.json({ exceptions: await listLockExceptions(deps.sql, actorOf(c), originOf(c)) }, 200));
  router.openapi(grantRoute, async (c) => c.json(await grantLockException(deps.sql, actorOf(c), c.req.valid('json'), originOf(c)), 201));
  router.openapi(endRoute, async (c) => c.json(await endLockException(deps.sql, actorOf(c), c.req.valid('param').id, originOf(c)), 200));
}
