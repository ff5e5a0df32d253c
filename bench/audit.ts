import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { generateKeyPairSync } from 'node:crypto';
import { appendAccessEvent } from '../api/src/audit/append.ts';
import { migrate } from '../api/src/db/migrate.ts';
import { verifyAccessLog } from '../api/src/audit/verify.ts';
import { systemActor } from '../api/src/auth/actor.ts';
import { startPostgresCluster } from '../test/support/global-setup.ts';
import { unusedTotpCode } from '../test/support/totp.ts';

/**
 * Cost of the access log: two API processes on one real PostgreSQL, many concurrent clients.
 * Compares an authenticated read that writes an access-log entry (GET /audit/events?limit=1)
 * with an authenticated read that writes none (GET /me): same auth path, the difference is the
 * audited query plus one chained append under the head-row lock. Then verifies the chain.
 *
 * BENCH_VERIFY_ONLY=true skips the API runs: a fresh database gets BENCH_VERIFY_ENTRIES entries
 * (default 300,000 here, 100,000 on top of the API runs' entries otherwise) through the real
 * appender, and the chain is verified BENCH_VERIFY_ROUNDS times (default 3), each printed with
 * the load average: for iterating on verification speed.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const verifyOnly = process.env.BENCH_VERIFY_ONLY === 'true';

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

async function load(urls: string[], path: string, cookie: string) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      const base = urls[worker % urls.length];
      while (performance.now() < deadline) {
        const t = performance.now();
        const response = await fetch(base + path, { headers: { cookie } }).catch(() => undefined);
        if (response?.status !== 200) errors++;
        await response?.arrayBuffer();
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { rps: latencies.length / seconds, p50: pct(0.5), p99: pct(0.99), requests: latencies.length, errors };
}

const cluster = await startPostgresCluster();
const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
await admin.unsafe('create database bench');
await admin.end();
const databaseUrl = cluster.url.replace(/\/postgres$/, '/bench');
const dataDir = mkdtempSync(join(tmpdir(), 'rp-bench-audit-'));
const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO: 'true', COOKIE_SECURE: 'false', AUDIT_CHECKPOINT_MINUTES: '1' };
let apis: Awaited<ReturnType<typeof startApi>>[] = [];
const stopApis = async () => {
  for (const api of apis) {
    api.child.kill('SIGTERM');
    await new Promise((r) => api.child.once('exit', r));
  }
  apis = [];
};
/** Two API processes on the one database, and an auditor's session cookie. */
async function startPair(extraEnv: Record<string, string>) {
  apis.push(await startApi({ ...env, ...extraEnv })); // the first loads the demo region once
  apis.push(await startApi({ ...env, ...extraEnv }));
  const line = apis[0]
    .output()
    .split('\n')
    .find((l) => l.includes('auditor@demo'))!;
  const [, email, password, , , secret] = line.trim().split(/\s+/);
  const login = await fetch(`${apis[0].url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, totp: unusedTotpCode(secret) }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
  return { urls: apis.map((a) => `${a.url}/api/v1`), cookie: (login.headers.get('set-cookie') ?? '').split(';')[0] };
}
const auditedPath = '/audit/events?limit=1';
const f = (x: number) => x.toFixed(1);
const load1 = () => loadavg()[0].toFixed(1);

/** Adds entries through the real appender (group commit); answers the entries per second. */
async function fillLog(sql: postgres.Sql, entries: number): Promise<number> {
  const started = performance.now();
  for (let done = 0; done < entries; done += 2000) {
    await Promise.all(
      Array.from({ length: Math.min(2000, entries - done) }, (_, i) =>
        appendAccessEvent(sql as never, systemActor('bench', 'H10'), {
          action: 'bench.fill',
          actionType: 'R',
          result: 'allowed',
          details: { i: done + i },
        }),
      ),
    );
  }
  return entries / ((performance.now() - started) / 1000);
}

/** Verifies the whole chain on PostgreSQL (COPY); prints and answers entries per second. */
async function verifySpeed(sql: postgres.Sql): Promise<{ ok: boolean; reason?: string; speed: number }> {
  const [{ n }] = await sql`select count(*)::int as n from access_log`;
  const started = performance.now();
  const result = await verifyAccessLog(sql as never, generateKeyPairSync('ed25519').privateKey, join(dataDir, 'none.jsonl'), {
    engine: 'postgres',
  });
  const verifySeconds = (performance.now() - started) / 1000;
  const speed = n / verifySeconds;
  console.log(
    `  verification speed: ${Math.round(speed).toLocaleString('en')} entries/s (${n} entries in ${verifySeconds.toFixed(2)} s; goal ≥ 200,000: ${speed >= 200_000 ? 'OK' : 'MISSED'}; load average ${load1()})`,
  );
  return { ok: result.ok, reason: result.reason, speed };
}

if (verifyOnly) {
  try {
    const sql = postgres(databaseUrl, { max: 4, transform: postgres.camel, onnotice: () => {} });
    await migrate(sql as never);
    const extra = Number(process.env.BENCH_VERIFY_ENTRIES ?? 300_000);
    const appendRate = await fillLog(sql, extra);
    console.log(
      `audit verification only: ${extra.toLocaleString('en')} entries appended at ${Math.round(appendRate).toLocaleString('en')} entries/s; ${cpus().length} cores, load average ${load1()}`,
    );
    for (let round = 0; round < Number(process.env.BENCH_VERIFY_ROUNDS ?? 3); round++) {
      const { ok, reason } = await verifySpeed(sql);
      if (!ok) console.log(`  chain does not verify: ${reason}`);
    }
    await sql.end();
  } finally {
    await cluster.stop();
  }
  process.exit(0);
}

try {
  // The same endpoint with the access log on, off (BENCH_ACCESS_LOG_OFF, honoured on demo data
  // only), and on again: on-off-on evens out drift in the machine's load.
  let pair = await startPair({});
  // The first start has just loaded the demo region (~20,000 records): let PostgreSQL's vacuum,
  // analyze and checkpoint run now, not inside the first measured run (they made it ~half as fast
  // as the same run later, and on-off-on cannot even out what only hits the first run).
  const settle = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await settle.unsafe('vacuum analyze');
  await settle.unsafe('checkpoint');
  await settle.end();
  await load(pair.urls, '/me', pair.cookie); // warm-up of both paths
  await load(pair.urls, auditedPath, pair.cookie);
  const plain = await load(pair.urls, '/me', pair.cookie);
  const onFirst = await load(pair.urls, auditedPath, pair.cookie);
  await stopApis();
  pair = await startPair({ BENCH_ACCESS_LOG_OFF: 'true' });
  await load(pair.urls, auditedPath, pair.cookie);
  const off = await load(pair.urls, auditedPath, pair.cookie);
  await stopApis();
  pair = await startPair({});
  await load(pair.urls, auditedPath, pair.cookie);
  const onSecond = await load(pair.urls, auditedPath, pair.cookie);
  const audited = {
    ...onSecond,
    rps: (onFirst.rps + onSecond.rps) / 2,
    p50: (onFirst.p50 + onSecond.p50) / 2,
    p99: (onFirst.p99 + onSecond.p99) / 2,
    errors: onFirst.errors + onSecond.errors,
  };

  const sql = postgres(databaseUrl, { max: 4, transform: postgres.camel, onnotice: () => {} });
  // Verification speed needs a log of some size: add entries through the real appender (group commit).
  const extra = Number(process.env.BENCH_VERIFY_ENTRIES ?? 100_000);
  const appendRate = await fillLog(sql, extra);
  const [{ n, max }] = await sql`select count(*)::int as n, max(seq)::int as max from access_log`;

  console.log(
    `audit overhead: 2 API processes, 1 PostgreSQL, ${concurrency} concurrent clients, ${seconds} s per run; ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `  GET /me (never logged)                         ${f(plain.rps)} req/s  p50 ${f(plain.p50)} ms  p99 ${f(plain.p99)} ms  errors ${plain.errors}`,
  );
  console.log(
    `  GET ${auditedPath}, access log OFF     ${f(off.rps)} req/s  p50 ${f(off.p50)} ms  p99 ${f(off.p99)} ms  errors ${off.errors}`,
  );
  console.log(
    `  GET ${auditedPath}, access log ON      ${f(audited.rps)} req/s  p50 ${f(audited.p50)} ms  p99 ${f(audited.p99)} ms  errors ${audited.errors}  (runs: ${f(onFirst.rps)}, ${f(onSecond.rps)} req/s)`,
  );
  const ratio = (audited.rps / off.rps) * 100;
  console.log(`  audited / unaudited throughput, same endpoint: ${ratio.toFixed(0)}%  (goal ≥ 60%: ${ratio >= 60 ? 'OK' : 'MISSED'})`);
  console.log(
    `  appending ${extra.toLocaleString('en')} entries with 2,000 concurrent writers: ${Math.round(appendRate).toLocaleString('en')} entries/s (group commit)`,
  );
  const result = await verifySpeed(sql);
  await sql.end();
  console.log(
    `  access log: ${n} entries, max seq ${max} (gap-free: ${n === max}); chain verifies: ${result.ok}${result.reason ? ` (${result.reason})` : ''}`,
  );
} finally {
  await stopApis();
  await cluster.stop();
}
