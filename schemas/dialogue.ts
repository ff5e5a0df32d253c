/**
 * The resultaatdialoog (result dialogue, SPEC §7) as the API takes and returns it, and the rules
 * for its texts, shared by API and web so the browser can say what the server will refuse.
 */
import { z } from '@hono/zod-openapi';
import { textLimits } from './plain-text.ts';
import { FigureSchema, FinalitySchema, HiddenReasonSchema } from './comparisons.ts';
import { indicatorIds } from './indicators.ts';
import { orNull } from './or-null.ts';
import { periodCodePattern } from './submission.ts';

// ---------------------------------------------------------------------------------------------
// Words and rules

/** voorbereid → gevoerd → afgerond; voorbereid or gevoerd → geannuleerd. */
export const dialogueStatuses = ['voorbereid', 'gevoerd', 'afgerond', 'geannuleerd'] as const;
export type DialogueStatus = (typeof dialogueStatuses)[number];
export const dialogueTransitions: Readonly<Record<DialogueStatus, readonly DialogueStatus[]>> = {
  voorbereid: ['gevoerd', 'geannuleerd'],
  gevoerd: ['afgerond', 'geannuleerd'],
  afgerond: [],
  geannuleerd: [],
};
export const finalStatuses: readonly DialogueStatus[] = ['afgerond', 'geannuleerd'];

/** Who carries out an improvement action (verbeteractie): the provider or the region. */
export const actionOwners = ['provider', 'region'] as const;
export const actionStatuses = ['open', 'done', 'dropped'] as const;

// The text rules (length limits, plain text, no BSN) live in one pure module, shared with the web app's forms.
export { containsBsnShapedNumber, plainTextProblems, textLimits, type TextProblem } from './plain-text.ts';

// ---------------------------------------------------------------------------------------------
// Requests

const date = z.iso.date().openapi({ example: '2026-03-12', description: 'YYYY-MM-DD' });
const productCategory = z.string().regex(/^[0-9]{2}$/);
const text = (max: number, description: string) =>
  z.string().openapi({ maxLength: max, description: `${description}; plain text, at most ${max} characters, no BSN` });

export const DialogueStatusSchema = z
  .enum(dialogueStatuses)
  .openapi('DialogueStatus', { description: 'voorbereid → gevoerd → afgerond; voorbereid or gevoerd → geannuleerd' });

export const DialogueListQuerySchema = z.object({
  period: z.string().regex(periodCodePattern).optional().openapi({ example: '2025-H2' }),
  providerAgb: z
    .string()
    .regex(/^[0-9]{8}$/)
    .optional(),
  status: DialogueStatusSchema.optional(),
});

export const CreateDialogueSchema = z
  .object({
    providerAgb: z
      .string()
      .regex(/^[0-9]{8}$/)
      .openapi({ example: '98000010' }),
    period: z.string().regex(periodCodePattern).openapi({ example: '2025-H2' }),
    productCategories: z
      .array(productCategory)
      .max(20)
      .optional()
      .openapi({ description: 'Leave out for every category the provider has data for in the period' }),
    meetingDate: date.optional(),
  })
  .strict()
  .openapi('CreateDialogue');

export const ExplanationInputSchema = z
  .object({
    indicator: z.enum(indicatorIds),
    productCategory: productCategory
      .nullable()
      .default(null)
      .openapi({ description: 'null: about the indicator in every category of the dialogue' }),
    text: text(textLimits.explanation, 'Duiding of this indicator').nullable().openapi({ description: 'null removes the explanation' }),
  })
  .strict();

export const UpdateDialogueSchema = z
  .object({
    status: DialogueStatusSchema.optional(),
    meetingDate: date.nullable().optional(),
    notes: text(textLimits.notes, 'Meeting record (contract manager)').nullable().optional(),
    generalExplanation: text(textLimits.generalExplanation, 'General duiding (provider)').nullable().optional(),
    explanations: z
      .array(ExplanationInputSchema)
      .max(200)
      .optional()
      .openapi({ description: 'Duiding per indicator (provider); each item replaces or, with text null, removes one' }),
  })
  .strict()
  .openapi('UpdateDialogue');

export const CreateActionSchema = z
  .object({
    description: text(textLimits.description, 'What is to be done'),
    owner: z.enum(actionOwners).openapi({ description: 'Who does it: the provider or the region' }),
    dueDate: date.openapi({ description: 'By when; not before the meeting' }),
  })
  .strict()
  .openapi('CreateDialogueAction');

export const UpdateActionSchema = z
  .object({
    description: text(textLimits.description, 'What is to be done').optional(),
    owner: z.enum(actionOwners).optional(),
    dueDate: date.optional(),
    status: z.enum(actionStatuses).optional(),
    followUp: text(textLimits.followUp, 'Follow-up remark').nullable().optional(),
  })
  .strict()
  .openapi('UpdateDialogueAction');

export const ActionListQuerySchema = z.object({
  period: z.string().regex(periodCodePattern).optional(),
  providerAgb: z
    .string()
    .regex(/^[0-9]{8}$/)
    .optional(),
  status: z.enum(actionStatuses).optional(),
});

