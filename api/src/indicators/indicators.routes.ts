import { createRoute } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { CasemixSchema, ComparisonQuerySchema, FunnelSchema, IndicatorQuerySchema, IndicatorTableSchema } from '../../../schemas/comparisons.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import type { Sql } from '../db/connect.ts';
import { pickProblems } from '../http/router.ts';
import { casemix, funnel, indicatorTable } from './comparisons.ts';

const viewers = ['provider', 'contract_manager', 'municipality', 'admin'] as const;

const indicatorsRoute = createRoute({
  method: 'get',
  path: '/indicators',
  tags: ['indicators'],
  summary: 'Indicator values per provider the caller may see, with n, Wilson interval and suppression, plus the region total',
  operationId: 'getIndicators',
  middleware: [requireRole([...viewers], { scope: 'results:read' })] as const,
  request: { query: IndicatorQuerySchema },
  responses: { 200: { description: 'Indicator table', content: { 'application/json': { schema: IndicatorTableSchema } } }, ...pickProblems(401, 403, 422) },
});

const funnelRoute = createRoute({
  method: 'get',
  path: '/comparisons/funnel',
  tags: ['indicators'],
  summary: 'Funnel plot data: points, peer proportion, exact 95% and 99.8% limits, overdispersion, flags',
  operationId: 'getFunnel',
  middleware: [requireRole([...viewers], { scope: 'results:read' })] as const,
  request: { query: ComparisonQuerySchema },
  responses: { 200: { description: 'Funnel', content: { 'application/json': { schema: FunnelSchema } } }, ...pickProblems(401, 403, 422) },
});

const casemixRoute = createRoute({
  method: 'get',
  path: '/comparisons/casemix',
  tags: ['indicators'],
  summary: 'Case-mix adjusted comparison: observed, expected and O/E with a 95% interval per provider',
  operationId: 'getCasemix',
  middleware: [requireRole([...viewers], { scope: 'results:read' })] as const,
  request: { query: ComparisonQuerySchema },
  responses: { 200: { description: 'Case-mix table', content: { 'application/json': { schema: CasemixSchema } } }, ...pickProblems(401, 403, 422) },
});

export function registerIndicatorRoutes(router: OpenAPIHono, deps: { sql: Sql }): void {
  router.openapi(indicatorsRoute, async (c) => c.json(await indicatorTable(deps.sql, principalOf(c).actor, c.req.valid('query'), originOf(c)) as never, 200));
  router.openapi(funnelRoute, async (c) => c.json(await funnel(deps.sql, principalOf(c).actor, c.req.valid('query'), originOf(c)) as never, 200));
  router.openapi(casemixRoute, async (c) => c.json(await casemix(deps.sql, principalOf(c).actor, c.req.valid('query'), originOf(c)) as never, 200));
}
