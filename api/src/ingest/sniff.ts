/**
 * What an upload really is, decided by its bytes (SPEC §6: type checked by content), compared
 * with what the request claims. A zip or PDF sent as CSV, or a CSV sent as XLSX, is refused.
 */
import type { LocalizedText } from '../../../schemas/problem.ts';
import { DomainError } from '../errors.ts';

export type UploadFormat = 'csv' | 'xlsx' | 'json';

export const uploadContentTypes: Record<UploadFormat, string> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json',
};

const startsWith = (bytes: Uint8Array, ...signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** A short, human name for what the bytes look like, for the refusal message. */
function contentKind(bytes: Uint8Array): 'zip' | 'pdf' | 'ole' | 'utf16' | 'utf16NoBom' | 'binary' | 'json' | 'text' {
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04) || startsWith(bytes, 0x50, 0x4b, 0x05, 0x06)) return 'zip';
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return 'ole';
  if (startsWith(bytes, 0xff, 0xfe) || startsWith(bytes, 0xfe, 0xff)) return 'utf16';
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) return head.filter((b) => b === 0).length > head.length / 4 ? 'utf16NoBom' : 'binary';
  let i = startsWith(bytes, 0xef, 0xbb, 0xbf) ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  return head[i] === 0x7b || head[i] === 0x5b ? 'json' : 'text';
}

const kindNames: Record<string, LocalizedText> = {
  zip: { nl: 'een zip-archief (of Excel-werkmap)', en: 'a zip archive (or Excel workbook)' },
  pdf: { nl: 'een PDF', en: 'a PDF' },
  ole: { nl: 'een oud Excel-bestand (.xls) of een beveiligd document', en: 'an old Excel file (.xls) or a protected document' },
  utf16: { nl: 'tekst in UTF-16', en: 'UTF-16 text' },
  utf16NoBom: { nl: 'tekst in UTF-16 zonder byte-order-mark', en: 'UTF-16 text without a byte order mark' },
  binary: { nl: 'een binair bestand', en: 'a binary file' },
  json: { nl: 'JSON', en: 'JSON' },
  text: { nl: 'tekst (CSV)', en: 'text (CSV)' },
};

const expected: Record<UploadFormat, string[]> = { csv: ['text', 'utf16'], xlsx: ['zip'], json: ['json'] };

const fixes: Record<UploadFormat, LocalizedText> = {
  csv: {
    nl: 'Sla het bestand in Excel op als "CSV (gescheiden door lijstscheidingsteken)" of "CSV UTF-8", of upload de .xlsx als Excel-werkmap.',
    en: 'Save the file from Excel as "CSV (delimited)" or "CSV UTF-8", or upload the .xlsx as an Excel workbook.',
  },
  xlsx: {
    nl: 'Upload een Excel-werkmap (.xlsx) of kies CSV als bestandstype.',
    en: 'Upload an Excel workbook (.xlsx) or choose CSV as the file type.',
  },
  json: { nl: 'Stuur JSON in de vorm { "records": [ … ] }.', en: 'Send JSON shaped { "records": [ … ] }.' },
};

/** The declared format from a Content-Type header (parameters ignored), or null. */
export function formatFromContentType(contentType: string | undefined): UploadFormat | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv' || type === 'text/plain') return 'csv';
  if (type === uploadContentTypes.xlsx) return 'xlsx';
  if (type === 'application/json') return 'json';
  return null;
}

/** Refuses (415) a body whose content is not what its declared type says. */
export function checkContentMatches(bytes: Uint8Array, declared: UploadFormat): void {
  const kind = contentKind(bytes);
  if (expected[declared].includes(kind)) return;
  const what = kindNames[kind];
  const utf16 =
    kind === 'utf16' || kind === 'utf16NoBom'
      ? {
          nl: ' Sla het bestand op als "CSV UTF-8" of "CSV (gescheiden door lijstscheidingsteken)".',
          en: ' Save the file as "CSV UTF-8" or "CSV (delimited)".',
        }
      : { nl: '', en: '' };
  // A text file with a stray NUL byte is "binary" too: say where it is, so it can be found.
  const where = kind === 'binary' ? nulByteLine(bytes) : null;
  const located =
    where === null
      ? { nl: '', en: '' }
      : {
          nl: ` Het eerste nul-teken (byte 0x00) staat op regel ${where}; tekst bevat geen nul-tekens.`,
          en: ` The first NUL byte (0x00) is on line ${where}; text holds no NUL bytes.`,
        };
  throw new DomainError('unsupported_media_type', 'content_mismatch', {
    nl: `Het bestand is verstuurd als ${declared.toUpperCase()}, maar de inhoud is ${what.nl}.${located.nl}${utf16.nl} ${fixes[declared].nl}`,
    en: `The file was sent as ${declared.toUpperCase()}, but its content is ${what.en}.${located.en}${utf16.en} ${fixes[declared].en}`,
  });
}

/** The 1-based line of the first NUL byte within the sniffed head, or null. */
function nulByteLine(bytes: Uint8Array): number | null {
  const at = bytes.subarray(0, 4096).indexOf(0);
  if (at < 0) return null;
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
