/** Lock exceptions: an administrator lets one provider change one period after its figures are final. */
import { z } from '@hono/zod-openapi';
import { periodCodePattern } from './submission.ts';

/** How far ahead an exception may run: long enough for a correction, short enough to stay an exception. */
export const lockExceptionMaxDays = 90;
export const lockExceptionReasonMax = 1000;

export const LockExceptionSchema = z
  .object({
    id: z.string(),
    provider: z.object({ agb: z.string(), name: z.string() }),
    period: z.string(),
    reason: z.string(),
    validUntil: z.iso.date().openapi({ description: 'the last day the provider may submit for the period' }),
    grantedAt: z.string(),
    grantedBy: z.string().nullable().openapi({ description: 'the name (or e-mail) of the administrator who granted it' }),
    endedAt: z.string().nullable().openapi({ description: 'when an administrator ended it early; null if not' }),
    current: z.boolean().openapi({ description: 'valid today: not ended and validUntil is today or later' }),
  })
  .openapi('LockException');

export const LockExceptionListSchema = z.object({ exceptions: z.array(LockExceptionSchema) }).openapi('LockExceptionList');

export const CreateLockExceptionRequestSchema = z
  .object({
    providerAgb: z.string().regex(/^[0-9]{8}$/, { error: 'expected an AGB code of 8 digits' }),
    period: z.string().regex(periodCodePattern).openapi({ example: '2025-H2' }),
    reason: z
      .string()
      .max(lockExceptionReasonMax)
      .openapi({ description: 'why the change is needed (1–1000 characters, plain text, no BSN or other personal data)' }),
    validUntil: z.iso
      .date({ error: 'expected YYYY-MM-DD' })
      .openapi({ example: '2027-03-31', description: `today or later, at most ${lockExceptionMaxDays} days ahead` }),
  })
  .openapi('CreateLockExceptionRequest');
