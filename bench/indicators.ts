import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, get as httpGet } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { computeCountsByProvider } from '../api/src/indicators/aggregate.ts';
import { indicatorIds } from '../schemas/indicators.ts';
import { refreshProviderPeriod, refreshRegion } from '../api/src/indicators/refresh.ts';
import { startPostgresCluster } from '../test/support/global-setup.ts';
import { halfYears, loadSynthetic } from './synthetic-data.ts';
import { unusedTotpCode } from '../test/support/totp.ts';

/**
 * Indicator reads at national scale (issue: funnel and indicator p95 ≤ 50 ms, refresh after a
 * submission ≤ 2 s on a real PostgreSQL; p95 ≤ 100 ms on the embedded database with one region).
 *
 * 1. Real PostgreSQL: the API starts once with DEMO=true (migrations + demo region H10 and its
 *    accounts), then BENCH_REGIONS regions (H10 + synthetic ones) × 200 providers × 10 product
 *    categories × 10 half-years (2021-H2 … 2026-H1), 5,000,000 records at 42 regions, are
 *    generated in SQL; indicator_cells filled with refreshRegion per region; analyze.
 * 2. The API again: the demo provider commits a 1,000-row CSV for 2026-H1 (request time), and
 *    refreshProviderPeriod alone is timed inside a rolled-back transaction.
 * 3. The demo contract manager: 8 concurrent clients for BENCH_SECONDS each against
 *    GET /indicators and GET /comparisons/funnel for H10, 2026-H1, category 45.
 * 4. Embedded PGlite: a fresh DATA_DIR (demo region), topped up to ~30,000 records, same load.
 *
 * BENCH_REGIONS (42), BENCH_SECONDS (15), BENCH_CONCURRENCY (8), BENCH_EMBEDDED_RECORDS (30,000);
 * BENCH_CPU_PROF: a directory for V8 CPU profiles of the API processes, written at their exit.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const regionCount = Math.max(1, Math.min(42, Number(process.env.BENCH_REGIONS ?? 42)));
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 8);
const providersPerRegion = 200;
const nationalRecords = 5_000_000;
const nationalRegions = 42;
const embeddedTarget = Number(process.env.BENCH_EMBEDDED_RECORDS ?? 30_000);
const period = '2026-H1';
const category = '45';
const paths = {
  indicators: `/indicators?period=${period}&productCategory=${category}`,
  funnel: `/comparisons/funnel?period=${period}&productCategory=${category}&indicator=dropout`,
};

class RollbackSentinel extends Error {}

type Api = { child: ChildProcess; url: string; output: () => string };

function startApi(env: Record<string, string>): Promise<Api> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'api/src/main.ts'], {
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
    child.once('exit', (code) => {
      clearInterval(poll);
      reject(new Error(`api exited ${code}: ${output}`));
    });
  });
}

async function stopApi(api: Api) {
  if (api.child.exitCode !== null) return;
  const exited = new Promise((r) => api.child.once('exit', r));
  api.child.kill('SIGTERM');
  await exited;
}

async function login(api: Api, emailPrefix: string): Promise<string> {
  const line = api
    .output()
    .split('\n')
    .find((l) => l.includes(`${emailPrefix}@demo`));
  if (!line) throw new Error(`no demo account ${emailPrefix} in the start output`);
  const [, email, password, , , secret] = line.trim().split(/\s+/);
  const response = await fetch(`${api.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, totp: unusedTotpCode(secret) }),
  });
  if (response.status !== 200) throw new Error(`login ${email} failed: ${response.status} ${await response.text()}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  requests: number;
  errors: number;
  loadAvg: number[];
}

/**
 * One GET on a kept-alive connection, timed to the last byte of the answer as a browser receives
 * it (gzip accepted). Like autocannon or wrk, the generator does not decompress: it shares the two
 * CPUs with the API and the database, and inflating 300 KB per answer is the browser's work, on
 * another machine. (shapeOf reads the same answers decoded, to show what they hold.)
 */
function timedGet(url: URL, cookie: string, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const request = httpGet(url, { agent, headers: { cookie, 'accept-encoding': 'gzip' } }, (response) => {
      response.on('data', () => {});
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', () => resolve(0));
    });
    request.on('error', () => resolve(0));
  });
}

