import type { LocalizedText } from './problem.ts';
import { isBsnPlaceholder, passesElfproef } from './bsn.ts';

/**
 * Layer 1 of SPEC §4.1 with Web Crypto, so the same code runs in the provider's browser (upload
 * page) and in the offline CLI (`npm run portal -- pseudonymise --key K1FILE`). It must give exactly
 * what `api/src/ingest/pseudonymise.ts` gives: `p1:` + lowercase hex HMAC-SHA256(K1, "BSN|v1|" + BSN).
 * test/fixtures/pseudonym-vectors.json fixes the output. No Node-only imports here.
 */

export type BsnProblemCode = 'bsn_not_9_digits' | 'bsn_elfproef' | 'bsn_placeholder';
export type BsnHeaderProblemCode = 'bsn_column_missing' | 'bsn_column_duplicate' | 'client_pseudonym_column_present';

export type NormalisedBsn = { ok: true; bsn: string } | { ok: false; code: BsnProblemCode; message: LocalizedText };

/** Thousands separators as Excel shows them (`111.222.333`); a decimal such as `12345678.0` is not one. */
const groupedWithDots = /^[0-9]{1,3}(\.[0-9]{3})+$/;

/**
 * Turns a BSN as it comes out of a client file into its 9 digits: spaces (also non-breaking) are
 * removed, dots only where they group thousands, and an 8-digit number gets its leading 0 back
 * (spreadsheets drop it). Anything else is refused with a message that never repeats the value.
 */
export function normaliseBsn(raw: string): NormalisedBsn {
  let digits = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (digits.includes('.') && groupedWithDots.test(digits)) digits = digits.replace(/\./g, '');
  if (/^[0-9]{8}$/.test(digits)) digits = `0${digits}`;
  if (!/^[0-9]{9}$/.test(digits)) return { ok: false, code: 'bsn_not_9_digits', message: notNineDigitsMessage(digits) };
  if (isBsnPlaceholder(digits)) {
    return {
      ok: false,
      code: 'bsn_placeholder',
      message: {
        nl: 'Dit is een opvulwaarde (alleen nullen of alleen negens), geen BSN. Vul het echte BSN van de cliënt in, of laat het traject weg als het BSN onbekend is.',
        en: 'This is a placeholder (all zeros or all nines), not a BSN. Enter the client’s real BSN, or leave the trajectory out if the BSN is unknown.',
      },
    };
  }
  if (!passesElfproef(digits)) {
    return {
      ok: false,
      code: 'bsn_elfproef',
      message: {
        nl: 'Dit BSN klopt niet volgens de elfproef: waarschijnlijk een tikfout of verwisselde cijfers. Controleer het BSN in uw cliëntadministratie.',
        en: 'This BSN fails the elfproef (check digit): probably a typing error or swapped digits. Check the BSN in your client records.',
      },
    };
  }
  return { ok: true, bsn: digits };
}

function notNineDigitsMessage(cleaned: string): LocalizedText {
  if (cleaned === '') {
    return {
      nl: 'Het BSN ontbreekt. Vul het BSN van de cliënt in (9 cijfers).',
      en: 'The BSN is missing. Enter the client’s BSN (9 digits).',
    };
  }
  if (/^[0-9]+$/.test(cleaned)) {
    return {
      nl: `Een BSN heeft 9 cijfers (of 8, dan vullen we een 0 vooraan aan); deze waarde heeft er ${cleaned.length}. Controleer het BSN in uw cliëntadministratie.`,
      en: `A BSN has 9 digits (or 8, then a leading 0 is added); this value has ${cleaned.length}. Check the BSN in your client records.`,
    };
  }
  return {
    nl: 'Een BSN bestaat alleen uit cijfers (9, of 8 zonder de voorloopnul); deze waarde bevat andere tekens. Zet de kolom in uw spreadsheet op "Tekst" en exporteer opnieuw, of verbeter de waarde.',
    en: 'A BSN consists of digits only (9, or 8 without the leading zero); this value contains other characters. Format the column as "Text" in your spreadsheet and export again, or correct the value.',
  };
}

/** What a report may show of a refused BSN cell: its shape, never its digits. */
export function maskBsnValue(raw: string): string {
  const masked = raw.trim().replace(/[0-9]/g, '*');
  if (masked === '') return '(leeg/empty)';
  return masked.length > 20 ? `${masked.slice(0, 20)}…` : masked;
}

export class KeyFileError extends Error {
  constructor(public readonly localized: LocalizedText) {
    super(localized.en);
    this.name = 'KeyFileError';
  }
}

