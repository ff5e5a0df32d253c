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
