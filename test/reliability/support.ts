import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import postgres from 'postgres';
import { expect } from 'vitest';
import { runToEnd, tsxBin, type PortalProcess } from '../support/process.ts';
import { unusedTotpCode } from '../support/totp.ts';

/** Helpers shared by the fault tests: a real server process, the demo provider, a large valid upload. */

export const uploadPeriod = '2026-H1';

const header =
  'recordId;clientPseudonym;providerAgb;municipalityCode;productCategory;productCode;careForm;startDate;endDate;ageAtStart;endReason;goalAttainment;youthUsefulness;parentUsefulness;youthFurtherHelp;parentFurtherHelp';

/** `rows` valid records for `agb` in 2026-H1 as one CSV (the rows of bench/ingest.ts); `tag` makes the file distinct. */
export function validCsv(agb: string, rows: number, tag = 'r'): string {
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    lines.push(
      [
        `${tag}-${i}`,
        `p1:${createHmac('sha256', `reliability-${tag}`).update(String(i)).digest('hex')}`,
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
  }
  return `${lines.join('\n')}\n`;
}

export interface Session {
  cookie: string;
  agb: string;
}

/** Logs in with a demo account printed by the welcome text (role as printed, e.g. `provider`). */
export async function loginAsDemo(portal: PortalProcess, role = 'provider'): Promise<Session> {
  const line = portal
    .output()
    .split('\n')
    .find((l) => l.trim().startsWith(`${role} `) && l.includes('@demo.'));
  if (!line) throw new Error(`no demo ${role} account in the output:\n${portal.output()}`);
  const [, email, password, , , secret] = line.trim().split(/\s+/);
  const login = await fetch(`${portal.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, totp: unusedTotpCode(secret) }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const me = (await (await fetch(`${portal.url}/api/v1/me`, { headers: { cookie } })).json()) as { organisation: { code: string } };
  return { cookie, agb: me.organisation.code };
}

/** The provider's submissions for the upload period, as the API shows them. */
export async function submissionsSeen(portal: PortalProcess, session: Session) {
  const response = await fetch(`${portal.url}/api/v1/submissions?period=${uploadPeriod}`, { headers: { cookie: session.cookie } });
  if (response.status !== 200) throw new Error(`GET /submissions: ${response.status} ${await response.text()}`);
  return (
    (await response.json()) as { submissions: Array<{ id: string; version: number; status: string; recordCount: number; sha256: string }> }
  ).submissions;
}

export function upload(portal: PortalProcess, session: Session, csv: string, signal?: AbortSignal): Promise<Response> {
  // Confirmed: these tests replace with fewer rows on purpose (faults, not the replacement guard, are the subject).
  return fetch(`${portal.url}/api/v1/submissions?period=${uploadPeriod}&dryRun=false&confirmReplace=true`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-portal-request': '1', 'content-type': 'text/csv' },
    body: csv,
    signal,
  });
}

/** A direct connection for checking what the database holds, beside the API. */
export function inspect(url: string) {
  return postgres(url, { max: 1, onnotice: () => {}, transform: postgres.camel });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the database holds, checked beside the API: every stored row belongs to a whole submission
 * (its record_count is the number of rows it has), every provider and period has exactly one current
 * submission, and the indicator cells of `agb` are those of its current submission, all of it.
 */
export async function checkNothingHalfStored(sql: ReturnType<typeof inspect>, agb: string): Promise<void> {
  const [orphans] = await sql`select count(*)::int as n from outcome_records r
    where not exists (select 1 from submissions s where s.id = r.submission_id and s.status in ('current', 'replaced'))`;
  expect(orphans.n, 'outcome records without a submission').toBe(0);
  const mismatched = await sql`select s.id, s.version, s.status, s.record_count, count(r.id)::int as stored
    from submissions s left join outcome_records r on r.submission_id = s.id
    group by s.id having count(r.id) <> s.record_count`;
  expect(mismatched, 'submissions whose record_count is not their number of rows').toEqual([]);
  const notOneCurrent = await sql`select provider_id, period_code from submissions
    group by 1, 2 having count(*) filter (where status = 'current') <> 1`;
  expect(notOneCurrent, 'provider periods without exactly one current submission').toEqual([]);
  const [cells] = await sql`select s.record_count,
      (select coalesce(sum(c.trajectories), 0)::int from indicator_cells c where c.submission_id = s.id) as in_cells,
      (select count(*)::int from indicator_cells c where c.provider_id = s.provider_id and c.period_code = s.period_code and c.submission_id <> s.id) as stale
    from submissions s join organisations o on o.id = s.provider_id
    where o.code = ${agb} and s.period_code = ${uploadPeriod} and s.status = 'current'`;
  expect({ inCells: cells.inCells, stale: cells.stale }, 'indicator cells of the current submission').toEqual({
    inCells: cells.recordCount,
    stale: 0,
  });
}

/** `npm run portal -- audit verify --json` on the same configuration: the access-log chain and checkpoints hold. */
export async function auditVerifies(env: Record<string, string>): Promise<void> {
  const verify = await runToEnd(tsxBin, ['api/src/cli.ts', 'audit', 'verify', '--json'], env);
  expect(JSON.parse(verify.stdout), verify.stderr).toMatchObject({ ok: true });
  expect(verify.code).toBe(0);
}

/** Polls until `check` returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Every process below `pid` (Linux /proc), children before grandchildren. */
export function descendants(pid: number): number[] {
  const found: number[] = [];
  const visit = (parent: number) => {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${parent}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/**
 * SIGKILL for the portal as it really runs: `tsx` starts the server in a child process, and a
 * SIGKILL to tsx alone (it cannot relay that one) would leave the server running as an orphan.
 * The server goes first, then the tsx wrapper; resolves when the wrapper has exited.
 */
export async function killPortal(portal: PortalProcess): Promise<void> {
  const { child } = portal;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (const pid of descendants(child.pid!).reverse()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  child.kill('SIGKILL');
  await exited;
}
