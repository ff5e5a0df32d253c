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
  /** The embedded engine itself, when this process opened it (backup uses its dumpDataDir). */
  pglite?: PGlite;
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

/** Error codes that mean the connection itself is gone (closed, reset, or the server shut down). */
const connectionLostCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'ECONNRESET',
  'EPIPE',
  '57P01',
  '57P02',
]);

function isConnectionLost(error: unknown): boolean {
  return connectionLostCodes.has((error as { code?: string } | null)?.code ?? '');
}

/**
 * postgres.js (3.4.9) writes to a transaction's connection after that connection has closed — its
 * own ROLLBACK when the body fails, COMMIT when it succeeds, and any query the body still sends —
 * and the write lands on a null socket from a setImmediate: an uncaught TypeError ends the process
 * (porsager/postgres#1208, #1154; found by test/reliability/database-outage.test.ts). So once the
 * connection is lost, nothing more goes to it: the body's queries throw CONNECTION_CLOSED and the
 * body never settles. `begin` still rejects (postgres.js races it against the connection's close),
 * and PostgreSQL rolls back the transaction of a lost connection by itself. "Lost" is known one
 * macrotask after the close; a ROLLBACK/COMMIT written before the close is cancelled by it.
 */
function guardTransactions(sql: Sql): Sql {
  const begin = sql.begin.bind(sql) as (...args: unknown[]) => Promise<unknown>;
  const never = () => new Promise<never>(() => {});
  const nextMacrotask = () => new Promise<void>((resolve) => setImmediate(resolve));
  const lostError = () => Object.assign(new Error('the connection of this transaction was lost'), { code: 'CONNECTION_CLOSED' });
  (sql as unknown as { begin: unknown }).begin = (...args: unknown[]) => {
    const body = args.pop() as (tx: unknown) => unknown;
    let lost = false;
    const refuseWhenLost =
      <F extends (...a: unknown[]) => unknown>(call: F, self: unknown) =>
      (...a: unknown[]) => {
        if (lost) throw lostError();
        return call.apply(self, a);
      };
    const result = begin(...args, async (tx: (...a: unknown[]) => unknown) => {
      const guarded = new Proxy(tx, {
        apply: (target, self, a) => refuseWhenLost(target, self)(...a),
        get: (target, property) => {
          const value = Reflect.get(target, property) as unknown;
          return property === 'unsafe' && typeof value === 'function'
            ? refuseWhenLost(value as (...a: unknown[]) => unknown, target)
            : value;
        },
      });
      let value: unknown;
      try {
        value = await body(guarded);
      } catch (error) {
        if (isConnectionLost(error)) return never();
        await nextMacrotask();
        if (lost) return never();
        throw error;
      }
      await nextMacrotask();
      return lost ? never() : value;
    });
    result.catch((error: unknown) => {
      if (isConnectionLost(error)) lost = true;
    });
    return result;
  };
  return sql;
}

export async function connectPostgres(url: string, poolSize: number, setting = 'DATABASE_URL'): Promise<Database> {
  const sql = guardTransactions(
    postgres(url, {
      ...clientOptions,
      max: poolSize,
      connect_timeout: 10,
      // postgres.js waits up to 20 s between reconnects once connects have failed, and a request queued
      // on such a connection waits with it: during an outage requests hung that long before their 503,
      // and after it the pool lagged that long behind the database. At most one second instead.
      backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 1),
    }) as Sql,
  );
  try {
    await sql`select 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    throw new DatabaseStartError(`cannot reach the database at ${setting} (${redactUrl(url)}): ${(error as Error).message}`);
  }
  return { sql, engine: 'postgres', close: () => sql.end({ timeout: 5 }) };
}

export interface EmbeddedOptions {
  /** Directory for PGlite's files; undefined means in memory (tests). */
  pgliteDir: string | undefined;
  /** Unix socket on which the database is served to postgres.js (and to the CLI). */
  socketPath: string;
  /** A dump of a data directory (PGlite's dumpDataDir) to start from instead of an empty one: tests clone a migrated database this way. */
  loadDataDir?: Blob;
}

export async function openEmbedded(options: EmbeddedOptions): Promise<Database> {
  if (options.pgliteDir !== undefined) await ensureWritableDirectory(options.pgliteDir);
  await claimSocketPath(options.socketPath);

  let db: PGlite;
  try {
    db = await PGlite.create(options.pgliteDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : undefined);
  } catch (error) {
    throw new DatabaseStartError(`cannot open the embedded database in ${options.pgliteDir}: ${(error as Error).message}`);
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
    pglite: db,
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
