import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Writes a minimal, valid .xlsx (ECMA-376 part 1 and 2): one worksheet, shared strings and a
 * style sheet with a date and a text format. Used for the downloadable upload template and for
 * test fixtures. Strings are written as text cells in text-formatted columns, so that codes such
 * as "0518" keep their leading zero, also when a user types new rows into the template. Nothing is
 * written as a formula, so text such as "=HYPERLINK(…)" stays inert text (SPEC §4.6).
 */

export interface XlsxWriteOptions {
  sheetName?: string;
  /** Zero-based columns whose numeric values are Excel date serials (shown as yyyy-mm-dd). */
  dateColumns?: number[];
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIP_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIP_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// cellXfs indexes in styles.xml below.
const STYLE_DATE = 1;
const STYLE_TEXT = 2;
const STYLE_HEADER = 3;

// A fixed timestamp (2025-01-01 00:00, MS-DOS format) keeps generated files byte-identical.
const DOS_TIME = 0;
const DOS_DATE = ((2025 - 1980) << 9) | (1 << 5) | 1;

/** YYYY-MM-DD → Excel serial in the 1900 date system (the inverse of excelSerialToIsoDate after 1900-03-01). */
export function isoDateToExcelSerial(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${isoDate}`);
  const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (new Date(time).toISOString().slice(0, 10) !== isoDate) throw new RangeError(`not a calendar date: ${isoDate}`);
  const serial = (time - Date.UTC(1899, 11, 30)) / 86_400_000;
  if (serial < 61) throw new RangeError(`dates before 1900-03-01 are not supported: ${isoDate}`);
  return serial;
}

export function writeXlsx(header: string[], rows: Array<Array<string | number | null>>, options: XlsxWriteOptions = {}): Uint8Array {
  const dateColumns = new Set(options.dateColumns ?? []);
  const sharedStrings = new Map<string, number>();
  let stringCells = 0;
  const stringIndex = (text: string) => {
    stringCells++;
    let index = sharedStrings.get(text);
    if (index === undefined) sharedStrings.set(text, (index = sharedStrings.size));
    return index;
  };
  const width = rows.reduce((widest, row) => Math.max(widest, row.length), Math.max(header.length, 1));
  if (rows.length + 1 > 1_048_576 || width > 16_384)
    throw new RangeError('larger than an Excel worksheet (1,048,576 rows × 16,384 columns)');

  // One string per row, joined once: large files would otherwise spend their time in concatenation.
  const sheetData: string[] = [];
  const letters = Array.from({ length: width }, (_, column) => columnLetters(column));
  const addRow = (cells: Array<string | number | null>, rowNumber: number, textStyle: number) => {
    let row = `<row r="${rowNumber}">`;
    cells.forEach((value, column) => {
      if (value === null || value === undefined || value === '') return;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) throw new RangeError(`row ${rowNumber}, column ${column + 1}: not a finite number`);
        const style = dateColumns.has(column) ? ` s="${STYLE_DATE}"` : '';
        row += `<c r="${letters[column]}${rowNumber}"${style}><v>${value}</v></c>`;
      } else {
        row += `<c r="${letters[column]}${rowNumber}" s="${textStyle}" t="s"><v>${stringIndex(value)}</v></c>`;
      }
    });
    sheetData.push(`${row}</row>`);
  };
  addRow(header, 1, STYLE_HEADER);
  rows.forEach((row, index) => addRow(row, index + 2, STYLE_TEXT));

  // Column defaults: dates for date columns, text elsewhere, so that typed codes keep leading zeros.
  const columns = Array.from({ length: width }, (_, column) => {
    const columnWidth = Math.max(12, (header[column] ?? '').length + 4);
    const style = dateColumns.has(column) ? STYLE_DATE : STYLE_TEXT;
    return `<col min="${column + 1}" max="${column + 1}" width="${columnWidth}" style="${style}" customWidth="1"/>`;
  }).join('');
  const worksheet =
    `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${RELATIONSHIP_NS}">` +
    `<dimension ref="A1:${columnLetters(width - 1)}${rows.length + 1}"/>` +
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/><cols>${columns}</cols>` +
    `<sheetData>${sheetData.join('')}</sheetData>` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';

  const strings = [...sharedStrings.keys()].map((text) => {
    const preserve = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
    return `<si><t${preserve}>${escapeXml(escapeOoxml(text))}</t></si>`;
  });

  const files: Record<string, string> = {
    '[Content_Types].xml':
      `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      `<Override PartName="/xl/workbook.xml" ContentType="${CONTENT_TYPE}.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${CONTENT_TYPE}.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${CONTENT_TYPE}.styles+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="${CONTENT_TYPE}.sharedStrings+xml"/>` +
      '</Types>',
    '_rels/.rels':
      `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIP_NS}">` +
      `<Relationship Id="rId1" Type="${RELATIONSHIP_NS}/officeDocument" Target="xl/workbook.xml"/>` +
      '</Relationships>',
    'xl/workbook.xml':
      `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${RELATIONSHIP_NS}">` +
      '<bookViews><workbookView/></bookViews>' +
      `<sheets><sheet name="${escapeXml(validSheetName(options.sheetName))}" sheetId="1" r:id="rId1"/></sheets>` +
      '</workbook>',
    'xl/_rels/workbook.xml.rels':
      `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIP_NS}">` +
      `<Relationship Id="rId1" Type="${RELATIONSHIP_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${RELATIONSHIP_NS}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId3" Type="${RELATIONSHIP_NS}/sharedStrings" Target="sharedStrings.xml"/>` +
      '</Relationships>',
    'xl/worksheets/sheet1.xml': worksheet,
    'xl/styles.xml': STYLES,
    'xl/sharedStrings.xml': `${XML_DECLARATION}<sst xmlns="${MAIN_NS}" count="${stringCells}" uniqueCount="${strings.length}">${strings.join('')}</sst>`,
  };
  return zipArchive(Object.entries(files).map(([name, xml]) => [name, Buffer.from(xml, 'utf8')]));
}

