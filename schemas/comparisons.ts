/** Indicator tables, funnel and case-mix answers as the API returns them. */
import { z } from '@hono/zod-openapi';
import { IndicatorDefinitionSchema, indicatorIds } from './indicators.ts';
import { periodPhases } from './period-phase.ts';
import { periodCodePattern } from './submission.ts';

const IntervalSchema = z.object({ lower: z.number(), upper: z.number() });

/** Whether a period's figures may still change (schemas/period-phase.ts): every figure says which. */
export const FinalitySchema = z
  .object({
    phase: z.enum(periodPhases).openapi({
      description: 'open until the deadline; provisional in the review window after it (providers may correct); then final',
    }),
    finalFrom: z.iso.date().openapi({ description: 'the first day the figures are final' }),
  })
  .openapi('Finality');
const finality = FinalitySchema.nullable().openapi({ description: 'null for a period the region does not have' });

/** Why a figure is not shown (docs/privacy.md): every output gives one of these. */
export const hiddenReasons = ['small_n', 'complementary', 'too_few_providers', 'linkage', 'period_open'] as const;
export const HiddenReasonSchema = z.enum(hiddenReasons).openapi('HiddenReason', {
  description:
    'small_n: n below the region minimum; complementary: hidden so that a small number elsewhere cannot be derived; too_few_providers: fewer peer providers than required; ' +
    "linkage: depends on other providers' records of the same person (re-entry), never shown to providers; period_open: depends on other providers, shown to providers once the period is closed",
});

export const FigureSchema = z
  .union([
    z.object({
      indicator: z.string(),
      suppressed: z.literal(false),
      x: z.number().int(),
      n: z.number().int(),
      value: z.number().nullable(),
      interval: IntervalSchema.nullable().openapi({ description: 'Wilson 95% interval' }),
      meanGrade: z.number().nullable().optional().openapi({ description: 'satisfaction: the mean usefulness grade' }),
      tooRecent: z
        .number()
        .int()
        .optional()
        .openapi({ description: 'noReentry: trajectories that ended too recently to follow for 182 days, left out of n' }),
    }),
    z.object({
      indicator: z.string(),
      suppressed: z.literal(true),
      reason: HiddenReasonSchema,
    }),
  ])
  .openapi('Figure');

const ProviderRefSchema = z.object({ agb: z.string(), name: z.string() });

export const IndicatorQuerySchema = z.object({
  period: z.string().regex(periodCodePattern).openapi({ example: '2025-H2' }),
  // Required: providers are compared within a product category (the peer group), and figures
  // across categories would let one difference a category's small numbers out of the total.
  productCategory: z
    .string()
    .regex(/^[0-9]{2}$/)
    .openapi({ example: '45' }),
  providerAgb: z
    .string()
    .regex(/^[0-9]{8}$/)
    .optional(),
  municipalityCode: z
    .string()
    .regex(/^[0-9]{4}$/)
    .optional(),
});

export const ComparisonQuerySchema = z.object({
  period: z.string().regex(periodCodePattern).openapi({ example: '2025-H2' }),
  productCategory: z
    .string()
    .regex(/^[0-9]{2}$/)
    .openapi({ example: '45' }),
  indicator: z.enum(indicatorIds).openapi({ example: 'dropout' }),
  municipalityCode: z
    .string()
    .regex(/^[0-9]{4}$/)
    .optional(),
});

export const IndicatorTableSchema = z
  .object({
    definitions: z.array(IndicatorDefinitionSchema),
    period: z.string(),
    productCategory: z.string().nullable(),
    municipalityCode: z.string().nullable(),
    minN: z.number().int(),
    computedAt: z.string(),
    finality,
    rows: z.array(
      z.object({
        provider: ProviderRefSchema,
        submission: z.object({ id: z.string(), version: z.number().int() }),
        figures: z.array(FigureSchema),
      }),
    ),
    region: z.object({ providers: z.number().int().nullable(), figures: z.array(FigureSchema) }),
  })
  .openapi('IndicatorTable');

const LimitsSchema = z.object({
  lower998: z.number(),
  lower95: z.number(),
  upper95: z.number(),
  upper998: z.number(),
  method: z.enum(['exact-binomial', 'random-effects']),
});

