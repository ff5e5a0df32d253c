import { setPasswordHashCost } from './auth/passwords.ts';
import { disableAccessLogForBenchmark } from './audit/append.ts';
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { createUnpackBudget } from './ingest/unpack-budget.ts';
import { createHttpServer } from './http/node-server.ts';
import type { Config } from './config.ts';
import {
  connectPostgres,
  DatabaseStartError,
  embeddedPgliteDir,
  ensureWritableDirectory,
  openEmbedded,
  type Database,
} from './db/connect.ts';
import { migrateFor } from './db/migrate.ts';
import { pseudonymKeyVersion } from './ingest/key-rotation.ts';
import { keyPaths, loadKeys, type Keys } from './keys.ts';
import { checkpointFilesOf, checkpointKeyBesideFile } from './audit/checkpoint-chain.ts';
import { writeCheckpoint } from './audit/verify.ts';
import { seedDemoRegionOnce, type DemoSeedResult } from './admin/demo-seed.ts';
import { createMailer } from './notifications/mailer.ts';
import { startNotificationTimer } from './notifications/timer.ts';

export interface RunningPortal {
  url: string;
  database: Database;
  /** The streaming replica for dashboard reads (DATABASE_READ_URL), when configured. */
  readDatabase: Database | undefined;
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
  setPasswordHashCost(config.passwordHashCost);
  await ensureWritableDirectory(config.dataDir);
  const keys = await loadKeys(config);
  const checkpointKeyFile = keyPaths(config).checkpointSigning;
  if (checkpointKeyBesideFile(checkpointKeyFile, config.checkpointFile)) {
    // Issue 15: whoever can rewrite the checkpoint file and read this key can forge checkpoints (README, audit).
    logger.warn(
      { checkpointFile: config.checkpointFile, checkpointSigningKeyFile: checkpointKeyFile },
      'the checkpoint signing key lies in the directory of the checkpoint file: set CHECKPOINT_SIGNING_KEY_FILE to a place the checkpoint file is not (README, audit)',
    );
  }
  // Claim the port before touching the database, so a port in use fails fast and creates nothing.
  let handle: FetchHandler = startingUp;
  const server = await listen((request, env) => handle(request, env), config);
  let database: Database | undefined;
  let readDatabase: Database | undefined;
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
    // Only for bench:audit, which must compare one endpoint with and without its log entry: refused
    // outside demo mode, so no deployment with real data can run unlogged.
    if (config.benchAccessLogOff) {
      if (!config.demo) throw new StartError('BENCH_ACCESS_LOG_OFF is for benchmarks on demo data only: unset it (DEMO is not true).');
      disableAccessLogForBenchmark();
      logger.warn('BENCH_ACCESS_LOG_OFF: access logging is OFF in this process (benchmark on demo data)');
    }
    // The replica gets no migrations and no writes: it replays the primary's.
    readDatabase = config.databaseReadUrl
      ? await connectPostgres(config.databaseReadUrl, config.databasePoolSize, 'DATABASE_READ_URL')
      : undefined;

    const app = createApp({
      sql: database.sql,
      readSql: readDatabase?.sql,
      engine: database.engine,
      logger,
      keys,
      cookieSecure: config.cookieSecure,
      trustedProxies: config.trustedProxies,
      anonymousRequestsPerMinute: config.anonymousRequestsPerMinute,
      checkpointFile: config.checkpointFile,
      checkpointMirrorDir: config.checkpointMirrorDir,
      checkpointMaxAgeMinutes: config.auditCheckpointMaxAgeMinutes,
      uploadLimits: {
        maxBytes: config.uploadMaxBytes,
        maxRows: config.uploadMaxRows,
        unpackBudget: createUnpackBudget(config.uploadUnpackBudgetBytes),
      },
      oidc: config.oidc,
    });
    handle = app.fetch;
    const checkpoints = startCheckpointTimer(database.sql, keys, config, logger);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    const notifications = startNotificationTimer(database.sql, createMailer({ ...config, port }), config.notifyIntervalSeconds, logger);
    const runningDatabase = database;
    const runningReadDatabase = readDatabase;
    return {
      url,
      database,
      readDatabase,
      keys,
      demo,
      async stop() {
        await closeServer(server, config.shutdownGraceMs);
        await checkpoints.stop();
        await notifications.stop();
        await runningReadDatabase?.close();
        await runningDatabase.close();
      },
    };
  } catch (error) {
    await closeServer(server, 0);
    await readDatabase?.close().catch(() => {});
    await database?.close().catch(() => {});
    throw error;
  }
}

