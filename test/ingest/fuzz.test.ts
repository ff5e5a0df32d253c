/**
 * Issue 8.2: property-based fuzzing of the upload. Over a real socket to the real Node server:
 * whatever bytes, CSV, JSON, workbook or query arrive, the answer is never a 5xx; every refusal is
 * a problem+json with Dutch and English text; a refusal stores nothing; the process keeps running
 * within a bounded amount of memory. Then the parsers and validators directly, with more runs.
 *
 * A failure prints fast-check's seed and path: rerun with `fc.assert(…, { seed, path })`.
 */
import fc from 'fast-check';
import { ReportBuilder } from '../../schemas/report.ts';
import { containsBsnShapedNumber } from '../../schemas/bsn.ts';
import { recordFields, validateRow, type RecordField, type ValidationContext } from '../../schemas/record.ts';
import { decodeText, detectDelimiter } from '../../schemas/text-encoding.ts';
import { defaultUploadLimits } from '../../api/src/app.ts';
import { DomainError } from '../../api/src/errors.ts';
import { httpStatusOf } from '../../api/src/http/problems.ts';
import { checkContentMatches, type UploadFormat } from '../../api/src/ingest/sniff.ts';
import { openTable } from '../../api/src/ingest/table.ts';
import { validateTable } from '../../api/src/ingest/validate.ts';
import { readXlsxTable, XlsxRefused } from '../../api/src/ingest/xlsx.ts';
import { writeXlsx } from '../../api/src/ingest/xlsx-write.ts';
import { safeFileName } from '../../api/src/ingest/submissions.ts';
import { recordsXlsx } from '../fixtures/uploads/make-xlsx-fixtures.ts';
import { capturingLogger } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { csvOf, validRow } from '../support/records.ts';
import { expectProblem, startUploadServer, type HttpAnswer, type UploadServer } from '../support/upload-server.ts';

const MB = 1024 * 1024;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const contentTypes = ['text/csv', 'text/plain; charset=utf-8', 'application/json', xlsxType, 'application/octet-stream', 'image/png', ''];
/** HTTP runs per property, per engine: modest, so the file stays well under a minute per engine. */
const httpRuns = 100;
/** Runs of the pure parser properties: no socket, no database, so many more. */
const pureRuns = 500;
/**
 * The seed: fixed, so a CI run is reproducible and a landing never hangs on a new random find;
 * `FUZZ_SEED=random npm test` (or any number) explores further — do that when touching the parsers.
 */
const fuzzSeed = process.env.FUZZ_SEED === 'random' ? Date.now() : Number(process.env.FUZZ_SEED ?? 20261123);
fc.configureGlobal({ seed: fuzzSeed });

// ---- arbitraries ----

/** Text a cell may hold in a hostile file: any unicode, delimiters, quotes, NUL, formulas, very long. */
const hostileCell = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ';',
      ',',
      '\t',
      '"',
      '""',
      '"a;b"',
      '\n',
      '\r\n',
      '\r',
      '\u0000',
      '\uFEFF',
      '\u202E',
      '\u200B',
      '\uD800',
      "=cmd|' /C calc'!A0",
      '+1',
      '-1',
      '@SUM(A1)',
      '111222333',
      'p1:',
      ' ',
      '',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', '9', ';', '"', 'é', '\u0000'), fc.integer({ min: 1_000, max: 200_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** Rows built from valid ones with some cells replaced; the header sometimes mutated too. */
