import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { createHttpServer } from './http/node-server.ts';
import type { Config } from './config.ts';
import { connectPostgres, DatabaseStartError, embeddedPgliteDir, ensureWritableDirectory, openEmbedded, type Database } from './db/connect.ts';
import { migrateFor } from './db/migrate.ts';
import { pseudonymKeyVersion } from './ingest/key-rotation.ts';
import { loadKeys, type Keys } from './keys.ts';
import { writeCheckpoint } from './audit/verify.ts';
import { seedDemoRegionOnce, type DemoSeedResult } from './admin/demo-seed.ts';

export interface RunningPortal {
  url: string;
  database: Database;
  keys: Keys;
  demo: DemoSeedResult | undefined;
  /** Stops accepting, lets in-flight requests finish (up to the grace period), then closes the database. */
  stop(): Promise<void>;
}

export class StartError extends Error {
  override name = 'StartError';
}

/** config → keys → database → migrations → (demo data) → app → HTTP server. */
export async function startPortal(config: Config, logger: Logger): Promise<RunningPortal> {
  await ensureWritableDirectory(config.dataDir);
  const keys = await loadKeys(config);
  // Claim the port before touching the database, so a port in use fails fast and creates nothing.
  let handle: FetchHandler = startingUp;
  const server = await listen((request, env) => handle(request, env), config);
  let database: Database | undefined;
  try {
    database = config.databaseUrl
      ? await connectPostgres(config.databaseUrl, config.databasePoolSize)
      : await openEmbedded({ pgliteDir: embeddedPgliteDir(config.dataDir), socketPath: config.embeddedSocketPath });
    const migrations = await migrateFor(config, database.sql, (url) => connectPostgres(url, 1));
    if (migrations.applied.length > 0) logger.info({ applied: migrations.applied }, 'migrations applied');
    const keyVersion = await pseudonymKeyVersion(database.sql);
    if (keyVersion !== keys.pseudonymKeys.length) {
      throw new DatabaseStartError(
        `The pseudonym key file holds ${keys.pseudonymKeys.length} key version(s) but the stored pseudonyms are at version ${keyVersion}. ` +
          (keys.pseudonymKeys.length > keyVersion
            ? 'A key rotation did not complete: remove the last line of the key file, then rotate again.'
            : 'This is not the key file these data were keyed with: use the right PSEUDONYM_KEY_FILE.'),
      );
    }
    const demo = config.demo ? await seedDemoRegionOnce(database.sql, config, keys, logger) : undefined;

    const app = createApp({ sql: database.sql, engine: database.engine, logger, keys, cookieSecure: config.cookieSecure, checkpointFile: config.checkpointFile, uploadLimits: { maxBytes: config.uploadMaxBytes, maxRows: config.uploadMaxRows }, oidc: config.oidc });
    handle = app.fetch;
    const checkpoints = startCheckpointTimer(database.sql, keys, config, logger);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    const runningDatabase = database;
    return {
      url,
      database,
      keys,
      demo,
      async stop() {
        await closeServer(server, config.shutdownGraceMs);
        await checkpoints.stop();
        await runningDatabase.close();
      },
    };
  } catch (error) {
    await closeServer(server, 0);
    await database?.close().catch(() => {});
    throw error;
  }
}

/** Whether to sign now: something new, and N entries or T time since the last checkpoint (or forced). */
export function checkpointDue(state: { seq: number; lastSeq: number; lastAt: number; now: number; force: boolean; everyEntries: number; everyMs: number }): boolean {
  if (state.seq === state.lastSeq) return false;
  return state.force || state.seq - state.lastSeq >= state.everyEntries || state.now - state.lastAt >= state.everyMs;
}

/**
 * SPEC §5: the chain head is signed and written outside the database every N entries or T
 * minutes, whichever comes first (and once at shutdown). The head is looked at every few seconds.
 */
function startCheckpointTimer(sql: Database['sql'], keys: Keys, config: Config, logger: Logger) {
  let lastSeq = -1;
  let lastAt = 0;
  const intervalMs = config.auditCheckpointMinutes * 60_000;
  const checkpoint = async (force = true) => {
    try {
      const [head] = await sql`select seq from access_log_head`;
      const seq = Number(head.seq);
      if (!checkpointDue({ seq, lastSeq, lastAt, now: Date.now(), force, everyEntries: config.auditCheckpointEntries, everyMs: intervalMs })) return;
      lastSeq = (await writeCheckpoint(sql, keys.checkpointSigningKey, config.checkpointFile, config.region)).seq;
      lastAt = Date.now();
    } catch (error) {
      logger.warn({ err: { message: (error as Error).message } }, 'audit checkpoint not written');
    }
  };
  const timer = setInterval(() => void checkpoint(false), Math.min(intervalMs, 5_000));
  timer.unref();
  void checkpoint();
  return {
    async stop() {
      clearInterval(timer);
      await checkpoint();
    },
  };
}

type FetchHandler = (request: Request, env?: object) => Response | Promise<Response>;

/** While the database opens and migrates, every request gets a 503 problem with Retry-After. */
const startingUp: FetchHandler = () =>
  new Response(
    JSON.stringify({
      type: '/problems/starting_up',
      title: 'The portal is starting up; try again in a few seconds.',
      status: 503,
      detail: 'Het portaal start op; probeer het over enkele seconden opnieuw.',
      code: 'starting_up',
      message: { nl: 'Het portaal start op; probeer het over enkele seconden opnieuw.', en: 'The portal is starting up; try again in a few seconds.' },
    }),
    { status: 503, headers: { 'content-type': 'application/problem+json', 'retry-after': '5', 'cache-control': 'no-store' } },
  );

function listen(fetch: FetchHandler, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Timeouts against slow clients and problem answers for malformed HTTP: see http/node-server.ts.
    const server = createHttpServer(fetch, { hostname: config.host });
    server.listen(config.port, config.host);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new StartError(
          error.code === 'EADDRINUSE'
            ? `port ${config.port} on ${config.host} is already in use: stop the other program or set PORT`
            : `cannot listen on ${config.host}:${config.port}: ${error.message}`,
        ),
      );
    });
  });
}

async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