/** Whether to sign now: something new, and N entries or T time since the last checkpoint (or forced). */
export function checkpointDue(state: {
  seq: number;
  lastSeq: number;
  lastAt: number;
  now: number;
  force: boolean;
  everyEntries: number;
  everyMs: number;
}): boolean {
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
      if (
        !checkpointDue({ seq, lastSeq, lastAt, now: Date.now(), force, everyEntries: config.auditCheckpointEntries, everyMs: intervalMs })
      )
        return;
      lastSeq = (await writeCheckpoint(sql, keys.checkpointSigningKey, checkpointFilesOf(config), config.region)).seq;
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
      message: {
        nl: 'Het portaal start op; probeer het over enkele seconden opnieuw.',
        en: 'The portal is starting up; try again in a few seconds.',
      },
    }),
    { status: 503, headers: { 'content-type': 'application/problem+json', 'retry-after': '5', 'cache-control': 'no-store' } },
  );

function listen(fetch: FetchHandler, config: Config): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Timeouts against slow clients and problem answers for malformed HTTP: see http/node-server.ts.
    const server = createHttpServer(fetch, { hostname: config.host });
    answerWithCloseWhileClosing(server);
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

interface ShutdownState {
  closing: boolean;
  /** Answers not yet sent in full. */
  open: Set<ServerResponse>;
  /** Connections taken in so far. */
  accepted: number;
}
const shutdownStates = new WeakMap<Server, ShutdownState>();

/**
 * Once the server is closing, every answer says `Connection: close`: a keep-alive client (a load
 * balancer, a browser) then opens its next request elsewhere, and this process need not wait out
 * the keep-alive timeout of connections whose last request finished after SIGTERM.
 */
function answerWithCloseWhileClosing(server: Server): void {
  const state: ShutdownState = { closing: false, open: new Set(), accepted: 0 };
  shutdownStates.set(server, state);
  server.on('connection', () => state.accepted++);
  server.on('request', (_request, response: ServerResponse) => {
    if (state.closing) response.shouldKeepAlive = false;
    state.open.add(response);
    response.once('close', () => state.open.delete(response));
  });
}

/**
 * SIGTERM: the listener closes (new connections are refused, so a load balancer retries them on
 * another instance), requests already sent finish and are answered with `Connection: close`, an
 * idle keep-alive connection ends at its keep-alive timeout (5 s) or after one more answer;
 * whatever still runs after the grace period is cut off.
 */
async function closeServer(server: Server, graceMs: number): Promise<void> {
  const state = shutdownStates.get(server);
  if (state) {
    state.closing = true;
    for (const response of state.open) if (!response.headersSent) response.shouldKeepAlive = false;
    // Connections the kernel completed before the signal wait in its queue until Node takes them
    // in, about one per turn of the event loop; closing the listener first resets them although
    // their clients have sent (the graceful-shutdown test saw that). So turn until none came in
    // (for at most a second: new ones keep coming while a load balancer has not noticed yet).
    const until = Date.now() + 1000;
    for (let before = -1; before !== state.accepted && Date.now() < until; ) {
      before = state.accepted;
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    }
  }
  // Not http's server.close(): since Node 19 it also destroys every connection without a request
  // in progress, and that includes one just taken in whose request is not read yet, and a keep-alive
  // connection whose next request is on its way. The net close only stops listening.
  const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
