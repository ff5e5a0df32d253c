/**
 * Continuity of the signed checkpoints (issue 15). A checkpoint file proves little if it can be
 * removed, emptied or cut short unnoticed: then the entries after its last remaining line can go
 * too. So every checkpoint line carries
 *
 *   chain               a random id, the same for every line of one file (from its first numbered line)
 *   number              1, 2, 3, … within that chain, without gaps
 *   previousCheckpoint  SHA-256 (hex) of the line before it in the file, as written; null for a
 *                       first line. The first numbered line after checkpoints of the older format
 *                       (no number) names the last of them: that legacy prefix is accepted as it is.
 *
 * all inside the signed payload. Each line is also recorded in the database
 * (`access_log_checkpoints`, append-only) and, when CHECKPOINT_MIRROR_DIR is set, written as a
 * file of its own into a directory the portal can add to but not rewrite. Verification then asks
 * of the file: is its chain whole, does it hold every checkpoint the database and the mirror know
 * of, and is no entry left uncovered for longer than AUDIT_CHECKPOINT_MAX_AGE_MINUTES.
 */
import { hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { open, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { Queryable } from '../db/connect.ts';

/** Where checkpoints go: the file, and optionally a mirror directory. A bare string is the file alone. */
export type CheckpointFiles = string | { file: string; mirrorDir?: string };

/** The file and mirror directory the configuration names. */
export function checkpointFilesOf(config: { checkpointFile: string; checkpointMirrorDir?: string }): { file: string; mirrorDir?: string } {
  return { file: config.checkpointFile, mirrorDir: config.checkpointMirrorDir };
}

/**
 * Whether the checkpoint signing key lies in the checkpoint file's directory or below it (the
 * default: DATA_DIR/keys beside DATA_DIR/audit-checkpoints.jsonl). Whoever may rewrite the file
 * there can usually read the key too, and then forge a whole new file of checkpoints.
 */
export function checkpointKeyBesideFile(keyFile: string, checkpointFile: string): boolean {
  const path = relative(dirname(resolve(checkpointFile)), dirname(resolve(keyFile)));
  return path === '' || (!path.startsWith('..') && !path.startsWith('/'));
}

export function checkpointFileOf(files: CheckpointFiles): string {
  return typeof files === 'string' ? files : files.file;
}
export function mirrorDirOf(files: CheckpointFiles): string | undefined {
  return typeof files === 'string' ? undefined : files.mirrorDir;
}

/** The fields a numbered checkpoint adds to its payload. */
export interface ChainLink {
  chain: string;
  number: number;
  previousCheckpoint: string | null;
}

/** One line of the checkpoint file with a valid signature, and its payload. */
export interface SignedLine {
  jws: string;
  checkpoint: { seq: number; signedAt: string; chain?: unknown; number?: unknown; previousCheckpoint?: unknown };
}

export const lineHash = (jws: string): string => hash('sha256', jws, 'hex');

/** Whoever signs a checkpoint takes this lock first (per database): numbers and lines stay in order across processes. */
export const checkpointLockKey = 75_130_015;

export function writerHost(): string {
  return hostname();
}

/** Whether the database records checkpoints (migration 016); an installation being upgraded may not yet. */
export async function recordsCheckpoints(sql: Queryable): Promise<boolean> {
  const [row] = await sql`select to_regclass('access_log_checkpoints') is not null as present`;
  return row.present === true;
}

/** The last non-empty line of a file, reading only its tail; undefined when the file is missing or empty. */
export async function lastLineOf(file: string): Promise<string | undefined> {
  if (!existsSync(file)) return undefined;
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    for (let span = 16_384; ; span *= 4) {
      const start = Math.max(0, size - span);
      const buffer = Buffer.alloc(size - start);
      await handle.read(buffer, 0, buffer.length, start);
      const lines = buffer
        .toString('utf8')
        .split('\n')
        .map((line) => line.trim());
      while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
      // A whole line only: the first piece of a partial read may be the end of a longer one.
      if (lines.length > 1 || (lines.length === 1 && start === 0)) return lines[lines.length - 1];
      if (start === 0) return undefined;
    }
  } finally {
    await handle.close();
  }
}

/** The chain fields of a payload, when it has them (a line of the older format has none). */
export function linkOf(payload: Record<string, unknown>): ChainLink | undefined {
  if (typeof payload.chain !== 'string' || typeof payload.number !== 'number') return undefined;
  const previous = payload.previousCheckpoint;
  return { chain: payload.chain, number: payload.number, previousCheckpoint: typeof previous === 'string' ? previous : null };
}

export function decodedPayload(jws: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** `checkpoint-<chain>-<number, 10 digits>.jws`: one file per checkpoint, never rewritten. */
export function mirrorFileName(chain: string, number: number): string {
  return `checkpoint-${chain}-${String(number).padStart(10, '0')}.jws`;
}
const mirrorFilePattern = /^checkpoint-([A-Za-z0-9-]+)-(\d{10})\.jws$/;

/** Created exclusively ('wx') and read-only: a mirror file that exists already is an error, never overwritten. */
export async function writeMirrorFile(dir: string, link: ChainLink, jws: string): Promise<void> {
  await writeFile(join(dir, mirrorFileName(link.chain, link.number)), `${jws}\n`, { flag: 'wx', mode: 0o444 });
}

/**
 * The pure part: the numbered lines of the file form one chain from number 1, each naming the
 * line before it; only lines of the older format may precede them. Answers the chain and the
 * numbered lines by number, or what is wrong.
 */
export function chainOfLines(
  lines: SignedLine[],
  file: string,
): { chain?: string; byNumber: Map<number, SignedLine> } | { reason: string } {
  const byNumber = new Map<number, SignedLine>();
  let chain: string | undefined;
  let last = 0;
  for (const [index, line] of lines.entries()) {
    const at = `checkpoint ${index + 1} in ${file}`;
    const link = linkOf(line.checkpoint as Record<string, unknown>);
    if (!link) {
      if (chain !== undefined)
        return {
          reason: `${at} has no number, but numbered checkpoints precede it: only checkpoints of the older format may come before numbered ones`,
        };
      continue;
    }
    if (chain === undefined) {
      if (link.number !== 1)
        return {
          reason: `${at} is number ${link.number} of its chain, but no checkpoint 1 to ${link.number - 1} precedes it: the start of the checkpoint file was removed`,
        };
      chain = link.chain;
    } else if (link.chain !== chain) {
      return {
        reason: `${at} belongs to another checkpoint chain (${link.chain}) than the lines before it (${chain}): lines of two files were mixed`,
      };
    } else if (link.number !== last + 1) {
      return {
        reason: `${at} is number ${link.number}, after number ${last}: ${link.number > last + 1 ? `checkpoints ${last + 1} to ${link.number - 1} are missing from the file` : 'the numbers are not consecutive'}`,
      };
    }
    const expected = index === 0 ? null : lineHash(lines[index - 1].jws);
    if (link.previousCheckpoint !== expected) {
      return {
        reason: `${at} (number ${link.number}) does not name the line before it as its predecessor: checkpoints were removed or reordered`,
      };
    }
    byNumber.set(link.number, line);
    last = link.number;
  }
  return { chain, byNumber };
}

export interface ContinuityReport {
  /** The checkpoint that covers the most entries; absent when there is none. */
  newestCheckpoint?: { number: number | null; seq: number; signedAt: string; ageMinutes: number };
  /** Entries after the newest checkpoint, not covered by any signature yet. */
  entriesAfterNewestCheckpoint: number;
}

export interface ContinuityOptions {
  mirrorDir?: string;
  /** Fail when an entry has been left uncovered for longer than this; not checked when absent. */
  maxAgeMinutes?: number;
  now?: Date;
}

/**
 * Whether the file holds everything it should: its chain is whole, the database's record and the
 * mirror agree with it and are not ahead of it, and no entry has waited too long for a checkpoint.
 * `lines` are the file's lines in order, every signature already verified; `headSeq` the log's end.
 */
export async function checkContinuity(
  sql: Queryable,
  file: string,
  lines: SignedLine[],
  headSeq: number,
  options: ContinuityOptions,
): Promise<ContinuityReport & { reason?: string }> {
  const newest = lines.reduce<SignedLine | undefined>(
    (best, line) => (best === undefined || line.checkpoint.seq >= best.checkpoint.seq ? line : best),
    undefined,
  );
  const now = options.now ?? new Date();
  const report: ContinuityReport = {
    ...(newest
      ? {
          newestCheckpoint: {
            number: linkOf(newest.checkpoint as Record<string, unknown>)?.number ?? null,
            seq: newest.checkpoint.seq,
            signedAt: newest.checkpoint.signedAt,
            ageMinutes: minutesBetween(newest.checkpoint.signedAt, now),
          },
        }
      : {}),
    entriesAfterNewestCheckpoint: Math.max(0, headSeq - (newest?.checkpoint.seq ?? 0)),
  };
  const fail = (reason: string) => ({ ...report, reason });
  const state = lines.length === 0 ? (existsSync(file) ? 'empty' : 'missing') : 'present';

  const chained = chainOfLines(lines, file);
  if ('reason' in chained) return fail(chained.reason);
  const { chain, byNumber } = chained;
  const fileNewest = Math.max(0, ...byNumber.keys());

  if (await recordsCheckpoints(sql)) {
    const recorded = await sql`
      select distinct on (chain) chain, number, seq, line_hash, signed_at from access_log_checkpoints
      where chain = ${chain ?? ''} or (file = ${resolve(file)} and host = ${writerHost()})
      order by chain, number desc`;
    for (const row of recorded) {
      const number = Number(row.number);
      const signedAt = (row.signedAt as Date).toISOString();
      if (row.chain !== chain) {
        const what = state === 'present' ? `holds another checkpoint chain than the one the database records for it` : `is ${state}`;
        return fail(
          `the checkpoint file ${file} ${what}: the database records checkpoints written to it up to number ${number} (entry ${row.seq}), signed ${signedAt}. It was removed, emptied or replaced`,
        );
      }
      if (number > fileNewest) {
        return fail(
          `the checkpoint file ${file} ends at checkpoint ${fileNewest}, but the database records checkpoint ${number} (entry ${row.seq}) signed ${signedAt}: the file was cut short`,
        );
      }
      if (lineHash(byNumber.get(number)!.jws) !== row.lineHash) {
        return fail(`checkpoint ${number} in ${file} is not the line the database recorded when it was signed (${signedAt})`);
      }
    }
  }

  if (options.mirrorDir) {
    let names: string[];
    try {
      names = await readdir(options.mirrorDir);
    } catch (error) {
      return fail(`the checkpoint mirror ${options.mirrorDir} cannot be read: ${(error as Error).message}`);
    }
    const mirrored = names.map((name) => name.match(mirrorFilePattern)).filter((m): m is RegExpMatchArray => m !== null);
    mirrored.sort((a, b) => Number(b[2]) - Number(a[2]));
    for (const [name, mirrorChain, numberText] of mirrored) {
      const number = Number(numberText);
      const inFile = mirrorChain === chain ? byNumber.get(number) : undefined;
      const text = (await readFile(join(options.mirrorDir, name), 'utf8')).trim();
      if (inFile?.jws === text) continue;
      const signedAt = String(decodedPayload(text).signedAt ?? 'at an unknown time');
      if (mirrorChain !== chain) {
        return fail(
          `the checkpoint mirror ${options.mirrorDir} holds checkpoint ${number} of chain ${mirrorChain} (signed ${signedAt}), which the checkpoint file ${file} (${state === 'present' ? `chain ${chain ?? 'without numbers'}` : state}) does not hold: the file was removed, emptied or replaced`,
        );
      }
      if (!inFile) {
        return fail(
          `the checkpoint file ${file} is behind its mirror: it ends at checkpoint ${fileNewest}, the mirror ${options.mirrorDir} holds checkpoint ${number} signed ${signedAt}`,
        );
      }
      return fail(`checkpoint ${number} in ${file} differs from the copy in the mirror ${options.mirrorDir}`);
    }
  }

  if (options.maxAgeMinutes !== undefined && report.entriesAfterNewestCheckpoint > 0) {
    const firstUncovered = (newest?.checkpoint.seq ?? 0) + 1;
    const [entry] = await sql`select occurred_at from access_log where seq = ${firstUncovered}`;
    const waitedMinutes = entry ? minutesBetween((entry.occurredAt as Date).toISOString(), now) : 0;
    if (waitedMinutes > options.maxAgeMinutes) {
      const since = newest
        ? `the newest checkpoint (${report.newestCheckpoint!.number === null ? 'of the older format' : `number ${report.newestCheckpoint!.number}`}, entry ${newest.checkpoint.seq}) was signed ${newest.checkpoint.signedAt}, ${report.newestCheckpoint!.ageMinutes} minutes ago`
        : `there is no checkpoint in ${file} (${state})`;
      return fail(
        `${since}; ${report.entriesAfterNewestCheckpoint} entries after it are covered by no checkpoint, the first (entry ${firstUncovered}) for ${waitedMinutes} minutes, more than the maximum of ${options.maxAgeMinutes} minutes (AUDIT_CHECKPOINT_MAX_AGE_MINUTES): checkpoints stopped, or the file lost its newest lines`,
      );
    }
  }
  return report;
}

function minutesBetween(iso: string, now: Date): number {
  return Math.round(((now.getTime() - Date.parse(iso)) / 60_000) * 10) / 10;
}