/** `clients` clients, each asking for `next()` until it answers undefined; timed as timedGet. */
async function drive(base: string, cookie: string, clients: number, next: () => string | undefined): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let path = next(); path !== undefined; path = next()) {
        const t = performance.now();
        if ((await timedGet(new URL(base + path), cookie, agent)) !== 200) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  agent.destroy();
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return {
    rps: latencies.length / elapsed,
    p50: pct(0.5),
    p95: pct(0.95),
    p99: pct(0.99),
    max: latencies[latencies.length - 1],
    requests: latencies.length,
    errors,
    loadAvg: loadavg(),
  };
}

/** The same path over and over for `duration` seconds. */
function load(base: string, path: string, cookie: string, duration: number, clients = concurrency): Promise<LoadResult> {
  const deadline = performance.now() + duration * 1000;
  return drive(base, cookie, clients, () => (performance.now() < deadline ? path : undefined));
}

/** What one response holds, to show the reads are the intended size. */
async function shapeOf(base: string, cookie: string) {
  const indicators = await (await fetch(base + paths.indicators, { headers: { cookie } })).json();
  const funnel = await (await fetch(base + paths.funnel, { headers: { cookie } })).json();
  if (!Array.isArray(indicators.rows) || !Array.isArray(funnel.points))
    throw new Error(`unexpected responses: ${JSON.stringify(indicators).slice(0, 300)} ${JSON.stringify(funnel).slice(0, 300)}`);
  const shown = funnel.points.filter((p: { suppressed: boolean }) => !p.suppressed).length;
  return `indicators: ${indicators.rows.length} provider rows; funnel: ${funnel.points.length} points (${shown} shown, ${funnel.points.length - shown} suppressed n<minN)`;
}

/**
 * Every path once, by `clients` clients taking the next from a shared list: each is a question
 * not asked before, so none is answered from the remembered answers (api/src/indicators/answers.ts).
 * This is the first read of a slice after a commit, or of a filter nobody chose yet.
 */
function loadOnce(base: string, list: string[], cookie: string, clients = concurrency): Promise<LoadResult> {
  const queue = [...list];
  return drive(base, cookie, clients, () => queue.shift());
}

