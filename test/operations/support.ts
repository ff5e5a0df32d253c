import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createProvider } from '../../api/src/admin/organisations.ts';
import { createUser } from '../../api/src/admin/users.ts';
import { createApp } from '../../api/src/app.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { loadConfig, type Config } from '../../api/src/config.ts';
import { connectPostgres, embeddedPgliteDir, openEmbedded, type Database } from '../../api/src/db/connect.ts';
import { migrateFor } from '../../api/src/db/migrate.ts';
import { loadKeys, type Keys } from '../../api/src/keys.ts';
import type { Engine } from '../support/engines.ts';
import { keepFinalPeriodsOpen, seedTestRegion } from '../support/fixtures.ts';
import { csvOf, validRow, type RawRow } from '../support/records.ts';
import { unusedTotpCode } from '../support/totp.ts';

/**
 * An installation as operations see it: a DATA_DIR with real key files and a checkpoint file, the
 * database (on PostgreSQL owned by an owner role, used by an application role with grants only;
 * embedded: PGlite on disk, served on DATA_DIR's socket so CLI processes reach it as they reach a
 * running portal), the environment for CLI and portal processes, and the real app in-process.
 */
export interface Site {
  engine: Engine;
  dataDir: string;
  env: Record<string, string>;
  config: Config;
  keys: Keys;
  db: Database;
  app: ReturnType<typeof createApp>;
  /** PostgreSQL: the roles and the database name, for a second (empty) database of the same installation. */
  postgres?: { owner: string; appRole: string; database: string; urlFor(role: string, database: string): string };
  /** Closes the app's connection (embedded: the engine, as a stopped portal). */
  stop(): Promise<void>;
  /** Removes databases, roles and DATA_DIR (call after stop). */
  drop(): Promise<void>;
}

const baseEnv = { DEMO: 'false', LOG_LEVEL: 'warn', COOKIE_SECURE: 'false', REGION: 'H10' };

export async function openSite(engine: Engine): Promise<Site> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rp-ops-'));
  if (engine === 'postgres') {
    const adminUrl = inject('postgresAdminUrl');
    const suffix = randomBytes(4).toString('hex');
    const owner = `rp_owner_${suffix}`;
    const appRole = `rp_app_${suffix}`;
    const database = `rp_ops_${suffix}`;
    const urlFor = (role: string, db: string) =>
      adminUrl.replace(/\/\/[^@]+@/, `//${role}:secret-${suffix}@`).replace(/\/[^/]*$/, `/${db}`);
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create role ${owner} login password 'secret-${suffix}'`);
    await admin.unsafe(`create role ${appRole} login password 'secret-${suffix}'`);
    await admin.end();
    await createEmptyDatabase(adminUrl, database, owner);
    const env = { ...baseEnv, DATA_DIR: dataDir, DATABASE_URL: urlFor(appRole, database), DATABASE_OWNER_URL: urlFor(owner, database) };
    const config = loadConfig(env);
    const keys = await loadKeys({ ...config, demo: true }); // writes the key files, as `keys init` does
    const db = await connectPostgres(env.DATABASE_URL, 4);
    await migrateFor(config, db.sql, (url) => connectPostgres(url, 1));
    return {
      engine,
      dataDir,
      env,
      config,
      keys,
      db,
      app: appOn(db, config, keys),
      postgres: { owner, appRole, database, urlFor },
      stop: () => db.close(),
      async drop() {
        const cleanup = postgres(adminUrl, { max: 1, onnotice: () => {} });
        const databases = await cleanup`select datname from pg_database where datname like ${`rp_ops_${suffix}%`}`;
        for (const row of databases) await cleanup.unsafe(`drop database if exists ${row.datname} with (force)`);
        await cleanup.unsafe(`drop role if exists ${appRole}`);
        await cleanup.unsafe(`drop role if exists ${owner}`);
        await cleanup.end();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const env = { ...baseEnv, DATA_DIR: dataDir, DATABASE_URL: '', DATABASE_OWNER_URL: '' };
  const config = loadConfig(env);
  const keys = await loadKeys({ ...config, demo: true });
  const db = await openEmbedded({ pgliteDir: embeddedPgliteDir(dataDir), socketPath: config.embeddedSocketPath });
  await migrateFor(config, db.sql, (url) => connectPostgres(url, 1));
  return {
    engine,
    dataDir,
    env,
    config,
    keys,
    db,
    app: appOn(db, config, keys),
    stop: () => db.close(),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** An empty database owned by `owner` (PostgreSQL 15: the owner must own the public schema too). */
export async function createEmptyDatabase(adminUrl: string, database: string, owner: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${database} owner ${owner}`);
  await admin.end();
  const inDatabase = postgres(adminUrl.replace(/\/[^/]*$/, `/${database}`), { max: 1, onnotice: () => {} });
  await inDatabase.unsafe(`alter schema public owner to ${owner}`);
  await inDatabase.end();
}