export const FunnelSchema = z
  .object({
    definition: IndicatorDefinitionSchema,
    period: z.string(),
    productCategory: z.string(),
    municipalityCode: z.string().nullable(),
    minN: z.number().int(),
    flagMinN: z.number().int(),
    computedAt: z.string(),
    finality,
    peer: z.object({
      p0: z.number().nullable(),
      providers: z.number().int().nullable(),
      x: z.number().int().optional(),
      n: z.number().int().optional(),
      reason: HiddenReasonSchema.optional(),
    }),
    overdispersion: z
      .object({
        I: z.number().int(),
        phi: z.number(),
        statistic: z.number(),
        threshold: z.number(),
        overdispersed: z.boolean(),
        tau2: z.number(),
        method: z.string(),
      })
      .nullable(),
    curve: z.array(LimitsSchema.extend({ n: z.number().int() })),
    points: z.array(
      z.union([
        z.object({ provider: z.null(), own: z.literal(false), suppressed: z.literal(true) }),
        z.object({
          provider: ProviderRefSchema.nullable().openapi({ description: 'null for anonymous peers (provider view)' }),
          own: z.boolean(),
          suppressed: z.literal(false),
          x: z.number().int(),
          n: z.number().int(),
          value: z.number(),
          interval: IntervalSchema.nullable(),
          position: z
            .object({
              position: z.enum(['inside', 'outside95', 'outside998']),
              side: z.enum(['above', 'below']).nullable(),
              flag: z
                .enum(['above', 'below'])
                .nullable()
                .openapi({ description: 'bespreekpunt: outside 99.8% with n ≥ flagMinN; a point for the dialogue, not a verdict' }),
            })
            .nullable(),
        }),
      ]),
    ),
  })
  .openapi('Funnel');

export const CasemixSchema = z
  .object({
    definition: IndicatorDefinitionSchema,
    period: z.string(),
    productCategory: z.string(),
    minN: z.number().int(),
    computedAt: z.string(),
    finality,
    rows: z.array(
      z.union([
        z.object({ provider: ProviderRefSchema, suppressed: z.literal(true), reason: HiddenReasonSchema }),
        z.object({
          provider: ProviderRefSchema,
          suppressed: z.literal(false),
          n: z.number().int(),
          observed: z.number().optional(),
          expected: z.number().optional(),
          ratio: z.number().optional(),
          lower: z.number().optional(),
          upper: z.number().optional(),
          pooledStrata: z.array(z.string()).optional().openapi({
            description: 'strata in which the other providers have fewer than the minimum n: their overall rate is used there',
          }),
        }),
      ]),
    ),
  })
  .openapi('Casemix');

export const TrendQuerySchema = ComparisonQuerySchema.omit({ municipalityCode: true }).extend({
  providerAgb: z
    .string()
    .regex(/^[0-9]{8}$/)
    .optional(),
});

const TrendPointSchema = z.object({
  period: z.string(),
  finality: finality.optional(),
  suppressed: z.boolean(),
  reason: HiddenReasonSchema.optional(),
  x: z.number().int().optional(),
  n: z.number().int().optional(),
  value: z.number().nullable().optional(),
  interval: IntervalSchema.nullable().optional(),
});
const TrendFitSchema = z
  .object({
    periods: z.array(z.string()),
    slope: z.number(),
    standardError: z.number(),
    lower: z.number(),
    upper: z.number(),
    direction: z.enum(['up', 'down', 'flat']),
  })
  .nullable();

export const TrendSchema = z
  .object({
    definition: IndicatorDefinitionSchema,
    periods: z.array(z.string()),
    minN: z.number().int(),
    computedAt: z.string(),
    region: z.object({ points: z.array(TrendPointSchema), trend: TrendFitSchema }),
    providers: z.array(
      z.object({ provider: ProviderRefSchema, own: z.boolean(), points: z.array(TrendPointSchema), trend: TrendFitSchema }),
    ),
  })
  .openapi('Trend');

export const DataQualityQuerySchema = z.object({
  period: z.string().regex(periodCodePattern).openapi({ example: '2025-H2' }),
  providerAgb: z
    .string()
    .regex(/^[0-9]{8}$/)
    .optional(),
});

export const DataQualitySchema = z
  .object({
    period: z.string(),
    finality,
    lowResponseRate: z.number(),
    providers: z.array(
      z.object({
        provider: ProviderRefSchema,
        submission: z.object({ id: z.string(), version: z.number().int(), late: z.boolean(), submittedAt: z.string() }),
        replacements: z.number().int(),
        trajectories: z.number().int(),
        responseRate: z.number().nullable(),
        lowResponse: z.boolean().openapi({ description: 'response rate below the region setting: satisfaction figures are greyed out' }),
        unknownShare: z
          .record(z.string(), z.number().nullable())
          .openapi({ description: 'share of unknown (99/onbekend) or empty answers per field' }),
        categoriesLeftOut: z.number().int().openapi({
          description:
            'product categories left out of the counts because a figure of the provider is hidden there (always 0 for the provider itself)',
        }),
      }),
    ),
  })
  .openapi('DataQuality');
