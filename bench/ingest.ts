import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startPostgresCluster } from '../test/support/global-setup.ts';
import { unusedTotpCode } from '../test/support/totp.ts';

/**
 * Upload throughput: 100,000 valid rows as one CSV through HTTP into the real server process, on a
 * real PostgreSQL and on the embedded one; beside it the physical floor, a bare COPY of the same
 * rows into the same table on the real PostgreSQL. Peak RSS is the server's VmHWM during the upload.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const rowCount = Number(process.env.BENCH_ROWS ?? 100_000);
const period = '2026-H1';

function startApi(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const m = output.match(/running at (http:\/\/\S+)/);
      if (m) {
        clearInterval(poll);
        resolve({ child, url: m[1], output: () => output });
      }
    }, 20);
    child.once('exit', (code) => reject(new Error(`api exited ${code}: ${output}`)));
  });
}

async function stopApi(api: { child: ChildProcess }) {
  api.child.kill('SIGTERM');
  await new Promise((r) => api.child.once('exit', r));
}

/** Peak resident set of a process so far (Linux). */
function peakRssMb(pid: number): number {
  const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return match ? Number(match[1]) / 1024 : NaN;
}

function rows(agb: string): string[][] {
  return Array.from({ length: rowCount }, (_, i) => [
    `B-${i}`,
    `p1:${createHmac('sha256', 'bench').update(String(i)).digest('hex')}`,
    agb,
    i % 2 ? '0518' : '0503',
    '45',
    '',
    '02',
    '2025-11-05',
    `2026-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, '0')}`,
    String(i % 24),
    ['01', '02', '03', '99'][i % 4],
    ['volledig', 'gedeeltelijk', 'niet', 'onbekend'][i % 4],
    String(1 + (i % 10)),
    '',
    ['01', '02', '03', '04'][i % 4],
    '',
  ]);
}

const header =
  'recordId;clientPseudonym;providerAgb;municipalityCode;productCategory;productCode;careForm;startDate;endDate;ageAtStart;endReason;goalAttainment;youthUsefulness;parentUsefulness;youthFurtherHelp;parentFurtherHelp';

async function uploadRun(label: string, env: Record<string, string>) {
  let api = await startApi(env); // first start loads the demo region
  await stopApi(api);
  api = await startApi(env); // measured process: no demo loading in its peak memory
  try {
    const line = api
      .output()
      .split('\n')
      .find((l) => l.includes('aanbieder@demo'))!;
    const [, email, password, , , secret] = line.trim().split(/\s+/);
    const login = await fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, totp: unusedTotpCode(secret) }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    const me = await (await fetch(`${api.url}/api/v1/me`, { headers: { cookie } })).json();
    const csv = `${header}\n${rows(me.organisation.code)
      .map((r) => r.join(';'))
      .join('\n')}\n`;
    const rssBefore = peakRssMb(api.child.pid!);
    const started = performance.now();
    // Confirmed: the bench measures a commit, not the replacement guard (it may replace with fewer rows).
    const response = await fetch(`${api.url}/api/v1/submissions?period=${period}&confirmReplace=true`, {
      method: 'POST',
      headers: { cookie, 'x-portal-request': '1', 'content-type': 'text/csv' },
      body: csv,
    });
    const body = await response.json();
    const seconds = (performance.now() - started) / 1000;
    if (response.status !== 201)
      throw new Error(
        `upload failed: ${response.status} ${JSON.stringify(body.report?.errorsByCode ?? body).slice(0, 500)} ${JSON.stringify(body.errors?.[0])}`,
      );
    const peak = peakRssMb(api.child.pid!);
    console.log(
      `  ${label.padEnd(22)} ${Math.round(rowCount / seconds)
        .toLocaleString('en')
        .padStart(8)} rows/s  ${seconds.toFixed(2)} s  ` +
        `peak RSS ${peak.toFixed(0)} MB (before upload ${rssBefore.toFixed(0)} MB)  stored ${body.submission.recordCount}  file ${(csv.length / 1024 / 1024).toFixed(1)} MB`,
    );
    return seconds;
  } finally {
    await stopApi(api);
  }
}

async function copyFloor(databaseUrl: string): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const [provider] = await sql`select id, code, region_code from organisations where kind = 'provider' order by id limit 1`;
    const [submission] =
      await sql`insert into submissions (region_code, provider_id, period_code, version, status, record_count, file_sha256, content_type)
      values (${provider.region_code}, ${provider.id}, ${period}, 999, 'replaced', ${rowCount}, ${'0'.repeat(64)}, 'text/csv') returning id`;
    const text = `${rows(provider.code)
      .map(
        (r, i) =>
          [
            submission.id,
            provider.region_code,
            provider.id,
            period,
            r[0],
            `v1:${createHmac('sha256', 'k2').update(r[1]).digest('hex')}`,
            ...r.slice(2),
          ]
            .map((v, j) => (v === '' && j > 8 ? '\\N' : v))
            .join('\t') + (i === 0 ? '' : ''),
      )
      .join('\n')}\n`;
    const started = performance.now();
    const stream =
      await sql`copy outcome_records (submission_id, region_code, provider_id, period_code, record_id, client_pseudonym, provider_agb,
      municipality_code, product_category, product_code, care_form, start_date, end_date, age_at_start, end_reason, goal_attainment,
      youth_usefulness, parent_usefulness, youth_further_help, parent_further_help) from stdin`.writable();
    await new Promise<void>((resolve, reject) => {
      stream.once('error', reject);
      stream.once('finish', resolve);
      stream.end(text);
    });
    const seconds = (performance.now() - started) / 1000;
    await sql`delete from outcome_records where submission_id = ${submission.id}`;
    await sql`delete from submissions where id = ${submission.id}`;
    return seconds;
  } finally {
    await sql.end();
  }
}

const cluster = await startPostgresCluster();
try {
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  await admin.unsafe('create database bench_ingest');
  await admin.end();
  const databaseUrl = cluster.url.replace(/\/postgres$/, '/bench_ingest');
  console.log(`ingest: ${rowCount.toLocaleString('en')} valid rows as one CSV upload through HTTP (validate, re-key, store, replace)`);
  const real = await uploadRun('real PostgreSQL', {
    DATABASE_URL: databaseUrl,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-bench-ingest-')),
    DEMO: 'true',
    COOKIE_SECURE: 'false',
  });
  const floor = await copyFloor(databaseUrl);
  console.log(
    `  ${'bare COPY (floor)'.padEnd(22)} ${Math.round(rowCount / floor)
      .toLocaleString('en')
      .padStart(8)} rows/s  ${floor.toFixed(2)} s  (same rows, same table, real PostgreSQL)`,
  );
  console.log(`  end-to-end / floor on real PostgreSQL: ${(real / floor).toFixed(2)}x (goal: within 2x)`);
  await uploadRun('embedded (PGlite)', { DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-bench-ingest-')), COOKIE_SECURE: 'false' });
} finally {
  await cluster.stop();
}
