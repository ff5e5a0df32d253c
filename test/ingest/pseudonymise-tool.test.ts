import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pseudonymiseBsn, rekeyPseudonym } from '../../api/src/ingest/pseudonymise.ts';
import { decodeCsvBytes, detectDelimiter } from '../../api/src/ingest/pseudonymise-tool.ts';
import {
  importK1,
  KeyFileError,
  maskBsnValue,
  normaliseBsn,
  pseudonymiseBsnWeb,
  pseudonymiseTable,
} from '../../schemas/pseudonymise-web.ts';
import vectorFile from '../fixtures/pseudonym-vectors.json' with { type: 'json' };
import { projectRoot, runToEnd, tsxBin } from '../support/process.ts';

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, 'hex'));
const k1 = fromHex(vectorFile.k1Hex);
const k2 = fromHex(vectorFile.k2Hex);
const vectors: { bsn: string; normalised?: string; p1: string; v1: string }[] = vectorFile.vectors;
const p1Of = (bsn: string) => vectors.find((vector) => vector.bsn === bsn)!.p1;

describe('shared test vectors (test/fixtures/pseudonym-vectors.json)', () => {
  it('uses the SPEC §4.1 keys and published values, with at least five vectors and an 8-digit one', () => {
    expect(vectorFile.k1Hex).toBe(Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('hex'));
    expect(vectorFile.k2Hex).toBe(Buffer.from(Array.from({ length: 32 }, (_, i) => 0x20 + i)).toString('hex'));
    expect(vectors.length).toBeGreaterThanOrEqual(5);
    expect(vectors.some((vector) => /^[0-9]{8}$/.test(vector.bsn))).toBe(true);
    expect(p1Of('111222333')).toBe('p1:72ec6a98fbb4af004672ee86be6a65d8850707a9fc2ece48f23c20f4e0400736');
    expect(p1Of('123456782')).toBe('p1:2e06675773a995ab8fd023ef3b6a1afb89dcff62212a95bf5efb480472b6fa64');
    expect(vectors[0].v1).toBe('v1:c84154bb14aa2e5daa8edd1f0846d5ecfd2ba2d1a15f8360e839566f02bfb784');
  });

  it.each(vectors)('normalises $bsn, and the Node and Web Crypto implementations both give its p1 (and v1)', async (vector) => {
    const normalised = normaliseBsn(vector.bsn);
    expect(normalised).toEqual({ ok: true, bsn: vector.normalised ?? vector.bsn });
    const bsn = (normalised as { bsn: string }).bsn;
    expect(pseudonymiseBsn(k1, bsn)).toBe(vector.p1);
    expect(await pseudonymiseBsnWeb(await importK1(vectorFile.k1Hex), bsn)).toBe(vector.p1);
    expect(await pseudonymiseBsnWeb(await importK1(`${vectorFile.k1Hex.toUpperCase()}\r\n`), bsn)).toBe(vector.p1);
    expect(rekeyPseudonym([k2], vector.p1)).toBe(vector.v1);
  });
});

describe('normaliseBsn', () => {
  it.each([
    [' 111222333 ', '111222333'],
    ['111 222 333', '111222333'],
    ['111.222.333', '111222333'],
    ['\u00a0123456782\t', '123456782'],
    ['12345672', '012345672'],
    ['12.345.672', '012345672'],
  ])('accepts %j as %s', (raw, bsn) => {
    expect(normaliseBsn(raw)).toEqual({ ok: true, bsn });
  });

  it.each([
    ['', 'bsn_not_9_digits'],
    ['1234567', 'bsn_not_9_digits'],
    ['1112223330', 'bsn_not_9_digits'],
    ['12345672.0', 'bsn_not_9_digits'],
    ['1,11222E+08', 'bsn_not_9_digits'],
    ['111-222-333', 'bsn_not_9_digits'],
    ['111222334', 'bsn_elfproef'],
    ['123456789', 'bsn_elfproef'],
    ['999999999', 'bsn_placeholder'],
    ['000000000', 'bsn_placeholder'],
    ['00000000', 'bsn_placeholder'],
  ])('refuses %j with %s, and the message says how to fix it without repeating the value', (raw, code) => {
    const result = normaliseBsn(raw);
    expect(result).toMatchObject({ ok: false, code });
    if (result.ok) return;
    expect(result.message.nl.length).toBeGreaterThan(20);
    expect(result.message.en.length).toBeGreaterThan(20);
    const digits = raw.replace(/[^0-9]/g, '');
    if (digits.length >= 4) {
      expect(result.message.nl).not.toContain(digits);
      expect(result.message.en).not.toContain(digits);
    }
  });

  it('masks every digit of a refused value', () => {
    expect(maskBsnValue(' 111-222-334 ')).toBe('***-***-***');
    expect(maskBsnValue('')).toBe('(leeg/empty)');
  });
});

