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
    newestCheckpoint: z
      .object({ number: z.number().int().nullable(), seq: z.number().int(), signedAt: z.string(), ageMinutes: z.number() })
      .optional()
      .openapi({
        description:
          'The newest signed checkpoint: its number in the file (null: older format), the entry it covers, when it was signed and how long ago',
      }),
    entriesAfterNewestCheckpoint: z.number().int().optional().openapi({
      description:
        'Entries no checkpoint covers yet; verification fails when the first has waited longer than AUDIT_CHECKPOINT_MAX_AGE_MINUTES',
    }),
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
    thresholds: z.object({
      failedLoginsPerHour: z.number().int(),
      deniedPerTenMinutes: z.number().int(),
      officeHours: z.object({ from: z.number().int(), to: z.number().int() }),
    }),
    failedLoginsByAccount: z.array(
      z.object({ userId: z.string(), email: z.string().nullable(), hour: z.string(), count: z.number().int(), seqs }),
    ),
    failedLoginsByAddress: z.array(
      z.object({ ip: z.string(), hour: z.string(), count: z.number().int(), accounts: z.number().int(), seqs }),
    ),
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
    deniedBursts: z.array(
      z.object({ who: z.string(), role: z.string().nullable(), windowStart: z.string(), count: z.number().int(), seqs }),
    ),
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

export const CheckpointQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  beforeLine: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .openapi({ description: 'Paging: checkpoints earlier in the file than this line (newest first)' }),
});

export const CheckpointSchema = z
  .object({
    line: z.number().int().openapi({ description: 'Position in the checkpoint file, 1 = the oldest' }),
    region: z.string().nullable().openapi({ description: 'The region in the signed payload; null for installation-wide checkpoints' }),
    seq: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'The access-log entry the checkpoint covers up to; null when the line cannot be read' }),
    hash: z.string().nullable().openapi({ description: 'The chain hash at `seq` as signed' }),
    signedAt: z.string().nullable(),
    keyId: z.string().nullable().openapi({
      description:
        "The `kid` of the JWS header, else (a line written before key ids) the RFC 7638 thumbprint of the portal's checkpoint key, current or retired, that verifies it; null otherwise",
    }),
    signatureValid: z.boolean().openapi({
      description:
        "Whether the Ed25519 signature verifies with the portal's checkpoint key that its `kid` names, current or retired (retired checkpoint keys are kept for good)",
    }),
    chainStatus: z.enum(['matches', 'differs', 'missing', 'unreadable']).openapi({
      description:
        '`matches`: the log holds entry `seq` with the signed hash, and that entry still hashes to it from the entry before; `differs`: it does not (the chain was rewritten or the entry changed); `missing`: the log has no entry `seq` (removed); `unreadable`: the line holds no checkpoint',
    }),
    storedHash: z.string().nullable().openapi({ description: 'The hash the access log holds for entry `seq` now' }),
  })
  .openapi('AuditCheckpoint');

export const CheckpointPageSchema = z
  .object({
    checkpoints: z.array(CheckpointSchema),
    nextBeforeLine: z.number().int().nullable(),
    total: z.number().int().openapi({
      description:
        "Checkpoints in the auditor's scope: their region's, the installation-wide ones, and every line whose signature does not verify",
    }),
    keyId: z.string().openapi({ description: "RFC 7638 thumbprint of the portal's current checkpoint key" }),
    headSeq: z.number().int().openapi({ description: 'The newest access-log entry now' }),
  })
  .openapi('AuditCheckpointPage');
