import { z } from '@hono/zod-openapi';

export const AccessEventSchema = z
  .object({
    seq: z.number().int(),
    occurredAt: z.string(),
    regionCode: z.string().nullable(),
    actorType: z.enum(['user', 'client', 'anonymous', 'system']),
    actorId: z.string().nullable(),
    actorRole: z.string().nullable(),
    actorOrganisation: z.string().nullable(),
    action: z.string(),
    actionType: z.enum(['C', 'R', 'U', 'D', 'E']),
    objectType: z.string().nullable(),
    objectId: z.string().nullable(),
    result: z.enum(['allowed', 'denied', 'error']),
    originIp: z.string().nullable(),
    clientId: z.string().nullable(),
    requestId: z.string().nullable(),
    purpose: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    hash: z.string(),
  })
  .openapi('AccessEvent');

export const AccessEventQuerySchema = z.object({
  from: z.string().datetime({ offset: true }).optional().openapi({ description: 'ISO 8601, inclusive' }),
  to: z.string().datetime({ offset: true }).optional().openapi({ description: 'ISO 8601, exclusive' }),
  actor: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  objectType: z.string().max(50).optional(),
  objectId: z.string().max(100).optional(),
  result: z.enum(['allowed', 'denied', 'error']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeSeq: z.coerce.number().int().min(1).optional().openapi({ description: 'Paging: entries with a lower seq (newest first)' }),
});

export const AccessEventPageSchema = z
  .object({ events: z.array(AccessEventSchema), nextBeforeSeq: z.number().int().nullable() })
  .openapi('AccessEventPage');

export const VerifyResultSchema = z
  .object({
    ok: z.boolean(),
    checkedThrough: z.number().int(),
    firstBadSeq: z.number().int().optional(),
    reason: z.string().optional(),
    checkpoints: z.number().int(),
  })
  .openapi('AuditVerifyResult');

export const MonitoringQuerySchema = z.object({
  from: z.string().datetime({ offset: true }).optional().openapi({ description: 'default: 7 days before `to`' }),
  to: z.string().datetime({ offset: true }).optional().openapi({ description: 'default: now' }),
  failedLoginsPerHour: z.coerce.number().int().min(1).max(1000).default(5),
  deniedPerTenMinutes: z.coerce.number().int().min(1).max(1000).default(5),
});

const seqs = z.array(z.number().int()).openapi({ description: 'The access-log entries behind this signal (the first 50)' });

export const MonitoringReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    thresholds: z.object({ failedLoginsPerHour: z.number().int(), deniedPerTenMinutes: z.number().int(), officeHours: z.object({ from: z.number().int(), to: z.number().int() }) }),
    failedLoginsByAccount: z.array(z.object({ userId: z.string(), email: z.string().nullable(), hour: z.string(), count: z.number().int(), seqs })),
    failedLoginsByAddress: z.array(z.object({ ip: z.string(), hour: z.string(), count: z.number().int(), accounts: z.number().int(), seqs })),
    unusualLogins: z.array(
      z.object({
        seq: z.number().int(),
        occurredAt: z.string(),
        userId: z.string(),
        email: z.string().nullable(),
        role: z.string().nullable(),
        ip: z.string().nullable(),
        localHour: z.number().int(),
        reasons: z.array(z.enum(['outside_office_hours', 'new_address'])),
      }),
    ),
    deniedBursts: z.array(z.object({ who: z.string(), role: z.string().nullable(), windowStart: z.string(), count: z.number().int(), seqs })),
    privilegedChanges: z.array(
      z.object({
        seq: z.number().int(),
        occurredAt: z.string(),
        action: z.string(),
        actor: z.object({ type: z.string(), id: z.string().nullable(), role: z.string().nullable() }),
        object: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
        grantsAdmin: z.boolean(),
      }),
    ),
  })
  .openapi('MonitoringReport');