const csvishText = fc
  .record({
    rows: fc.array(
      fc.record({ i: fc.nat(10_000), mutations: fc.array(fc.tuple(fc.constantFrom(...recordFields), hostileCell), { maxLength: 4 }) }),
      { maxLength: 12 },
    ),
    header: fc.oneof(
      { weight: 3, arbitrary: fc.constant([...recordFields] as string[]) },
      { weight: 1, arbitrary: fc.shuffledSubarray([...recordFields] as string[], { minLength: 1 }) },
      { weight: 1, arbitrary: fc.array(hostileCell, { minLength: 1, maxLength: 20 }) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constant([...recordFields] as string[]), fc.array(hostileCell, { minLength: 1, maxLength: 3 }))
          .map(([a, b]) => [...a, ...b]),
      },
    ),
    delimiter: fc.constantFrom(';', ',', '\t'),
    eol: fc.constantFrom('\r\n', '\n', '\r'),
    quoted: fc.boolean(),
  })
  .map(({ rows, header, delimiter, eol, quoted }) => {
    const records = rows.map(({ i, mutations }) => ({ ...validRow(i), ...Object.fromEntries(mutations) }) as Record<string, string>);
    if (quoted) return csvOf(records, { header, delimiter, eol });
    // Unquoted: delimiters and quotes inside cells break the structure, as a careless export would.
    return [header.join(delimiter), ...records.map((r) => header.map((h) => r[h] ?? '').join(delimiter))].join(eol);
  });

/** The text as bytes the way exports write it: UTF-8 (with or without BOM), UTF-16 with BOM, Latin-1. */
const encodedText = fc.tuple(csvishText, fc.constantFrom('utf8', 'utf8bom', 'utf16le', 'utf16be', 'latin1')).map(([text, encoding]) => {
  if (encoding === 'utf8') return Buffer.from(text, 'utf8');
  if (encoding === 'utf8bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  if (encoding === 'latin1') return Buffer.from(text, 'latin1');
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf16be') le.swap16();
  return le;
});

/** JSON: anything at all, or the expected shape with hostile values in it. */
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc
    .array(
      fc.oneof(
        fc.jsonValue({ maxDepth: 2 }),
        fc
          .record({
            i: fc.nat(10_000),
            mutations: fc.dictionary(
              fc.oneof(fc.constantFrom(...recordFields), fc.string({ maxLength: 12 })),
              fc.oneof(hostileCell, fc.jsonValue({ maxDepth: 2 })),
            ),
          })
          .map(({ i, mutations }) => ({ ...validRow(i), ...mutations })),
      ),
      { maxLength: 8 },
    )
    .map((records) => JSON.stringify({ records })),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text) => `{"records":[${text}`),
);

const validWorkbook = writeXlsx(
  [...recordFields],
  [1, 2, 3].map((i) => recordFields.map((f) => validRow(i)[f])),
);
const fixtureWorkbook = recordsXlsx();

/** A valid workbook with bytes flipped, a piece cut out or inserted, or cut short. */
const mutatedWorkbook = fc
  .record({
    base: fc.constantFrom(validWorkbook, fixtureWorkbook),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    cut: fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 400 }))),
    insert: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 200 }))),
    truncate: fc.option(fc.nat()),
  })
  .map(({ base, flips, cut, insert, truncate }) => {
    let bytes = Uint8Array.from(base);
    // Keep the PK\x03\x04 magic mostly intact, so the mutation reaches the zip reader.
    for (const [at, value] of flips) bytes[4 + (at % (bytes.length - 4))] = value;
    if (cut) {
      const at = 4 + (cut[0] % (bytes.length - 4));
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + cut[1])]);
    }
    if (insert) {
      const at = 4 + (insert[0] % (bytes.length - 4));
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...insert[1], ...bytes.subarray(at)]);
    }
    if (truncate) bytes = bytes.subarray(0, 4 + (truncate % bytes.length));
    return bytes;
  });

// ---- over HTTP ----

