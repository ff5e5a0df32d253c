import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  AccessEventPageSchema,
  AccessEventQuerySchema,
  CheckpointPageSchema,
  CheckpointQuerySchema,
  MonitoringQuerySchema,
  MonitoringReportSchema,
  VerifyResultSchema,
} from '../../../schemas/audit.ts';
import { listCheckpoints } from './checkpoints.ts';
import { monitoringReport } from './monitoring.ts';
import type { Sql } from '../db/connect.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import { toCsv } from '../http/csv.ts';
import { pickProblems } from '../http/router.ts';
import { appendAccessEvent } from './append.ts';
import { listAccessEvents } from './queries.ts';
import { verifyAccessLog, writeCheckpoint } from './verify.ts';
import type { SigningKeys } from '../signing-keys.ts';

const eventsRoute = createRoute({
  method: 'get',
  path: '/audit/events',
  tags: ['audit'],
  summary: 'The access log, newest first, paged; Accept: text/csv exports it',
  operationId: 'listAccessEvents',
  middleware: [requireRole(['auditor'])] as const,
  request: { query: AccessEventQuerySchema },
  responses: {
    200: {
      description: 'A page of access events',
      content: { 'application/json': { schema: AccessEventPageSchema }, 'text/csv': { schema: z.string() } },
    },
    ...pickProblems(401, 403, 422),
  },
});

const verifyRoute = createRoute({
  method: 'get',
  path: '/audit/verify',
  tags: ['audit'],
  summary: 'Verify the hash chain against the signed checkpoints',
  operationId: 'verifyAccessLog',
  middleware: [requireRole(['auditor'])] as const,
  responses: {
    200: { description: 'Verification result', content: { 'application/json': { schema: VerifyResultSchema } } },
    ...pickProblems(401, 403),
  },
});

const monitoringRoute = createRoute({
  method: 'get',
  path: '/audit/monitoring',
  tags: ['audit'],
  summary: 'Signals for the auditor: failed-login spikes, unusual logins, denied-access bursts, privileged changes',
  operationId: 'getAuditMonitoring',
  middleware: [requireRole(['auditor'])] as const,
  request: { query: MonitoringQuerySchema },
  responses: {
    200: { description: 'Monitoring report', content: { 'application/json': { schema: MonitoringReportSchema } } },
    ...pickProblems(401, 403, 422),
  },
});

const checkpointsRoute = createRoute({
  method: 'get',
  path: '/audit/checkpoints',
  tags: ['audit'],
  summary:
    'The signed checkpoints outside the database, newest first, paged: each with whether its signature verifies and whether the log still holds the signed hash',
  operationId: 'listAuditCheckpoints',
  middleware: [requireRole(['auditor'])] as const,
  request: { query: CheckpointQuerySchema },
  responses: {
    200: { description: 'A page of checkpoints', content: { 'application/json': { schema: CheckpointPageSchema } } },
    ...pickProblems(401, 403, 422),
  },
});

const csvColumns = [
  'seq',
  'occurredAt',
  'regionCode',
  'actorType',
  'actorId',
  'actorRole',
  'actorOrganisation',
  'action',
  'actionType',
  'objectType',
  'objectId',
  'result',
  'originIp',
  'clientId',
  'requestId',
  'purpose',
  'details',
  'hash',
] as const;

export function registerAuditRoutes(
  router: OpenAPIHono,
  deps: {
    sql: Sql;
    engine: 'pglite' | 'postgres';
    checkpointKey: SigningKeys;
    checkpointFile: string;
    checkpointMirrorDir?: string;
    checkpointMaxAgeMinutes?: number;
  },
): void {
  const checkpointFiles = { file: deps.checkpointFile, mirrorDir: deps.checkpointMirrorDir };
  router.openapi(eventsRoute, async (c) => {
    const exporting = (c.req.header('accept') ?? '').includes('text/csv');
    const page = await listAccessEvents(deps.sql, principalOf(c).actor, c.req.valid('query'), originOf(c), exporting);
    if (exporting) {
      const csv = toCsv(
        [...csvColumns],
        page.events.map((e) => csvColumns.map((k) => (e as Record<string, unknown>)[k])),
      );
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="toegangslog.csv"',
      });
    }
    return c.json(page as z.infer<typeof AccessEventPageSchema>, 200);
  });
  router.openapi(monitoringRoute, async (c) =>
    c.json(await monitoringReport(deps.sql, principalOf(c).actor, c.req.valid('query'), originOf(c)), 200),
  );
  router.openapi(checkpointsRoute, async (c) =>
    c.json(
      await listCheckpoints(
        deps.sql,
        principalOf(c).actor,
        { checkpointKey: deps.checkpointKey, checkpointFile: deps.checkpointFile },
        c.req.valid('query'),
        originOf(c),
      ),
      200,
    ),
  );
  router.openapi(verifyRoute, async (c) => {
    const actor = principalOf(c).actor;
    const result = await verifyAccessLog(deps.sql, deps.checkpointKey, checkpointFiles, {
      engine: deps.engine,
      maxAgeMinutes: deps.checkpointMaxAgeMinutes,
    });
    await appendAccessEvent(deps.sql, actor, {
      action: 'audit.verify',
      actionType: 'R',
      objectType: 'access_log',
      result: 'allowed',
      details: { ok: result.ok, checkedThrough: result.checkedThrough },
      origin: originOf(c),
    });
    if (result.ok) await writeCheckpoint(deps.sql, deps.checkpointKey, checkpointFiles);
    return c.json(result, 200);
  });
}
