/**
 * Turns an upload (CSV, XLSX or JSON bytes) into a header and batches of rows, pulled one batch
 * at a time so that a 100,000-row file is never held as text plus parsed rows plus records at once.
 */
import Papa from 'papaparse';
import { DomainError } from '../errors.ts';
import { decodeText, detectDelimiter, type TextEncodingName } from '../../../schemas/text-encoding.ts';
import type { UploadFormat } from './sniff.ts';
import type { UnpackBudget, UnpackSession } from './unpack-budget.ts';
import { readXlsxTable, XlsxRefused } from './xlsx.ts';

export interface TableRow {
  /** As the user sees it: the Excel row (header = 1); for JSON the 1-based index in `records`. */
  rowNumber: number;
  values: string[];
}

export interface Table {
  header: string[];
  /** Where the header is, as the user sees it (Excel row); null for JSON, which has no header row. */
  headerRowNumber: number | null;
  batches: AsyncIterable<TableRow[]>;
  encoding: TextEncodingName | null;
  delimiter: ';' | ',' | '\t' | null;
}

export interface UploadLimits {
  maxBytes: number;
  maxRows: number;
  maxColumns: number;
  xlsxMaxUnpackedBytes: number;
  xlsxMaxEntries: number;
  /** Shared by all uploads of the process (UPLOAD_UNPACK_BUDGET_BYTES); unset: unbounded (tools). */
  unpackBudget?: UnpackBudget;
}

export const tooManyRows = (limit: number) =>
  new DomainError('too_large', 'too_many_rows', {
    nl: `Het bestand heeft meer dan ${limit.toLocaleString('nl-NL')} rijen, het maximum per aanlevering. Splits het niet: neem contact op met het servicebureau.`,
    en: `The file has more than ${limit.toLocaleString('en-GB')} rows, the maximum per submission. Do not split it: contact the service bureau.`,
  });

const tooManyColumns = (found: number, limit: number) =>
  new DomainError('too_large', 'too_many_columns', {
    nl: `De kopregel heeft ${found} kolommen; er zijn er hoogstens ${limit} toegestaan. Gebruik alleen de kolommen van het sjabloon.`,
    en: `The header row has ${found} columns; at most ${limit} are allowed. Use only the template's columns.`,
  });

const emptyFile = () =>
  new DomainError('unprocessable', 'empty_file', {
    nl: 'Het bestand is leeg of heeft geen kopregel. De eerste regel moet de kolomnamen bevatten (zie het sjabloon).',
    en: 'The file is empty or has no header row. The first line must hold the column names (see the template).',
  });

const batchSize = 2000;

/** `unpacking` holds what an XLSX reserves from the budget; the caller releases it when done with the table. */
export async function openTable(bytes: Uint8Array, format: UploadFormat, limits: UploadLimits, unpacking?: UnpackSession): Promise<Table> {
  if (format === 'xlsx') return openXlsx(bytes, limits, unpacking);
  if (format === 'json') return openJson(bytes, limits);
  return openCsv(bytes, limits);
}

async function openCsv(bytes: Uint8Array, limits: UploadLimits): Promise<Table> {
  const { text, encoding } = decodeText(bytes);
  const delimiter = detectDelimiter(text);
  const iterator = csvRecordBatches(text, delimiter)[Symbol.asyncIterator]();
  let header: string[] | null = null;
  let firstBatch: string[][] = [];
  while (!header) {
    const next = await iterator.next();
    if (next.done) throw emptyFile();
    const [first, ...rest] = next.value;
    if (!first) continue;
    if (first.length > limits.maxColumns) throw tooManyColumns(first.length, limits.maxColumns);
    if (first.every((cell) => cell.trim() === '')) throw emptyFile();
    header = first.map((cell) => cell.trim());
    firstBatch = rest;
  }
  return {
    header,
    headerRowNumber: 1,
    encoding,
    delimiter,
    batches: (async function* () {
      let recordIndex = 1; // the header was record 1
      let dataRows = 0;
      let batch = firstBatch;
      for (;;) {
        const rows: TableRow[] = [];
        for (const values of batch) {
          recordIndex++;
          if (values.length === 1 && values[0].trim() === '') continue; // a blank line
          if (++dataRows > limits.maxRows) throw tooManyRows(limits.maxRows);
          rows.push({ rowNumber: recordIndex, values: values.map((v) => v.trim()) });
        }
        if (rows.length > 0) yield rows;
        const next = await iterator.next();
        if (next.done) return;
        batch = next.value;
      }
    })(),
  };
}

