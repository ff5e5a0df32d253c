import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startPostgresCluster } from '../test/support/global-setup.ts';
import {
  createAccounts,
  login,
  prepareDialogues,
  roleMix,
  runUser,
  Stats,
  type Account,
  type Role,
  type User,
  type Writes,
} from './load-users.ts';

/**
 * A realistic mix from many simulated users against 2 API processes on one PostgreSQL (issue 8):
 * dashboard reads, small uploads (dry run + commit), dialogue edits with If-Match, audit queries,
 * each user thinking between actions. Prints throughput, p50/p95/p99 per request type, errors and
 * peak memory; afterwards checks that every committed upload is stored exactly once, that no
 * dialogue edit was lost, that every audited read left its access-log entry, and that the chain
 * verifies. Goal: no errors and no lost writes at 200 users, p95 of the reads ≤ 100 ms.
 *
 *   BENCH_USERS (200)  BENCH_SECONDS (60)  BENCH_THINK_MS (5000: mean think time between two actions of a user,
 *     uniform ±50%: a person reading a dashboard or a report; 1000 makes it a stress run)
 *   BENCH_POOL_SIZE (10: DATABASE_POOL_SIZE of each API process)
 *   BENCH_CPU_PROF (unset: a directory for V8 CPU profiles of the API processes, written at their exit)
 *   BENCH_PG_STATEMENTS (unset: 1 prints PostgreSQL's costliest statements of the run, from pg_stat_statements)
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const users = Number(process.env.BENCH_USERS ?? 200);
const seconds = Number(process.env.BENCH_SECONDS ?? 60);
const thinkMs = Number(process.env.BENCH_THINK_MS ?? 5000);
const poolSize = process.env.BENCH_POOL_SIZE ?? '10';
const uploadProviders = 20;
const dialogueCount = 10;

type Api = { child: ChildProcess; url: string; output: () => string };

function startApi(env: Record<string, string>): Promise<Api> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'api/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
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

/** The demo accounts as the first API process printed them (role, e-mail, password, TOTP secret). */
function demoAccount(api: Api, role: Role | 'admin'): Account {
  const line = api
    .output()
    .split('\n')
    .find((l) => l.trim().startsWith(`${role} `) && l.includes('@demo.'));
  if (!line) throw new Error(`no demo ${role} account in the start output`);
  const [, email, password, , , totpSecret] = line.trim().split(/\s+/);
  return { role: role as Role, email, password, totpSecret };
}

const kib = (status: string, key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
const readStatus = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return '';
  }
};
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}
/** The postmaster listening on `port` (ours, not another cluster on this machine). */
function postmasterPid(port: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0].endsWith('/postgres') && argv.includes(`port=${port}`)) return Number(entry);
    } catch {
      // gone
    }
  }
  return undefined;
}
/** PostgreSQL's memory: proportional set size (shared buffers counted once) over the postmaster and its backends. */
function postgresPssKib(postmaster: number | undefined): number {
  if (postmaster === undefined) return 0;
  return [postmaster, ...childrenOf(postmaster)].reduce((sum, pid) => {
    try {
      return sum + kib(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss');
    } catch {
      return sum;
    }
  }, 0);
}

/** CPU seconds (user + system) of a process, and of its reaped children. */
function cpuSeconds(pid: number): { own: number; reaped: number } {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    // After "(comm) ": state is field 3, so utime (14), stime (15), cutime (16), cstime (17) are at 11-14.
    return { own: (Number(fields[11]) + Number(fields[12])) / 100, reaped: (Number(fields[13]) + Number(fields[14])) / 100 };
  } catch {
    return { own: 0, reaped: 0 };
  }
}
/** CPU seconds used so far by PostgreSQL: the postmaster, its live backends and those that ended. */
function postgresCpuSeconds(postmaster: number | undefined): number {
  if (postmaster === undefined) return 0;
  const main = cpuSeconds(postmaster);
  return main.own + main.reaped + childrenOf(postmaster).reduce((sum, pid) => sum + cpuSeconds(pid).own, 0);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const f0 = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '-');
const mib = (k: number) => `${(k / 1024).toFixed(0)} MiB`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

console.log(
  `bench:load: ${users} simulated users, ${seconds} s, think time ${thinkMs} ms ±50%, 2 API processes (pool ${poolSize} each), 1 PostgreSQL`,
);
console.log(`machine: ${availableParallelism()} CPUs, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; load average before: ${load()}`);

