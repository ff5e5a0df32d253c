import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  CasemixSchema,
  ComparisonQuerySchema,
  DataQualityQuerySchema,
  DataQualitySchema,
  FunnelSchema,
  IndicatorQuerySchema,
  IndicatorTableSchema,
  TrendQuerySchema,
  TrendSchema,
} from '../../../schemas/comparisons.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import type { Sql } from '../db/connect.ts';
import { pickProblems } from '../http/router.ts';
import type { Answer } from './answers.ts';
import { casemixAnswer, dataQuality, funnelAnswer, indicatorTableAnswer, trendSeries } from './comparisons.ts';
import type { IndicatorDatabases } from './databases.ts';

const viewers = ['provider', 'contract_manager', 'municipality', 'admin'] as const;

const indicatorsRoute = createRoute({
  method: 'get',
  path: '/indicators',
  tags: ['indicators'],
  summary: 'Indicator values per provider the caller may see, with n, Wilson interval and suppression, plus the region total',
  operationId: 'getIndicators',
  middleware: [requireRole([...viewers], { scope: 'results:read' })] as const,
  request: { query: IndicatorQuerySchema },
  responses: {
    200: { description: 'Indicator table', content: { 'application/json': { schema: IndicatorTableSchema } } },
    ...pickProblems(401, 403, 422),
  },
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
  responses: {
    200: { description: 'Case-mix table', content: { 'application/json': { schema: CasemixSchema } } },
    ...pickProblems(401, 403, 422),
  },
});

const trendRoute = createRoute({
  method: 'get',
  path: '/comparisons/trend',
  tags: ['indicators'],
  summary: 'Trend over the last four periods, per provider the caller may see and for the region',
  operationId: 'getTrend',
  middleware: [requireRole([...viewers], { scope: 'results:read' })] as const,
  request: { query: TrendQuerySchema },
  responses: { 200: { description: 'Trend', content: { 'application/json': { schema: TrendSchema } } }, ...pickProblems(401, 403, 422) },
});

const dataQualityRoute = createRoute({
  method: 'get',
  path: '/data-quality',
  tags: ['indicators'],
  summary: 'Data quality per provider: unknown shares per field, response rate, late, replacements',
  operationId: 'getDataQuality',
  middleware: [requireRole(['provider', 'contract_manager', 'admin'], { scope: 'results:read' })] as const,
  request: { query: DataQualityQuerySchema },
  responses: {
    200: { description: 'Data quality', content: { 'application/json': { schema: DataQualitySchema } } },
    ...pickProblems(401, 403, 422),
  },
});

/** `readSql`: a streaming replica for the figures (DATABASE_READ_URL); the access-log entry of each read goes to `sql`, the primary. */
export function registerIndicatorRoutes(router: OpenAPIHono, deps: { sql: Sql; readSql?: Sql }): void {
  const db: IndicatorDatabases = { read: deps.readSql ?? deps.sql, log: deps.sql };
  router.openapi(indicatorsRoute, async (c) =>
    sendAnswer(c, await indicatorTableAnswer(db, principalOf(c).actor, c.req.valid('query'), originOf(c))),
  );
  router.openapi(funnelRoute, async (c) => sendAnswer(c, await funnelAnswer(db, principalOf(c).actor, c.req.valid('query'), originOf(c))));
  router.openapi(trendRoute, async (c) => c.json(await trendSeries(db, principalOf(c).actor, c.req.valid('query'), originOf(c)), 200));
  router.openapi(dataQualityRoute, async (c) =>
    c.json(await dataQuality(db, principalOf(c).actor, c.req.valid('query'), originOf(c)), 200),
  );
  router.openapi(casemixRoute, async (c) =>
    sendAnswer(c, await casemixAnswer(db, principalOf(c).actor, c.req.valid('query'), originOf(c))),
  );
}

/**
 * The answer's JSON text as it was remembered (answers.ts): not serialised again per request, and
 * gzipped once for clients that accept it. The figures hold no secret an attacker could recover
 * through the compressed length (BREACH): no tokens, and the query echoed is validated codes.
 */
function sendAnswer(c: Context, answer: Answer<unknown>) {
  const gzipped = acceptsGzip(c.req.header('accept-encoding')) ? answer.gzipped() : undefined;
  if (gzipped)
    return c.body(gzipped, 200, { 'content-type': 'application/json', 'content-encoding': 'gzip', vary: 'Accept-Encoding' }) as never;
  return c.body(answer.json, 200, { 'content-type': 'application/json', vary: 'Accept-Encoding' }) as never;
}

/** `gzip` listed in Accept-Encoding without `q=0` (RFC 9110 §12.5.3). */
function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part
      .trim()
      .toLowerCase()
      .split(';')
      .map((s) => s.trim());
    return (coding === 'gzip' || coding === 'x-gzip') && !params.some((p) => /^q=0(\.0{0,3})?$/.test(p));
  });
}
