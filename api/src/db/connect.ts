import { constants } from 'node:fs';
import { access, mkdir, rm } from 'node:fs/promises';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import postgres from 'postgres';

/**
 * One SQL dialect, one driver: the embedded default is PGlite served over the PostgreSQL wire
 * protocol (pglite-socket) so that postgres.js talks to it exactly as it talks to a real server.
 */

export type Sql = postgres.Sql<Record<string, unknown>>;
/** A connection or a transaction: services that may run inside a caller's transaction take this. */
export type Queryable = Sql | postgres.TransactionSql<Record<string, unknown>>;

export interface Database {
  sql: Sql;
  engine: 'pglite' | 'postgres';
  /** Closes the client first, then the socket server and PGlite (order matters). */
  close(): Promise<void>;
}

export class DatabaseStartError extends Error {
  override name = 'DatabaseStartError';
}

const clientOptions: postgres.Options<Record<string, postgres.PostgresType>> = {
  transform: postgres.camel,
  onnotice: () => {},
  // Keep dates as 'YYYY-MM-DD' strings: a date column has no time zone to convert.
  types: {
    date: {
      to: 1082,
      from: [1082],
      serialize: (value: string) => value,
      parse: (value: string) => value,
    },
  },
};

export async function connectPostgres(url: string, poolSize: number): Promise<Database> {
  const sql = postgres(url, { ...clientOptions, max: poolSize, connect_timeout: 10 }) as Sql;
  try {
    await sql`select 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseStartError(
      `cannot reach the database at DATABASE_URL (${redactUrl(url)}): ${(error as Error).message}`,
    );
  }
  return { sql, engine: 'postgres', close: () => sql.end({ timeout: 5 }) };
}

export interface EmbeddedOptions {
  /** Directory for PGlite's files; undefined means in memory (tests). */
  pgliteDir: string | undefined;
  /** Unix socket on which the database is served to postgres.js (and to the CLI). */
  socketPath: string;
}

export async function openEmbedded(options: EmbeddedOptions): Promise<Database> {
  if (options.pgliteDir !== undefined) await ensureWritableDirectory(options.pgliteDir);
  await claimSocketPath(options.socketPath);

  let db: PGlite;
  try {
    db = await PGlite.create(options.pgliteDir === undefined ? undefined : options.pgliteDir);
  } catch (error) {
    throw new DatabaseStartError(
      `cannot open the embedded database in ${options.pgliteDir}: ${(error as Error).message}`,
    );
  }
  const server = new PGLiteSocketServer({ db, path: options.socketPath, maxConnections: 8 });
  await server.start();
  // PGlite is single-connection: pooled connections would interleave extended-protocol messages.
  const sql = postgres({
    ...clientOptions,
    path: options.socketPath,
    max: 1,
    username: 'postgres',
    database: 'postgres',
  }) as Sql;
  await sql`select 1`;
  return {
    sql,
    engine: 'pglite',
    async close() {
      await sql.end({ timeout: 5 });
      await server.stop();
      await db.close();
      await rm(options.socketPath, { force: true });
    },
  };
}

/** Connects to the socket of an embedded database that another process (the server) serves. */
export async function connectEmbeddedSocket(socketPath: string): Promise<Database> {
  const sql = postgres({
    ...clientOptions,
    path: socketPath,
    max: 1,
    username: 'postgres',
    database: 'postgres',
  }) as Sql;
  await sql`select 1`;
  return { sql, engine: 'pglite', close: () => sql.end({ timeout: 5 }) };
}

export function isSocketServed(socketPath: string): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = netConnect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
  });
}

/** A socket file left by a crash is removed; one that answers means another process owns the data. */
async function claimSocketPath(socketPath: string): Promise<void> {
  if (await isSocketServed(socketPath)) {
    throw new DatabaseStartError(
      `the embedded database is already served at ${socketPath}: is another portal process running on this DATA_DIR?`,
    );
  }
  await rm(socketPath, { force: true });
}

export async function ensureWritableDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new DatabaseStartError(
      `the data directory ${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): set DATA_DIR to a writable directory`,
    );
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export function embeddedPgliteDir(dataDir: string): string {
  return join(dataDir, 'pglite');
}