const cluster = await startPostgresCluster();
const admin = postgres(cluster.url, { max: 1, onnotice: () => {} });
await admin.unsafe('create database bench');
const statements = process.env.BENCH_PG_STATEMENTS === '1';
if (statements) await admin.unsafe(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
await admin.end();
if (statements) {
  await cluster.pause();
  await cluster.resume();
}
const databaseUrl = cluster.url.replace(/\/postgres$/, '/bench');
const dataDir = mkdtempSync(join(tmpdir(), 'rp-bench-load-'));
const env = { DATABASE_URL: databaseUrl, DATA_DIR: dataDir, DEMO: 'true', COOKIE_SECURE: 'false', DATABASE_POOL_SIZE: poolSize };
const apis: Api[] = [];
const sql = postgres(databaseUrl, { max: 4, transform: postgres.camel, onnotice: () => {} });
try {
  apis.push(await startApi(env)); // migrations + the demo region
  apis.push(await startApi(env));
  const base0 = apis[0].url;

  // Accounts: providers upload their own data, so each of the first 20 providers gets an account.
  const adminCookie = await login(base0, demoAccount(apis[0], 'admin'));
  const providers = (
    (await (await fetch(`${base0}/api/v1/admin/providers`, { headers: { cookie: adminCookie } })).json()) as {
      providers: Array<{ agb: string }>;
    }
  ).providers;
  const agbs = providers.slice(0, uploadProviders).map((p) => p.agb);
  const created = await createAccounts(base0, adminCookie, agbs, [
    ...Array.from({ length: 4 }, () => ({ role: 'contract_manager' as Role })),
    { role: 'municipality', orgCode: '0503' },
    { role: 'auditor' },
  ]);
  const accounts: Record<Role, Account[]> = { provider: [], contract_manager: [], municipality: [], auditor: [] };
  for (const account of [
    ...created,
    demoAccount(apis[0], 'contract_manager'),
    demoAccount(apis[0], 'municipality'),
    demoAccount(apis[0], 'auditor'),
  ])
    accounts[account.role].push(account);
  const managerCookie = await login(base0, accounts.contract_manager.at(-1)!);
  const dialogueIds = await prepareDialogues(
    base0,
    managerCookie,
    providers.slice(0, dialogueCount).map((p) => p.agb),
  );

  // One session per simulated user, half on each process (a round-robin load balancer).
  const loginStarted = performance.now();
  const roles = roleMix(users);
  const simulated: User[] = new Array(roles.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < roles.length) {
        const id = next++;
        const role = roles[id];
        const account = accounts[role][id % accounts[role].length];
        const base = apis[id % 2].url;
        simulated[id] = { id, role, base, cookie: await login(base, account), agb: account.agb, versions: new Map() };
      }
    }),
  );
  const loginSeconds = (performance.now() - loginStarted) / 1000;
  const [{ seqBefore }] = await sql`select coalesce(max(seq), 0)::int as seq_before from access_log`;
  const [{ submissionBefore }] = await sql`select coalesce(max(id), 0)::bigint as submission_before from submissions`;
  const dialoguesBefore = new Map(
    (await sql`select id::text, version from dialogues where id = any(${dialogueIds}::bigint[])`).map((d) => [
      d.id as string,
      Number(d.version),
    ]),
  );

  // Peak memory, sampled every 250 ms during the run.
  const port = new URL(cluster.url).port;
  const postmaster = postmasterPid(port);
  const peak = { api: apis.map(() => 0), postgres: 0 };
  const sampler = setInterval(() => {
    apis.forEach((api, i) => (peak.api[i] = Math.max(peak.api[i], kib(readStatus(api.child.pid!), 'VmRSS'))));
    peak.postgres = Math.max(peak.postgres, postgresPssKib(postmaster));
  }, 250);

  if (statements) await sql`create extension if not exists pg_stat_statements`.then(() => sql`select pg_stat_statements_reset()`);
  const cpuBefore = { api: apis.map((api) => cpuSeconds(api.child.pid!).own), postgres: postgresCpuSeconds(postmaster) };
  // With BENCH_PG_STATEMENTS: who waits for a lock, and what the session holding it is doing.
  const lockSamples = { n: 0, tally: new Map<string, number>() };
  const lockSampler = statements
    ? setInterval(() => {
        void sql`select left(regexp_replace(w.query, '[[:space:]]+', ' ', 'g'), 50) as waiting, b.state as blocker_state,
            left(regexp_replace(b.query, '[[:space:]]+', ' ', 'g'), 50) as blocker
          from pg_stat_activity w cross join lateral unnest(pg_blocking_pids(w.pid)) as bp(pid) join pg_stat_activity b on b.pid = bp.pid
          where w.datname = 'bench'`.then(
          (rows) => {
            lockSamples.n++;
            for (const r of rows) {
              const key = `${r.waiting} ← [${r.blockerState}] ${r.blocker}`;
              lockSamples.tally.set(key, (lockSamples.tally.get(key) ?? 0) + 1);
            }
          },
          () => {},
        );
      }, 200)
    : undefined;
  const stats = new Stats();
  const writes: Writes = { commits: [], dialogueEdits: new Map(), auditedReads: new Map() };
  const started = performance.now();
  await Promise.all(simulated.map((user) => runUser(user, started + seconds * 1000, thinkMs, stats, writes, dialogueIds)));
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  clearInterval(lockSampler);
  const loadAfter = load();
  const cpu = {
    api: apis.map((api, i) => cpuSeconds(api.child.pid!).own - cpuBefore.api[i]),
    postgres: postgresCpuSeconds(postmaster) - cpuBefore.postgres,
  };

  // Figures.
  const types = [...stats.latencies.keys()].sort();
  const total = types.reduce((n, t) => n + stats.latencies.get(t)!.length, 0);
  const count = (type: string, outcome: string) => stats.outcomes.get(type)?.get(outcome as never) ?? 0;
  let errors = 0;
  console.log(
    `\nlogins: ${users} sessions in ${loginSeconds.toFixed(1)} s (8 at a time, scrypt); ${dialogueIds.length} dialogues, ${agbs.length} uploading providers`,
  );
  console.log(`run: ${elapsed.toFixed(1)} s, ${total} requests, ${(total / elapsed).toFixed(1)} req/s; load average after: ${loadAfter}`);
  console.log(
    `  ${'request'.padEnd(16)} ${'count'.padStart(6)} ${'req/s'.padStart(6)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} ${'max'.padStart(6)} ms   ok  409  errors`,
  );
  for (const type of types) {
    const sorted = [...stats.latencies.get(type)!].sort((a, b) => a - b);
    const failed = count(type, 'client_error') + count(type, 'server_error') + count(type, 'network') + count(type, 'timeout');
    errors += failed;
    const byStatus = [...(stats.statuses.get(type) ?? [])].filter(([s]) => s !== 409).map(([s, n]) => `${s}×${n}`);
    const detail = [
      ...byStatus,
      count(type, 'network') ? `network×${count(type, 'network')}` : '',
      count(type, 'timeout') ? `timeout×${count(type, 'timeout')}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    console.log(
      `  ${type.padEnd(16)} ${String(sorted.length).padStart(6)} ${(sorted.length / elapsed).toFixed(1).padStart(6)} ${f0(percentile(sorted, 0.5)).padStart(6)} ${f0(percentile(sorted, 0.95)).padStart(6)} ${f0(percentile(sorted, 0.99)).padStart(6)} ${f0(sorted.at(-1)!).padStart(6)}    ${String(count(type, 'ok')).padStart(5)} ${String(count(type, 'conflict')).padStart(4)} ${String(failed).padStart(7)}${detail ? `  (${detail})` : ''}`,
    );
  }
  const reads = types
    .filter((t) => t.startsWith('read '))
    .flatMap((t) => stats.latencies.get(t)!)
    .sort((a, b) => a - b);
  const readP95 = percentile(reads, 0.95);
  console.log(
    `  all reads        ${String(reads.length).padStart(6)} ${(reads.length / elapsed).toFixed(1).padStart(6)} ${f0(percentile(reads, 0.5)).padStart(6)} ${f0(readP95).padStart(6)} ${f0(percentile(reads, 0.99)).padStart(6)} ${f0(reads.at(-1)!).padStart(6)}`,
  );
  console.log(
    `CPU used during the run: API process 1 ${cpu.api[0].toFixed(1)} s, API process 2 ${cpu.api[1].toFixed(1)} s, PostgreSQL ${cpu.postgres.toFixed(1)} s (of ${(elapsed * availableParallelism()).toFixed(0)} CPU-s the machine has, shared with whatever else runs)`,
  );
  console.log(
    `peak memory: API process 1 ${mib(peak.api[0])} RSS, API process 2 ${mib(peak.api[1])} RSS, PostgreSQL ${mib(peak.postgres)} PSS (postmaster + backends)`,
  );

  if (statements) {
    const top = await sql`select calls, round(total_exec_time)::int as total_ms, round(mean_exec_time::numeric, 1)::float as mean_ms, query
      from pg_stat_statements order by total_exec_time desc limit 12`;
    console.log('PostgreSQL, costliest statements of the run (pg_stat_statements; the time includes lock waits):');
    for (const t of top)
      console.log(
        `  ${String(t.totalMs).padStart(7)} ms total ${String(t.calls).padStart(6)} calls ${String(t.meanMs).padStart(7)} ms mean  ${(t.query as string).replace(/\s+/g, ' ').slice(0, 140)}`,
      );
    console.log(`lock waits (pg_stat_activity every 200 ms, ${lockSamples.n} samples): waiting statement ← what its blocker was doing`);
    for (const [what, n] of [...lockSamples.tally].sort((a, b) => b[1] - a[1]).slice(0, 8))
      console.log(`  ${String(n).padStart(5)}×  ${what}`);
  }

  // Afterwards: what the database holds.
  const lost: string[] = [];
  const ids = writes.commits.map((c) => c.submissionId);
  const stored = new Map(
    (
      await sql`select s.id::text, s.record_count, count(r.id)::int as rows, count(distinct r.record_id)::int as distinct_ids
      from submissions s left join outcome_records r on r.submission_id = s.id where s.id = any(${ids}::bigint[]) group by s.id`
    ).map((r) => [r.id as string, r]),
  );
  for (const commit of writes.commits) {
    const row = stored.get(commit.submissionId);
    if (!row || row.rows !== commit.rows || row.distinctIds !== commit.rows || Number(row.recordCount) !== commit.rows) {
      lost.push(
        `submission ${commit.submissionId}: sent ${commit.rows}, stored ${row ? `${row.rows} (${row.distinctIds} distinct, record_count ${row.recordCount})` : 'nothing'}`,
      );
    }
  }
  const [{ createdSubmissions }] = await sql`select count(*)::int as created_submissions from submissions where id > ${submissionBefore}`;
  if (createdSubmissions !== writes.commits.length)
    lost.push(`${createdSubmissions} submissions were created, ${writes.commits.length} commits answered 201`);
  const notOneCurrent =
    await sql`select provider_id, period_code from submissions group by 1, 2 having count(*) filter (where status = 'current') <> 1`;
  if (notOneCurrent.length > 0) lost.push(`${notOneCurrent.length} provider periods without exactly one current submission`);
  for (const d of await sql`select id::text, version from dialogues where id = any(${dialogueIds}::bigint[])`) {
    const expected = (dialoguesBefore.get(d.id as string) ?? 0) + (writes.dialogueEdits.get(d.id as string) ?? 0);
    if (Number(d.version) !== expected)
      lost.push(
        `dialogue ${d.id}: version ${d.version}, expected ${expected} after ${writes.dialogueEdits.get(d.id as string) ?? 0} saved edits`,
      );
  }
  const logged = new Map(
    (
      await sql`select action, count(*)::int as n from access_log where seq > ${seqBefore} and result = 'allowed'
      and action = any(${[...writes.auditedReads.keys()]}) group by action`
    ).map((r) => [r.action as string, r.n as number]),
  );
  for (const [action, n] of writes.auditedReads)
    if (logged.get(action) !== n) lost.push(`${n} successful ${action} reads, ${logged.get(action) ?? 0} access-log entries`);
  const auditor = await login(base0, accounts.auditor[0]);
  const [{ entries, maxSeq }] = await sql`select count(*)::int as entries, max(seq)::int as max_seq from access_log`;
  const verifyStarted = performance.now();
  const verify = (await (await fetch(`${base0}/api/v1/audit/verify`, { headers: { cookie: auditor } })).json()) as {
    ok: boolean;
    checkedThrough: number;
    checkpoints: number;
    reason?: string;
  };
  const rowsCommitted = writes.commits.reduce((n, c) => n + c.rows, 0);
  console.log(
    `afterwards: ${writes.commits.length} committed uploads (${rowsCommitted} records) each stored exactly once: ${lost.filter((l) => l.startsWith('submission')).length === 0}; ` +
      `dialogue versions = saved edits (${[...writes.dialogueEdits.values()].reduce((a, b) => a + b, 0)} saved): ${!lost.some((l) => l.startsWith('dialogue'))}; every audited read logged: ${!lost.some((l) => l.includes('reads,'))}`,
  );
  console.log(
    `access log: ${entries} entries, max seq ${maxSeq} (gap-free: ${entries === maxSeq}); GET /audit/verify: ok ${verify.ok}, checked through ${verify.checkedThrough}, ${verify.checkpoints} checkpoints, ${((performance.now() - verifyStarted) / 1000).toFixed(1)} s${verify.reason ? ` (${verify.reason})` : ''}`,
  );
  for (const line of lost) console.log(`  LOST: ${line}`);
  const apiErrors = apis.flatMap((api) =>
    api
      .output()
      .split('\n')
      .filter((l) => /"level":(50|60)/.test(l)),
  );
  if (apiErrors.length > 0) console.log(`API error log lines: ${apiErrors.length}; first: ${apiErrors[0].slice(0, 600)}`);
  const goal = errors === 0 && lost.length === 0 && verify.ok && entries === maxSeq && readP95 <= 100;
  console.log(
    `goal (no errors, no lost writes, chain verifies, read p95 ≤ 100 ms) at ${users} users: ${goal ? 'met' : 'NOT met'} — errors ${errors}, lost writes ${lost.length}, read p95 ${f0(readP95)} ms`,
  );
} finally {
  await sql.end();
  for (const api of apis) {
    if (api.child.exitCode !== null) continue;
    const exited = new Promise((r) => api.child.once('exit', r));
    api.child.kill('SIGTERM');
    await exited;
  }
  await cluster.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