export const DialogueSettingsSchema = z
  .object({
    actionsVisibleToMunicipalities: z
      .boolean()
      .openapi({ description: 'Municipalities see the actions of finished dialogues of providers that serve their residents' }),
  })
  .strict()
  .openapi('DialogueSettings');

// ---------------------------------------------------------------------------------------------
// The snapshot: what the comparison engine said about the provider when the dialogue was prepared

const IntervalSchema = z.object({ lower: z.number(), upper: z.number() });
const ProviderRefSchema = z.object({ agb: z.string(), name: z.string() });
const LimitsSchema = z.object({
  lower998: z.number(),
  lower95: z.number(),
  upper95: z.number(),
  upper998: z.number(),
  method: z.enum(['exact-binomial', 'random-effects']),
});
const PositionSchema = z.object({
  position: z.enum(['inside', 'outside95', 'outside998']),
  side: z.enum(['above', 'below']).nullable(),
  flag: z.enum(['above', 'below']).nullable(),
});
const TrendPointSchema = z.object({
  period: z.string(),
  finality: FinalitySchema.nullable().optional(),
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
export const ChangeSchema = z
  .object({ difference: z.number(), lower: z.number(), upper: z.number() })
  .openapi('IndicatorChange', { description: "Current − previous proportion with Newcombe's 95% interval" });

export const SnapshotIndicatorSchema = z
  .object({
    indicator: z.string(),
    figure: FigureSchema.openapi({ description: "The provider's figure with its Wilson interval" }),
    region: FigureSchema.openapi({ description: 'The peer group (region, same category and period)' }),
    funnel: z.object({
      p0: z.number().nullable().openapi({ description: 'peer proportion; null with too few peer providers' }),
      peerProviders: z.number().int().nullable(),
      overdispersed: z.boolean().nullable(),
      suppressed: z.boolean().openapi({ description: "the provider's point is not shown (n below the minimum)" }),
      limits: LimitsSchema.nullable().openapi({ description: "control limits at the provider's n" }),
      position: PositionSchema.nullable().openapi({ description: 'inside or outside the limits; flag = bespreekpunt' }),
    }),
    casemix: z
      .object({
        suppressed: z.boolean(),
        reason: HiddenReasonSchema.optional(),
        n: z.number().int().optional(),
        observed: z.number().optional(),
        expected: z.number().optional(),
        ratio: z.number().optional().openapi({ description: 'O/E' }),
        lower: z.number().optional(),
        upper: z.number().optional(),
      })
      .nullable(),
    trend: z.object({
      points: z.array(TrendPointSchema),
      fit: TrendFitSchema,
      region: z.object({ points: z.array(TrendPointSchema), fit: TrendFitSchema }),
    }),
    sincePrevious: z
      .object({ dialogueId: z.string(), period: z.string(), previous: FigureSchema, change: orNull(ChangeSchema) })
      .nullable()
      .openapi({ description: 'Change since the snapshot of the previous dialogue with this provider' }),
  })
  .openapi('SnapshotIndicator');

export const SnapshotSubmissionSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  submittedAt: z.string().nullable(),
  late: z.boolean().nullable(),
});

export const SnapshotSchema = z
  .object({
    frozenAt: z.string(),
    periodClosed: z.boolean().optional().openapi({
      description:
        'the period was closed when the snapshot was frozen; providers see figures that depend on other providers only then (missing in older snapshots: treated as open)',
    }),
    finality: FinalitySchema.nullable().optional().openapi({
      description:
        'whether the figures were provisional or final when the snapshot was frozen (missing in snapshots frozen before it existed)',
    }),
    provider: ProviderRefSchema,
    period: z.string(),
    productCategories: z.array(z.string()),
    minN: z.number().int(),
    flagMinN: z.number().int().nullable(),
    submissions: z
      .array(SnapshotSubmissionSchema)
      .openapi({ description: "The versions of the provider's own submissions the figures come from" }),
    otherSources: z.string().optional().openapi({
      description:
        "A digest of the other submissions the figures come from (the peers' for the period and categories, and later periods' that feed re-entry); opaque: it only tells, compared with now, whether they changed. Missing in snapshots frozen before it existed.",
    }),
    categories: z.array(
      z.object({
        productCategory: z.string(),
        hasData: z.boolean(),
        regionProviders: z.number().int().nullable(),
        indicators: z.array(SnapshotIndicatorSchema),
      }),
    ),
    dataQuality: z
      .object({
        trajectories: z.number().int(),
        responseRate: z.number().nullable(),
        lowResponse: z.boolean(),
        lowResponseRate: z.number(),
        replacements: z.number().int(),
        late: z.boolean(),
        unknownShare: z.record(z.string(), z.number().nullable()),
        categoriesLeftOut: z
          .number()
          .int()
          .optional()
          .openapi({ description: 'categories left out because a figure of the provider is hidden there (missing in older snapshots)' }),
      })
      .nullable(),
    previousDialogue: z.object({ id: z.string(), period: z.string() }).nullable(),
  })
  .openapi('DialogueSnapshot');