describe('importK1', () => {
  it('refuses a key file that is not 64 hex characters, says what is expected, and does not echo it', async () => {
    for (const text of ['abc', `${vectorFile.k1Hex}00`, `${vectorFile.k1Hex.slice(0, 62)}zz`]) {
      const error = await importK1(text).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(KeyFileError);
      expect((error as KeyFileError).localized.en).toMatch(/expected 64 hexadecimal characters/);
      expect((error as KeyFileError).localized.nl).toMatch(/64 hexadecimale tekens/);
      expect((error as KeyFileError).message).not.toContain(text);
    }
  });
});

describe('pseudonymiseTable', () => {
  it('replaces the bsn column (any case, spaces around) by clientPseudonym in the same position', async () => {
    const key = await importK1(vectorFile.k1Hex);
    const table = await pseudonymiseTable(
      ['recordId', ' BSN ', 'endDate'],
      [
        ['R1', '111222333', '2025-03-01'],
        ['', '', ''],
        ['R2', '12345672', '2025-04-01'],
      ],
      key,
    );
    expect(table).toEqual({
      header: ['recordId', 'clientPseudonym', 'endDate'],
      rows: [
        ['R1', p1Of('111222333'), '2025-03-01'],
        ['R2', p1Of('12345672'), '2025-04-01'],
      ],
      errors: [],
    });
  });

  it('reports every bad BSN with its row as Excel shows it (header = row 1) and gives no rows back', async () => {
    const key = await importK1(vectorFile.k1Hex);
    const table = await pseudonymiseTable(
      ['recordId', 'bsn'],
      [['R1', '111222333'], [''], ['R3', '111222334'], ['R4', '999999999'], ['R5']],
      key,
    );
    expect(table.rows).toEqual([]);
    expect(table.errors.map(({ row, column, code, maskedValue }) => ({ row, column, code, maskedValue }))).toEqual([
      { row: 4, column: 'bsn', code: 'bsn_elfproef', maskedValue: '*********' },
      { row: 5, column: 'bsn', code: 'bsn_placeholder', maskedValue: '*********' },
      { row: 6, column: 'bsn', code: 'bsn_not_9_digits', maskedValue: '(leeg/empty)' },
    ]);
    expect(JSON.stringify(table)).not.toContain('111222334');
  });

  it.each([
    [['recordId', 'endDate'], 'bsn_column_missing'],
    [['recordId', 'clientPseudonym'], 'bsn_column_missing'],
    [['bsn', 'recordId', 'Bsn'], 'bsn_column_duplicate'],
    [['bsn', 'clientPseudonym'], 'client_pseudonym_column_present'],
  ])('refuses the header %j with %s (row 1)', async (header, code) => {
    const table = await pseudonymiseTable(header, [header.map(() => '111222333')], await importK1(vectorFile.k1Hex));
    expect(table.rows).toEqual([]);
    expect(table.errors).toMatchObject([{ row: 1, code }]);
  });
});

