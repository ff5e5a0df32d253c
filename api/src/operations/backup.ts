/**
 * Backup and restore (`npm run portal -- backup FILE` / `restore FILE`; docs/operations.md).
 *
 * - PostgreSQL: `pg_dump --format=custom` of the whole database; restored with `pg_restore` into an
 *   EMPTY database, as the owner role, without the dump's owners and grants; the migrations then
 *   grant the application role exactly what it may (SPEC §5: INSERT and SELECT on the access log).
 *   The append-only triggers are part of the schema and come back with it.
 * - Embedded: PGlite's `dumpDataDir()` (a gzipped tar of its data directory), restored with
 *   `loadDataDir` into an empty DATA_DIR. PGlite admits one process, so the portal must be stopped.
 *
 * A backup first writes its own access-log entry and signs a checkpoint of the chain head into the
 * checkpoint file: the restored chain can then be verified against a signature made outside the
 * database. A restore verifies the chain against the checkpoint file before anything else, logs
 * itself, and reports what it found. Key files and the checkpoint file are not in the backup.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Actor } from '../auth/actor.ts';
import { appendAccessEvent } from '../audit/append.ts';
import { checkpointFilesOf } from '../audit/checkpoint-chain.ts';
import { verifyAccessLog, writeCheckpoint, type VerifyResult } from '../audit/verify.ts';
import type { Config } from '../config.ts';
import type { Keys } from '../keys.ts';
import {
  connectPostgres,
  embeddedPgliteDir,
  ensureWritableDirectory,
  isSocketServed,
  openEmbedded,
  redactUrl,
  type Database,
  type Sql,
} from '../db/connect.ts';
import { migrateFor } from '../db/migrate.ts';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupResult {
  engine: 'postgres' | 'pglite';
  file: string;
  bytes: number;
  sha256: string;
  /** The access-log head signed into the checkpoint file just before the dump: the backup holds at least this. */
  accessLogSeq: number;
}

export interface RestoreResult {
  engine: 'postgres' | 'pglite';
  file: string;
  sha256: string;
  migrationsApplied: string[];
  rows: { outcomeRecords: number; submissions: number; dialogues: number; accessLog: number };
  /** The chain as restored, checked against the checkpoint file (before the restore's own entry). */
  accessLog: VerifyResult;
  /** Set when the result needs a person's attention although the chain verified. */
  warning?: string;
}

