import { resolve } from 'node:path';
import { z } from 'zod';
import { parseTrustedProxies } from './http/client-address.ts';

/**
 * The one place that reads process.env. Every setting is validated here, so a bad value
 * stops the start with a message naming the variable instead of failing later somewhere deep.
 */

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    error: 'expected true or false',
  })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'expected a port number' })
    .int('expected a whole number')
    .min(0, 'expected 0-65535')
    .max(65535, 'expected 0-65535')
    .default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Load balancers whose X-Forwarded-For is believed (addresses or CIDR ranges, comma-separated). */
  TRUSTED_PROXIES: z.string().optional(),
  /** Requests without a valid session or token, per client address and minute; more get 429 and are not logged. */
  ANONYMOUS_REQUESTS_PER_MINUTE: z.coerce.number().int().min(10).max(100_000).default(120),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'expected postgres://user:password@host:port/database')
    .optional(),
  /** Optional: the role that owns the tables and migrates; DATABASE_URL's role then only gets grants. */
  DATABASE_OWNER_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'expected postgres://owner:password@host:port/database')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Optional: a streaming replica for the dashboard reads (indicators, comparisons, data quality). */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, 'expected postgres://user:password@replica-host:port/database')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DEMO: booleanString.optional(),
  /** "production": no silent demo on the embedded database (see loadConfig). */
  NODE_ENV: z.string().optional(),
  REGION: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'expected a region code such as H10')
    .default('H10'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The scrypt work factor of new password hashes: 'test' (N = 2^10) only for the test suite, never in production. */
  PASSWORD_HASH_COST: z.enum(['standard', 'test']).default('standard'),
  PUBLIC_URL: z.string().url('expected an absolute URL such as https://portal.example.nl').optional(),
  COOKIE_SECURE: booleanString.optional(),
  /** K2: the portal's re-keying key for pseudonyms (64 hex chars in a file). */
  PSEUDONYM_KEY_FILE: z.string().min(1).optional(),
  /** Encrypts TOTP secrets at rest (64 hex chars in a file). */
  SECRET_BOX_KEY_FILE: z.string().min(1).optional(),
  /** Ed25519 private key (PKCS#8 PEM) that signs session/API tokens. */
  TOKEN_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Ed25519 private key (PKCS#8 PEM) that signs access-log checkpoints. */
  CHECKPOINT_SIGNING_KEY_FILE: z.string().min(1).optional(),
  /** Where signed access-log checkpoints are written (outside the database). */
  CHECKPOINT_FILE: z.string().min(1).optional(),
  AUDIT_CHECKPOINT_MINUTES: z.coerce.number().min(0.05).max(1440).default(5),
  /** Also sign a checkpoint as soon as this many entries were added since the last one. */
  AUDIT_CHECKPOINT_ENTRIES: z.coerce.number().int().min(1).max(10_000_000).default(1000),
  /** Issue 15: also write every checkpoint as a file of its own here (storage the portal can add to but not rewrite). */
  CHECKPOINT_MIRROR_DIR: z.string().min(1).optional(),
  /** Issue 15: verification fails when an entry has waited longer than this for a checkpoint. */
  AUDIT_CHECKPOINT_MAX_AGE_MINUTES: z.coerce.number().min(1).max(100_000).default(60),
  /** Optional external OpenID Connect: all of issuer, audience and JWKS URL, or none. */
  OIDC_ISSUER: z.string().url('expected the issuer URL').optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  OIDC_JWKS_URL: z.string().url('expected the JWKS URL').optional(),
  OIDC_ROLE_CLAIM: z.string().min(1).default('portal_role'),
  OIDC_ORGANISATION_CLAIM: z.string().min(1).default('portal_org'),
  /** Upload limits (issue 4): larger bodies and longer files get 413 with the limit named. */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  UPLOAD_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
  /** Memory all parallel XLSX uploads may unpack together; one that does not fit gets 503 + Retry-After. */
  UPLOAD_UNPACK_BUDGET_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024, 'expected at least 1048576 (1 MiB)')
    .max(64 * 1024 * 1024 * 1024)
    .default(1024 * 1024 * 1024),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Where pg_dump and pg_restore are (backup/restore on PostgreSQL); unset: the newest /usr/lib/postgresql/N/bin, else PATH. */
  PG_BIN_DIR: z.string().min(1).optional(),
  /** bench:audit only: run this process without access logging; refused unless DEMO is true. */
  BENCH_ACCESS_LOG_OFF: booleanString.optional(),
  /** Issue 17: the SMTP server notifications are mailed through (smtp://host:port or smtps://user:password@host); unset: inbox only. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'expected smtp://host:port or smtps://user:password@host:port')
    .optional(),
  /** The sender of notification mails, e.g. "Resultaatportaal <noreply@regio.nl>". */
  MAIL_FROM: z.string().min(3).max(200).optional(),
  /** How often the server looks for due notifications (reminders, deadlines, actions) and mails them. */
  NOTIFY_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
});

