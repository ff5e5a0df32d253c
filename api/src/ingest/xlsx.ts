import type { LocalizedText } from '../../../schemas/problem.ts';
import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Reads the first worksheet of an uploaded .xlsx as a table of display strings (SPEC §2, §6).
 * A hostile upload must never exhaust memory: sizes and entry counts are checked from the zip's
 * central directory before anything is inflated, and inflation stops at the declared size.
 * The archive is read by lookup only; names inside it are never used as file paths.
 */

export interface XlsxLimits {
  maxUnpackedBytes: number;
  maxEntries: number;
  maxRows: number;
  maxColumns: number;
  /** Called with the archive's declared unpacked size before anything is inflated; throws to refuse. */
  reserveUnpacked?: (bytes: number) => void;
}
export interface XlsxRow {
  rowNumber: number;
  values: string[];
}
export interface XlsxTable {
  header: string[];
  rows: Iterable<XlsxRow> /** The Excel row the header was found in. */;
  headerRowNumber: number;
}

export class XlsxRefused extends Error {
  override readonly name = 'XlsxRefused';
  constructor(
    readonly kind: 'too_large' | 'unsupported_media_type' | 'unprocessable',
    readonly code: string,
    readonly messages: LocalizedText,
  ) {
    super(messages.en);
  }
}

// An entry this large that shrank more than 100:1 is a zip bomb, not a spreadsheet.
const BOMB_RATIO = 100;
const BOMB_MIN_BYTES = 1024 * 1024;

const nlNumber = (n: number) => n.toLocaleString('nl-NL');
const enNumber = (n: number) => n.toLocaleString('en-GB');
const sizeText = (bytes: number, format: (n: number) => string) =>
  bytes >= 1024 * 1024 ? `${format(Math.floor(bytes / (1024 * 1024)))} MB` : `${format(Math.ceil(bytes / 1024))} kB`;

const notXlsx = () =>
  new XlsxRefused('unsupported_media_type', 'not_xlsx', {
    nl: "Het bestand is geen (leesbare) Excel-werkmap (.xlsx). Sla het op als 'Excel-werkmap' of als CSV en upload het opnieuw.",
    en: "The file is not a (readable) Excel workbook (.xlsx). Save it as 'Excel Workbook' or as CSV and upload it again.",
  });
const xlsOrEncrypted = () =>
  new XlsxRefused('unsupported_media_type', 'xls_or_encrypted', {
    nl: "Het bestand is een oud Excel-bestand (.xls) of is met een wachtwoord beveiligd. Sla het op als 'Excel-werkmap (.xlsx)' zonder wachtwoord, of als CSV.",
    en: "The file is an old Excel file (.xls) or is password-protected. Save it as 'Excel Workbook (.xlsx)' without a password, or as CSV.",
  });
const tooLarge = (limit: number) =>
  new XlsxRefused('too_large', 'xlsx_too_large', {
    nl: `De werkmap is uitgepakt groter dan ${sizeText(limit, nlNumber)} of is ongewoon sterk gecomprimeerd (meer dan ${BOMB_RATIO}:1). Verwijder afbeeldingen en andere werkbladen, of lever de gegevens aan als CSV.`,
    en: `Unpacked, the workbook is larger than ${sizeText(limit, enNumber)} or is unusually highly compressed (more than ${BOMB_RATIO}:1). Remove images and other worksheets, or upload the data as CSV.`,
  });
const tooManyEntries = (limit: number) =>
  new XlsxRefused('too_large', 'xlsx_too_many_entries', {
    nl: `De werkmap bestaat uit meer dan ${nlNumber(limit)} onderdelen. Kopieer alleen het werkblad met de trajecten naar een nieuwe werkmap, of lever de gegevens aan als CSV.`,
    en: `The workbook consists of more than ${enNumber(limit)} parts. Copy only the worksheet with the records into a new workbook, or upload the data as CSV.`,
  });
const tooManyRows = (limit: number) =>
  new XlsxRefused('too_large', 'too_many_rows', {
    nl: `Het eerste werkblad heeft meer dan ${nlNumber(limit)} gegevensrijen. Een aanlevering mag hoogstens ${nlNumber(limit)} trajecten bevatten; verwijder rijen die geen traject zijn.`,
    en: `The first worksheet has more than ${enNumber(limit)} data rows. A submission may hold at most ${enNumber(limit)} records; remove rows that are not a record.`,
  });