export async function backupDatabase(config: Config, keys: Keys, actor: Actor, target: string): Promise<BackupResult> {
  const file = resolve(target);
  if (existsSync(file)) throw new BackupError(`${file} exists already: a backup never overwrites a file; choose a new name.`);
  await ensureWritableDirectory(dirname(file)).catch(() => {
    throw new BackupError(`cannot write the backup into ${dirname(file)}: the directory is missing or not writable.`);
  });
  // Written beside the target and renamed at the end: a failed backup leaves no half file behind.
  // Mode 0600 from the start: the dump holds pseudonymised records, password hashes and sealed secrets.
  const partial = `${file}.partial-${process.pid}`;
  await (await open(partial, 'w', 0o600)).close();
  try {
    let accessLogSeq: number;
    if (config.databaseUrl) {
      const db = await connectPostgres(config.databaseUrl, 1);
      try {
        accessLogSeq = await markBackup(db.sql, config, keys, actor, 'postgres', file);
      } finally {
        await db.close();
      }
      await runPostgresTool(config, 'pg_dump', ['--format=custom', '--file', partial], config.databaseOwnerUrl ?? config.databaseUrl);
    } else {
      const db = await openStoppedEmbedded(config, 'back up');
      try {
        accessLogSeq = await markBackup(db.sql, config, keys, actor, 'pglite', file);
        await db.sql`checkpoint`;
        const tarball = await db.pglite!.dumpDataDir('gzip');
        const handle = await open(partial, 'w', 0o600);
        try {
          await handle.writeFile(new Uint8Array(await tarball.arrayBuffer()));
          await handle.sync();
        } finally {
          await handle.close();
        }
      } finally {
        await db.close();
      }
    }
    await chmod(partial, 0o600);
    await rename(partial, file);
    const bytes = (await stat(file)).size;
    return { engine: config.databaseUrl ? 'postgres' : 'pglite', file, bytes, sha256: await sha256Of(file), accessLogSeq };
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

export async function restoreDatabase(config: Config, keys: Keys, actor: Actor, source: string): Promise<RestoreResult> {
  const file = resolve(source);
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const head = await readHead(file);
  const sha256 = await sha256Of(file);
  let db: Database;
  if (config.databaseUrl) {
    if (head.subarray(0, 5).toString('latin1') !== 'PGDMP') {
      throw new BackupError(
        `${file} is not a PostgreSQL backup (pg_dump custom format). A backup of the embedded database is restored with DATABASE_URL unset.`,
      );
    }
    const restoreUrl = config.databaseOwnerUrl ?? config.databaseUrl;
    await assertEmptyPostgres(restoreUrl);
    await runPostgresTool(config, 'pg_restore', ['--no-owner', '--no-acl', '--single-transaction', '--exit-on-error', file], restoreUrl);
    db = await connectPostgres(config.databaseUrl, 2);
  } else {
    if (head[0] !== 0x1f || head[1] !== 0x8b) {
      throw new BackupError(
        `${file} is not a backup of the embedded database (a gzipped PGlite data directory). A PostgreSQL backup is restored with DATABASE_URL set.`,
      );
    }
    const pgliteDir = embeddedPgliteDir(config.dataDir);
    if (await isSocketServed(config.embeddedSocketPath))
      throw new BackupError(`a portal is running on ${config.dataDir}: stop it first; a restore goes into an empty DATA_DIR.`);
    if (existsSync(pgliteDir) && readdirSync(pgliteDir).length > 0) {
      throw new BackupError(
        `${pgliteDir} is not empty: a restore never overwrites a database. Restore into a new DATA_DIR (copy the key files into it), or move this one aside.`,
      );
    }
    await ensureWritableDirectory(pgliteDir);
    try {
      const loaded = await PGlite.create({ dataDir: pgliteDir, loadDataDir: new Blob([await readFile(file)]) });
      await loaded.close();
    } catch (error) {
      await rm(pgliteDir, { recursive: true, force: true });
      throw new BackupError(`the embedded backup ${file} could not be loaded: ${(error as Error).message}`);
    }
    db = await openEmbedded({ pgliteDir, socketPath: privateSocket() });
  }
  try {
    // Pending migrations of a newer portal version, and the application role's grants.
    const { applied } = await migrateFor(config, db.sql, (url) => connectPostgres(url, 1));
    const accessLog = await verifyAccessLog(db.sql, keys.checkpointSigningKey, checkpointFilesOf(config));
    const [rows] = await db.sql`select
      (select count(*) from outcome_records)::int as outcome_records, (select count(*) from submissions)::int as submissions,
      (select count(*) from dialogues)::int as dialogues, (select count(*) from access_log)::int as access_log`;
    await appendAccessEvent(db.sql, actor, {
      action: 'database.restore',
      actionType: 'C',
      objectType: 'database',
      objectId: db.engine,
      result: 'allowed',
      purpose: 'restore',
      details: { file: basename(file), sha256, restoredThrough: accessLog.checkedThrough, verified: accessLog.ok },
    });
    // Only a chain that agrees with the checkpoint file is signed on; otherwise the operator decides (docs/operations.md).
    if (accessLog.ok) await writeCheckpoint(db.sql, keys.checkpointSigningKey, checkpointFilesOf(config), config.region);
    return {
      engine: db.engine,
      file,
      sha256,
      migrationsApplied: applied,
      rows: {
        outcomeRecords: rows.outcomeRecords as number,
        submissions: rows.submissions as number,
        dialogues: rows.dialogues as number,
        accessLog: rows.accessLog as number,
      },
      accessLog,
      ...(accessLog.ok && accessLog.checkpoints === 0 && Number(rows.accessLog) > 0
        ? {
            warning: `no signed checkpoints in ${config.checkpointFile}: the chain holds together, but a removed tail would go unnoticed. Restore the checkpoint file beside the database (docs/operations.md) and verify again.`,
          }
        : {}),
    };
  } finally {
    await db.close();
  }
}

/** The backup's own access-log entry (an export of everything), then a signed checkpoint of the head. */
async function markBackup(sql: Sql, config: Config, keys: Keys, actor: Actor, engine: string, file: string): Promise<number> {
  await appendAccessEvent(sql, actor, {
    action: 'database.backup',
    actionType: 'E',
    objectType: 'database',
    objectId: engine,
    result: 'allowed',
    purpose: 'backup',
    details: { file: basename(file) },
  });
  return (await writeCheckpoint(sql, keys.checkpointSigningKey, checkpointFilesOf(config), config.region)).seq;
}

/** The embedded database opened by this process; refused while a portal serves it (PGlite admits one process). */
async function openStoppedEmbedded(config: Config, what: string): Promise<Database> {
  const pgliteDir = embeddedPgliteDir(config.dataDir);
  if (await isSocketServed(config.embeddedSocketPath)) {
    throw new BackupError(
      `a portal is running on ${config.dataDir}: PGlite admits one process, so stop the portal, ${what}, and start it again.`,
    );
  }
  if (!existsSync(join(pgliteDir, 'PG_VERSION'))) throw new BackupError(`there is no embedded database in ${pgliteDir}.`);
  return openEmbedded({ pgliteDir, socketPath: privateSocket() });
}

/** A restore goes into an empty database only: nothing of the application's (or anyone's) may be in it. */
async function assertEmptyPostgres(url: string): Promise<void> {
  const db = await connectPostgres(url, 1);
  try {
    const [row] = await db.sql`select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
        and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')`;
    if (Number(row.n) > 0) {
      throw new BackupError(
        `the database at ${redactUrl(url)} is not empty (${row.n} tables, views or sequences): a restore never overwrites data. Create a new, empty database and point DATABASE_URL at it.`,
      );
    }
  } finally {
    await db.close();
  }
}

/**
 * Runs pg_dump or pg_restore against `url`. The password goes in PGPASSWORD, never on the command
 * line (where `ps` shows it); the tool's own messages are passed on when it fails.
 */
async function runPostgresTool(config: Config, tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const bin = postgresTool(config.pgBinDir, tool);
  const child = spawn(bin, ['--no-password', `--dbname=${parsed.toString()}`, ...args], {
    env: { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '10' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-20_000);
  });
  const code = await new Promise<number | null>((resolvePromise, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          error.code === 'ENOENT'
            ? `${tool} not found (${bin}): install the PostgreSQL client tools of the server's version, or set PG_BIN_DIR.`
            : `${tool}: ${error.message}`,
        ),
      ),
    );
    child.once('exit', resolvePromise);
  });
  if (code !== 0) throw new BackupError(`${tool} failed (exit ${code}) on ${redactUrl(url)}:\n${stderr.trim()}`);
}

/** PG_BIN_DIR, else the newest /usr/lib/postgresql/N/bin that has the tool (Debian), else PATH. */
export function postgresTool(binDir: string | undefined, tool: string): string {
  if (binDir) return join(binDir, tool);
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', tool)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) return join(base, versions[0], 'bin', tool);
  }
  return tool;
}

function privateSocket(): string {
  return join(tmpdir(), `resultaatportaal-cli-${process.pid}-${Date.now()}.sock`);
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(8);
    await handle.read(buffer, 0, 8, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}
