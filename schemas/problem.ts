import { z } from '@hono/zod-openapi';

/** Shared by API and web: every refusal comes in Dutch and English. */
export const LocalizedTextSchema = z
  .object({ nl: z.string(), en: z.string() })
  .openapi('LocalizedText', { description: 'A message in Dutch (nl) and English (en).' });

/** The one name for a text in Dutch and English, in API, web and schemas alike. */
export type LocalizedText = { nl: string; en: string };

export const ProblemItemSchema = z
  .object({
    row: z.number().int().optional().openapi({ description: 'Row as the user sees it in Excel (header = row 1).' }),
    field: z.string().optional(),
    value: z.string().optional().openapi({ description: 'The offending value, masked when it could be a BSN.' }),
    code: z.string(),
    message: LocalizedTextSchema,
  })
  .openapi('ProblemItem');

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    message: LocalizedTextSchema,
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(ProblemItemSchema).optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details, with the message in Dutch and English.' });

export type Problem = z.infer<typeof ProblemSchema>;