/** Reads a K1 key file's text (64 hex characters = 32 bytes) into a non-extractable HMAC key. */
export async function importK1(hexText: string): Promise<CryptoKey> {
  const hex = hexText.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new KeyFileError({
      nl: `Dit is geen geldig K1-sleutelbestand: verwacht 64 hexadecimale tekens (0-9, a-f), gevonden ${hex.length} tekens${/^[0-9a-fA-F]*$/.test(hex) ? '' : ' waarvan niet alle hexadecimaal'}. Gebruik het bestand dat u van de sleutelbeheerder van uw regio kreeg.`,
      en: `This is not a valid K1 key file: expected 64 hexadecimal characters (0-9, a-f), found ${hex.length} characters${/^[0-9a-fA-F]*$/.test(hex) ? '' : ', not all of them hexadecimal'}. Use the file your region’s key custodian gave you.`,
    });
  }
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return globalThis.crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** Layer 1: `p1:` + lowercase hex HMAC-SHA256(K1, "BSN|v1|" + 9-digit BSN), UTF-8 message. */
export async function pseudonymiseBsnWeb(key: CryptoKey, bsn: string): Promise<string> {
  if (!/^[0-9]{9}$/.test(bsn)) throw new Error('a BSN has 9 digits');
  const mac = await globalThis.crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`BSN|v1|${bsn}`));
  let hex = '';
  for (const byte of new Uint8Array(mac)) hex += byte.toString(16).padStart(2, '0');
  return `p1:${hex}`;
}

export interface TableProblem {
  /** The row as the user sees it in Excel: the header is row 1. */
  row: number;
  /** The column's header as written in the file. */
  column: string;
  code: BsnProblemCode | BsnHeaderProblemCode;
  message: LocalizedText;
  /** The refused cell with every digit masked (absent for header problems). */
  maskedValue?: string;
}

const sameName = (cell: string, name: string) => cell.trim().toLowerCase() === name.toLowerCase();

/** Where the `bsn` column is (header matched case-insensitively, spaces ignored), or why it cannot be used. */
export function findBsnColumn(header: readonly string[]): { ok: true; index: number } | { ok: false; problem: TableProblem } {
  const bsnColumns = header.flatMap((cell, index) => (sameName(cell, 'bsn') ? [index] : []));
  const hasPseudonymColumn = header.some((cell) => sameName(cell, 'clientPseudonym'));
  const problem = (code: BsnHeaderProblemCode, column: string, message: LocalizedText) =>
    ({ ok: false, problem: { row: 1, column, code, message } }) as const;
  if (bsnColumns.length === 0) {
    return problem(
      'bsn_column_missing',
      'bsn',
      hasPseudonymColumn
        ? {
            nl: 'Het bestand heeft geen kolom "bsn" maar wel "clientPseudonym": het lijkt al gepseudonimiseerd. Lever het zo aan, of begin opnieuw met de export die de BSN-kolom bevat.',
            en: 'The file has no "bsn" column but does have "clientPseudonym": it seems to be pseudonymised already. Upload it as it is, or start again from the export that contains the BSN column.',
          }
        : {
            nl: 'Het bestand heeft geen kolom "bsn". Geef de kolom met het BSN van de cliënt in de eerste rij de naam bsn.',
            en: 'The file has no "bsn" column. Name the column holding the client’s BSN "bsn" in the first row.',
          },
    );
  }
  if (bsnColumns.length > 1) {
    return problem('bsn_column_duplicate', header[bsnColumns[1]].trim(), {
      nl: 'Het bestand heeft meer dan één kolom "bsn". Laat er één over.',
      en: 'The file has more than one "bsn" column. Keep only one.',
    });
  }
  if (hasPseudonymColumn) {
    return problem('client_pseudonym_column_present', 'clientPseudonym', {
      nl: 'Het bestand heeft al een kolom "clientPseudonym" naast "bsn". Verwijder een van beide, zodat duidelijk is welke waarde geldt.',
      en: 'The file already has a "clientPseudonym" column next to "bsn". Remove one of them, so that it is clear which value counts.',
    });
  }
  return { ok: true, index: bsnColumns[0] };
}

export interface PseudonymisedTable {
  header: string[];
  rows: string[][];
  /** When not empty the rows are not usable: the caller refuses the whole file. */
  errors: TableProblem[];
}

/**
 * Replaces the `bsn` column by `clientPseudonym` in the same position. Rows whose cells are all
 * empty (trailing lines of a spreadsheet export) are left out but still counted for row numbers.
 */
export async function pseudonymiseTable(header: readonly string[], rows: readonly string[][], key: CryptoKey): Promise<PseudonymisedTable> {
  const column = findBsnColumn(header);
  if (!column.ok) return { header: [...header], rows: [], errors: [column.problem] };
  const index = column.index;
  const columnName = header[index].trim();
  const errors: TableProblem[] = [];
  const kept: { cells: string[]; bsn: string }[] = [];
  rows.forEach((cells, i) => {
    if (cells.every((cell) => cell.trim() === '')) return;
    const raw = cells[index] ?? '';
    const bsn = normaliseBsn(raw);
    if (bsn.ok) kept.push({ cells: [...cells], bsn: bsn.bsn });
    else errors.push({ row: i + 2, column: columnName, code: bsn.code, message: bsn.message, maskedValue: maskBsnValue(raw) });
  });
  const newHeader = header.map((cell, i) => (i === index ? 'clientPseudonym' : cell));
  if (errors.length > 0) return { header: newHeader, rows: [], errors };
  const pseudonymised = await Promise.all(
    kept.map(async ({ cells, bsn }) => {
      cells[index] = await pseudonymiseBsnWeb(key, bsn);
      return cells;
    }),
  );
  return { header: newHeader, rows: pseudonymised, errors };
}