/** A plain zip (APPNOTE 6.3: deflate, no data descriptors, no zip64), as every spreadsheet program reads it. */
function zipArchive(files: Array<[string, Buffer]>): Uint8Array {
  const chunks: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const compressed = deflateRawSync(data, { level: 6 });
    // Shared by the local header (from byte 4) and the central directory entry (from byte 6).
    const common = Buffer.alloc(26);
    common.writeUInt16LE(20, 0); // version needed: 2.0 (deflate)
    common.writeUInt16LE(0x0800, 2); // flags: names are UTF-8
    common.writeUInt16LE(8, 4); // method: deflate
    common.writeUInt16LE(DOS_TIME, 6);
    common.writeUInt16LE(DOS_DATE, 8);
    common.writeUInt32LE(crc32(data), 10);
    common.writeUInt32LE(compressed.length, 14);
    common.writeUInt32LE(data.length, 18);
    common.writeUInt16LE(nameBytes.length, 22); // extra field length (bytes 24-25) stays 0
    const local = Buffer.concat([signature(0x04034b50), common, nameBytes]);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    common.copy(central, 6);
    central.writeUInt32LE(offset, 42); // comment, disk and attributes (bytes 32-41) stay 0
    directory.push(central, nameBytes);
    chunks.push(local, compressed);
    offset += local.length + compressed.length;
  }
  const directoryBytes = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...chunks, directoryBytes, end]));
}

function signature(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

// Fonts: regular, bold (header). Fills: the two Excel requires. cellXfs: general, date, text, bold text header.
const STYLES =
  `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="0"/><tableStyles count="0"/></styleSheet>';

/** Zero-based column → "A", "Z", "AA", … */
function columnLetters(column: number): string {
  let letters = '';
  for (let n = column + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** XML 1.0 cannot hold most control characters (and turns CR into LF); OOXML writes them as _xHHHH_. */
function escapeOoxml(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(/[\x00-\x08\x0B-\x1F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
}

/** Excel's rules: 1-31 characters, none of : \ / ? * [ ], not starting or ending with an apostrophe. */
function validSheetName(name = 'Sheet1'): string {
  const cleaned = name
    .replace(/[:\\/?*[\]]/g, ' ')
    .replace(/^'+|'+$/g, '')
    .trim()
    .slice(0, 31);
  return cleaned === '' ? 'Sheet1' : cleaned;
}