const tooManyColumns = (limit: number) =>
  new XlsxRefused('too_large', 'too_many_columns', {
    nl: `Het eerste werkblad heeft meer dan ${nlNumber(limit)} kolommen. Gebruik alleen de kolommen uit het sjabloon en verwijder de andere kolommen.`,
    en: `The first worksheet has more than ${enNumber(limit)} columns. Use only the columns of the template and remove the others.`,
  });
const emptyFile = () =>
  new XlsxRefused('unprocessable', 'empty_file', {
    nl: 'Het eerste werkblad is leeg: er staat geen kopregel met kolomnamen in. Zet de kolomnamen in de eerste rij van het eerste werkblad.',
    en: 'The first worksheet is empty: it has no header row with column names. Put the column names in the first row of the first worksheet.',
  });

// ---- zip: central directory first, then bounded inflation of the few entries we look up ----

interface ZipEntry {
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}
interface ZipArchive {
  read(name: string): Uint8Array | undefined;
}

const utf8 = new TextDecoder('utf-8');

function openZip(bytes: Uint8Array, limits: XlsxLimits): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw notXlsx();
  let count = u16(end + 10);
  let directoryAt = u32(end + 16);
  if (count === 0xffff || directoryAt === 0xffffffff) {
    // Zip64: the real figures live in a second end record that a locator points to.
    const locator = end - 20;
    if (locator < 0 || u32(locator) !== 0x07064b50) throw notXlsx();
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record + 56 > bytes.length || u32(record) !== 0x06064b50) throw notXlsx();
    count = Number(view.getBigUint64(record + 32, true));
    directoryAt = Number(view.getBigUint64(record + 48, true));
  }
  if (count > limits.maxEntries) throw tooManyEntries(limits.maxEntries);

  const entries = new Map<string, ZipEntry>();
  let totalSize = 0;
  for (let i = 0, at = directoryAt; i < count; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) throw notXlsx();
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const entry: ZipEntry = {
      flags: u16(at + 8),
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localOffset: u32(at + 42),
    };
    readZip64Sizes(view, at + 46 + nameLength, extraLength, entry);
    if (entry.flags & 1) throw xlsOrEncrypted();
    totalSize += entry.size;
    const bomb = entry.size > BOMB_MIN_BYTES && entry.size > BOMB_RATIO * entry.compressedSize;
    if (entry.size > limits.maxUnpackedBytes || totalSize > limits.maxUnpackedBytes || bomb) throw tooLarge(limits.maxUnpackedBytes);
    // OPC part names compare case-insensitively.
    const name = utf8
      .decode(bytes.subarray(at + 46, at + 46 + nameLength))
      .replace(/\\/g, '/')
      .replace(/^\//, '')
      .toLowerCase();
    if (entries.has(name)) throw notXlsx();
    entries.set(name, entry);
    at += 46 + nameLength + extraLength + u16(at + 32);
  }
  // Inflation never exceeds the declared sizes, so this is the most this upload can hold unpacked.
  limits.reserveUnpacked?.(totalSize);

  return {
    read(name) {
      const entry = entries.get(name.toLowerCase());
      if (!entry) return undefined;
      const at = entry.localOffset;
      if (at + 30 > bytes.length || u32(at) !== 0x04034b50) throw notXlsx();
      const start = at + 30 + u16(at + 26) + u16(at + 28);
      if (start + entry.compressedSize > bytes.length) throw notXlsx();
      const compressed = bytes.subarray(start, start + entry.compressedSize);
      const stored = entry.method === 0 && compressed.length === entry.size;
      if (!stored && entry.method !== 8) throw notXlsx();
      const data = stored ? compressed : inflateBounded(compressed, entry.size, limits.maxUnpackedBytes);
      if (crc32(data) !== entry.crc) throw notXlsx(); // damaged in transit: better refused than misread
      return data;
    },
  };
}

function readZip64Sizes(view: DataView, at: number, length: number, entry: ZipEntry): void {
  for (let field = at; field + 4 <= at + length; field += 4 + view.getUint16(field + 2, true)) {
    if (view.getUint16(field, true) !== 0x0001) continue;
    let value = field + 4;
    const next = () => {
      const n = Number(view.getBigUint64(value, true));
      value += 8;
      return n;
    };
    if (entry.size === 0xffffffff) entry.size = next();
    if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
    if (entry.localOffset === 0xffffffff) entry.localOffset = next();
    return;
  }
}