describe('reading exported files', () => {
  it('decodes UTF-8 with and without BOM, UTF-16 with BOM, and Windows-1252 otherwise', () => {
    expect(decodeCsvBytes(Buffer.from('\ufeffcafé', 'utf8'))).toEqual({ text: 'café', encoding: 'utf-8' });
    expect(decodeCsvBytes(Buffer.from('café', 'utf8'))).toEqual({ text: 'café', encoding: 'utf-8' });
    expect(decodeCsvBytes(Buffer.from('\ufeffcafé', 'utf16le'))).toEqual({ text: 'café', encoding: 'utf-16le' });
    expect(decodeCsvBytes(Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x96, 0x20, 0x80]))).toEqual({
      text: 'café – €',
      encoding: 'windows-1252',
    });
  });

  it('detects the delimiter from the header line', () => {
    expect(detectDelimiter('recordId;bsn;naam, voornaam\n1,2')).toBe(';');
    expect(detectDelimiter('recordId,bsn,"a;b"\n')).toBe(',');
    expect(detectDelimiter('recordId\tbsn\n')).toBe('\t');
  });
});

describe('npm run portal -- pseudonymise --key K1FILE', () => {
  let dir: string;
  let keyFile: string;
  // Settings that would make loadConfig() throw: the filter must not need the portal's configuration.
  const brokenPortalEnv = { PORT: 'not-a-port', DATABASE_URL: 'nonsense', PSEUDONYM_KEY_FILE: '' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pseudonymise-tool-'));
    keyFile = join(dir, 'k1.hex');
    await writeFile(keyFile, `${vectorFile.k1Hex}\n`);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function runFilter(args: string[], input: Uint8Array) {
    return new Promise<{ code: number | null; stdout: Buffer; stderr: string }>((resolve, reject) => {
      const child = spawn(tsxBin, ['api/src/cli.ts', 'pseudonymise', ...args], {
        cwd: projectRoot,
        env: { ...process.env, ...brokenPortalEnv },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      child.stdin.on('error', () => {}); // the tool may exit before reading everything
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr }));
      child.stdin.end(input);
    });
  }

  /** Windows-1252 bytes for the few non-ASCII characters used here. */
  function windows1252(text: string): Buffer {
    const high: Record<string, number> = { é: 0xe9, '–': 0x96, '€': 0x80 };
    return Buffer.from(Array.from(text, (char) => high[char] ?? char.charCodeAt(0)));
  }

  it('turns a semicolon Windows-1252 export into UTF-8 with clientPseudonym in the bsn column’s place', async () => {
    const input = windows1252('recordId;BSN;naam instelling\r\nR1;111222333;Zorg – Café\r\nR2; 12345672 ;Jeugd €\r\n;;\r\n');
    const result = await runFilter(['--key', keyFile], input);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(
      `recordId;clientPseudonym;naam instelling\r\nR1;${p1Of('111222333')};Zorg – Café\r\nR2;${p1Of('12345672')};Jeugd €\r\n`,
    );
  });

  it('keeps the comma of a UTF-8 file with BOM, and quoting where a cell needs it', async () => {
    const input = Buffer.from(`\ufeffbsn,recordId,opmerking\n123456782,R1,"Café, Den Haag"\n999999990,R2,x\n`, 'utf8');
    const result = await runFilter(['--key', keyFile], input);
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(
      `clientPseudonym,recordId,opmerking\n${p1Of('123456782')},R1,"Café, Den Haag"\n${p1Of('999999990')},R2,x\n`,
    );
  });

  it('maps an export with its own columns (--mapping, as the upload page saves it): unmapped columns and the birth date left out, the age derived', async () => {
    const mappingFile = join(dir, 'mapping.json');
    await writeFile(
      mappingFile,
      JSON.stringify({
        mapping: {
          columns: {
            recordId: 'Trajectnummer',
            bsn: 'Burgerservicenummer',
            providerAgb: 'AGB',
            municipalityCode: 'Gemeente',
            productCategory: 'Categorie',
            startDate: 'Start',
            endDate: 'Einde',
            endReason: 'Reden',
            goalAttainment: 'Doel',
          },
          birthDateColumn: 'Geboortedatum',
          values: { endReason: { '3': '03' } },
        },
        updatedAt: '2026-12-08T10:00:00.000Z',
      }),
    );
    const input = Buffer.from(
      'Trajectnummer;Naam;Burgerservicenummer;AGB;Gemeente;Categorie;Start;Einde;Geboortedatum;Reden;Doel\r\nR1;Jan Jansen;123456782;98000010;0518;45;2025-03-01;2025-09-30;12-05-2012;3;niet\r\n',
      'utf8',
    );
    const result = await runFilter(['--key', keyFile, '--mapping', mappingFile], input);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(
      'clientPseudonym;recordId;providerAgb;municipalityCode;productCategory;startDate;endDate;endReason;goalAttainment;ageAtStart\r\n' +
        `${p1Of('123456782')};R1;98000010;0518;45;2025-03-01;2025-09-30;03;niet;12\r\n`,
    );
    // A mapping file that is not one: exit 2, naming where it is wrong.
    await writeFile(mappingFile, JSON.stringify({ columns: { clientName: 'Naam' } }));
    const refused = await runFilter(['--key', keyFile, '--mapping', mappingFile], input);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('klopt niet (bij columns)');
    expect(refused.stdout.length).toBe(0);
  });

  it('reads a tab-separated file', async () => {
    const result = await runFilter(['--key', keyFile], Buffer.from('recordId\tbsn\nR1\t100000009\n', 'utf8'));
    expect(result.code).toBe(0);
    expect(result.stdout.toString('utf8')).toBe(`recordId\tclientPseudonym\nR1\t${p1Of('100000009')}\n`);
  });

  it('writes nothing when one BSN is wrong, lists every problem with row and masked value, and never prints a BSN', async () => {
    const input = Buffer.from('recordId;bsn\nR1;111222333\nR2;111222334\nR3;123456782\nR4;999999999\n', 'utf8');
    const result = await runFilter(['--key', keyFile], input);
    expect(result.code).toBe(1);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr).toMatch(/\[bsn_elfproef\] rij 3, kolom "bsn", waarde \*{9}: .*elfproef/);
    expect(result.stderr).toMatch(/row 3, column "bsn", value \*{9}: .*elfproef/);
    expect(result.stderr).toMatch(/\[bsn_placeholder\] rij 5, kolom "bsn", waarde \*{9}: /);
    for (const bsn of ['111222333', '111222334', '123456782', '999999999']) expect(result.stderr).not.toContain(bsn);
    expect(result.stderr).not.toContain(vectorFile.k1Hex);
  });

  it('stops with a usage error (exit 2) when --key is missing, without needing the portal configuration', async () => {
    const result = await runToEnd(tsxBin, ['api/src/cli.ts', 'pseudonymise'], brokenPortalEnv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--key K1FILE');
    expect(result.stderr).not.toMatch(/Invalid configuration/);
  });

  it('stops with exit 2 on an unreadable or malformed key file, without echoing the key file', async () => {
    const missing = await runFilter(['--key', join(dir, 'nope.hex')], Buffer.from('bsn\n111222333\n'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read the K1 key file .*nope\.hex \(ENOENT\)/);

    const shortKey = join(dir, 'short.hex');
    await writeFile(shortKey, 'deadbeefcafe\n');
    const malformed = await runFilter(['--key', shortKey], Buffer.from('bsn\n111222333\n'));
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toMatch(/expected 64 hexadecimal characters/);
    expect(malformed.stderr).not.toContain('deadbeefcafe');
    expect(malformed.stdout.length).toBe(0);
  });

  it.each([
    ['without a bsn column', 'recordId;endDate\nR1;2025-01-01\n', /no "bsn" column/],
    ['with clientPseudonym next to bsn', 'bsn;clientPseudonym\n111222333;x\n', /already has a "clientPseudonym" column/],
    ['that is empty', '', /No input arrived/],
  ])('stops with exit 2 on a file %s', async (_, csv, message) => {
    const result = await runFilter(['--key', keyFile], Buffer.from(csv, 'utf8'));
    expect(result.code).toBe(2);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: npm run -s portal -- pseudonymise --key K1FILE');
    expect(result.stderr).not.toContain('111222333');
  });
});
