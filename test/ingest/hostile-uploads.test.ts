/**
 * Issue 8.2: the upload attack list, each attack its own test, over a real socket to the real Node
 * server (the one main.ts starts, see api/src/http/node-server.ts). Every case ends in a clear
 * refusal (a 4xx problem+json with Dutch and English text, or for HTTP that Node itself refuses a
 * problem answer and a closed connection) and nothing stored.
 *
 * Covered elsewhere and not repeated here:
 * - zip bombs in detail (declared size, lying size, 100:1 ratio, entry count), damaged and encrypted
 *   archives: test/ingest/xlsx.test.ts "refusing hostile or wrong uploads" (one bomb goes through
 *   the route here);
 * - 10,000 columns in a CSV header, too many rows, a too large body announced by Content-Length:
 *   test/ingest/upload-limits.test.ts;
 * - a zip, PDF or Word file sent as CSV, a CSV sent as XLSX: test/ingest/submissions.test.ts.
 */
import { request as httpRequest } from 'node:http';
import { strToU8, zipSync } from 'fflate';
import { writeXlsx } from '../../api/src/ingest/xlsx-write.ts';
import { safeFileName } from '../../api/src/ingest/submissions.ts';
import { createHttpServer, defaultHttpTimeouts } from '../../api/src/http/node-server.ts';
import { recordFields } from '../../schemas/record.ts';
import { reportCsv } from '../../web/src/pages/provider/report-csv.ts';
import { capturingLogger } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { csvOf, validRow } from '../support/records.ts';
import { expectProblem, rawExchange, startUploadServer, type UploadServer } from '../support/upload-server.ts';

const MB = 1024 * 1024;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
// Short, so that the slow-client cases take seconds; the production values are checked apart.
const timeouts = { headersTimeoutMs: 1_500, requestTimeoutMs: 4_000, keepAliveTimeoutMs: 5_000, checkIntervalMs: 250 };

