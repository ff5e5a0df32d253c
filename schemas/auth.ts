import { z } from '@hono/zod-openapi';

export const roleValues = ['provider', 'contract_manager', 'municipality', 'auditor', 'admin'] as const;

export const LoginRequestSchema = z
  .object({
    email: z.string().trim().min(3).max(254).openapi({ example: 'aanbieder@demo.resultaatportaal.nl' }),
    password: z.string().min(1).max(200),
    totp: z
      .string()
      .regex(/^[0-9]{6}$/, 'a TOTP code has 6 digits')
      .openapi({ example: '123456' }),
  })
  .strict()
  .openapi('LoginRequest');

export const MeSchema = z
  .object({
    type: z.enum(['user', 'client']),
    id: z.string(),
    email: z.string().nullable(),
    displayName: z.string().nullable(),
    role: z.enum(roleValues),
    organisation: z.object({
      kind: z.enum(['provider', 'municipality', 'service_bureau']),
      code: z.string().nullable().openapi({ description: 'AGB code (provider) or CBS gemeentecode (municipality)' }),
      name: z.string(),
    }),
    region: z.string(),
    scopes: z.array(z.string()),
    sessionExpiresAt: z.string().nullable().openapi({ description: 'When the browser session ends unless renewed (ISO 8601)' }),
  })
  .openapi('Me');

export const LoginResponseSchema = z.object({ user: MeSchema }).openapi('LoginResponse');

export const TokenRequestSchema = z
  .object({
    grant_type: z.literal('client_credentials'),
    client_id: z.string().min(1).max(100),
    client_secret: z.string().min(1).max(200),
    scope: z.string().max(200).optional(),
  })
  .openapi('TokenRequest');

export const TokenResponseSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    scope: z.string(),
  })
  .openapi('TokenResponse');

export type Me = z.infer<typeof MeSchema>;