describe.each(engines)('fuzzing the upload over HTTP on %s', (engine) => {
  let db: TestDatabase;
  let server: UploadServer;
  const captured = capturingLogger();
  let rssAtStart = 0;
  let rssPeak = 0;
  const statuses: Record<number, number> = {};

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    server = await startUploadServer(db, { logger: captured.logger });
    // Warm up (JIT, pools, the first parse), then take the memory baseline.
    await server.post('/api/v1/submissions?period=2025-H2&dryRun=true', { 'content-type': 'text/csv' }, csvOf([validRow(1)]));
    rssAtStart = rssPeak = process.memoryUsage().rss;
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  /**
   * The properties every answer has: never 5xx; a refusal is a bilingual problem and stores
   * nothing; a success stores exactly what it reports. CSV and XLSX errors always name a row.
   */
  async function uploadAndCheck(
    body: Uint8Array | string,
    contentType: string,
    query: Record<string, string> = {},
    headers: Record<string, string> = {},
  ): Promise<HttpAnswer> {
    const before = await server.stored();
    const search = new URLSearchParams({ period: '2025-H2', dryRun: 'false', ...query });
    const answer = await server.post(
      `/api/v1/submissions?${search}`,
      { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
      body,
    );
    expect(answer.status).toBeLessThan(500);
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    const after = await server.stored();
    if (answer.status >= 300) {
      const problem = expectProblem(answer.status, answer.contentType, answer.text);
      expect(after).toEqual(before);
      if (problem.report && /csv|text\/plain|spreadsheet/.test(contentType)) {
        // Only the period is a problem of the whole file; a header problem is in row 1.
        for (const error of problem.report.errors)
          if (error.code !== 'period_closed') expect(error.row, JSON.stringify(error)).toEqual(expect.any(Number));
      }
    } else {
      const result = JSON.parse(answer.text);
      if (answer.status === 201) {
        expect(after).toEqual({ submissions: before.submissions + 1, records: before.records + result.submission.recordCount });
        expect(result.report.errorCount).toBe(0);
      } else {
        expect(after).toEqual(before);
      }
    }
    return answer;
  }

  it('arbitrary bytes under any declared content type', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 8192 }), fc.constantFrom(...contentTypes), fc.boolean(), async (bytes, type, dryRun) => {
        await uploadAndCheck(bytes, type, { dryRun: String(dryRun) });
      }),
      { numRuns: httpRuns },
    );
  });

  it('CSV-ish text: the real header, mutated cells, any delimiter, quoting and encoding', async () => {
    await fc.assert(
      fc.asyncProperty(encodedText, fc.boolean(), async (bytes, dryRun) => {
        await uploadAndCheck(bytes, 'text/csv', { dryRun: String(dryRun) });
      }),
      { numRuns: httpRuns },
    );
  }, 120_000);

  it('arbitrary JSON values, and the records shape with hostile values', async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, fc.boolean(), async (text, dryRun) => {
        await uploadAndCheck(text, 'application/json', { dryRun: String(dryRun) });
      }),
      { numRuns: httpRuns },
    );
  });

  it('workbooks with damaged bytes', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedWorkbook, fc.boolean(), async (bytes, dryRun) => {
        await uploadAndCheck(bytes, xlsxType, { dryRun: String(dryRun) });
      }),
      { numRuns: httpRuns },
    );
  });

  it('hostile query and headers: period, dryRun, fileName, Idempotency-Key; a stored name is always the safe one', async () => {
    let n = 20_000;
    await fc.assert(
      fc.asyncProperty(
        // Mostly a valid period and dryRun, so that the stored file name is checked often.
        fc.oneof(
          { weight: 4, arbitrary: fc.constant('2025-H2') },
          fc.constantFrom('2025-H1', '2024-H1', '2025-H3', ''),
          fc.string({ maxLength: 12 }),
        ),
        fc.oneof({ weight: 4, arbitrary: fc.constantFrom('true', 'false') }, fc.string({ maxLength: 6 })),
        fc.option(fc.string({ unit: 'binary', maxLength: 300 })),
        fc.option(fc.stringMatching(/^[\x20-\x7e]{0,250}$/)),
        async (period, dryRun, fileName, idempotencyKey) => {
          const body = csvOf([validRow(n++)]);
          const answer = await uploadAndCheck(
            body,
            'text/csv',
            { period, dryRun, ...(fileName === null ? {} : { fileName }) },
            idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey },
          );
          if (answer.status === 201) expect(JSON.parse(answer.text).submission.fileName).toBe(safeFileName(fileName));
        },
      ),
      { numRuns: httpRuns },
    );
  });

  it('kept running within bounded memory, logged no internal error, and still answers', async () => {
    const peakMb = (rssPeak - rssAtStart) / MB;
    const endMb = (process.memoryUsage().rss - rssAtStart) / MB;
    console.info(
      `fuzz on ${engine}: answers ${JSON.stringify(statuses)}; RSS peak ${peakMb.toFixed(0)} MB, at the end ${endMb.toFixed(0)} MB over the start (test process, server included)`,
    );
    // The success paths are exercised too, not only refusals.
    expect(statuses[201]).toBeGreaterThan(0);
    expect(statuses[200]).toBeGreaterThan(0);
    // Inputs reach 200 kB a cell (a few MB a file) and 8 kB of random bytes: no upload may balloon
    // the process, and 5 × 100 of them must not accumulate.
    expect(peakMb).toBeLessThan(384);
    expect(endMb).toBeLessThan(256);
    expect(captured.lines.filter((line) => /"level":50|"status":5\d\d/.test(line))).toEqual([]);
    expect((await fetch(`${server.url}/api/v1/healthz`)).status).toBe(200);
  });
});

