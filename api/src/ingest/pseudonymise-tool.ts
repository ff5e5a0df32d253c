import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import type { LocalizedText } from '../../../schemas/problem.ts';
import { ColumnMappingSchema } from '../../../schemas/column-mapping-api.ts';
import { applyColumnMapping, type ColumnMapping } from '../../../schemas/column-mapping.ts';
import { findBsnColumn, importK1, KeyFileError, pseudonymiseTable } from '../../../schemas/pseudonymise-web.ts';

/**
 * The provider-side pseudonymisation tool (SPEC §4.1, §9):
 * `npm run -s portal -- pseudonymise --key K1FILE < export.csv > upload.csv` (-s: npm itself
 * otherwise prints a banner on stdout, which would end up in upload.csv).
 * A filter without database or portal configuration: CSV with a `bsn` column in (`;`, `,` or tab;
 * UTF-8 with or without BOM, UTF-16 with BOM, otherwise Windows-1252), UTF-8 CSV with
 * `clientPseudonym` out, same delimiter. All or nothing: one bad BSN and stdout stays empty.
 * It uses the browser's implementation (schemas/pseudonymise-web.ts), so there is only one.
 * Neither a BSN nor K1 is ever printed.
 */

export const pseudonymiseUsage = `Usage: npm run -s portal -- pseudonymise --key K1FILE [--mapping MAPPING.json] < export.csv > upload.csv

  Replaces the "bsn" column of a CSV file by "clientPseudonym" (SPEC §4.1, layer 1).
  K1FILE holds the region's K1 key as 64 hexadecimal characters.
  MAPPING.json (optional): your export's own columns mapped onto the record, as the upload page
  saves it (GET /api/v1/column-mapping, its "mapping"); unmapped columns are left out, a birth-date
  column becomes ageAtStart.
  Keep -s (--silent): without it npm prints its own "> portal" lines on stdout, into upload.csv.`;

/** Exit codes: 0 written, 1 the file has problems (nothing written), 2 wrong use. */
export const exitCodes = { ok: 0, problems: 1, usage: 2 } as const;

export interface CsvProblem {
  /** As in Excel: the header is row 1. */
  row: number;
  column?: string;
  code: string;
  message: LocalizedText;
  maskedValue?: string;
}

export type PseudonymisedCsv =
  | { ok: true; csv: string; delimiter: string; encoding: string; rows: number }
  | { ok: false; kind: 'usage' | 'problems'; problems: CsvProblem[] };

export { decodeText as decodeCsvBytes, detectDelimiter } from '../../../schemas/text-encoding.ts';
import { decodeText as decodeCsvBytes, detectDelimiter } from '../../../schemas/text-encoding.ts';

/** The whole transformation, without any I/O: bytes of the export in, UTF-8 CSV text out (or every problem). */
export async function pseudonymiseCsv(bytes: Uint8Array, key: CryptoKey, mapping?: ColumnMapping): Promise<PseudonymisedCsv> {
  const { text, encoding } = decodeCsvBytes(bytes);
  if (text.trim() === '') {
    return { ok: false, kind: 'usage', problems: [{ row: 1, code: 'csv_empty', message: emptyInput }] };
  }
  const delimiter = detectDelimiter(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, header: false, skipEmptyLines: false });
  const quoteProblems: CsvProblem[] = parsed.errors.map((error) => ({
    row: (error.row ?? 0) + 1,
    code: 'csv_quotes',
    message: {
      nl: `Aanhalingstekens kloppen niet (${error.code}). Exporteer het bestand opnieuw als CSV vanuit uw spreadsheet of cliëntsysteem.`,
      en: `Quotes do not match (${error.code}). Export the file again as CSV from your spreadsheet or client system.`,
    },
  }));
  if (quoteProblems.length > 0) return { ok: false, kind: 'problems', problems: quoteProblems };

  let [header, ...rows] = parsed.data;
  if (mapping) {
    const mapped = applyColumnMapping(header, rows, mapping);
    if (mapped.errors.length > 0) return { ok: false, kind: 'problems', problems: mapped.errors };
    [header, rows] = [mapped.header, mapped.rows];
  }
  const column = findBsnColumn(header);
  if (!column.ok) return { ok: false, kind: 'usage', problems: [column.problem] };
  const table = await pseudonymiseTable(header, rows, key);
  if (table.errors.length > 0) return { ok: false, kind: 'problems', problems: table.errors };

  const newline = parsed.meta.linebreak === '\r\n' ? '\r\n' : '\n';
  const csv = `${Papa.unparse([table.header, ...table.rows], { delimiter, newline })}${newline}`;
  return { ok: true, csv, delimiter, encoding, rows: table.rows.length };
}