/** papaparse pushes chunks; this pauses it after each one until the consumer pulls the next. */
async function* csvRecordBatches(text: string, delimiter: string): AsyncGenerator<string[][]> {
  const queue: Array<string[][] | null> = [];
  let wake: (() => void) | null = null;
  let parser: Papa.Parser | null = null;
  Papa.parse<string[]>(text, {
    delimiter,
    chunkSize: 256 * 1024,
    chunk: (results: Papa.ParseResult<string[]>, handle: Papa.Parser) => {
      parser = handle;
      handle.pause();
      queue.push(results.data);
      wake?.();
    },
    complete: () => {
      queue.push(null);
      wake?.();
    },
  });
  for (;;) {
    if (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    const item = queue.shift()!;
    if (item === null) return;
    yield item;
    (parser as Papa.Parser | null)?.resume();
  }
}

function openXlsx(bytes: Uint8Array, limits: UploadLimits, unpacking: UnpackSession | undefined): Table {
  let sheet;
  try {
    sheet = readXlsxTable(bytes, {
      maxUnpackedBytes: limits.xlsxMaxUnpackedBytes,
      maxEntries: limits.xlsxMaxEntries,
      maxRows: limits.maxRows,
      maxColumns: limits.maxColumns,
      reserveUnpacked: unpacking && ((n) => unpacking.reserve(n)),
    });
  } catch (error) {
    if (error instanceof XlsxRefused) throw new DomainError(error.kind, error.code, error.messages);
    throw error;
  }
  const header = sheet.header.map((cell) => cell.trim());
  return {
    header,
    headerRowNumber: sheet.headerRowNumber,
    encoding: null,
    delimiter: null,
    batches: (async function* () {
      let rows: TableRow[] = [];
      for (const row of sheet.rows) {
        rows.push({ rowNumber: row.rowNumber, values: row.values.map((v) => v.trim()) });
        if (rows.length === batchSize) {
          yield rows;
          rows = [];
        }
      }
      if (rows.length > 0) yield rows;
    })(),
  };
}

const jsonShape = () =>
  new DomainError('unprocessable', 'json_shape', {
    nl: 'JSON moet de vorm { "records": [ { "recordId": …, … } ] } hebben, met per record een object met de veldnamen.',
    en: 'JSON must be shaped { "records": [ { "recordId": …, … } ] }, one object with the field names per record.',
  });

function openJson(bytes: Uint8Array, limits: UploadLimits): Table {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new DomainError('bad_request', 'malformed_json', {
      nl: 'De JSON is niet leesbaar (geen geldige UTF-8 JSON). Controleer haakjes, aanhalingstekens en komma’s.',
      en: 'The JSON cannot be read (not valid UTF-8 JSON). Check brackets, quotes and commas.',
    });
  }
  const records = (body as { records?: unknown })?.records;
  if (!Array.isArray(records) || records.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) throw jsonShape();
  if (records.length > limits.maxRows) throw tooManyRows(limits.maxRows);
  // The union of keys in order of first appearance plays the header, so unknown keys are named.
  const keys = new Map<string, number>();
  for (const record of records as Array<Record<string, unknown>>) {
    for (const key of Object.keys(record)) if (!keys.has(key)) keys.set(key, keys.size);
    if (keys.size > limits.maxColumns) throw tooManyColumns(keys.size, limits.maxColumns);
  }
  const header = [...keys.keys()];
  return {
    header,
    headerRowNumber: null,
    encoding: 'utf-8',
    delimiter: null,
    batches: (async function* () {
      for (let start = 0; start < records.length; start += batchSize) {
        yield (records as Array<Record<string, unknown>>).slice(start, start + batchSize).map((record, offset) => ({
          rowNumber: start + offset + 1,
          // Own keys only: a key another record has, such as `valueOf`, must not read Object.prototype.
          values: header.map((key) => jsonCell(Object.hasOwn(record, key) ? record[key] : undefined)),
        }));
      }
    })(),
  };
}

/** JSON cells: strings and numbers as text, null/absent as empty; anything else is made visible as text. */
function jsonCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // JSON.stringify gives undefined for a function or symbol: never from JSON.parse, but cheap to be sure.
  return (JSON.stringify(value) ?? String(value)).slice(0, 200);
}
