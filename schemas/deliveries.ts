/**
 * Expected deliveries (contracts) and the delivery monitor as the API takes and returns them.
 * The monitor says per provider × category only whether data arrived, never how many records:
 * a per-category count could be below the region's minimum n.
 */
import { z } from '@hono/zod-openapi';
import { periodCodePattern } from './submission.ts';

const isoDate = z.iso.date({ error: 'expected YYYY-MM-DD' }).openapi({ example: '2026-01-01' });
const agb = z
  .string()
  .regex(/^[0-9]{8}$/)
  .openapi({ example: '98000010' });

/** on_time: arrived by the deadline day (Dutch time); late: after it; missing: expected, not (yet) here; not_expected: delivered without a contract. */
export const deliveryStatuses = ['on_time', 'late', 'missing', 'not_expected'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

// ---------------------------------------------------------------------------------------------
// Contracts

export const ContractSchema = z
  .object({
    providerAgb: agb,
    providerName: z.string(),
    productCategories: z.array(z.string()).openapi({ example: ['43', '45'] }),
    validFrom: isoDate,
    validUntil: isoDate.nullable(),
  })
  .openapi('Contract', { description: 'Which product categories a provider is contracted for, from when until when (inclusive)' });

export const ContractListSchema = z.object({ contracts: z.array(ContractSchema) }).openapi('ContractList');

export const SetContractSchema = z
  .object({
    productCategories: z
      .array(z.string().regex(/^[0-9]{2}$/, { error: 'a product category has 2 digits' }))
      .max(50)
      .openapi({
        example: ['43', '45'],
        description: "The whole category set (replaces the provider's current one); empty ends the contract",
      }),
    validFrom: isoDate.optional().openapi({ description: 'Default: today (Dutch time)' }),
    validUntil: isoDate.nullable().optional().openapi({ description: 'Inclusive; null or absent: open-ended' }),
  })
  .openapi('SetContractRequest');

export const ContractParamsSchema = z.object({ agb });

// ---------------------------------------------------------------------------------------------
// Monitor

export const DeliveriesQuerySchema = z.object({
  period: z.string().regex(periodCodePattern).optional().openapi({
    example: '2025-H2',
    description: 'Default: the latest period that has started',
  }),
});

export const DeliveryStatusSchema = z.enum(deliveryStatuses).openapi('DeliveryStatus', {
  description:
    'on_time: arrived by the deadline day (Dutch time); late: after it; missing: expected but not delivered (before the deadline: not yet); not_expected: delivered without a contract',
});

const percentage = z.number().nullable().openapi({ description: 'Share in percent (0–100), one decimal; null when nothing was expected' });

export const DeliveryTotalsSchema = z
  .object({
    expected: z.number().int(),
    onTime: z.number().int(),
    late: z.number().int(),
    missing: z.number().int(),
    notExpected: z.number().int(),
    onTimePercentage: percentage,
    completenessPercentage: percentage,
  })
  .openapi('DeliveryTotals', {
    description: 'Counts of provider × category pairs; on time and completeness are shares of the expected pairs',
  });

export const ProviderDeliverySchema = z
  .object({
    providerAgb: agb,
    providerName: z.string(),
    versions: z.number().int().openapi({ description: 'Submissions for the period, replaced ones included' }),
    replaced: z.number().int().openapi({ description: 'How many of them were replaced by a later one' }),
    firstSubmittedAt: z.string().nullable(),
    currentSubmittedAt: z.string().nullable(),
    recordCount: z.number().int().nullable().openapi({
      description: "The current submission's records (all categories together); null when none, or when it would give away a hidden figure",
    }),
    categories: z.array(
      z.object({
        productCategory: z.string(),
        expected: z.boolean(),
        delivered: z.boolean(),
        status: DeliveryStatusSchema,
      }),
    ),
  })
  .openapi('ProviderDelivery');

export const DeliveryTrendPointSchema = z
  .object({ period: z.string(), deadline: isoDate, deadlinePassed: z.boolean(), totals: DeliveryTotalsSchema })
  .openapi('DeliveryTrendPoint');

export const DeliveryMonitorSchema = z
  .object({
    period: z.object({ code: z.string(), startsOn: isoDate, endsOn: isoDate, deadline: isoDate, deadlinePassed: z.boolean() }),
    totals: DeliveryTotalsSchema,
    providers: z.array(ProviderDeliverySchema),
    trend: z.array(DeliveryTrendPointSchema).openapi({ description: 'Every period of the region, oldest first: the same two shares' }),
  })
  .openapi('DeliveryMonitor');

export type DeliveryMonitor = z.infer<typeof DeliveryMonitorSchema>;
export type DeliveryTotals = z.infer<typeof DeliveryTotalsSchema>;
export type Contract = z.infer<typeof ContractSchema>;

export const OutstandingDeliveriesSchema = z
  .object({
    outstanding: z.array(
      z.object({
        period: z.string(),
        deadline: isoDate,
        deadlinePassed: z.boolean(),
        providerAgb: agb,
        providerName: z.string(),
        productCategories: z.array(z.string()),
      }),
    ),
  })
  .openapi('OutstandingDeliveries', {
    description: 'Per open period and provider: the contracted categories whose data has not arrived, and the deadline',
  });