export interface Config {
  port: number;
  host: string;
  /** Only from these peers is X-Forwarded-For read (login throttling and the access log use the client address). */
  trustedProxies: string[];
  anonymousRequestsPerMinute: number;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  databaseOwnerUrl: string | undefined;
  /** A streaming replica: indicator and comparison reads go there; writes, auth and the access log stay on the primary. */
  databaseReadUrl: string | undefined;
  dataDir: string;
  demo: boolean;
  /** DEMO=false on the embedded database: allowed, with a warning at every start (startWarnings). */
  embeddedWithoutDemo: boolean;
  region: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  passwordHashCost: 'standard' | 'test';
  publicUrl: string | undefined;
  cookieSecure: boolean;
  pseudonymKeyFile: string | undefined;
  secretBoxKeyFile: string | undefined;
  tokenSigningKeyFile: string | undefined;
  checkpointSigningKeyFile: string | undefined;
  checkpointFile: string;
  shutdownGraceMs: number;
  auditCheckpointMinutes: number;
  auditCheckpointEntries: number;
  /** A second, append-only place for every checkpoint; absent: the file alone. */
  checkpointMirrorDir: string | undefined;
  auditCheckpointMaxAgeMinutes: number;
  uploadMaxBytes: number;
  oidc: { issuer: string; audience: string; jwksUrl: string; roleClaim: string; organisationClaim: string; regionCode: string } | undefined;
  uploadMaxRows: number;
  uploadUnpackBudgetBytes: number;
  pgBinDir: string | undefined;
  /** bench:audit compares an endpoint with and without its log entry (server.ts refuses it outside demo mode). */
  benchAccessLogOff: boolean;
  /** Unix socket on which the embedded database is served (for the CLI while the server runs). */
  embeddedSocketPath: string;
  /** Notification mail (issue 17): no SMTP URL means the inbox only. The URL may hold a password: never log it. */
  smtpUrl: string | undefined;
  mailFrom: string;
  notifyIntervalSeconds: number;
}

