import { readFileSync } from 'node:fs';
import { strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import {
  excelSerialToIsoDate,
  isDateFormatCode,
  readXlsxTable,
  XlsxRefused,
  type XlsxLimits,
  type XlsxTable,
} from '../../api/src/ingest/xlsx.ts';
import { isoDateToExcelSerial, writeXlsx } from '../../api/src/ingest/xlsx-write.ts';
import { recordHeader, recordsXlsx, zipRenamedCsv } from '../fixtures/uploads/make-xlsx-fixtures.ts';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const MB = 1024 * 1024;
const limits: XlsxLimits = { maxUnpackedBytes: 50 * MB, maxEntries: 100, maxRows: 1000, maxColumns: 50 };

interface Sheet {
  part: string;
  xml: string;
  name?: string;
  type?: string;
}
interface PackageOptions {
  sheets: Sheet[];
  sharedStrings?: string;
  styles?: string;
  workbookPr?: string;
  extra?: Zippable;
}

/** A hand-built workbook: the parts Excel writes, with sheets in the given workbook order. */
function workbookPackage({ sheets, sharedStrings, styles, workbookPr = '', extra = {} }: PackageOptions): Uint8Array {
  const relationships = sheets.map(
    (sheet, i) => `<Relationship Id="rId${i + 7}" Type="${REL}/${sheet.type ?? 'worksheet'}" Target="${sheet.part}"/>`,
  );
  if (sharedStrings !== undefined) relationships.push(`<Relationship Id="rId1" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  if (styles !== undefined) relationships.push(`<Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/>`);
  const files: Zippable = {
    '[Content_Types].xml': strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      `<Relationships xmlns="${PACKAGE_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}">${workbookPr}<sheets>${sheets
        .map((sheet, i) => `<sheet name="${sheet.name ?? `Blad${i + 1}`}" sheetId="${i + 1}" r:id="rId${i + 7}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(`<Relationships xmlns="${PACKAGE_REL}">${relationships.join('')}</Relationships>`),
  };
  for (const sheet of sheets) files[`xl/${sheet.part.replace(/^\/xl\//, '')}`] = strToU8(sheet.xml);
  if (sharedStrings !== undefined) files['xl/sharedStrings.xml'] = strToU8(`<sst xmlns="${MAIN}">${sharedStrings}</sst>`);
  if (styles !== undefined) files['xl/styles.xml'] = strToU8(`<styleSheet xmlns="${MAIN}">${styles}</styleSheet>`);
  return zipSync({ ...files, ...extra });
}

const worksheet = (rows: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${rows}</sheetData></worksheet>`;
const oneSheet = (rows: string, options: Omit<PackageOptions, 'sheets'> = {}) =>
  workbookPackage({ sheets: [{ part: 'worksheets/sheet1.xml', xml: worksheet(rows) }], ...options });
const inline = (reference: string, text: string) => `<c r="${reference}" t="inlineStr"><is><t>${text}</t></is></c>`;
const rowsOf = (table: XlsxTable) => [...table.rows];

function refusal(action: () => unknown): XlsxRefused {
  try {
    action();
  } catch (error) {
    if (error instanceof XlsxRefused) return error;
    throw error;
  }
  throw new Error('expected the upload to be refused');
}

/** Sets the declared uncompressed size of one entry, in its local header and its central directory record. */
function lieAboutSize(zip: Uint8Array, entryName: string, declaredSize: number): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  const name = strToU8(entryName);
  const named = (at: number) => name.every((byte, i) => bytes[at + i] === byte);
  for (let at = 0; at + 46 <= bytes.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50 && named(at + 30)) view.setUint32(at + 22, declaredSize, true);
    if (signature === 0x02014b50 && named(at + 46)) view.setUint32(at + 24, declaredSize, true);
  }
  return bytes;
}

describe('Excel date serials', () => {
  it('converts serials in the 1900 date system, including its fake 1900-02-29', () => {
    expect(excelSerialToIsoDate(1)).toBe('1900-01-01');
    expect(excelSerialToIsoDate(59)).toBe('1900-02-28');
    expect(excelSerialToIsoDate(60)).toBe('1900-02-29');
    expect(excelSerialToIsoDate(61)).toBe('1900-03-01');
    expect(excelSerialToIsoDate(45000)).toBe('2023-03-15');
    expect(excelSerialToIsoDate(45658)).toBe('2025-01-01');
    expect(excelSerialToIsoDate(45658.99)).toBe('2025-01-01');
  });

  it('converts serials in the 1904 date system', () => {
    expect(excelSerialToIsoDate(0, true)).toBe('1904-01-01');
    expect(excelSerialToIsoDate(45658 - 1462, true)).toBe('2025-01-01');
  });

  it('agrees with the calendar for every 13th day from 1900-03-01 to 2100', () => {
    for (let serial = 61; serial < 73_051; serial += 13) {
      expect(excelSerialToIsoDate(serial)).toBe(new Date(Date.UTC(1899, 11, 30 + serial)).toISOString().slice(0, 10));
      expect(isoDateToExcelSerial(excelSerialToIsoDate(serial))).toBe(serial);
    }
  });

  it('refuses what is not a date serial', () => {
    for (const serial of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2_958_466])
      expect(() => excelSerialToIsoDate(serial)).toThrow(RangeError);
    for (const date of ['2025-02-30', '31-12-2025', '1900-01-01']) expect(() => isoDateToExcelSerial(date)).toThrow(RangeError);
  });

  it('recognises date number formats by d, m or y outside quotes, brackets and escapes', () => {
    for (const code of ['dd-mm-yyyy', 'yyyy\\-mm\\-dd', '[$-413]d mmmm yyyy', 'mmm yy', 'd/m/yy h:mm'])
      expect(isDateFormatCode(code)).toBe(true);
    for (const code of ['General', '0.0 "days"', '[Red]#,##0', '#,##0.00_);(#,##0.00)', '@', '0\\d'])
      expect(isDateFormatCode(code)).toBe(false);
  });
});

describe('reading a workbook written by writeXlsx', () => {
  it('round-trips text, codes with leading zeros, numbers, empty cells and date columns', () => {
    const header = ['recordId', 'municipalityCode', 'ageAtStart', 'endDate', 'note'];
    const rows = [
      ['TR-1', '0518', 12, isoDateToExcelSerial('2025-07-31'), 'a & b < c > "d" \'e\''],
      ['TR-2', '0503', 0.5, isoDateToExcelSerial('2025-12-01'), 'één, 😀, tab\there, line\nbreak, cr\rreturn'],
      ['TR-3', null, -3, null, '_x0041_ stays literal, \u0001 survives'],
      ['=1+1', '@SUM(A1)', 1e-7, null, '  padded  '],
    ];
    const table = readXlsxTable(writeXlsx(header, rows, { dateColumns: [3] }), limits);
    expect(table.header).toEqual(header);
    expect(rowsOf(table)).toEqual([
      { rowNumber: 2, values: ['TR-1', '0518', '12', '2025-07-31', 'a & b < c > "d" \'e\''] },
      { rowNumber: 3, values: ['TR-2', '0503', '0.5', '2025-12-01', 'één, 😀, tab\there, line\nbreak, cr\rreturn'] },
      { rowNumber: 4, values: ['TR-3', '', '-3', '', '_x0041_ stays literal, \u0001 survives'] },
      { rowNumber: 5, values: ['=1+1', '@SUM(A1)', '1E-07', '', '  padded  '] },
    ]);
  });

  it('writes the ECMA-376 minimal package, every relationship pointing at a part that exists', () => {
    const parts = unzipSync(writeXlsx(['a'], [['=1+1']], { sheetName: 'Trajecten [H2]' }));
    expect(Object.keys(parts)).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/worksheets/sheet1.xml',
      'xl/styles.xml',
      'xl/sharedStrings.xml',
    ]);
    const text = (name: string) => new TextDecoder().decode(parts[name]);
    for (const name of Object.keys(parts)) expect(text(name)).toMatch(/^<\?xml version="1\.0" encoding="UTF-8" standalone="yes"\?>/);
    for (const part of ['/xl/workbook.xml', '/xl/worksheets/sheet1.xml', '/xl/styles.xml', '/xl/sharedStrings.xml']) {
      expect(text('[Content_Types].xml')).toContain(`PartName="${part}"`);
    }
    for (const [, target] of text('xl/_rels/workbook.xml.rels').matchAll(/Target="([^"]+)"/g)) expect(parts[`xl/${target}`]).toBeDefined();
    expect(text('xl/workbook.xml')).toContain('<sheet name="Trajecten  H2" sheetId="1" r:id="rId1"/>');
    // Text cells and text columns (numFmt 49 "@"), so that Excel keeps "0518" as typed.
    expect(text('xl/styles.xml')).toContain('<xf numFmtId="49"');
    expect(text('xl/worksheets/sheet1.xml')).toMatch(/<c r="A2" s="2" t="s">/);
    expect(text('xl/worksheets/sheet1.xml')).not.toContain('<f>');
  });

  it('writes a template with only the header row', () => {
    const table = readXlsxTable(writeXlsx(recordHeader, []), limits);
    expect(table.header).toEqual(recordHeader);
    expect(rowsOf(table)).toEqual([]);
  });

  it('produces the same bytes for the same input, so that committed fixtures do not churn', () => {
    expect(writeXlsx(['a'], [['b', 1]])).toEqual(writeXlsx(['a'], [['b', 1]]));
  });
});

describe('cells as Excel shows them', () => {
  it('reads shared strings, concatenating rich-text runs and leaving out phonetic guides', () => {
    const sharedStrings =
      '<si><t>recordId</t></si><si><r><rPr><b/></rPr><t>note</t></r></si>' +
      '<si><r><t>Rijs</t></r><r><rPr><i/></rPr><t xml:space="preserve">wijk </t></r><r><t>ZH</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>' +
      '<si><t xml:space="preserve">  spaced  </t></si><si><t/></si>';
    const xlsx = oneSheet(
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>2</v></c></row>' +
        '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>2</v></c></row>',
      { sharedStrings },
    );
    const table = readXlsxTable(xlsx, limits);
    expect(table.header).toEqual(['recordId', 'note']);
    expect(rowsOf(table)).toEqual([
      { rowNumber: 2, values: ['  spaced  ', 'Rijswijk ZH'] },
      { rowNumber: 3, values: ['', 'Rijswijk ZH'] },
    ]);
  });

  it('reads inline strings, also as rich text, and formula results', () => {
    const xlsx = oneSheet(
      `<row r="1">${inline('A1', 'a')}${inline('B1', 'b')}${inline('C1', 'c')}${inline('D1', 'd')}${inline('E1', 'e')}${inline('F1', 'f')}</row>` +
        '<row r="2"><c r="A2" t="inlineStr"><is><r><t>Den </t></r><r><rPr><b/></rPr><t>Haag</t></r></is></c>' +
        '<c r="B2" t="str"><f>CONCAT("05","18")</f><v>0518</v></c>' +
        '<c r="C2" t="b"><v>1</v></c><c r="D2" t="b"><v>0</v></c>' +
        '<c r="E2" t="e"><f>VLOOKUP(1,X:Y,2,0)</f><v>#N/A</v></c>' +
        '<c r="F2"><f>1+1</f></c></row>',
    );
    expect(rowsOf(readXlsxTable(xlsx, limits))).toEqual([{ rowNumber: 2, values: ['Den Haag', '0518', 'TRUE', 'FALSE', '#N/A', ''] }]);
  });

  it('shows numbers as the General format does: integers as typed, 15 significant digits', () => {
    const cells = ['518', '-3', '0', '1.5', '0.30000000000000004', '1E-7', '123456782', '4.5E+1', '1e21'];
    const xlsx = oneSheet(
      `<row r="1">${cells.map((_, i) => inline(`${String.fromCharCode(65 + i)}1`, `n${i}`)).join('')}</row>` +
        `<row r="2">${cells.map((value, i) => `<c r="${String.fromCharCode(65 + i)}2"><v>${value}</v></c>`).join('')}</row>`,
    );
    expect(rowsOf(readXlsxTable(xlsx, limits))[0].values).toEqual(['518', '-3', '0', '1.5', '0.3', '1E-07', '123456782', '45', '1E+21']);
  });

  it('puts cells by their reference, so that a missing cell leaves a gap in the right column', () => {
    const xlsx = oneSheet(
      `<row r="1">${inline('A1', 'a')}${inline('B1', 'b')}${inline('C1', 'c')}${inline('D1', 'd')}</row>` +
        `<row r="2">${inline('A2', '1')}<c r="B2" s="1"/>${inline('C2', '3')}</row>` +
        `<row r="3">${inline('D3', '4')}</row>`,
    );
    expect(rowsOf(readXlsxTable(xlsx, limits))).toEqual([
      { rowNumber: 2, values: ['1', '', '3', ''] },
      { rowNumber: 3, values: ['', '', '', '4'] },
    ]);
  });

  it('places cells without a reference after the previous one, and rows without r after the previous row', () => {
    const xlsx = oneSheet(
      '<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>' +
        '<row r="5"><c><v>1</v></c><c r="D5"><v>4</v></c><c><v>5</v></c></row><row><c><v>6</v></c></row>',
    );
    const table = readXlsxTable(xlsx, limits);
    expect(table.header).toEqual(['a', 'b', '', '', '']);
    expect(rowsOf(table)).toEqual([
      { rowNumber: 5, values: ['1', '', '', '4', '5'] },
      { rowNumber: 6, values: ['6', '', '', '', ''] },
    ]);
  });

  it('keeps Excel row numbers across skipped and empty rows, and finds a header below empty rows', () => {
    const xlsx = oneSheet(
      '<row r="2" s="1" customFormat="1"><c r="A2" s="1"/></row>' +
        `<row r="3">${inline('A3', 'recordId')}${inline('B3', 'note')}</row>` +
        `<row r="7">${inline('A7', 'TR-1')}</row>` +
        `<row r="8"><c r="A8" s="1"/>${inline('B8', '   ')}</row><row r="9" spans="1:2"/>` +
        `<row r="12">${inline('B12', 'x')}</row>`,
    );
    const table = readXlsxTable(xlsx, limits);
    expect(table.header).toEqual(['recordId', 'note']);
    expect(table.headerRowNumber).toBe(3); // header problems are reported in this row
    expect(rowsOf(table)).toEqual([
      { rowNumber: 7, values: ['TR-1', ''] },
      { rowNumber: 12, values: ['', 'x'] },
    ]);
  });

  it('gives data beyond the last heading an empty column name instead of dropping it', () => {
    const xlsx = oneSheet(`<row r="1">${inline('A1', 'a')}</row><row r="2">${inline('A2', '1')}${inline('C2', 'stray')}</row>`);
    const table = readXlsxTable(xlsx, limits);
    expect(table.header).toEqual(['a', '', '']);
    expect(rowsOf(table)).toEqual([{ rowNumber: 2, values: ['1', '', 'stray'] }]);
  });

  it('decodes XML entities, character references and OOXML _xHHHH_ escapes', () => {
    const text = '&amp; &lt; &gt; &quot; &apos; &#233; &#xE9; &#x1F600; a_x000D_b _x005F_x0041_';
    const expected = '& < > " \' é é 😀 a\rb _x0041_';
    const xlsx = oneSheet(
      `<row r="1">${inline('A1', 'shared')}${inline('B1', 'inline')}${inline('C1', 'formula')}</row>` +
        `<row r="2"><c r="A2" t="s"><v>0</v></c>${inline('B2', text)}<c r="C2" t="str"><v>${text}</v></c></row>`,
      { sharedStrings: `<si><t>${text}</t></si>` },
    );
    expect(rowsOf(readXlsxTable(xlsx, limits))[0].values).toEqual([expected, expected, expected]);
  });

  it('reads namespace-prefixed SpreadsheetML, CDATA and comments', () => {
    const sheet =
      `<x:worksheet xmlns:x="${MAIN}"><!-- written by a .NET tool --><x:sheetData>` +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c></x:row>' +
      '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t><![CDATA[<b> & ]]>more</x:t></x:is></x:c></x:row>' +
      '<x:row r="3"><x:c r="A3"><x:v>42</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    const xlsx = workbookPackage({ sheets: [{ part: 'worksheets/sheet1.xml', xml: sheet }] });
    expect(rowsOf(readXlsxTable(xlsx, limits)).map((row) => row.values)).toEqual([['<b> & more'], ['42']]);
  });
});

describe('dates', () => {
  // cellXfs: 0 General · 1 built-in 14 · 2 custom dd/mm/yyyy · 3 custom with "d" only in quotes ·
  // 4 custom [Red] · 5 built-in 22 (date and time) · 6 built-in 49 (text). cellStyleXfs must not shift them.
  const styles =
    '<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.0&quot; days&quot;"/>' +
    '<numFmt numFmtId="166" formatCode="[Red]#,##0"/></numFmts>' +
    '<cellStyleXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellStyleXfs>' +
    '<cellXfs count="7"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" xfId="0"/>' +
    '<xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="22"/><xf numFmtId="49"/></cellXfs>';
  const row = (serial: number) =>
    `<row r="1">${['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((h, i) => inline(`${String.fromCharCode(65 + i)}1`, h)).join('')}</row>` +
    `<row r="2">${[0, 1, 2, 3, 4, 5, 6].map((s, i) => `<c r="${String.fromCharCode(65 + i)}2" s="${s}"><v>${serial + (s === 5 ? 0.75 : 0)}</v></c>`).join('')}</row>`;

  it('turns numbers in date formats (built-in and custom) into YYYY-MM-DD and leaves other formats alone', () => {
    expect(rowsOf(readXlsxTable(oneSheet(row(45658), { styles }), limits))[0].values).toEqual([
      '45658',
      '2025-01-01',
      '2025-01-01',
      '45658',
      '45658',
      '2025-01-01',
      '45658',
    ]);
  });

  it('honours the 1904 date system of the workbook', () => {
    for (const workbookPr of ['<workbookPr date1904="1"/>', '<workbookPr date1904="true" defaultThemeVersion="124226"/>']) {
      expect(rowsOf(readXlsxTable(oneSheet(row(45658 - 1462), { styles, workbookPr }), limits))[0].values[1]).toBe('2025-01-01');
    }
    expect(rowsOf(readXlsxTable(oneSheet(row(45658), { styles, workbookPr: '<workbookPr date1904="0"/>' }), limits))[0].values[1]).toBe(
      '2025-01-01',
    );
  });

  it('reads ISO 8601 date cells (t="d")', () => {
    const xlsx = oneSheet(`<row r="1">${inline('A1', 'endDate')}</row><row r="2"><c r="A2" t="d"><v>2025-07-31T00:00:00</v></c></row>`);
    expect(rowsOf(readXlsxTable(xlsx, limits))[0].values).toEqual(['2025-07-31']);
  });
});

describe('which worksheet is read', () => {
  const sheet = (label: string) => worksheet(`<row r="1">${inline('A1', 'sheet')}</row><row r="2">${inline('A2', label)}</row>`);

  it('reads the first sheet in workbook order, even when it is sheet3.xml, and ignores the others', () => {
    const xlsx = workbookPackage({
      sheets: [
        { part: 'worksheets/sheet3.xml', xml: sheet('third part, first tab'), name: 'Trajecten' },
        { part: 'worksheets/sheet1.xml', xml: sheet('first part, second tab'), name: 'Toelichting' },
      ],
    });
    expect(rowsOf(readXlsxTable(xlsx, limits))[0].values).toEqual(['third part, first tab']);
  });

  it('skips a chart sheet in front and resolves absolute relationship targets', () => {
    const xlsx = workbookPackage({
      sheets: [
        { part: 'chartsheets/sheet1.xml', xml: '<chartsheet/>', type: 'chartsheet' },
        { part: '/xl/worksheets/data.xml', xml: sheet('data') },
      ],
    });
    expect(rowsOf(readXlsxTable(xlsx, limits))[0].values).toEqual(['data']);
  });
});

describe('refusing hostile or wrong uploads', () => {
  let bomb: Uint8Array;
  beforeAll(() => {
    // 200 MB of zeros deflate to about 200 kB: a classic zip bomb posing as a worksheet.
    bomb = oneSheet('', { extra: { 'xl/worksheets/sheet1.xml': [new Uint8Array(200 * MB), { level: 9 }] } });
  });

  function refusedQuicklyWithinMemory(bytes: Uint8Array, maxUnpackedBytes = limits.maxUnpackedBytes): XlsxRefused {
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const refused = refusal(() => readXlsxTable(bytes, { ...limits, maxUnpackedBytes }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(40 * MB);
    return refused;
  }

  it('refuses a zip bomb from its declared size before inflating anything, naming the limit', () => {
    expect(bomb.length).toBeLessThan(MB);
    const refused = refusedQuicklyWithinMemory(bomb);
    expect([refused.kind, refused.code]).toEqual(['too_large', 'xlsx_too_large']);
    expect(refused.messages.nl).toContain('50 MB');
    expect(refused.messages.en).toContain('50 MB');
  });

  it('refuses a zip bomb that lies about its size, stopping inflation at the declared size', () => {
    const refused = refusedQuicklyWithinMemory(lieAboutSize(bomb, 'xl/worksheets/sheet1.xml', 10_000));
    expect([refused.kind, refused.code]).toEqual(['too_large', 'xlsx_too_large']);
  });

  it('refuses an entry compressed more than 100:1 even when it fits the size limit', () => {
    const dense = oneSheet('', { extra: { 'xl/media/padding.bin': [new Uint8Array(20 * MB), { level: 9 }] } });
    const refused = refusedQuicklyWithinMemory(dense);
    expect([refused.kind, refused.code]).toEqual(['too_large', 'xlsx_too_large']);
  });

  it('refuses when the declared sizes together exceed the limit', () => {
    const xlsx = oneSheet(`<row r="1">${inline('A1', 'a'.repeat(600))}</row>`, { sharedStrings: `<si><t>${'b'.repeat(600)}</t></si>` });
    const refused = refusal(() => readXlsxTable(xlsx, { ...limits, maxUnpackedBytes: 1000 }));
    expect([refused.code, refused.messages.en]).toEqual(['xlsx_too_large', expect.stringContaining('larger than 1 kB')]);
  });

  it('refuses an archive with more entries than allowed, before reading any', () => {
    const extra: Zippable = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`xl/media/image${i}.png`, strToU8('x')]));
    const refused = refusal(() => readXlsxTable(oneSheet('', { extra }), limits));
    expect([refused.kind, refused.code]).toEqual(['too_large', 'xlsx_too_many_entries']);
    expect(refused.messages.nl).toContain('100');
  });

  it('refuses more data rows than allowed, not counting empty rows', () => {
    const rows = (n: number) =>
      `<row r="1">${inline('A1', 'a')}</row>${Array.from(
        { length: n },
        (_, i) => `<row r="${2 * i + 2}">${inline(`A${2 * i + 2}`, `${i}`)}</row><row r="${2 * i + 3}"><c r="A${2 * i + 3}" s="1"/></row>`,
      ).join('')}`;
    expect(rowsOf(readXlsxTable(oneSheet(rows(3)), { ...limits, maxRows: 3 }))).toHaveLength(3);
    const refused = refusal(() => readXlsxTable(oneSheet(rows(4)), { ...limits, maxRows: 3 }));
    expect([refused.kind, refused.code]).toEqual(['too_large', 'too_many_rows']);
  });

  it('refuses more columns than allowed, in the header or in the data', () => {
    const header = (n: number) =>
      `<row r="1">${Array.from({ length: n }, (_, i) => inline(`${String.fromCharCode(65 + i)}1`, `h${i}`)).join('')}</row>`;
    expect(readXlsxTable(oneSheet(header(5)), { ...limits, maxColumns: 5 }).header).toHaveLength(5);
    expect(refusal(() => readXlsxTable(oneSheet(header(6)), { ...limits, maxColumns: 5 })).code).toBe('too_many_columns');
    const farCell = `${header(2)}<row r="2">${inline('XFD2', 'far away')}</row>`;
    const refused = refusal(() => readXlsxTable(oneSheet(farCell), { ...limits, maxColumns: 5 }));
    expect([refused.kind, refused.code]).toEqual(['too_large', 'too_many_columns']);
  });

  it('refuses content that is not a zip: CSV, PDF, nothing', () => {
    for (const bytes of [strToU8('recordId;clientPseudonym\nTR-1;p1:ab\n'), strToU8('%PDF-1.7\n%âãÏÓ\n1 0 obj'), new Uint8Array(0)]) {
      const refused = refusal(() => readXlsxTable(bytes, limits));
      expect([refused.kind, refused.code]).toEqual(['unsupported_media_type', 'not_xlsx']);
      expect(refused.messages.nl).toContain("Sla het op als 'Excel-werkmap' of als CSV");
    }
  });

  it('refuses an old .xls or a password-protected workbook (OLE compound file) with advice to save without password', () => {
    const ole = new Uint8Array(512);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const refused = refusal(() => readXlsxTable(ole, limits));
    expect([refused.kind, refused.code]).toEqual(['unsupported_media_type', 'xls_or_encrypted']);
    expect(refused.messages.nl).toContain('zonder wachtwoord');
    expect(refused.messages.en).toContain('without a password');
  });

  it('refuses zips that are not workbooks: a .docx, a plain archive, a renamed zip', () => {
    const docx = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      '_rels/.rels': strToU8(
        `<Relationships xmlns="${PACKAGE_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
      ),
      'word/document.xml': strToU8(
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>',
      ),
    });
    const plain = zipSync({ 'notes.txt': strToU8('hello') });
    for (const bytes of [docx, plain, zipRenamedCsv()]) {
      expect([refusal(() => readXlsxTable(bytes, limits)).kind, refusal(() => readXlsxTable(bytes, limits)).code]).toEqual([
        'unsupported_media_type',
        'not_xlsx',
      ]);
    }
  });

  it('refuses a truncated or corrupted workbook as unreadable', () => {
    const good = writeXlsx(['a'], [['b']]);
    expect(refusal(() => readXlsxTable(good.subarray(0, good.length - 30), limits)).code).toBe('not_xlsx');
    const corrupted = good.slice();
    const sheetAt = new TextDecoder('latin1').decode(corrupted).indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    corrupted.fill(0xff, sheetAt, sheetAt + 20);
    expect(refusal(() => readXlsxTable(corrupted, limits)).code).toBe('not_xlsx');
  });

  it('answers damaged archives with a refusal, never with another error', () => {
    const good = writeXlsx(
      ['recordId', 'endDate'],
      [
        ['TR-1', 45853],
        ['TR-2', null],
      ],
      { dateColumns: [1] },
    );
    let seed = 20250701;
    const random = (below: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % below;
    for (let round = 0; round < 400; round++) {
      const damaged = good.slice();
      for (let flips = 1 + random(4); flips > 0; flips--) damaged[4 + random(damaged.length - 4)] = random(256);
      try {
        readXlsxTable(damaged, limits);
      } catch (error) {
        expect(error).toBeInstanceOf(XlsxRefused);
      }
    }
  });

  it('refuses an encrypted zip entry as encrypted', () => {
    const bytes = writeXlsx(['a'], [['b']]).slice();
    const view = new DataView(bytes.buffer);
    for (let at = 0; at + 4 <= bytes.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint16(at + 8, 1, true);
    expect(refusal(() => readXlsxTable(bytes, limits)).code).toBe('xls_or_encrypted');
  });

  it('refuses an empty first sheet, or one with only empty cells, as having no header row', () => {
    for (const rows of ['', '<row r="1" spans="1:3"/><row r="2"><c r="A2" s="1"/><c r="B2" t="s"><v>0</v></c></row>']) {
      const refused = refusal(() => readXlsxTable(oneSheet(rows, { sharedStrings: '<si><t></t></si>' }), limits));
      expect([refused.kind, refused.code]).toEqual(['unprocessable', 'empty_file']);
      expect(refused.messages.nl).toContain('kopregel');
    }
  });

  it('gives every refusal a Dutch and an English message', () => {
    const refused = refusal(() => readXlsxTable(strToU8('a;b'), limits));
    expect(refused).toBeInstanceOf(Error);
    expect(refused.message).toBe(refused.messages.en);
    expect(refused.messages.nl).not.toBe(refused.messages.en);
  });
});

describe('committed upload fixtures', () => {
  const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/uploads/${name}`, import.meta.url)));

  it('match what make-xlsx-fixtures.ts writes', () => {
    expect(fixture('records.xlsx')).toEqual(recordsXlsx());
    expect(fixture('zip-renamed.csv')).toEqual(zipRenamedCsv());
  });

  it('records.xlsx holds three valid 2025-H2 records of provider 98000010 with real date cells', () => {
    const table = readXlsxTable(fixture('records.xlsx'), limits);
    expect(table.header).toEqual(recordHeader);
    const records = rowsOf(table).map(({ values }) => Object.fromEntries(recordHeader.map((field, i) => [field, values[i]])));
    expect(records).toHaveLength(3);
    for (const record of records) {
      expect(record).toMatchObject({ providerAgb: '98000010', municipalityCode: '0518', productCategory: '45' });
      expect(record.clientPseudonym).toMatch(/^p1:[0-9a-f]{64}$/);
      expect(record.endDate >= '2025-07-01' && record.endDate <= '2025-12-31').toBe(true);
      expect(record.startDate <= record.endDate).toBe(true);
    }
    const sheetXml = new TextDecoder().decode(unzipSync(fixture('records.xlsx'))['xl/worksheets/sheet1.xml']);
    expect(sheetXml).toContain(`<c r="I2" s="1"><v>${isoDateToExcelSerial('2025-07-15')}</v></c>`);
  });

  it('zip-renamed.csv is a real zip archive', () => {
    expect([...fixture('zip-renamed.csv').subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });
});

describe('performance', () => {
  it('reads 100,000 rows of 16 columns completely (and prints how long it took)', () => {
    const hex = (i: number) => (Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8);
    const rows = Array.from({ length: 100_000 }, (_, i) => [
      `TR-${i}`,
      `p1:${hex(i)}`,
      '98000010',
      ['0518', '0503', '1916'][i % 3],
      '45',
      i % 5 ? null : '45A01',
      '02',
      45658 + (i % 180),
      45839 + (i % 180),
      i % 24,
      '01',
      ['volledig', 'gedeeltelijk', 'niet'][i % 3],
      1 + (i % 10),
      i % 4 ? 7 : null,
      '04',
      '03',
    ]);
    const xlsx = writeXlsx(recordHeader, rows, { dateColumns: [7, 8] });
    const timings: number[] = [];
    let table: XlsxTable | undefined;
    for (let run = 0; run < 2; run++) {
      const started = performance.now();
      table = readXlsxTable(xlsx, { ...limits, maxUnpackedBytes: 200 * MB, maxRows: 100_000 });
      timings.push(performance.now() - started);
    }
    const read = rowsOf(table as XlsxTable);
    console.info(`read 100,000 × 16 XLSX (${(xlsx.length / MB).toFixed(1)} MB zipped) in ${timings.map(Math.round).join(' ms, ')} ms`);
    expect(read).toHaveLength(100_000);
    expect(read[99_999]).toEqual({
      rowNumber: 100_001,
      values: [
        'TR-99999',
        `p1:${hex(99_999)}`,
        '98000010',
        '0518',
        '45',
        '',
        '02',
        excelSerialToIsoDate(45658 + (99_999 % 180)),
        excelSerialToIsoDate(45839 + (99_999 % 180)),
        '15',
        '01',
        'volledig',
        '10',
        '7',
        '04',
        '03',
      ],
    });
    // The target is well under 3 s; the bound leaves room for a busy shared CI machine.
    // The speed is printed, not asserted: benchmarks are not timed tests (a busy CI machine is not a defect).
  });
});
