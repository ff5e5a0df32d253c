/** Submissions and their validation report, as the API returns them (shared with the web app). */
import { z } from '@hono/zod-openapi';
import { orNull } from './or-null.ts';
import { LocalizedTextSchema } from './problem.ts';
import { ReplacementSchema } from './replacement.ts';

export const periodCodePattern = /^[0-9]{4}-H[12]$/;

export const ReportErrorSchema = z
  .object({
    row: z.number().int().nullable().openapi({
      description: 'Row as the user sees it in Excel (header = row 1); for JSON the 1-based index in records; null for the whole file.',
    }),
    column: z.string().nullable(),
    value: z.string().nullable().openapi({ description: 'The offending value, BSN-like numbers masked, pseudonyms shortened.' }),
    code: z.string(),
    message: LocalizedTextSchema,
  })
  .openapi('ReportError');

export const ValidationReportSchema = z
  .object({
    rowCount: z.number().int(),
    acceptedRowCount: z.number().int(),
    rejectedRowCount: z.number().int(),
    errorCount: z.number().int(),
    errorsByCode: z.array(z.object({ code: z.string(), count: z.number().int(), message: LocalizedTextSchema })),
    errors: z.array(ReportErrorSchema).openapi({ description: 'The first 1,000 errors in full.' }),
    truncated: z.boolean(),
    rejectedRows: z.array(z.number().int()).openapi({ description: 'Rejected row numbers (the first 1,000).' }),
  })
  .openapi('ValidationReport');

export const FileFactsSchema = z
  .object({
    name: z.string().nullable(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    format: z.enum(['csv', 'xlsx', 'json']),
    encoding: z.string().nullable(),
    delimiter: z.string().nullable(),
  })
  .openapi('UploadedFile');

export const SubmissionSchema = z
  .object({
    id: z.string(),
    providerAgb: z.string(),
    providerName: z.string(),
    periodCode: z.string(),
    version: z.number().int(),
    status: z.enum(['current', 'replaced']),
    recordCount: z.number().int().nullable().openapi({
      description:
        'null for others than the provider where the count would give away a hidden figure (docs/privacy.md); the file size is then left out too',
    }),
    fileName: z.string().nullable(),
    sizeBytes: z.number().int().nullable(),
    sha256: z.string(),
    format: z.string().nullable(),
    late: z.boolean(),
    submittedAt: z.string(),
    submittedBy: z.object({ type: z.enum(['user', 'client', 'system']), name: z.string() }),
    replacedAt: z.string().nullable(),
    restorableUntil: z.iso.date().nullable().openapi({
      description:
        "A replaced version: the last day (Dutch time) its provider may make it current again (POST /submissions/{id}/restore): the period's deadline plus the review window, or a later lock exception's last day; null for the current version, or a closed period without an exception",
    }),
  })
  .openapi('Submission');

export const DryRunResultSchema = z
  .object({
    dryRun: z.literal(true),
    periodCode: z.string(),
    file: FileFactsSchema,
    report: ValidationReportSchema,
    replacement: orNull(ReplacementSchema).openapi({
      description: 'How a commit of this file would compare with the current submission; null when there is none yet',
    }),
  })
  .openapi('DryRunResult');

export const CommitResultSchema = z
  .object({
    dryRun: z.literal(false),
    submission: SubmissionSchema,
    file: orNull(FileFactsSchema),
    report: orNull(ValidationReportSchema).openapi({ description: 'null when an existing submission was returned (idempotent repeat).' }),
    existing: z
      .enum(['idempotency_key', 'same_file'])
      .nullable()
      .openapi({ description: 'Set when no new submission was made because this one already holds the upload.' }),
  })
  .openapi('CommitResult');

export const UploadQuerySchema = z.object({
  period: z.string().regex(periodCodePattern).openapi({ example: '2025-H2', description: 'Reporting period YYYY-H1 or YYYY-H2' }),
  dryRun: z.enum(['true', 'false']).default('false').openapi({ description: 'true: validate and report, store nothing' }),
  fileName: z
    .string()
    .max(255)
    .optional()
    .openapi({ description: 'The file name as the user knows it (a path is reduced to its base name)' }),
  confirmReplace: z.enum(['true', 'false']).default('false').openapi({
    description:
      "true: replace the current submission even with far fewer rows (below the region's share) or without some of its product categories; otherwise such a commit is refused (409)",
  }),
});

export const SubmissionListQuerySchema = z.object({
  period: z.string().regex(periodCodePattern).optional(),
  providerAgb: z
    .string()
    .regex(/^[0-9]{8}$/)
    .optional(),
  status: z.enum(['current', 'replaced']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const SubmissionListSchema = z.object({ submissions: z.array(SubmissionSchema) }).openapi('SubmissionList');

export const PeriodSchema = z
  .object({ code: z.string(), startsOn: z.iso.date(), endsOn: z.iso.date(), deadline: z.iso.date(), closed: z.boolean() })
  .openapi('Period');
export const PeriodListSchema = z.object({ periods: z.array(PeriodSchema) }).openapi('PeriodList');
