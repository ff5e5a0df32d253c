import { hash } from 'node:crypto';
import { canonicalJson, chainHash, entryKeys, type ChainedEntry } from './chain.ts';

/**
 * Verification reads the access log as lines of PostgreSQL's COPY text format: seq, the 16 entry
 * fields in canonical key order (`entryKeys`), and the stored hash; tab-separated, `\N` for null,
 * backslash escapes for backslash and control characters.
 *
 * Why bytes: the chain input h_{i-1}|seq|canonical(entry) is rebuilt straight from each line's
 * UTF-8 bytes into one reused buffer. A text field's canonical form is JSON.stringify of its
 * value, which is its bytes in quotes with `"`, `\` and control characters escaped (non-ASCII is
 * never escaped), so no strings or objects are made per entry. That is most of what made
 * verification fast enough. `details` is copied as stored when that text is already canonical
 * (entries written since migration 012), else parsed and re-serialised as before.
 *
 * This is only a faster route to the same bytes: a line whose rebuilt input does not hash to its
 * stored hash is checked once more by the reference path (`referenceLink`: decode, build
 * the entry, `chainHash`) before verification calls it changed.
 */

const columnOf: Record<keyof ChainedEntry, string> = {
  action: 'action',
  actionType: 'action_type',
  actorId: 'actor_id',
  actorOrganisation: 'actor_organisation',
  actorRole: 'actor_role',
  actorType: 'actor_type',
  clientId: 'client_id',
  details: 'details::text',
  objectId: 'object_id',
  objectType: 'object_type',
  occurredAt: `(occurred_at at time zone 'UTC')::text`, // see lineColumns; text, else postgres.js parses pages into Dates
  originIp: 'origin_ip',
  purpose: 'purpose',
  regionCode: 'region_code',
  requestId: 'request_id',
  result: 'result',
};

/**
 * The select list of one line, from `access_log a` (the text seq must not be what the rows are
 * ordered by). `occurred_at` comes as PostgreSQL prints a UTC timestamp under DateStyle ISO,
 * `2026-11-23 16:20:24.12` (trailing zeros dropped), and is made ISO 8601 with milliseconds
 * here: that costs PostgreSQL about a third less than to_char. Under another DateStyle
 * (`dateStyleIso` false) to_char writes the ISO form itself; both forms are read.
 */