function appOn(db: Database, config: Config, keys: Keys) {
  return createApp({
    sql: db.sql,
    engine: db.engine,
    logger: pino({ level: 'silent' }),
    keys,
    cookieSecure: false,
    checkpointFile: config.checkpointFile,
  });
}

export type Role = 'provider' | 'providerB' | 'providerC' | 'providerD' | 'contract_manager' | 'municipality' | 'auditor' | 'admin';
export interface Account {
  email: string;
  password: string;
  totpSecret: string;
}

/** Something that answers API requests: the in-process app, or a portal process over HTTP. */
export type Fetcher = (path: string, init?: RequestInit) => Promise<Response>;
export const fetcherOf =
  (app: Site['app']): Fetcher =>
  async (path, init) =>
    app.request(path, init);
/** Over HTTP, with a time limit: a request that hangs fails the test with its path instead of stalling it. */
export const httpFetcher =
  (baseUrl: string): Fetcher =>
  (path, init) =>
    fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(60_000), ...init });

/** Logged-in sessions per role, and `call` for JSON requests with the CSRF header on mutations. */
export async function sessions(fetcher: Fetcher, accounts: Partial<Record<Role, Account>>) {
  const cookies: Partial<Record<Role, string>> = {};
  for (const [role, account] of Object.entries(accounts) as Array<[Role, Account]>) {
    const login = await fetcher('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password, totp: unusedTotpCode(account.totpSecret) }),
    });
    if (login.status !== 200) throw new Error(`login ${role}: ${login.status} ${await login.text()}`);
    cookies[role] = (login.headers.get('set-cookie') ?? '').split(';')[0];
  }
  return async function call(role: Role, method: string, path: string, body?: unknown, contentType = 'application/json') {
    const headers: Record<string, string> = { cookie: cookies[role]! };
    if (method !== 'GET') headers['x-portal-request'] = '1';
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetcher(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
}
export type Call = Awaited<ReturnType<typeof sessions>>;

export const providerAgbs = { provider: '98000010', providerB: '98000020', providerC: '98000030', providerD: '98000040' } as const;

/**
 * The test region (seedTestRegion: providers A and B, one account per role) plus providers C and D
 * with accounts of their own, and `periods` more reporting periods (open).
 */
export async function seedSite(site: Site, periods: Array<{ code: string; startsOn: string; endsOn: string }> = []) {
  const region = await seedTestRegion(site.db.sql, site.keys.secretBoxKey);
  const actor = systemActor('test', 'H10');
  await createProvider(site.db.sql, actor, { agb: providerAgbs.providerC, name: 'Aanbieder C', regionCode: 'H10' });
  await createProvider(site.db.sql, actor, { agb: providerAgbs.providerD, name: 'Aanbieder D', regionCode: 'H10' });
  const accounts: Partial<Record<Role, Account>> = { ...region.users };
  for (const role of ['providerB', 'providerC', 'providerD'] as const) {
    const email = `${role.toLowerCase()}@h10.test.nl`;
    const created = await createUser(
      site.db.sql,
      actor,
      { email, role: 'provider', regionCode: 'H10', orgCode: providerAgbs[role] },
      site.keys.secretBoxKey,
    );
    accounts[role] = { email, password: created.password, totpSecret: created.totpSecret };
  }
  for (const period of periods) {
    await site.db.sql`insert into periods (region_code, code, starts_on, ends_on, deadline, closed)
      values ('H10', ${period.code}, ${period.startsOn}, ${period.endsOn}, ${period.endsOn}::date + 21, false)`;
  }
  await keepFinalPeriodsOpen(site.db.sql);
  return accounts;
}

/**
 * `count` valid rows for the provider of `role` in a period (dates inside it), as CSV. `from` numbers
 * the clients, so the same number is the same client across providers (re-entry).
 */
export function uploadCsv(
  role: keyof typeof providerAgbs,
  period: { startsOn: string; endsOn: string },
  count: number,
  from: number,
  tag = 'r',
): string {
  const rows: RawRow[] = [];
  const start = Date.parse(`${period.startsOn}T00:00:00Z`);
  const span = (Date.parse(`${period.endsOn}T00:00:00Z`) - start) / 86_400_000;
  for (let i = from; i < from + count; i++) {
    const end = new Date(start + ((i * 7) % (span + 1)) * 86_400_000).toISOString().slice(0, 10);
    rows.push(validRow(i, { recordId: `${tag}-${role}-${i}`, providerAgb: providerAgbs[role], startDate: period.startsOn, endDate: end }));
  }
  return csvOf(rows);
}

/** Responses with the time they were computed left out: what must be equal on equal data. */
export function withoutComputationTime(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComputationTime);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => key !== 'computedAt')
      .map(([key, inner]) => [key, withoutComputationTime(inner)]),
  );
}