// ---- the parsers and validators directly ----

const context: ValidationContext = {
  municipalities: [
    { code: '0518', validFrom: '2015-01-01', validUntil: null },
    { code: '0503', validFrom: '2015-01-01', validUntil: null },
  ],
  productCategories: new Set(['45', '54']),
  providerAgb: '98000010',
  period: { code: '2025-H2', startsOn: '2025-07-01', endsOn: '2025-12-31' },
  today: '2026-01-15',
};
const limits = { ...defaultUploadLimits, maxRows: 1000 };

/** A refusal from the parsers: a DomainError answered with a 4xx status and a message in both languages. */
function expectDomainRefusal(error: unknown) {
  expect(error).toBeInstanceOf(DomainError);
  const refusal = error as DomainError;
  expect(httpStatusOf(refusal)).toBeGreaterThanOrEqual(400);
  expect(httpStatusOf(refusal)).toBeLessThan(500);
  expect(refusal.localized.nl.length).toBeGreaterThan(20);
  expect(refusal.localized.en.length).toBeGreaterThan(20);
}

/** Sniff, parse and validate as the upload does; returns the report, or null when refused. */
async function parseAndValidate(bytes: Uint8Array, format: UploadFormat) {
  try {
    checkContentMatches(bytes, format);
    const table = await openTable(bytes, format, limits);
    const report = new ReportBuilder();
    await validateTable(table, context, report, async () => {});
    return report.build();
  } catch (error) {
    expectDomainRefusal(error);
    return null;
  }
}

/** What every report holds, whatever the input: consistent counts, bilingual messages, short values, no BSN. */
function expectSoundReport(report: NonNullable<Awaited<ReturnType<typeof parseAndValidate>>>, format: UploadFormat) {
  expect(report.acceptedRowCount + report.rejectedRowCount).toBe(report.rowCount);
  expect(report.errors.length).toBeLessThanOrEqual(1000);
  for (const error of report.errors) {
    expect(error.message.nl.length).toBeGreaterThan(10);
    expect(error.message.en.length).toBeGreaterThan(10);
    if (format !== 'json') expect(error.row, JSON.stringify(error)).toEqual(expect.any(Number));
    if (error.value !== null) {
      expect(error.value.length).toBeLessThanOrEqual(81);
      expect(containsBsnShapedNumber(error.value)).toBe(false);
    }
    expect(containsBsnShapedNumber(`${error.column ?? ''} ${error.message.nl} ${error.message.en}`)).toBe(false);
    expect(error.message.nl.length + error.message.en.length).toBeLessThan(4000);
  }
}