/** What an operator must read at start; main.ts logs each once. */
export function startWarnings(config: Config): string[] {
  return config.embeddedWithoutDemo
    ? [
        'DEMO=false on the embedded database: PGlite connects as superuser, so only triggers guard the access log, and that role could disable them. For real data use PostgreSQL with separate roles (DATABASE_URL, DATABASE_OWNER_URL); see docs/operations.md.',
      ]
    : [];
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings are treated as unset: `PORT= npm start` should mean "default", not "invalid".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_AUDIENCE, e.OIDC_JWKS_URL].filter(Boolean).length;
  if (oidcParts !== 0 && oidcParts !== 3) throw new ConfigError(['OIDC_ISSUER, OIDC_AUDIENCE, OIDC_JWKS_URL: set all three or none']);
  if (e.DATABASE_READ_URL && !e.DATABASE_URL)
    throw new ConfigError(['DATABASE_READ_URL: needs DATABASE_URL (the primary); the embedded database has no replica']);
  const trustedProxies = (e.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    parseTrustedProxies(trustedProxies);
  } catch (error) {
    throw new ConfigError([
      `TRUSTED_PROXIES: ${(error as Error).message}; expected addresses or CIDR ranges such as 10.0.0.0/8,192.168.1.10`,
    ]);
  }
  const dataDir = resolve(e.DATA_DIR);
  const embedded = e.DATABASE_URL === undefined;
  // Demo mode prints every password and TOTP secret: a production start must ask for it, never fall into it.
  if (embedded && e.DEMO === undefined && e.NODE_ENV === 'production') {
    throw new ConfigError([
      'DATABASE_URL: not set while NODE_ENV=production. Set DATABASE_URL (PostgreSQL) for real data, or DEMO=true for a demo on the embedded database (prints every demo password), or DEMO=false to run real data on the embedded database (not advised, see docs/operations.md)',
    ]);
  }
  if (e.PASSWORD_HASH_COST === 'test' && e.NODE_ENV === 'production') {
    throw new ConfigError(['PASSWORD_HASH_COST: "test" makes passwords cheap to guess and is refused with NODE_ENV=production; remove it']);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    trustedProxies,
    anonymousRequestsPerMinute: e.ANONYMOUS_REQUESTS_PER_MINUTE,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseOwnerUrl: e.DATABASE_OWNER_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    dataDir,
    demo: e.DEMO ?? embedded,
    embeddedWithoutDemo: embedded && e.DEMO === false,
    region: e.REGION,
    logLevel: e.LOG_LEVEL,
    passwordHashCost: e.PASSWORD_HASH_COST,
    publicUrl: e.PUBLIC_URL,
    cookieSecure: e.COOKIE_SECURE ?? true,
    pseudonymKeyFile: e.PSEUDONYM_KEY_FILE,
    secretBoxKeyFile: e.SECRET_BOX_KEY_FILE,
    tokenSigningKeyFile: e.TOKEN_SIGNING_KEY_FILE,
    checkpointSigningKeyFile: e.CHECKPOINT_SIGNING_KEY_FILE,
    checkpointFile: resolve(e.CHECKPOINT_FILE ?? `${dataDir}/audit-checkpoints.jsonl`),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    auditCheckpointMinutes: e.AUDIT_CHECKPOINT_MINUTES,
    auditCheckpointEntries: e.AUDIT_CHECKPOINT_ENTRIES,
    checkpointMirrorDir: e.CHECKPOINT_MIRROR_DIR === undefined ? undefined : resolve(e.CHECKPOINT_MIRROR_DIR),
    auditCheckpointMaxAgeMinutes: e.AUDIT_CHECKPOINT_MAX_AGE_MINUTES,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    oidc:
      e.OIDC_ISSUER && e.OIDC_AUDIENCE && e.OIDC_JWKS_URL
        ? {
            issuer: e.OIDC_ISSUER,
            audience: e.OIDC_AUDIENCE,
            jwksUrl: e.OIDC_JWKS_URL,
            roleClaim: e.OIDC_ROLE_CLAIM,
            organisationClaim: e.OIDC_ORGANISATION_CLAIM,
            regionCode: e.REGION,
          }
        : undefined,
    uploadMaxRows: e.UPLOAD_MAX_ROWS,
    uploadUnpackBudgetBytes: e.UPLOAD_UNPACK_BUDGET_BYTES,
    pgBinDir: e.PG_BIN_DIR,
    benchAccessLogOff: e.BENCH_ACCESS_LOG_OFF ?? false,
    embeddedSocketPath: `${dataDir}/.s.PGSQL.5432`,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? 'Resultaatportaal Jeugdhulp <noreply@resultaatportaal.invalid>',
    notifyIntervalSeconds: e.NOTIFY_INTERVAL_SECONDS,
  };
}