/** Inflation stops at the declared size: a stream that lies about its size is a bomb. */
function inflateBounded(compressed: Uint8Array, declaredSize: number, limit: number): Uint8Array {
  if (declaredSize === 0) return new Uint8Array(0);
  try {
    return inflateRawSync(compressed, { maxOutputLength: declaredSize });
  } catch (error) {
    throw (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge(limit) : notXlsx();
  }
}

// ---- a scanner for the handful of SpreadsheetML elements we need ----

type TagKind = 'open' | 'close' | 'empty' | 'cdata';
/** Called per tag; `attributes` holds the CDATA text for kind 'cdata'. Return true to stop. */
// Returns true to stop; a visitor that never stops returns nothing.
// biome-ignore lint/suspicious/noConfusingVoidType: void lets such visitors be written without a return
type TagVisitor = (name: string, kind: TagKind, attributes: string, start: number, end: number) => boolean | void;

// Attribute values cannot contain '<', so a failed match never scans past the next tag (linear time).
const TAG = /<(\/?)(?:[\w.-]+:)?([\w.-]+)([^<>"']*(?:(?:"[^"<]*"|'[^'<]*')[^<>"']*)*)>/y;

function scanXml(xml: string, visit: TagVisitor): void {
  let position = 0;
  for (let start = xml.indexOf('<'); start >= 0; start = xml.indexOf('<', position)) {
    const next = xml.charCodeAt(start + 1);
    if (next === 33 || next === 63) {
      // '<!' or '<?': comment, CDATA, declaration, processing instruction
      const cdata = xml.startsWith('<![CDATA[', start);
      const terminator = cdata ? ']]>' : xml.startsWith('<!--', start) ? '-->' : '>';
      const end = xml.indexOf(terminator, start + 2);
      if (end < 0) return;
      position = end + terminator.length;
      if (cdata && visit('', 'cdata', xml.slice(start + 9, end), start, position)) return;
      continue;
    }
    TAG.lastIndex = start;
    const match = TAG.exec(xml);
    if (!match) {
      position = start + 1;
      continue;
    }
    position = TAG.lastIndex;
    const attributes = match[3];
    const selfClosing = attributes.endsWith('/');
    const kind: TagKind = match[1] ? 'close' : selfClosing ? 'empty' : 'open';
    if (visit(match[2], kind, selfClosing ? attributes.slice(0, -1) : attributes, start, position)) return;
  }
}

/** One attribute's value; a hand search rather than a regular expression, because it runs for every cell. */
function attribute(attributes: string, name: string): string | undefined {
  for (let at = attributes.indexOf(name); at >= 0; at = attributes.indexOf(name, at + 1)) {
    if (at > 0 && attributes.charCodeAt(at - 1) > 32) continue; // part of a longer name or of a value
    let i = at + name.length;
    while (attributes.charCodeAt(i) <= 32) i++;
    if (attributes.charCodeAt(i) !== 61) continue; // '='
    do i++;
    while (attributes.charCodeAt(i) <= 32);
    const quote = attributes[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = attributes.indexOf(quote, i + 1);
    return end < 0 ? undefined : decodeXml(attributes.slice(i + 1, end));
  }
  return undefined;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const codePoint = (n: number) => (n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '\uFFFD');

function decodeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));/g, (_, hex, decimal, named) =>
    named ? NAMED_ENTITIES[named] : codePoint(hex ? parseInt(hex, 16) : Number(decimal)),
  );
}

/** OOXML strings escape characters XML cannot hold as _xHHHH_ (and a literal "_x" as _x005F_). */
function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** Concatenated text of every <element> (e.g. the runs of a rich string), without phonetic guides (<rPh>). */
function elementText(xml: string, element: string): string {
  let text = '';
  let from = -1;
  let phonetic = false;
  scanXml(xml, (name, kind, attributes, start, end) => {
    if (kind === 'cdata') {
      if (from >= 0) {
        text += decodeXml(xml.slice(from, start)) + attributes;
        from = end;
      }
    } else if (name === 'rPh') phonetic = kind === 'open';
    else if (name === element && !phonetic) {
      if (kind === 'open') from = end;
      else if (kind === 'close' && from >= 0) {
        text += decodeXml(xml.slice(from, start));
        from = -1;
      }
    }
  });
  return text;
}

/**
 * The text of a plain `<v>…</v>` or `<t>…</t>` in xml[start, end): the common case, read without a
 * scan. With `onlyChild`, the element must be the whole of the range (a shared string without runs).
 */