describe('fuzzing the parsers and validators directly', () => {
  it('any bytes as CSV, XLSX or JSON: a report or a bilingual 4xx refusal, nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom<UploadFormat>('csv', 'xlsx', 'json'), async (bytes, format) => {
        const report = await parseAndValidate(bytes, format);
        if (report) expectSoundReport(report, format);
      }),
      { numRuns: pureRuns },
    );
  });

  it('CSV-ish text in any encoding: every error is placed by row, values shortened and masked', async () => {
    await fc.assert(
      fc.asyncProperty(encodedText, async (bytes) => {
        const report = await parseAndValidate(bytes, 'csv');
        if (report) expectSoundReport(report, 'csv');
      }),
      { numRuns: pureRuns },
    );
  }, 120_000);

  it('JSON: a report or a bilingual refusal', async () => {
    await fc.assert(
      fc.asyncProperty(jsonBody, async (text) => {
        const report = await parseAndValidate(Buffer.from(text, 'utf8'), 'json');
        if (report) expectSoundReport(report, 'json');
      }),
      { numRuns: pureRuns },
    );
  });

  it('JSON keys that name Object.prototype members (found by this fuzzer: a 500 on `valueOf` in one record only)', async () => {
    for (const key of ['valueOf', 'toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const text = `{"records":[{${JSON.stringify(key)}:false},${JSON.stringify(validRow(1))}]}`;
      const report = await parseAndValidate(Buffer.from(text, 'utf8'), 'json');
      expect(report, key).not.toBeNull();
      expectSoundReport(report!, 'json');
      expect(report!.acceptedRowCount, key).toBe(0);
    }
  });

  it('damaged workbooks: readXlsxTable refuses with XlsxRefused or reads a table, nothing else', () => {
    fc.assert(
      fc.property(mutatedWorkbook, (bytes) => {
        try {
          const table = readXlsxTable(bytes, { maxUnpackedBytes: 50 * MB, maxEntries: 100, maxRows: 1000, maxColumns: 64 });
          expect(table.headerRowNumber).toBeGreaterThanOrEqual(1);
          for (const row of table.rows) expect(row.rowNumber).toBeGreaterThan(table.headerRowNumber);
        } catch (error) {
          expect(error).toBeInstanceOf(XlsxRefused);
        }
      }),
      { numRuns: pureRuns },
    );
  });

  it('validateRow on arbitrary cells: never throws; a record or errors with a code, a short masked value and both languages', () => {
    const cells = fc.dictionary(
      fc.constantFrom(...recordFields),
      fc.oneof(hostileCell, fc.constantFrom('123456782', 'x111222333', '2025-07-01', '45', '0518')),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), cells, (i, overrides) => {
        const row = { ...validRow(i), ...overrides } as Record<RecordField, string>;
        const result = validateRow(row, context);
        if (result.record) {
          expect(result.errors).toEqual([]);
          // A stored value never holds a control or direction character.
          expect(JSON.stringify(result.record)).not.toMatch(
            /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]|\\u00[01]/,
          );
        } else {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) {
            expect(error.code).toMatch(/^[a-z_]+$/);
            expect(error.message.nl).not.toBe(error.message.en);
            if (error.value !== null) expect(error.value.length).toBeLessThanOrEqual(81);
            expect(containsBsnShapedNumber(`${error.value ?? ''} ${error.message.nl} ${error.message.en}`)).toBe(false);
          }
        }
      }),
      { numRuns: pureRuns * 3 },
    );
  });

  it('decodeText and detectDelimiter take any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        const { text, encoding } = decodeText(bytes);
        expect(typeof text).toBe('string');
        expect(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']).toContain(encoding);
        expect([';', ',', '\t']).toContain(detectDelimiter(text));
      }),
      { numRuns: pureRuns },
    );
  });

  it('safeFileName of any string: a base name without path, control, direction or reserved characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (name) => {
        const safe = safeFileName(name);
        if (safe === null) return;
        expect(safe.length).toBeGreaterThan(0);
        expect(safe.length).toBeLessThanOrEqual(255);
        expect(safe).not.toMatch(/[\\/<>:"|?*\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/);
        expect(safe).not.toMatch(/[. ]$/);
        expect(safe).not.toMatch(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i);
      }),
      { numRuns: pureRuns * 3 },
    );
  });
});