export function lineColumns(dateStyleIso: boolean): string {
  const occurredAt = dateStyleIso ? columnOf.occurredAt : `to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return ['seq::text', ...entryKeys.map((key) => (key === 'occurredAt' ? occurredAt : columnOf[key])), 'hash'].join(', ');
}

const TAB = 0x09;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const SPACE = 0x20;
const PIPE = 0x7c;
const hashLength = 64;
const detailsIndex = entryKeys.indexOf('details');
const occurredAtIndex = entryKeys.indexOf('occurredAt');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
/** `{"action":`, `,"actionType":`, …: what precedes each value in canonical(entry). */
const keyPrefixes = entryKeys.map((key, i) => bytes(`${i === 0 ? '{' : ','}${JSON.stringify(key)}:`));
const prefixesLength = keyPrefixes.reduce((sum, prefix) => sum + prefix.length, 0);
const nullBytes = bytes('null');
const emptyObjectBytes = bytes('{}');
const hexDigits = bytes('0123456789abcdef');
/** COPY text escapes (`\n` etc.) → the byte they stand for; any other escaped byte stands for itself. */
const copyUnescape = new Uint8Array(256).map((_, c) => c);
for (const [letter, code] of Object.entries({ b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 })) copyUnescape[letter.charCodeAt(0)] = code;
/** JSON.stringify's short escapes for control characters; the others become \u00xx. */
const jsonShortEscape = new Uint8Array(32);
for (const [letter, code] of Object.entries({ b: 8, f: 12, n: 10, r: 13, t: 9 })) jsonShortEscape[code] = letter.charCodeAt(0);

const DOT = 0x2e;
const ZERO = 0x30;
const isDigit = (b: number) => b >= ZERO && b <= 0x39;

/**
 * Writes `"YYYY-MM-DDTHH:MI:SS.mmmZ"` for the timestamp at [start, end) of `buffer`, given either
 * in that form (to_char) or as `YYYY-MM-DD HH:MI:SS[.f…]` (the fraction cut or padded to three
 * digits, as to_char's MS does); answers the new write position, or -1 for any other form.
 */
function writeOccurredAt(buffer: Buffer, start: number, end: number, out: Buffer, p: number): number {
  const length = end - start;
  if (length < 19 || !isDigit(buffer[start]) || buffer[start + 4] !== 0x2d || buffer[start + 13] !== 0x3a) return -1;
  out[p++] = QUOTE;
  if (buffer[start + 10] === 0x54 /* T */ && length === 24 && buffer[start + 19] === DOT && buffer[start + 23] === 0x5a /* Z */) {
    for (let k = start; k < end; k++) out[p++] = buffer[k];
  } else if (buffer[start + 10] === SPACE && (length === 19 || (buffer[start + 19] === DOT && length <= 26))) {
    for (let k = start; k < start + 10; k++) out[p++] = buffer[k];
    out[p++] = 0x54; // T
    for (let k = start + 11; k < start + 19; k++) out[p++] = buffer[k];
    out[p++] = DOT;
    for (let k = start + 20; k < start + 23; k++) out[p++] = k < end ? buffer[k] : ZERO;
    out[p++] = 0x5a; // Z
  } else {
    return -1;
  }
  out[p++] = QUOTE;
  return p;
}

/** The same for the reference path, on text. */
export function isoOccurredAt(text: string | null): string | null {
  const match = text === null ? null : /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$/.exec(text);
  return match ? `${match[1]}T${match[2]}.${(match[3] ?? '').padEnd(3, '0').slice(0, 3)}Z` : text;
}

type DetailsMode = 'stored' | 'canonicalised';
const detailsModes: readonly DetailsMode[] = ['stored', 'canonicalised'];
const malformed = -1;
const notCompact = -2;

/** Checks lines one after another; each must be the next link of the chain that `previousHash` ends. */
export class LineChain {
  /** The chain input being built; bytes 0–63 are always the previous hash. */
  private input: Buffer;
  private length = 0;
  /** Views of `input` by length, made once (a new view per line cost about 6% of the time). */
  private views: Uint8Array[] = [];
  /** seq of the line read last. */
  seq = Number.NaN;

  constructor(previousHash: string) {
    this.input = Buffer.alloc(4096);
    this.input.write(previousHash, 0, 'latin1');
  }

  get previousHash(): string {
    return this.input.toString('latin1', 0, hashLength);
  }

  /**
   * Reads the line [start, end) of `buffer` (no newline) and sets `seq`; answers whether the
   * line's stored hash is h(previous | seq | canonical(entry)) rebuilt from the line. On true that
   * hash becomes `previousHash`. On false nothing moves on: the caller asks the reference path
   * before calling the line changed.
   */
  check(buffer: Buffer, start: number, end: number): boolean {
    // Worst case per byte: a control character becomes \u00xx (6 bytes).
    this.ensureRoom(hashLength + prefixesLength + 32 + (end - start) * 6);
    // Stored details are tried as they are first; if they are not compact JSON (jsonb's text has
    // a space after every ':' and ','), or do not give the stored hash, canonicalised.
    for (const mode of detailsModes) {
      const hashStart = this.build(buffer, start, end, mode);
      if (hashStart === notCompact) continue;
      if (hashStart === malformed || end - hashStart !== hashLength) return false;
      const view = (this.views[this.length] ??= new Uint8Array(this.input.buffer, this.input.byteOffset, this.length));
      const digest = hash('sha256', view, 'hex');
      if (digest === buffer.toString('latin1', hashStart, end)) {
        // The stored hash (already compared) becomes the previous hash of the next line.
        const input = this.input;
        for (let k = 0; k < hashLength; k++) input[k] = buffer[hashStart + k];
        return true;
      }
    }
    return false;
  }

  /** Moves on past a line that only the reference path could match. */
  follow(hash: string): void {
    this.input.write(hash, 0, 'latin1');
  }

  /**
   * Writes previous|seq|canonical(entry) for one line into `input`; answers where the stored
   * hash starts, `malformed` for a line without the expected fields, or `notCompact` when
   * `details` in 'stored' mode is not compact JSON (then it must be canonicalised).
   */
  private build(buffer: Buffer, start: number, end: number, mode: DetailsMode): number {
    let out = this.input;
    let p = hashLength;
    out[p++] = PIPE;
    let i = start;
    let seq = i < end && buffer[i] !== TAB ? 0 : Number.NaN;
    for (let b; i < end && (b = buffer[i]) !== TAB; i++) {
      out[p++] = b;
      seq = b >= 0x30 && b <= 0x39 ? seq * 10 + (b - 0x30) : Number.NaN;
    }
    this.seq = seq;
    out[p++] = PIPE;
    for (let field = 0; field < keyPrefixes.length; field++) {
      if (i >= end) return malformed;
      i++; // the tab before this field
      const prefix = keyPrefixes[field];
      for (let k = 0; k < prefix.length; k++) out[p++] = prefix[k];
      if (buffer[i] === BACKSLASH && buffer[i + 1] === 0x4e /* N */ && (i + 2 === end || buffer[i + 2] === TAB)) {
        const value = field === detailsIndex ? emptyObjectBytes : nullBytes; // as the reference path: no details is {}
        for (let k = 0; k < value.length; k++) out[p++] = value[k];
        i += 2;
      } else if (field === occurredAtIndex) {
        const at = i;
        while (i < end && buffer[i] !== TAB) i++;
        p = writeOccurredAt(buffer, at, i, out, p);
        if (p < 0) return malformed;
      } else if (field !== detailsIndex) {
        // A string: undo COPY's escaping, then escape as JSON.stringify does.
        out[p++] = QUOTE;
        for (let b; i < end && (b = buffer[i]) !== TAB; i++) {
          if (b === BACKSLASH) b = copyUnescape[buffer[++i]];
          if (b >= SPACE && b !== QUOTE && b !== BACKSLASH) {
            out[p++] = b;
          } else if (b >= SPACE || jsonShortEscape[b] !== 0) {
            out[p++] = BACKSLASH;
            out[p++] = b >= SPACE ? b : jsonShortEscape[b];
          } else {
            out[p++] = BACKSLASH;
            out[p++] = 0x75; // u00xx
            out[p++] = 0x30;
            out[p++] = 0x30;
            out[p++] = hexDigits[b >> 4];
            out[p++] = hexDigits[b & 15];
          }
        }
        out[p++] = QUOTE;
      } else if (mode === 'stored') {
        // JSON text as stored: only COPY's escaping is undone.
        for (let b; i < end && (b = buffer[i]) !== TAB; i++) {
          if (b === SPACE) return notCompact;
          out[p++] = b === BACKSLASH ? copyUnescape[buffer[++i]] : b;
        }
      } else {
        let fieldEnd = buffer.indexOf(TAB, i);
        if (fieldEnd < 0 || fieldEnd > end) fieldEnd = end;
        let canonical: string;
        try {
          canonical = canonicalJson(JSON.parse(copyField(buffer.toString('utf8', i, fieldEnd)) as string));
        } catch {
          return malformed; // not JSON: the reference path decides
        }
        out = this.ensureRoom(p + canonical.length * 3 + prefixesLength + 32 + (end - fieldEnd) * 6);
        p += out.write(canonical, p, 'utf8');
        i = fieldEnd;
      }
    }
    out[p++] = 0x7d; // }
    this.length = p;
    if (i >= end || buffer[i] !== TAB) return malformed;
    return i + 1;
  }

  private ensureRoom(size: number): Buffer {
    if (this.input.length < size) {
      const larger = Buffer.alloc(Math.max(size, this.input.length * 2));
      this.input.copy(larger);
      this.input = larger;
      this.views = [];
    }
    return this.input;
  }
}

const copyEscapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** COPY text format: `\N` is null; backslash escapes the control characters and itself. */
export function copyField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) => copyEscapes[c] ?? c);
}

const copyEscapeOf: Record<string, string> = { '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** One row of text values as a COPY text line, as PostgreSQL writes it (PGlite's pages take the same route). */
export function copyLine(row: ReadonlyArray<string | null>): string {
  let line = '';
  for (let i = 0; i < row.length; i++) {
    const value = row[i];
    line += (i === 0 ? '' : '\t') + (value === null ? '\\N' : value.replace(/[\\\b\f\n\r\t\v]/g, (c) => copyEscapeOf[c]));
  }
  return line;
}

/**
 * The reference check of one line, as verification was first written: decode the fields, build
 * the entry, JSON.parse `details`, hash with `chainHash`. Answers the line's hash when the line is
 * the link after `previousHash`, else undefined. It decides every line the fast path does not
 * match, so that path can never turn a valid entry into an alarm.
 */
export function referenceLink(previousHash: string, line: string): string | undefined {
  const row = line.split('\t').map(copyField);
  if (row.length !== entryKeys.length + 2) return undefined;
  const entry: Record<string, unknown> = {};
  for (let i = 0; i < entryKeys.length; i++) entry[entryKeys[i]] = row[i + 1];
  entry.occurredAt = isoOccurredAt(row[occurredAtIndex + 1]);
  const details = row[detailsIndex + 1];
  try {
    entry.details = details === null ? {} : JSON.parse(details);
  } catch {
    return undefined;
  }
  const hash = chainHash(previousHash, row[0] as string, entry as unknown as ChainedEntry);
  return hash === row[row.length - 1] ? hash : undefined;
}