describe.each(engines)('hostile uploads on %s', (engine) => {
  let db: TestDatabase;
  let server: UploadServer;
  const captured = capturingLogger();

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    // 12 MB, so that a 10 MB line is refused for what it is, not for its size.
    server = await startUploadServer(db, { logger: captured.logger, uploadLimits: { maxBytes: 12 * MB }, timeouts });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const upload = (body: string | Uint8Array, options: { type?: string; dryRun?: boolean; fileName?: string } = {}) => {
    const query = new URLSearchParams({
      period: '2025-H2',
      dryRun: String(options.dryRun ?? false),
      ...(options.fileName !== undefined ? { fileName: options.fileName } : {}),
      // One-row files replace each other here; the replacement guard is not the subject.
      confirmReplace: 'true',
    });
    return server.post(`/api/v1/submissions?${query}`, { 'content-type': options.type ?? 'text/csv' }, body);
  };
  /** Uploads, expects a refusal with the given status, and checks that nothing was stored. */
  const refused = async (body: string | Uint8Array, status: number, options: Parameters<typeof upload>[1] = {}) => {
    const before = await server.stored();
    const answer = await upload(body, options);
    const problem = expectProblem(answer.status, answer.contentType, answer.text, status);
    expect(await server.stored()).toEqual(before);
    return { problem, size: answer.text.length };
  };
  const header = recordFields.join(';');
  const line = (row: Record<string, string>) => recordFields.map((field) => row[field]).join(';');
  const healthy = async () => {
    const answer = await fetch(`${server.url}/api/v1/healthz`);
    expect(answer.status).toBe(200);
  };
  const requestHead = (extra: string[]) =>
    `${[
      'POST /api/v1/submissions?period=2025-H2 HTTP/1.1',
      'Host: 127.0.0.1',
      `Authorization: Bearer ${server.token}`,
      'Content-Type: text/csv',
      ...extra,
    ].join('\r\n')}\r\n\r\n`;
  const waitFor = async (condition: () => Promise<boolean>, ms = 8_000) => {
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 100)))
      if (await condition()) return true;
    return condition();
  };

  // ---- size and shape ----

  it('10,000 columns in a data row: 422 naming the row, the header being fine', async () => {
    const body = `${header}\r\n${line(validRow(1))}${';x'.repeat(10_000 - recordFields.length)}\r\n`;
    const { problem } = await refused(body, 422);
    expect(problem.report.errors).toEqual([expect.objectContaining({ row: 2, column: null, code: 'column_count' })]);
    expect(problem.report.errors[0].message.en).toContain('10000 values');
  });

  it('10,000 keys in a JSON record: 413 with the limit named', async () => {
    const record = { ...validRow(1), ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 'x'])) };
    const { problem } = await refused(JSON.stringify({ records: [record] }), 413, { type: 'application/json' });
    expect(problem.code).toBe('too_many_columns');
    expect(problem.message.nl).toContain('64');
  });

  it('10,000 columns in an XLSX header: 413 with the limit named', async () => {
    const wide = writeXlsx(
      Array.from({ length: 10_000 }, (_, i) => `c${i}`),
      [['1']],
    );
    const { problem } = await refused(wide, 413, { type: xlsxType });
    expect(problem.code).toBe('too_many_columns');
  });

  it('a zip bomb through the route (100 MB of zeros in 100 kB): 413 problem at once, nothing stored', async () => {
    // The parser's side (declared sizes, lying sizes, ratio, entries) is tested in xlsx.test.ts.
    const bomb = zipSync({
      '[Content_Types].xml': strToU8('<Types/>'),
      'xl/worksheets/sheet1.xml': [new Uint8Array(100 * MB), { level: 9 }],
    });
    expect(bomb.length).toBeLessThan(MB);
    const started = Date.now();
    const { problem } = await refused(bomb, 413, { type: xlsxType });
    expect(problem.code).toBe('xlsx_too_large');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('one 10 MB line without a newline: 422 for the header in row 1, the answer a few kB, nothing stored', async () => {
    const { problem, size } = await refused('x'.repeat(10 * MB), 422);
    expect(size).toBeLessThan(20_000);
    expect(problem.report.errors[0]).toMatchObject({ row: 1, code: 'unknown_column' });
    expect(problem.report.errors[0].column.length).toBeLessThanOrEqual(81); // a prefix, not 10 MB
    expect(problem.report.errors.filter((e: { code: string }) => e.code === 'missing_column')).toHaveLength(10);
    expect(problem.report.errors.every((e: { row: number }) => e.row === 1)).toBe(true);
  });

  it('a 10 MB cell on the last line, without a newline: the cell is refused by row and column, shortened', async () => {
    const { problem, size } = await refused(`${header}\r\n${line(validRow(1, { productCategory: '4'.repeat(10 * MB) }))}`, 422);
    expect(size).toBeLessThan(20_000);
    expect(problem.report.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'productCategory', code: 'product_category_not_in_region' }),
    ]);
    expect(problem.report.errors[0].value.length).toBeLessThanOrEqual(81);
  });

  it('a BSN in the header row (a data row pasted above it): refused in row 1, the BSN never repeated', async () => {
    // Found by the fuzzer (fuzz.test.ts): a header cell was echoed as "column" and in the message unmasked.
    const before = await server.stored();
    const answer = await upload(`111222333;T-1;${header}\r\n${line(validRow(1))}\r\n`);
    expect(answer.text).not.toContain('111222333');
    const problem = expectProblem(answer.status, answer.contentType, answer.text, 422);
    expect(problem.report.errors[0]).toMatchObject({ row: 1, column: '*********', code: 'unknown_column' });
    expect(await server.stored()).toEqual(before);
  });

  // ---- bytes that are not text ----

  it('a NUL byte near the top: 415 naming the line of the first NUL', async () => {
    const { problem } = await refused(`${header}\r\n${line(validRow(1, { goalAttainment: 'volledig\u0000' }))}\r\n`, 415);
    expect(problem.code).toBe('content_mismatch');
    expect(problem.message.nl).toContain('regel 2');
    expect(problem.message.en).toContain('line 2');
  });

  it('a NUL byte in a cell further down (CSV) or in a JSON string: 422 naming row, column and the character', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => line(validRow(i)));
    const csv = `${header}\r\n${rows.join('\r\n')}\r\n${line(validRow(99, { goalAttainment: 'volledig\u0000' }))}\r\n`;
    expect(csv.indexOf('\u0000')).toBeGreaterThan(4096); // past the part that is sniffed
    const { problem } = await refused(csv, 422);
    expect(problem.report.errors).toEqual([
      expect.objectContaining({ row: 42, column: 'goalAttainment', value: 'volledig\uFFFD', code: 'invisible_character' }),
    ]);
    expect(problem.report.errors[0].message.nl).toContain('U+0000');
    const json = await refused(JSON.stringify({ records: [validRow(1), validRow(2, { recordId: 'T-2\u0000' })] }), 422, {
      type: 'application/json',
    });
    expect(json.problem.report.errors).toEqual([expect.objectContaining({ row: 2, column: 'recordId', code: 'invisible_character' })]);
  });

  it('invalid UTF-8 sequences: read as Windows-1252, the cell refused by row and column; as JSON 400', async () => {
    const before = Buffer.from(`${header}\r\n${line(validRow(1))}\r\n${line(validRow(2, { goalAttainment: '@@' }))}\r\n`, 'utf8');
    const at = before.indexOf('@@');
    // A lone lead byte, an overlong "/", a UTF-8-encoded surrogate, a stray continuation byte.
    const bytes = Buffer.concat([
      before.subarray(0, at),
      Buffer.from([0x76, 0xc3, 0x28, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x80]),
      before.subarray(at + 2),
    ]);
    const dry = await upload(bytes, { dryRun: true });
    expect(dry.status).toBe(200);
    const body = JSON.parse(dry.text);
    expect(body.file.encoding).toBe('windows-1252');
    expect(body.report.errors).toEqual([expect.objectContaining({ row: 3, column: 'goalAttainment', code: 'goal_attainment_unknown' })]);
    await refused(bytes, 422);
    const json = await refused(
      Buffer.concat([Buffer.from('{"records":[{"recordId":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}]}')]),
      400,
      { type: 'application/json' },
    );
    expect(json.problem.code).toBe('malformed_json');
  });

  it('UTF-16 LE and BE with a byte order mark (Excel "Unicode text", tab-separated) are read; an error in them is placed by row and column', async () => {
    const text = csvOf([validRow(201), validRow(202, { ageAtStart: '99' })], { delimiter: '\t' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16(); // FF FE becomes FE FF: the BE byte order mark
    for (const [bytes, encoding] of [
      [le, 'utf-16le'],
      [be, 'utf-16be'],
    ] as const) {
      const answer = await upload(bytes, { dryRun: true });
      expect(answer.status).toBe(200);
      const body = JSON.parse(answer.text);
      expect(body.file).toMatchObject({ encoding, delimiter: '\t' });
      expect(body.report).toMatchObject({ rowCount: 2, acceptedRowCount: 1 });
      expect(body.report.errors).toEqual([expect.objectContaining({ row: 3, column: 'ageAtStart', code: 'age_range' })]);
      await refused(bytes, 422);
    }
  });

  it('UTF-16 LE and BE without a byte order mark: 415 saying to save as CSV UTF-8', async () => {
    const text = csvOf([validRow(203)]);
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le);
    be.swap16();
    for (const bytes of [le, be]) {
      const { problem } = await refused(bytes, 415);
      expect(problem.message.nl).toContain('UTF-16 zonder byte-order-mark');
      expect(problem.message.nl).toContain('CSV UTF-8');
    }
  });

  // ---- spreadsheet formulas ----

  it('formula payloads in cells and in the header: refused, never stored or logged, and the report CSV starts no cell with = + - @', async () => {
    const payloads = {
      goalAttainment: "=cmd|' /C calc'!A0",
      endReason: '+31(0)70-1234567',
      recordId: '@SUM(1+1)*cmd',
      careForm: '-2+3+cmd|x',
      productCode: '\t=1+1',
      youthFurtherHelp: '\r=1',
    };
    const csv = csvOf([validRow(301), validRow(302, payloads)], { header: [...recordFields, '=HYPERLINK("http://x.invalid","klik")'] });
    const { problem } = await refused(csv, 422);
    const cells = problem.report.errors.flatMap((e: { column: string; value: string }) => [e.column, e.value]);
    expect(cells).toEqual(
      expect.arrayContaining(['=HYPERLINK("http://x.invalid","klik")', "=cmd|' /C calc'!A0", '+31(0)70-1234567', '@SUM(1+1)*cmd']),
    );
    for (const language of ['nl', 'en'] as const) {
      const exported = reportCsv(problem.report.errors, language);
      // Split on the delimiter outside quotes; then no cell may start a formula.
      const exportedCells = [...exported.replace(/^\uFEFF/, '').matchAll(/(?:^|;|\r\n)("(?:[^"]|"")*"|[^;\r\n]*)/g)].map((m) =>
        m[1].replace(/^"|"$/g, ''),
      );
      expect(exportedCells.length).toBeGreaterThan(20);
      expect(exportedCells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    }
    const everything = JSON.stringify(
      await Promise.all(['submissions', 'outcome_records', 'access_log'].map((table) => db.sql`select * from ${db.sql(table)}`)),
    );
    expect(everything).not.toContain('cmd|');
    expect(captured.lines.join('\n')).not.toContain('cmd|');
  });

  it('a formula-like value that a field allows ("-A1" as recordId or productCode) is stored as data, unchanged', async () => {
    // The record patterns leave only a leading "-" with letters, digits, "." and "_": no function, no
    // DDE ("|", "!"). No CSV the portal writes holds record fields; the ones it writes (the report
    // above, the access log) neutralise every cell.
    const answer = await upload(csvOf([validRow(311, { recordId: '-A1', productCode: '-A1' })]), { fileName: 'formules.csv' });
    expect(answer.status).toBe(201);
    const [stored] = await db.sql`select record_id, product_code from outcome_records where record_id = '-A1'`;
    expect(stored).toEqual({ recordId: '-A1', productCode: '-A1' });
  });

  // ---- file names ----

  it('path tricks in the file name: only a safe base name is stored, and the name is never logged', async () => {
    const cases: Array<[string, string | null]> = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\windows\\system32\\drivers\\etc\\hosts', 'hosts'],
      ['evil\u0000.csv\u0000.exe', 'evil.csv.exe'],
      ['con.csv', '_con.csv'],
      ['LPT1', '_LPT1'],
      ['factuur\u202Evsc.exe', 'factuurvsc.exe'],
      ['\u2067aanlevering\u2069.csv', 'aanlevering.csv'],
      ['juli.csv:Zone.Identifier', 'juli.csv_Zone.Identifier'],
      ['aanlevering.csv. . .', 'aanlevering.csv'],
      ['../..', null],
      ['   ', null],
      [`${'a'.repeat(251)}.csv`, `${'a'.repeat(251)}.csv`],
    ];
    for (const [name, expected] of cases) expect([name, safeFileName(name)]).toEqual([name, expected]);
    const lines = captured.lines.length;
    for (const [i, [name, expected]] of cases.entries()) {
      const answer = await upload(csvOf([validRow(400 + i)]), { fileName: name });
      expect(answer.status).toBe(201);
      const { submission } = JSON.parse(answer.text);
      expect(submission.fileName).toBe(expected);
      const [row] = await db.sql`select file_name from submissions where id = ${submission.id}`;
      expect(row.fileName).toBe(expected);
    }
    const logged = captured.lines.slice(lines).join('\n');
    expect(logged).toContain('"route":"POST /api/v1/submissions"');
    for (const fragment of ['passwd', 'system32', 'evil', 'con.csv', '\\u202e', 'Zone.Identifier']) expect(logged).not.toContain(fragment);
  });

  it('a file name longer than 255 characters is refused with the limit named', async () => {
    const { problem } = await refused(csvOf([validRow(420)]), 422, { fileName: `${'a'.repeat(300)}.csv` });
    expect(problem.errors[0]).toMatchObject({ field: 'query.fileName', code: 'too_big' });
    expect(problem.errors[0].message.nl).toContain('255');
  });

  // ---- HTTP ----

  it('a Content-Length that is not a number (or negative, or absurd): 400 problem, connection closed, server healthy', async () => {
    const before = await server.stored();
    for (const length of ['abc', '12abc', '-1', '1e3', '99999999999999999999999', '10, 20']) {
      const exchange = await rawExchange(server.port, (write) =>
        write(requestHead([`Content-Length: ${length}`]) + csvOf([validRow(501)])),
      );
      const problem = expectProblem(exchange.status, exchange.headers['content-type'], exchange.body, 400);
      expect([length, problem.code]).toEqual([length, 'malformed_request']);
      expect(exchange.headers.connection).toBe('close');
      expect(exchange.closed).toBe(true);
    }
    expect(await server.stored()).toEqual(before);
    await healthy();
  });

  it('a Host header that is no host: 400 problem instead of a bare 400', async () => {
    const exchange = await rawExchange(server.port, (write) =>
      write(requestHead(['Content-Length: 0', 'Connection: close']).replace('Host: 127.0.0.1', 'Host: exa mple/../x')),
    );
    expect(expectProblem(exchange.status, exchange.headers['content-type'], exchange.body, 400).code).toBe('malformed_request');
    await healthy();
  });

  it('Content-Length and Transfer-Encoding together (request smuggling): 400 problem, connection closed', async () => {
    const body = csvOf([validRow(502)]);
    const exchange = await rawExchange(server.port, (write) =>
      write(
        requestHead([`Content-Length: ${body.length}`, 'Transfer-Encoding: chunked']) +
          `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      ),
    );
    const problem = expectProblem(exchange.status, exchange.headers['content-type'], exchange.body, 400);
    expect(problem.message.en).toContain('Transfer-Encoding');
    expect(exchange.closed).toBe(true);
    await healthy();
  });

  it('a Content-Length larger than the body, the client then waiting: 408 at the request timeout, the attempt logged, nothing stored', async () => {
    const before = await server.stored();
    const events = await server.uploadEvents();
    const body = csvOf([validRow(503)]);
    const exchange = await rawExchange(server.port, (write) => write(requestHead([`Content-Length: ${body.length + 1000}`]) + body));
    const problem = expectProblem(exchange.status, exchange.headers['content-type'], exchange.body, 408);
    expect(problem.code).toBe('request_timeout');
    expect(exchange.closed).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(timeouts.requestTimeoutMs + 3_000);
    expect(await waitFor(async () => (await server.uploadEvents()) === events + 1)).toBe(true);
    const [event] = await db.sql`select result, details from access_log where action like 'submission.%' order by seq desc limit 1`;
    expect(event).toMatchObject({ result: 'error', details: { refused: 'request_incomplete' } });
    expect(await server.stored()).toEqual(before);
    await healthy();
  });

  it('a Content-Length larger than the body, the client then closing its side: 400 request_incomplete', async () => {
    const before = await server.stored();
    const body = csvOf([validRow(504)]);
    const exchange = await rawExchange(server.port, (write, socket) => {
      write(requestHead([`Content-Length: ${body.length + 1000}`]) + body);
      setTimeout(() => socket.end(), 200);
    });
    const problem = expectProblem(exchange.status, exchange.headers['content-type'], exchange.body, 400);
    expect(problem.code).toBe('request_incomplete');
    expect(exchange.elapsedMs).toBeLessThan(3_000);
    expect(await server.stored()).toEqual(before);
    await healthy();
  });

  it('a Content-Length smaller than the body: the answer is for the bytes announced (422, the cut row named), then the connection closes', async () => {
    const before = await server.stored();
    const body = csvOf([validRow(505), validRow(506)]);
    const cut = body.length - 40; // inside the last row
    const exchange = await rawExchange(server.port, (write) => write(requestHead([`Content-Length: ${cut}`]) + body));
    const problem = expectProblem(exchange.status, exchange.headers['content-type'], exchange.body, 422);
    expect(problem.report.rejectedRows).toEqual([3]);
    expect(exchange.headers.connection).toBe('close');
    expect(exchange.closed).toBe(true);
    expect(await server.stored()).toEqual(before);
    await healthy();
  });

  it('a chunked body without length beyond the limit: 413 while the client is still sending, nothing stored', async () => {
    const before = await server.stored();
    const started = Date.now();
    const chunk = Buffer.alloc(256 * 1024, 'x');
    const { status, contentType, text } = await new Promise<{ status: number; contentType: string; text: string }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: '/api/v1/submissions?period=2025-H2',
          agent: false,
          headers: { authorization: `Bearer ${server.token}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (data: Buffer) => chunks.push(data));
          response.on('end', () =>
            resolve({
              status: response.statusCode!,
              contentType: response.headers['content-type'] ?? '',
              text: Buffer.concat(chunks).toString(),
            }),
          );
          response.on('error', () =>
            resolve({
              status: response.statusCode!,
              contentType: response.headers['content-type'] ?? '',
              text: Buffer.concat(chunks).toString(),
            }),
          );
        },
      );
      request.on('error', (error) =>
        (error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE'
          ? undefined
          : reject(error),
      );
      // Up to 1 GB, as fast as the socket takes it: the server must answer long before.
      let sent = 0;
      const pump = () => {
        while (!request.destroyed && sent < 1024 * MB) {
          sent += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
      };
      pump();
    });
    const problem = expectProblem(status, contentType, text, 413);
    expect(problem).toMatchObject({ code: 'payload_too_large', limitBytes: 12 * MB });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await server.stored()).toEqual(before);
    await healthy();
  });

  it('a chunked body within the limit is read like any other; one cut off half-way is refused and logged, not a 500', async () => {
    const body = csvOf([validRow(508), validRow(509)]);
    const whole = await rawExchange(server.port, (write) =>
      write(
        requestHead(['Transfer-Encoding: chunked', 'Connection: close']).replace('period=2025-H2', 'period=2025-H2&dryRun=true') +
          `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      ),
    );
    expect(whole.status).toBe(200);
    expect(JSON.parse(whole.body).report).toMatchObject({ rowCount: 2, acceptedRowCount: 2 });
    const before = await server.stored();
    const events = await server.uploadEvents();
    const cut = await rawExchange(server.port, (write, socket) => {
      write(`${requestHead(['Transfer-Encoding: chunked'])}${(body.length * 2).toString(16)}\r\n${body}`);
      setTimeout(() => socket.end(), 200);
    });
    expect(expectProblem(cut.status, cut.headers['content-type'], cut.body, 400).code).toBe('request_incomplete');
    expect(await waitFor(async () => (await server.uploadEvents()) === events + 1)).toBe(true);
    const [event] = await db.sql`select result, details from access_log where action like 'submission.%' order by seq desc limit 1`;
    expect(event).toMatchObject({ result: 'error', details: { refused: 'request_incomplete' } });
    expect(await server.stored()).toEqual(before);
  });

  it('slowloris on the headers: 408 at the header timeout, connection closed', async () => {
    const exchange = await rawExchange(server.port, (write, socket) => {
      write('POST /api/v1/submissions?period=2025-H2 HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      const timer = setInterval(() => write('X'), 200); // one byte of a header name at a time, forever
      socket.on('close', () => clearInterval(timer));
    });
    const problem = expectProblem(exchange.status, exchange.headers['content-type'], exchange.body, 408);
    expect(problem.code).toBe('request_timeout');
    expect(exchange.closed).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(timeouts.headersTimeoutMs + 3_000);
    await healthy();
  });

  it('slowloris on the body: 408 at the request timeout, the attempt logged as refused, nothing stored', async () => {
    const before = await server.stored();
    const events = await server.uploadEvents();
    const body = csvOf([validRow(507)]);
    const exchange = await rawExchange(server.port, (write, socket) => {
      write(requestHead([`Content-Length: ${body.length}`]));
      let at = 0;
      const timer = setInterval(() => (at < body.length ? write(body[at++]) : undefined), 100); // 10 bytes a second
      socket.on('close', () => clearInterval(timer));
    });
    const problem = expectProblem(exchange.status, exchange.headers['content-type'], exchange.body, 408);
    expect(problem.message.nl).toContain('niets opgeslagen');
    expect(exchange.closed).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(timeouts.requestTimeoutMs + 3_000);
    expect(await waitFor(async () => (await server.uploadEvents()) === events + 1)).toBe(true);
    expect(await server.stored()).toEqual(before);
    await healthy();
  });

  it('the production server cuts off slow clients too: finite header and request timeouts, checked often', () => {
    const production = createHttpServer(() => new Response(null));
    expect(production.headersTimeout).toBe(defaultHttpTimeouts.headersTimeoutMs);
    expect(production.requestTimeout).toBe(defaultHttpTimeouts.requestTimeoutMs);
    expect(production.keepAliveTimeout).toBe(defaultHttpTimeouts.keepAliveTimeoutMs);
    expect(defaultHttpTimeouts.headersTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(defaultHttpTimeouts.requestTimeoutMs).toBeLessThanOrEqual(300_000);
    expect(defaultHttpTimeouts.checkIntervalMs).toBeLessThanOrEqual(5_000);
  });

  it('ended no request of this suite in an internal error', () => {
    expect(captured.lines.filter((entry) => /"level":50|"status":5\d\d/.test(entry))).toEqual([]);
  });
});
