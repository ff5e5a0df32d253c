import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from '@hono/zod-openapi';
import { ColumnMappingSchema, StoredColumnMappingSchema } from '../../../schemas/column-mapping-api.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import type { Sql } from '../db/connect.ts';
import { requireContentType } from '../http/content-type.ts';
import { pickProblems } from '../http/router.ts';
import { readColumnMapping, saveColumnMapping } from './column-mapping.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const tags = ['submissions'];
// The provider's own mapping: its users, and its API clients that deliver (they may run the tool too).
const provider = requireRole(['provider'], { scope: 'submissions:write' });

const readRoute = createRoute({
  method: 'get',
  path: '/column-mapping',
  tags,
  summary: 'The provider’s remembered mapping of its own export columns onto the record (column names and codes only)',
  operationId: 'getColumnMapping',
  middleware: [provider] as const,
  responses: { 200: json(StoredColumnMappingSchema, 'The mapping (empty when none was saved)'), ...pickProblems(401, 403) },
});

const saveRoute = createRoute({
  method: 'put',
  path: '/column-mapping',
  tags,
  summary: 'Remember the provider’s column mapping for its next exports',
  operationId: 'saveColumnMapping',
  middleware: [provider, requireContentType('application/json')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: ColumnMappingSchema } } } },
  responses: { 200: json(StoredColumnMappingSchema, 'Saved'), ...pickProblems(400, 401, 403, 415, 422) },
});

export function registerColumnMappingRoutes(router: OpenAPIHono, deps: { sql: Sql }): void {
  router.openapi(readRoute, async (c) => c.json(await readColumnMapping(deps.sql, principalOf(c).actor, originOf(c)), 200));
  router.openapi(saveRoute, async (c) =>
    c.json(await saveColumnMapping(deps.sql, principalOf(c).actor, c.req.valid('json'), originOf(c)), 200),
  );
}