function plainChildText(xml: string, start: number, end: number, prefix: string, element: string, onlyChild = false): string | undefined {
  const open = prefix ? `<${prefix}${element}>` : element === 'v' ? '<v>' : '<t>';
  const close = prefix ? `</${prefix}${element}>` : element === 'v' ? '</v>' : '</t>';
  const openAt = onlyChild ? (xml.startsWith(open, start) ? start : -1) : xml.indexOf(open, start);
  if (openAt < 0 || openAt + open.length > end) return undefined;
  const textEnd = xml.indexOf('<', openAt + open.length);
  if (textEnd > end || !xml.startsWith(close, textEnd) || (onlyChild && textEnd + close.length !== end)) return undefined;
  return decodeXml(xml.slice(openAt + open.length, textEnd));
}

const elementStartPatterns = new Map<string, RegExp>();

/**
 * Visits each <element> of xml (each row of a sheet, each <si> of the shared strings) with the range
 * of its body. The end tag is found with indexOf and a missing one ends the walk, so time stays linear.
 */
function forEachElement(
  xml: string,
  element: string,
  visit: (start: number, end: number, prefix: string, attributes: string) => void,
): void {
  let tags = elementStartPatterns.get(element);
  if (!tags) elementStartPatterns.set(element, (tags = new RegExp(`<((?:[\\w.-]+:)?)${element}(?=[\\s/>])([^<>]*)>`, 'g')));
  const plainEndTag = `</${element}>`;
  tags.lastIndex = 0;
  for (let match = tags.exec(xml); match; match = tags.exec(xml)) {
    const start = tags.lastIndex;
    if (match[2].endsWith('/')) {
      visit(start, start, match[1], match[2]);
      continue;
    }
    const endTag = match[1] ? `</${match[1]}${element}>` : plainEndTag;
    const end = xml.indexOf(endTag, start);
    if (end < 0) return;
    visit(start, end, match[1], match[2]);
    tags.lastIndex = end + endTag.length;
  }
}

// ---- the package: which part is the first worksheet, its strings, styles and date system ----

interface Relationship {
  id: string;
  type: string;
  target: string;
}

function readRelationships(xml: string | undefined, baseDirectory: string): Relationship[] {
  const relationships: Relationship[] = [];
  scanXml(xml ?? '', (name, kind, attributes) => {
    if (name !== 'Relationship' || kind === 'close' || attribute(attributes, 'TargetMode') === 'External') return;
    const target = attribute(attributes, 'Target') ?? '';
    relationships.push({
      id: attribute(attributes, 'Id') ?? '',
      type: attribute(attributes, 'Type') ?? '',
      target: resolvePartName(baseDirectory, target),
    });
  });
  return relationships;
}

/** Resolves a relationship target to a part name; used only as a lookup key into the archive. */
function resolvePartName(baseDirectory: string, target: string): string {
  const segments: string[] = [];
  for (const segment of (target.startsWith('/') ? target : baseDirectory + target).split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  return segments.join('/');
}

const directoryOf = (part: string) => part.slice(0, part.lastIndexOf('/') + 1);
const relationshipsPartOf = (part: string) => `${directoryOf(part)}_rels/${part.slice(part.lastIndexOf('/') + 1)}.rels`;

function readWorkbook(xml: string): { sheetIds: string[]; date1904: boolean } {
  const sheetIds: string[] = [];
  let date1904 = false;
  scanXml(xml, (name, kind, attributes) => {
    if (kind === 'close') return;
    if (name === 'workbookPr') date1904 = /^(1|true)$/.test(attribute(attributes, 'date1904') ?? '');
    if (name === 'sheet') sheetIds.push(/(?:^|\s)[\w.-]+:id\s*=\s*["']([^"']*)/.exec(attributes)?.[1] ?? '');
  });
  return { sheetIds, date1904 };
}

function readSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  forEachElement(xml, 'si', (start, end, prefix) => {
    strings.push(decodeOoxmlEscapes(plainChildText(xml, start, end, prefix, 't', true) ?? elementText(xml.slice(start, end), 't')));
  });
  return strings;
}

const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** A custom format shows a date when d, m or y appear outside quoted text, [colour/locale] and escapes. */
export function isDateFormatCode(code: string): boolean {
  return /[dmy]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\.|[_*]./g, ''));
}