/** Region H10's distinct questions: /indicators per period × category × (all | each municipality); the funnel per period × category × indicator. */
async function distinctQuestions(sql: postgres.Sql<Record<string, unknown>>) {
  const periods = (await sql`select code from periods where region_code = 'H10' order by code`).map((r) => r.code as string);
  const categories = (await sql`select product_category from region_product_categories where region_code = 'H10' order by 1`).map(
    (r) => r.productCategory as string,
  );
  const municipalities = (await sql`select municipality_code from region_municipalities where region_code = 'H10' order by 1`).map(
    (r) => r.municipalityCode as string,
  );
  const indicators: string[] = [];
  const funnel: string[] = [];
  for (const p of periods) {
    for (const c of categories) {
      for (const m of [undefined, ...municipalities])
        indicators.push(`/indicators?period=${p}&productCategory=${c}${m ? `&municipalityCode=${m}` : ''}`);
      for (const id of indicatorIds) funnel.push(`/comparisons/funnel?period=${p}&productCategory=${c}&indicator=${id}`);
    }
  }
  // Shuffled (fixed seed) so that the clients do not all ask about the same period at once.
  const shuffle = (xs: string[]) => {
    let seed = 42;
    for (let i = xs.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const j = seed % (i + 1);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  return { indicators: shuffle(indicators), funnel: shuffle(funnel) };
}

async function measureEndpoints(api: Api, label: string, questions: { indicators: string[]; funnel: string[] }) {
  const cookie = await login(api, 'contractmanager');
  const base = `${api.url}/api/v1`;
  const shape = await shapeOf(base, cookie);
  // First, before anything is remembered: each slice asked once.
  const cold = { indicators: await loadOnce(base, questions.indicators, cookie), funnel: await loadOnce(base, questions.funnel, cookie) };
  await load(base, paths.indicators, cookie, Math.min(3, seconds)); // warm-up: JIT, plan caches, buffers
  await load(base, paths.funnel, cookie, Math.min(3, seconds));
  const indicators = await load(base, paths.indicators, cookie, seconds);
  const funnel = await load(base, paths.funnel, cookie, seconds);
  // One client alone: the service time of a request, without queueing behind the other seven.
  const single = {
    indicators: await load(base, paths.indicators, cookie, Math.max(2, seconds / 3), 1),
    funnel: await load(base, paths.funnel, cookie, Math.max(2, seconds / 3), 1),
  };
  return { label, shape, indicators, funnel, single, cold };
}

/** A 1,000-row CSV for the demo provider (valid rows as in bench/ingest.ts), end dates in 2026-H1. */
function csvFor(agb: string, rows: number): string {
  const header =
    'recordId;clientPseudonym;providerAgb;municipalityCode;productCategory;productCode;careForm;startDate;endDate;ageAtStart;endReason;goalAttainment;youthUsefulness;parentUsefulness;youthFurtherHelp;parentFurtherHelp';
  const lines = Array.from({ length: rows }, (_, i) =>
    [
      `BI-${i}`,
      `p1:${createHmac('sha256', 'bench-indicators').update(String(i)).digest('hex')}`,
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
    ].join(';'),
  );
  return `${header}\n${lines.join('\n')}\n`;
}

const ms = (x: number) => `${x.toFixed(1)} ms`;
/** The first-time reads: every answer computed, none remembered. */
function coldLine(cold: { indicators: LoadResult; funnel: LoadResult }, goal: number): string {
  const part = (name: string, r: LoadResult) =>
    `${name} ${r.requests} × p50 ${ms(r.p50)} p95 ${ms(r.p95)} p99 ${ms(r.p99)} errors ${r.errors} (${r.p95 <= goal && r.errors === 0 ? 'OK' : 'MISSED'})`;
  return `    each question once (${concurrency} clients, nothing remembered yet): ${part('/indicators', cold.indicators)}; ${part('/comparisons/funnel', cold.funnel)}`;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load1 = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const out: string[] = [];
const say = (line: string) => {
  out.push(line);
  console.log(line);
};

// ------------------------------------------------------------------------------------------------
// 1. Real PostgreSQL, national data set

const cluster = await startPostgresCluster();
const dataDirs: string[] = [];
let api: Api | undefined;
try {
  const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
  await admin.unsafe('create database bench_indicators');
  await admin.end();
  const databaseUrl = cluster.url.replace(/\/postgres$/, '/bench_indicators');
  const dataDir = mkdtempSync(join(tmpdir(), 'rp-bench-indicators-'));
  dataDirs.push(dataDir);
  const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO: 'true', COOKIE_SECURE: 'false' };
  api = await startApi(env); // migrations + demo region H10 + demo accounts
  await stopApi(api);
  api = undefined;

  const sql = postgres(databaseUrl, { max: 2, transform: postgres.camel, onnotice: () => {} }) as postgres.Sql<Record<string, unknown>>;
  const regions = Array.from({ length: regionCount }, (_, i) => ({ code: i === 0 ? 'H10' : `J${String(i).padStart(2, '0')}`, index: i }));
  const perRegion = Math.round(nationalRecords / nationalRegions);
  console.log(
    `loading ${regionCount} regions × ${providersPerRegion} providers × 10 categories × 10 half-years, ~${(perRegion * regionCount).toLocaleString('en')} synthetic records …`,
  );
  let started = performance.now();
  const inserted = await loadSynthetic(
    sql,
    { regions, providersPerRegion, recordsPerRegion: perRegion, periods: halfYears('2021-H2', 10), parallel: 2 },
    (_code, done, total) => {
      if (done % 6 === 0 || done === total)
        console.log(`  … ${done}/${total} regions (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    },
  );
  const loadSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  await sql`analyze`; // fresh tables have no statistics yet: plan the refresh on real ones
  const queue = regions.map((r) => r.code);
  await Promise.all(
    [0, 1].map(async () => {
      for (let code = queue.shift(); code !== undefined; code = queue.shift()) await sql.begin((tx) => refreshRegion(tx as never, code));
    }),
  );
  const cellsSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  await sql`analyze`;
  const analyzeSeconds = (performance.now() - started) / 1000;
  const [facts] =
    await sql`select (select count(*) from outcome_records)::int as records, (select count(*) from indicator_cells)::int as cells,
      (select count(*) from organisations where kind = 'provider')::int as providers, (select count(*) from submissions)::int as submissions,
      pg_size_pretty(pg_database_size(current_database())) as size`;
  const [h10] = await sql`select count(distinct provider_id)::int as providers, count(*)::int as records from outcome_records
      where region_code = 'H10' and period_code = ${period} and product_category = ${category}`;

  // 2. A submission of 1,000 records by the demo provider, through HTTP, then the refresh alone.
  api = await startApi(env);
  const providerCookie = await login(api, 'aanbieder');
  const me = await (await fetch(`${api.url}/api/v1/me`, { headers: { cookie: providerCookie } })).json();
  const csv = csvFor(me.organisation.code, 1000);
  started = performance.now();
  // Confirmed: the bench measures a commit, not the replacement guard (it may replace with fewer rows).
  const commit = await fetch(`${api.url}/api/v1/submissions?period=${period}&confirmReplace=true`, {
    method: 'POST',
    headers: { cookie: providerCookie, 'x-portal-request': '1', 'content-type': 'text/csv' },
    body: csv,
  });
  const commitBody = await commit.json();
  const commitMs = performance.now() - started;
  if (commit.status !== 201) throw new Error(`commit failed: ${commit.status} ${JSON.stringify(commitBody).slice(0, 600)}`);
  const [provider] = await sql`select id from organisations where kind = 'provider' and code = ${me.organisation.code}`;
  const refreshRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    await sql
      .begin(async (tx) => {
        const t = performance.now();
        await refreshProviderPeriod(tx as never, Number(provider.id), period);
        refreshRuns.push(performance.now() - t);
        throw new RollbackSentinel();
      })
      .catch((error) => {
        if (!(error instanceof RollbackSentinel)) throw error;
      });
  }

  // 3. Reads under 8 concurrent clients, and the aggregate query alone for comparison.
  const questions = await distinctQuestions(sql);
  const uptimeBefore = load1();
  const real = await measureEndpoints(api, 'real PostgreSQL', questions);
  const direct: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    await computeCountsByProvider(sql as never, { regionCode: 'H10', periodCode: period, productCategory: category });
    direct.push(performance.now() - t);
  }
  await stopApi(api);
  api = undefined;
  await sql.end();

  say('');
  say(
    `indicators at national scale: ${regionCount} region(s) × ${providersPerRegion} providers × 10 categories × 10 half-years, on 1 PostgreSQL (default settings, fsync off) + 1 API process`,
  );
  say(
    `  data: ${facts.records.toLocaleString('en')} records (${inserted.toLocaleString('en')} synthetic + demo H10), ${facts.providers.toLocaleString('en')} providers, ${facts.submissions.toLocaleString('en')} submissions, ${facts.cells.toLocaleString('en')} indicator cells, database ${facts.size}`,
  );
  say(
    `  load (SQL generate_series, 2 connections): ${loadSeconds.toFixed(1)} s (${Math.round(inserted / loadSeconds).toLocaleString('en')} records/s); indicator_cells (analyze + refreshRegion × ${regionCount}, 2 connections): ${cellsSeconds.toFixed(1)} s; analyze ${analyzeSeconds.toFixed(1)} s`,
  );
  say(`  refresh after a submission of 1,000 records (goal ≤ 2 s):`);
  say(
    `    commit request (validate + COPY + replace + refreshProviderPeriod + access log): ${ms(commitMs)}  ${commitMs <= 2000 ? 'OK' : 'MISSED'}`,
  );
  say(
    `    refreshProviderPeriod alone, in a transaction: first ${ms(refreshRuns[0])}, median of 5 ${ms(median(refreshRuns))}  ${median(refreshRuns) <= 2000 ? 'OK' : 'MISSED'}`,
  );
  say(
    `  reads: region H10, ${period}, category ${category}: ${h10.providers} providers, ${h10.records.toLocaleString('en')} records in the slice; ${real.shape}`,
  );
  say(`    the slice's sums alone (indicator_cells + reentry_cells, not remembered; direct, sequential): median ${ms(median(direct))}`);
  for (const [name, r] of [
    ['GET /indicators', real.indicators],
    ['GET /comparisons/funnel', real.funnel],
  ] as const) {
    say(
      `    ${name.padEnd(24)} ${concurrency} clients × ${seconds} s: ${r.rps.toFixed(1)} req/s  p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  errors ${r.errors}  — goal p95 ≤ 50 ms: ${r.p95 <= 50 && r.errors === 0 ? 'OK' : 'MISSED'}`,
    );
  }
  say(coldLine(real.cold, 50));
  say(
    `    1 client alone (service time): /indicators p50 ${ms(real.single.indicators.p50)} p95 ${ms(real.single.indicators.p95)}; /comparisons/funnel p50 ${ms(real.single.funnel.p50)} p95 ${ms(real.single.funnel.p95)}`,
  );
  say(`    load average (1/5/15 min) before/after: ${uptimeBefore} / ${load1()} on ${cpus().length} CPUs`);
} finally {
  if (api) await stopApi(api);
  await cluster.stop();
}

// ------------------------------------------------------------------------------------------------
// 4. Embedded PGlite, one region

{
  const dataDir = mkdtempSync(join(tmpdir(), 'rp-bench-indicators-embedded-'));
  dataDirs.push(dataDir);
  const env = { DATA_DIR: dataDir, COOKIE_SECURE: 'false' };
  let embedded: Api | undefined;
  try {
    let started = performance.now();
    embedded = await startApi(env); // fresh data dir: migrations + demo region
    const firstStart = (performance.now() - started) / 1000;
    const socket = postgres({
      path: join(dataDir, '.s.PGSQL.5432'),
      max: 1,
      username: 'postgres',
      database: 'postgres',
      transform: postgres.camel,
      onnotice: () => {},
    }) as postgres.Sql<Record<string, unknown>>;
    const [{ n: demoRecords }] = await socket`select count(*)::int as n from outcome_records`;
    started = performance.now();
    let added = 0;
    if (embeddedTarget > demoRecords) {
      added = await loadSynthetic(socket, {
        regions: [{ code: 'H10', index: 0 }],
        providersPerRegion: 40,
        recordsPerRegion: embeddedTarget - demoRecords,
        periods: halfYears('2024-H2', 4),
      });
      await socket.begin((tx) => refreshRegion(tx as never, 'H10'));
      await socket`analyze`;
    }
    const topUp = (performance.now() - started) / 1000;
    const [facts] =
      await socket`select (select count(*) from outcome_records)::int as records, (select count(*) from indicator_cells)::int as cells`;
    const [slice] = await socket`select count(distinct provider_id)::int as providers, count(*)::int as records from outcome_records
      where region_code = 'H10' and period_code = ${period} and product_category = ${category}`;
    const questions = await distinctQuestions(socket);
    await socket.end();
    const uptimeBefore = load1();
    const result = await measureEndpoints(embedded, 'embedded PGlite', questions);
    say('');
    say(`embedded PGlite, one region (fresh DATA_DIR, 1 API process, the database in-process)`);
    say(
      `  data: ${facts.records.toLocaleString('en')} records (demo ${demoRecords.toLocaleString('en')} loaded at first start in ${firstStart.toFixed(1)} s, + ${added.toLocaleString('en')} synthetic in ${topUp.toFixed(1)} s), ${facts.cells.toLocaleString('en')} indicator cells`,
    );
    say(
      `  reads: H10, ${period}, category ${category}: ${slice.providers} providers, ${slice.records.toLocaleString('en')} records in the slice; ${result.shape}`,
    );
    for (const [name, r] of [
      ['GET /indicators', result.indicators],
      ['GET /comparisons/funnel', result.funnel],
    ] as const) {
      say(
        `    ${name.padEnd(24)} ${concurrency} clients × ${seconds} s: ${r.rps.toFixed(1)} req/s  p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}  max ${ms(r.max)}  errors ${r.errors}  — goal p95 ≤ 100 ms: ${r.p95 <= 100 && r.errors === 0 ? 'OK' : 'MISSED'}`,
      );
    }
    say(coldLine(result.cold, 100));
    say(
      `    1 client alone (service time): /indicators p50 ${ms(result.single.indicators.p50)} p95 ${ms(result.single.indicators.p95)}; /comparisons/funnel p50 ${ms(result.single.funnel.p50)} p95 ${ms(result.single.funnel.p95)}`,
    );
    say(`    load average (1/5/15 min) before/after: ${uptimeBefore} / ${load1()} on ${cpus().length} CPUs`);
  } finally {
    if (embedded) await stopApi(embedded);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}
