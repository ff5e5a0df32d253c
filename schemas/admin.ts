/** Administration (functional administrator of a region): accounts, providers, clients, periods, thresholds. */
import { z } from '@hono/zod-openapi';
import { roleValues } from './auth.ts';
import { PeriodSchema, periodCodePattern } from './submission.ts';

const isoDate = z.iso.date({ error: 'expected YYYY-MM-DD' }).openapi({ example: '2026-03-31' });

export const AdminUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string().nullable(),
    role: z.enum(roleValues),
    organisation: z.object({ kind: z.string(), code: z.string().nullable(), name: z.string() }),
    disabled: z.boolean(),
    failedLogins: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('AdminUser');

export const CreateUserRequestSchema = z
  .object({
    email: z.string().email().max(254),
    role: z.enum(roleValues),
    orgCode: z
      .string()
      .max(20)
      .optional()
      .openapi({ description: 'AGB code (provider) or gemeentecode (municipality); others belong to the service bureau' }),
    displayName: z.string().max(120).optional(),
  })
  .openapi('CreateUserRequest');

export const CreatedUserSchema = z
  .object({ user: AdminUserSchema, password: z.string(), totpSecret: z.string(), otpauthUri: z.string() })
  .openapi('CreatedUser', { description: 'The one-time password and TOTP secret are shown once and never stored in the clear.' });

export const UpdateUserRequestSchema = z
  .object({ disabled: z.boolean().optional(), role: z.enum(roleValues).optional(), orgCode: z.string().max(20).optional() })
  .openapi('UpdateUserRequest');

export const SecondFactorResetSchema = z.object({ totpSecret: z.string(), otpauthUri: z.string() }).openapi('SecondFactorReset');

export const AdminProviderSchema = z
  .object({ agb: z.string(), name: z.string(), active: z.boolean(), activeClients: z.number().int(), activeUsers: z.number().int() })
  .openapi('AdminProvider');
export const CreateProviderRequestSchema = z
  .object({ agb: z.string().regex(/^[0-9]{8}$/), name: z.string().min(1).max(200) })
  .openapi('CreateProviderRequest');

export const AdminApiClientSchema = z
  .object({
    clientId: z.string(),
    name: z.string(),
    providerAgb: z.string(),
    scopes: z.array(z.string()),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi('AdminApiClient');
export const CreateApiClientRequestSchema = z
  .object({ providerAgb: z.string().regex(/^[0-9]{8}$/), name: z.string().max(200).optional() })
  .openapi('CreateApiClientRequest');
export const CreatedApiClientSchema = z.object({ clientId: z.string(), clientSecret: z.string() }).openapi('CreatedApiClient');
export const UpdateApiClientRequestSchema = z.object({ disabled: z.boolean() }).openapi('UpdateApiClientRequest');

export const CreatePeriodRequestSchema = z
  .object({ code: z.string().regex(periodCodePattern), deadline: isoDate })
  .openapi('CreatePeriodRequest');
export const UpdatePeriodRequestSchema = z
  .object({ deadline: isoDate.optional(), closed: z.boolean().optional() })
  .openapi('UpdatePeriodRequest');
export { PeriodSchema };

export const RegionSettingsSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    minN: z.number().int().openapi({ description: 'figures with n below this are suppressed (SPEC §4.3)' }),
    minPeerProviders: z.number().int(),
    flagMinN: z.number().int().openapi({ description: 'no bespreekpunt below this n' }),
    lowResponseRate: z.number(),
    retentionYears: z.number().int(),
    reminderDaysBefore: z
      .number()
      .int()
      .openapi({ description: 'a reminder goes to providers that have not delivered this many days before a deadline' }),
    reviewWindowDays: z
      .number()
      .int()
      .openapi({ description: 'after the deadline figures are provisional for this many days (providers may correct), then final' }),
    replaceMinShare: z
      .number()
      .openapi({ description: 'a commit replacing the current submission with fewer rows than this share of it must be confirmed' }),
  })
  .openapi('RegionSettings');
export const UpdateRegionSettingsRequestSchema = z
  .object({
    minN: z.number().int().min(5).max(100).optional().openapi({ description: 'at least 5: lower would defeat the small-number rule' }),
    minPeerProviders: z.number().int().min(2).max(50).optional(),
    flagMinN: z.number().int().min(1).max(10_000).optional(),
    lowResponseRate: z.number().min(0).max(1).optional(),
    retentionYears: z.number().int().min(1).max(30).optional(),
    reminderDaysBefore: z.number().int().min(0).max(90).optional(),
    reviewWindowDays: z.number().int().min(0).max(180).optional(),
    replaceMinShare: z.number().min(0).max(1).optional().openapi({ description: 'a share between 0 and 1, kept to two decimals' }),
  })
  .openapi('UpdateRegionSettingsRequest');