/** Per cellXfs index: does this style show a number as a date? */
function readDateStyles(xml: string | undefined): boolean[] {
  const customIsDate = new Map<number, boolean>();
  const styleIsDate: boolean[] = [];
  let inCellXfs = false;
  scanXml(xml ?? '', (name, kind, attributes) => {
    if (name === 'cellXfs') inCellXfs = kind === 'open';
    if (kind === 'close') return;
    const formatId = Number(attribute(attributes, 'numFmtId') ?? 0);
    if (name === 'numFmt') customIsDate.set(formatId, isDateFormatCode(attribute(attributes, 'formatCode') ?? ''));
    if (name === 'xf' && inCellXfs) styleIsDate.push(customIsDate.get(formatId) ?? BUILT_IN_DATE_FORMATS.has(formatId));
  });
  return styleIsDate;
}

// ---- cell values as Excel shows them ----

const LAST_SERIAL = 2_958_466; // 10000-01-01 in the 1900 system; Excel shows no later date

/** Excel serial → YYYY-MM-DD; the 1900 system keeps Lotus's fake 1900-02-29 at serial 60. */
export function excelSerialToIsoDate(serial: number, date1904 = false): string {
  if (!Number.isFinite(serial) || serial < 0 || serial >= LAST_SERIAL) throw new RangeError(`not an Excel date serial: ${serial}`);
  const day = Math.floor(serial + 0.5 / 86_400_000); // Excel rounds the time of day to milliseconds
  if (!date1904 && day === 60) return '1900-02-29';
  // Days since 1970-01-01, then Hinnant's civil-from-days: exact, and far cheaper than Date per cell.
  const z = day - (date1904 ? 24_107 : day < 60 ? 25_568 : 25_569) + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year > 9999) throw new RangeError(`not an Excel date serial: ${serial}`);
  const dayOfMonth = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  return `${year}-${month < 10 ? '0' : ''}${month}-${dayOfMonth < 10 ? '0' : ''}${dayOfMonth}`;
}

const PLAIN_INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;

/** A number as Excel's General format shows it without locale: 15 significant digits, no trailing ".0". */
function generalNumberText(raw: string, value: number): string {
  if (PLAIN_INTEGER.test(raw)) return raw;
  const text = String(Number(value.toPrecision(15)) || 0);
  const exponent = /^(-?[\d.]+)e([+-])(\d+)$/.exec(text);
  return exponent ? `${exponent[1]}E${exponent[2]}${exponent[3].padStart(2, '0')}` : text;
}

interface SheetContext {
  sharedStrings: string[];
  styleIsDate: boolean[];
  date1904: boolean;
}

/** The displayed text of a cell with these attributes and its body in row[bodyStart, bodyEnd). */
function cellText(attributes: string, row: string, bodyStart: number, bodyEnd: number, prefix: string, context: SheetContext): string {
  const type = attribute(attributes, 't');
  if (type === 'inlineStr') return decodeOoxmlEscapes(elementText(row.slice(bodyStart, bodyEnd), 't'));
  const raw = plainChildText(row, bodyStart, bodyEnd, prefix, 'v') ?? elementText(row.slice(bodyStart, bodyEnd), 'v');
  switch (type) {
    case 's':
      return context.sharedStrings[Number(raw)] ?? '';
    case 'str':
      return decodeOoxmlEscapes(raw);
    case 'b':
      return raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
    case 'e':
      return raw;
    case 'd':
      return /^\d{4}-\d{2}-\d{2}/.test(raw) ? raw.slice(0, 10) : raw; // ISO 8601 date cell
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) return raw;
  if (context.styleIsDate[Number(attribute(attributes, 's') ?? 0)] && value >= 0 && value < LAST_SERIAL) {
    return excelSerialToIsoDate(value, context.date1904);
  }
  return generalNumberText(raw, value);
}