// ---------------------------------------------------------------------------------------------
// Responses

const WhoSchema = z.object({ name: z.string(), role: z.string().nullable(), organisation: z.string().nullable() }).openapi('DialogueActor');

export const DialogueActionSchema = z
  .object({
    id: z.string(),
    dialogueId: z.string(),
    period: z.string(),
    description: z.string(),
    owner: z.enum(actionOwners),
    dueDate: z.iso.date(),
    status: z.enum(actionStatuses),
    followUp: z.string().nullable(),
    followedUpInDialogueId: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('DialogueAction');

export const ExplanationSchema = z
  .object({ indicator: z.string(), productCategory: z.string().nullable(), text: z.string() })
  .openapi('DialogueExplanation');

export const DialogueSummarySchema = z
  .object({
    id: z.string(),
    provider: ProviderRefSchema,
    period: z.string(),
    productCategories: z.array(z.string()),
    status: DialogueStatusSchema,
    version: z.number().int(),
    meetingDate: z.iso.date().nullable(),
    preparedAt: z.string(),
    updatedAt: z.string(),
    openActions: z.number().int(),
  })
  .openapi('DialogueSummary');

export const DialogueSchema = DialogueSummarySchema.extend({
  notes: z.string().nullable(),
  generalExplanation: z.string().nullable(),
  explanations: z.array(ExplanationSchema),
  snapshot: SnapshotSchema,
  actions: z.array(DialogueActionSchema),
  carriedOverActions: z
    .array(DialogueActionSchema)
    .openapi({ description: 'Open actions of earlier dialogues with this provider (and those closed in this one)' }),
  previousDialogue: z.object({ id: z.string(), period: z.string(), status: DialogueStatusSchema }).nullable(),
  newerData: z
    .object({
      exists: z
        .boolean()
        .openapi({ description: 'Either of the two below: the frozen figures are no longer what the portal computes now' }),
      resubmitted: z.boolean().openapi({ description: "The provider's own submission in the snapshot has been replaced since" }),
      replacedAt: z.string().nullable().openapi({ description: 'When it was replaced (the earliest, if more than one)' }),
      otherData: z.boolean().openapi({
        description:
          "Other submissions the figures come from changed since: a peer's (peer figures, p0, funnel limits) or a later period's (geen nieuwe start)",
      }),
      changedAfterFinal: z.boolean().openapi({
        description: 'The provider submitted for the period on or after the day its figures became final (with a lock exception)',
      }),
      finalFrom: z.iso.date().nullable().openapi({ description: "The first day the period's figures are final" }),
    })
    .openapi({
      description: 'Whether newer data exists than the snapshot was frozen from; what changed figure by figure: /dialogues/{id}/changes',
    }),
  preparedBy: WhoSchema,
}).openapi('Dialogue');

export const DialogueListSchema = z.object({ dialogues: z.array(DialogueSummarySchema) }).openapi('DialogueList');

export const DialogueEventSchema = z
  .object({
    id: z.string(),
    occurredAt: z.string(),
    who: WhoSchema,
    event: z.enum(['prepared', 'updated', 'action_added', 'action_updated']),
    actionId: z.string().nullable(),
    version: z.number().int(),
    changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
  })
  .openapi('DialogueEvent');

export const DialogueHistorySchema = z.object({ dialogueId: z.string(), events: z.array(DialogueEventSchema) }).openapi('DialogueHistory');

export const DialogueChangesSchema = z
  .object({
    dialogueId: z.string(),
    checkedAt: z.string(),
    newerData: z.boolean().openapi({ description: 'Anything differs between the snapshot and the figures now' }),
    submissions: z.object({ snapshot: z.array(SnapshotSubmissionSchema), current: z.array(SnapshotSubmissionSchema) }),
    indicators: z.array(
      z.object({
        productCategory: z.string(),
        indicator: z.string(),
        snapshot: orNull(FigureSchema, 'Figure'),
        current: orNull(FigureSchema, 'Figure'),
        changed: z.boolean(),
        change: orNull(ChangeSchema),
        flag: z.object({ snapshot: z.enum(['above', 'below']).nullable(), current: z.enum(['above', 'below']).nullable() }),
        p0: z.object({ snapshot: z.number().nullable(), current: z.number().nullable() }),
      }),
    ),
  })
  .openapi('DialogueChanges');

export const MunicipalActionSchema = DialogueActionSchema.extend({ provider: ProviderRefSchema }).openapi('DialogueActionWithProvider');

export const ActionListSchema = z
  .object({
    actionsVisibleToMunicipalities: z.boolean(),
    actions: z.array(MunicipalActionSchema),
  })
  .openapi('DialogueActionList');

export type Snapshot = z.infer<typeof SnapshotSchema>;
export type SnapshotIndicator = z.infer<typeof SnapshotIndicatorSchema>;
export type SnapshotSubmission = z.infer<typeof SnapshotSubmissionSchema>;
export type DialogueChanges = z.infer<typeof DialogueChangesSchema>;