const emptyInput: LocalizedText = {
  nl: 'Er kwam geen invoer binnen. Geef het CSV-bestand via standaardinvoer mee: ... pseudonymise --key K1FILE < export.csv > upload.csv',
  en: 'No input arrived. Pass the CSV file on standard input: ... pseudonymise --key K1FILE < export.csv > upload.csv',
};

export interface PseudonymiseCommandIo {
  /** The value of `--key`, if given. */
  keyFile: string | undefined;
  /** The value of `--mapping`, if given. */
  mappingFile?: string;
  /** Positional arguments after `pseudonymise` (there should be none). */
  extraArgs: string[];
  stdin: AsyncIterable<Uint8Array> & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Runs the filter on the given streams and returns the exit code (see `exitCodes`). */
export async function runPseudonymiseCommand(io: PseudonymiseCommandIo): Promise<number> {
  const usageError = async (message: LocalizedText) => {
    await write(io.stderr, `${message.nl}\n${message.en}\n\n${pseudonymiseUsage}\n`);
    return exitCodes.usage;
  };
  if (io.extraArgs.length > 0) {
    return usageError({
      nl: 'Geef het bestand via standaardinvoer mee (met <), niet als argument.',
      en: 'Pass the file on standard input (with <), not as an argument.',
    });
  }
  if (!io.keyFile) {
    return usageError({
      nl: 'Geef het K1-sleutelbestand op met --key K1FILE.',
      en: 'Name the K1 key file with --key K1FILE.',
    });
  }
  let key: CryptoKey;
  try {
    key = await importK1(await readFile(io.keyFile, 'utf8'));
  } catch (error) {
    if (error instanceof KeyFileError) return usageError(error.localized);
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    return usageError({
      nl: `Het K1-sleutelbestand ${io.keyFile} kan niet worden gelezen (${reason}). Controleer het pad en de rechten.`,
      en: `Cannot read the K1 key file ${io.keyFile} (${reason}). Check the path and permissions.`,
    });
  }
  let mapping: ColumnMapping | undefined;
  if (io.mappingFile) {
    let parsed: ReturnType<typeof ColumnMappingSchema.safeParse>;
    try {
      const json = JSON.parse(await readFile(io.mappingFile, 'utf8'));
      // The file as the API gives it ({ mapping, updatedAt }) or the mapping alone.
      parsed = ColumnMappingSchema.safeParse(json?.mapping ?? json);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'not JSON';
      return usageError({
        nl: `Het koppelingsbestand ${io.mappingFile} kan niet worden gelezen (${reason}). Sla de koppeling op de uploadpagina op en download haar opnieuw.`,
        en: `Cannot read the mapping file ${io.mappingFile} (${reason}). Save the mapping on the upload page and download it again.`,
      });
    }
    if (!parsed.success) {
      const where = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
      return usageError({
        nl: `Het koppelingsbestand ${io.mappingFile} klopt niet (bij ${where}). Het bevat alleen kolomnamen en codes per veld; zie GET /api/v1/column-mapping.`,
        en: `The mapping file ${io.mappingFile} is not valid (at ${where}). It holds only column names and codes per field; see GET /api/v1/column-mapping.`,
      });
    }
    mapping = parsed.data;
  }
  if (io.stdin.isTTY) return usageError(emptyInput);

  const chunks: Uint8Array[] = [];
  for await (const chunk of io.stdin) chunks.push(chunk);
  const result = await pseudonymiseCsv(Buffer.concat(chunks), key, mapping);
  if (result.ok) {
    await write(io.stdout, result.csv);
    return exitCodes.ok;
  }
  if (result.kind === 'usage') return usageError(result.problems[0].message);
  await write(io.stderr, formatProblems(result.problems));
  return exitCodes.problems;
}

/** Every problem on two lines (Dutch, English); the refused value only masked. */
export function formatProblems(problems: readonly CsvProblem[]): string {
  const count = problems.length;
  const lines = [
    `Niets geschreven: ${count} ${count === 1 ? 'probleem' : 'problemen'} in het bestand. Herstel ${count === 1 ? 'het' : 'ze'} en probeer opnieuw.`,
    `Nothing written: ${count} ${count === 1 ? 'problem' : 'problems'} in the file. Fix ${count === 1 ? 'it' : 'them'} and try again.`,
  ];
  for (const problem of problems) {
    const where = (rowWord: string, columnWord: string, valueWord: string) =>
      [
        `${rowWord} ${problem.row}`,
        problem.column === undefined ? undefined : `${columnWord} "${problem.column}"`,
        problem.maskedValue === undefined ? undefined : `${valueWord} ${problem.maskedValue}`,
      ]
        .filter((part) => part !== undefined)
        .join(', ');
    lines.push(`[${problem.code}] ${where('rij', 'kolom', 'waarde')}: ${problem.message.nl}`);
    lines.push(`    ${where('row', 'column', 'value')}: ${problem.message.en}`);
  }
  return `${lines.join('\n')}\n`;
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}