/** "AB12" → 27 (zero-based column); undefined without column letters. */
function columnIndex(reference: string | undefined): number | undefined {
  let column = 0;
  let i = 0;
  for (; reference && i < reference.length && i < 4; i++) {
    const code = reference.charCodeAt(i) & ~32; // upper case
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  return i === 0 ? undefined : column - 1;
}

/**
 * Visits each cell of one row with the range of its attributes and of its body. Cells share their
 * row's namespace prefix; a hand search because this runs for every cell of the sheet.
 */
function forEachCell(row: string, prefix: string, visit: (tagStart: number, tagEnd: number, bodyEnd: number) => void): void {
  const open = prefix ? `<${prefix}c` : '<c';
  const close = prefix ? `</${prefix}c>` : '</c>';
  for (let at = row.indexOf(open); at >= 0; at = row.indexOf(open, at + 1)) {
    const next = row.charCodeAt(at + open.length);
    if (next > 32 && next !== 47 && next !== 62) continue; // another element, e.g. <col>
    const tagEnd = row.indexOf('>', at);
    if (tagEnd < 0) return;
    const bodyEnd = row.charCodeAt(tagEnd - 1) === 47 ? tagEnd + 1 : row.indexOf(close, tagEnd);
    if (bodyEnd < 0) return;
    visit(at + open.length, tagEnd, bodyEnd);
    at = bodyEnd - 1; // the next search starts at bodyEnd
  }
}

function readSheetTable(xml: string, context: SheetContext, limits: XlsxLimits): XlsxTable {
  let header: string[] | undefined;
  let headerRowNumber = 1;
  const rows: XlsxRow[] = [];
  let width = 0;
  let rowNumber = 0;
  forEachElement(xml, 'row', (rowStart, rowEnd, prefix, rowAttributes) => {
    rowNumber = Number(attribute(rowAttributes, 'r')) || rowNumber + 1;
    const row = xml.slice(rowStart, rowEnd);
    const values: string[] = [];
    let nextColumn = 0;
    forEachCell(row, prefix, (tagStart, tagEnd, bodyEnd) => {
      const attributes = row.slice(tagStart, tagEnd);
      const column = columnIndex(attribute(attributes, 'r')) ?? nextColumn;
      nextColumn = column + 1;
      const value = bodyEnd <= tagEnd + 1 ? '' : cellText(attributes, row, tagEnd + 1, bodyEnd, prefix, context);
      if (value === '') return;
      if (column >= limits.maxColumns) throw tooManyColumns(limits.maxColumns);
      while (values.length < column) values.push('');
      values[column] = value;
    });
    if (!values.some((value) => value.trim() !== '')) return; // Excel keeps styled but empty rows
    if (!header) {
      header = values;
      headerRowNumber = rowNumber;
      width = values.length;
      return;
    }
    if (rows.length >= limits.maxRows) throw tooManyRows(limits.maxRows);
    rows.push({ rowNumber, values });
    width = Math.max(width, values.length);
  });
  if (!header) throw emptyFile();
  // Data in a column without a heading is not dropped silently: the column gets an empty name.
  for (const values of [header, ...rows.map((row) => row.values)]) while (values.length < width) values.push('');
  return { header, rows, headerRowNumber };
}

/** The first worksheet in workbook order (not necessarily sheet1.xml); first non-empty row = header. */
export function readXlsxTable(bytes: Uint8Array, limits: XlsxLimits): XlsxTable {
  const magic = bytes.subarray(0, 4).join(',');
  if (magic === '208,207,17,224') throw xlsOrEncrypted(); // D0 CF 11 E0: OLE (.xls, or an encrypted .xlsx)
  if (magic !== '80,75,3,4') throw notXlsx(); // PK\x03\x04
  try {
    return readWorkbookTable(openZip(bytes, limits), limits);
  } catch (error) {
    // Offsets in a damaged archive point outside it; DataView then throws a RangeError.
    throw error instanceof RangeError ? notXlsx() : error;
  }
}

function readWorkbookTable(archive: ZipArchive, limits: XlsxLimits): XlsxTable {
  const readText = (part: string) => {
    const data = archive.read(part);
    return data && utf8.decode(data);
  };

  const rootTarget = readRelationships(readText('_rels/.rels'), '').find((r) => r.type.endsWith('/officeDocument'));
  const workbookPart = rootTarget?.target ?? 'xl/workbook.xml';
  const workbookXml = readText(workbookPart);
  if (workbookXml === undefined) throw notXlsx();
  const workbook = readWorkbook(workbookXml);
  const relationships = readRelationships(readText(relationshipsPartOf(workbookPart)), directoryOf(workbookPart));
  const partOfType = (type: string) => relationships.find((r) => r.type.endsWith(type))?.target;
  const worksheetPart = workbook.sheetIds
    .map((id) => relationships.find((r) => r.id === id))
    .find((r) => r?.type.endsWith('/worksheet'))?.target;
  const sheetXml = worksheetPart === undefined ? undefined : readText(worksheetPart);
  if (sheetXml === undefined) throw notXlsx(); // e.g. a .docx or .ods: a zip, but not a workbook

  const sharedStringsPart = partOfType('/sharedStrings');
  const stylesPart = partOfType('/styles');
  const context: SheetContext = {
    sharedStrings: readSharedStrings((sharedStringsPart && readText(sharedStringsPart)) ?? ''),
    styleIsDate: readDateStyles(stylesPart && readText(stylesPart)),
    date1904: workbook.date1904,
  };
  return readSheetTable(sheetXml, context, limits);
}
