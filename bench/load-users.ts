/**
 * The simulated users of bench/load.ts: accounts made through the admin API, one login (session)
 * per simulated user, and the loop each one runs with think time. Every request is timed and
 * classified; nothing here prints a password, TOTP secret or session token.
 */
import { createHmac } from 'node:crypto';
import { unusedTotpCode } from '../test/support/totp.ts';

export type Role = 'contract_manager' | 'provider' | 'municipality' | 'auditor';

export interface Account {
  role: Role;
  email: string;
  password: string;
  totpSecret: string;
  agb?: string;
}

export interface User {
  id: number;
  role: Role;
  base: string;
  cookie: string;
  agb?: string;
  /** The dialogue versions this user last saw (the form it has open). */
  versions: Map<string, number>;
}

/** What the loop must leave behind, checked against the database afterwards. */
export interface Writes {
  commits: Array<{ submissionId: string; rows: number; agb: string }>;
  /** Successful PATCHes per dialogue id. */
  dialogueEdits: Map<string, number>;
  /** Successful audited reads per access-log action. */
  auditedReads: Map<string, number>;
}

export type Outcome = 'ok' | 'conflict' | 'client_error' | 'server_error' | 'network' | 'timeout';

export class Stats {
  readonly latencies = new Map<string, number[]>();
  readonly outcomes = new Map<string, Map<Outcome, number>>();
  readonly statuses = new Map<string, Map<number, number>>();
  record(type: string, ms: number, outcome: Outcome, status?: number): void {
    (this.latencies.get(type) ?? this.latencies.set(type, []).get(type)!).push(ms);
    const byOutcome = this.outcomes.get(type) ?? this.outcomes.set(type, new Map()).get(type)!;
    byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
    if (status !== undefined && outcome !== 'ok') {
      const byStatus = this.statuses.get(type) ?? this.statuses.set(type, new Map()).get(type)!;
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    }
  }
}

const requestTimeoutMs = 30_000;

/** One timed request. `expected`: the statuses that are a success; 409 where a conflict is an expected outcome. */
export async function timed(
  stats: Stats,
  type: string,
  url: string,
  init: RequestInit & { expected: number[]; conflictOk?: boolean },
): Promise<{ status: number; body: unknown; headers: Headers } | undefined> {
  const started = performance.now();
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(requestTimeoutMs) });
    const text = await response.text();
    const ms = performance.now() - started;
    const outcome: Outcome = init.expected.includes(response.status)
      ? 'ok'
      : response.status === 409 && init.conflictOk
        ? 'conflict'
        : response.status >= 500
          ? 'server_error'
          : 'client_error';
    stats.record(type, ms, outcome, response.status);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // CSV or empty
    }
    return { status: response.status, body, headers: response.headers };
  } catch (error) {
    const name = (error as Error).name;
    stats.record(type, performance.now() - started, name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network');
    return undefined;
  }
}

export async function login(base: string, account: Account): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password, totp: unusedTotpCode(account.totpSecret) }),
    });
    await response.text();
    if (response.status === 200) return (response.headers.get('set-cookie') ?? '').split(';')[0];
    if (attempt >= 2) throw new Error(`login as ${account.role} failed: ${response.status}`);
  }
}

const mutation = (cookie: string, contentType = 'application/json') => ({ cookie, 'x-portal-request': '1', 'content-type': contentType });

/** Admin: provider accounts for `agbs`, and extra accounts for the other roles (all through the admin API). */
export async function createAccounts(
  base: string,
  adminCookie: string,
  agbs: string[],
  extra: Array<{ role: Role; orgCode?: string }>,
): Promise<Account[]> {
  const wanted = [...agbs.map((agb) => ({ role: 'provider' as Role, orgCode: agb })), ...extra];
  const accounts: Account[] = [];
  for (const [i, want] of wanted.entries()) {
    const email = `bench-${want.role.replace('_', '-')}-${i}@bench.resultaatportaal.nl`;
    const response = await fetch(`${base}/api/v1/admin/users`, {
      method: 'POST',
      headers: mutation(adminCookie),
      body: JSON.stringify({
        email,
        role: want.role,
        ...(want.orgCode ? { orgCode: want.orgCode } : {}),
        displayName: `Bench ${want.role} ${i}`,
      }),
    });
    const body = (await response.json()) as { password: string; totpSecret: string };
    if (response.status !== 201)
      throw new Error(`creating a ${want.role} account failed: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    accounts.push({
      role: want.role,
      email,
      password: body.password,
      totpSecret: body.totpSecret,
      agb: want.role === 'provider' ? want.orgCode : undefined,
    });
  }
  return accounts;
}

/** A contract manager prepares dialogues with these providers (2025-H2); returns their ids. */
export async function prepareDialogues(base: string, managerCookie: string, agbs: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const agb of agbs) {
    const response = await fetch(`${base}/api/v1/dialogues`, {
      method: 'POST',
      headers: mutation(managerCookie),
      body: JSON.stringify({ providerAgb: agb, period: '2025-H2' }),
    });
    const body = (await response.json()) as { id?: string };
    if (response.status === 201 && body.id) ids.push(String(body.id));
  }
  if (ids.length === 0) throw new Error('no dialogue could be prepared');
  return ids;
}

const header =
  'recordId;clientPseudonym;providerAgb;municipalityCode;productCategory;productCode;careForm;startDate;endDate;ageAtStart;endReason;goalAttainment;youthUsefulness;parentUsefulness;youthFurtherHelp;parentFurtherHelp';

/** `rows` valid records for 2026-H1 (as bench/indicators.ts and test/reliability make them); `tag` makes the file unique. */
export function uploadCsv(agb: string, rows: number, tag: string): string {
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    lines.push(
      [
        `L${tag}-${i}`,
        `p1:${createHmac('sha256', 'bench-load').update(`${tag}/${i}`).digest('hex')}`,
        agb,
        i % 2 ? '0518' : '0503',
        i % 3 ? '45' : '54',
        '',
        ['01', '02', '03', '04'][i % 4],
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

const periods = ['2025-H1', '2025-H2', '2026-H1'];
const categories = ['45', '54', '41', '43'];
const indicators = [
  'dropout',
  'unilateralEnd',
  'earlyEnd',
  'goalAttainment',
  'goalsPartlyAttained',
  'continuedWithoutHelp',
  'noFurtherHelp',
  'satisfaction',
  'response',
  'noReentry',
];
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** A dashboard read: the overview table, a funnel or a trend (each writes one access-log entry). */
async function read(stats: Stats, user: User, writes: Writes): Promise<void> {
  const period = pick(periods);
  const category = pick(categories);
  const kind = pick(['indicators', 'funnel', 'trend'] as const);
  const path =
    kind === 'indicators'
      ? `/indicators?period=${period}&productCategory=${category}`
      : `/comparisons/${kind}?period=${period}&productCategory=${category}&indicator=${pick(indicators)}`;
  const result = await timed(stats, `read ${kind}`, `${user.base}/api/v1${path}`, { headers: { cookie: user.cookie }, expected: [200] });
  if (result?.status === 200) {
    const action = { indicators: 'indicators.read', funnel: 'comparisons.funnel', trend: 'comparisons.trend' }[kind];
    writes.auditedReads.set(action, (writes.auditedReads.get(action) ?? 0) + 1);
  }
}

let uploadCounter = 0;

/** A provider checks a small file (dry run), then commits it. */
async function upload(stats: Stats, user: User, writes: Writes): Promise<void> {
  const rows = 50 + Math.floor(Math.random() * 151);
  const tag = `${user.id}x${++uploadCounter}x${Date.now().toString(36)}`;
  const csv = uploadCsv(user.agb!, rows, tag);
  // Random sizes replace each other: confirmed, the load test is not about the replacement guard.
  const url = (dryRun: boolean) => `${user.base}/api/v1/submissions?period=2026-H1&dryRun=${dryRun}&confirmReplace=true`;
  const dry = await timed(stats, 'upload dry-run', url(true), {
    method: 'POST',
    headers: mutation(user.cookie, 'text/csv'),
    body: csv,
    expected: [200],
  });
  if (dry?.status !== 200) return;
  const commit = await timed(stats, 'upload commit', url(false), {
    method: 'POST',
    headers: mutation(user.cookie, 'text/csv'),
    body: csv,
    expected: [201],
  });
  const submission = (commit?.body as { submission?: { id: string } } | undefined)?.submission;
  if (commit?.status === 201 && submission) writes.commits.push({ submissionId: String(submission.id), rows, agb: user.agb! });
}

/** A contract manager saves notes on the version it last saw; a 409 means someone else saved first. */
async function editDialogue(stats: Stats, user: User, writes: Writes, dialogueIds: string[]): Promise<void> {
  const id = pick(dialogueIds);
  let version = user.versions.get(id);
  if (version === undefined) {
    const seen = await timed(stats, 'dialogue get', `${user.base}/api/v1/dialogues/${id}`, {
      headers: { cookie: user.cookie },
      expected: [200],
    });
    if (seen?.status !== 200) return;
    version = Number((seen.body as { version: number }).version);
  }
  const saved = await timed(stats, 'dialogue patch', `${user.base}/api/v1/dialogues/${id}`, {
    method: 'PATCH',
    headers: { ...mutation(user.cookie), 'if-match': `"${version}"` },
    body: JSON.stringify({ notes: `Bench note by simulated user ${user.id} at ${new Date().toISOString()}` }),
    expected: [200],
    conflictOk: true,
  });
  if (saved?.status === 200) {
    user.versions.set(id, Number((saved.body as { version: number }).version));
    writes.dialogueEdits.set(id, (writes.dialogueEdits.get(id) ?? 0) + 1);
  } else if (saved?.status === 409) {
    const current = (saved.body as { currentVersion?: number }).currentVersion;
    if (current === undefined) user.versions.delete(id);
    else user.versions.set(id, current);
  }
}

/** An auditor pages through the access log with a filter. */
async function auditQuery(stats: Stats, user: User): Promise<void> {
  const filters = [
    '',
    '&action=indicators.read',
    '&result=denied',
    '&objectType=submission',
    `&from=${new Date(Date.now() - 120_000).toISOString()}`,
    '&action=dialogue.update',
  ];
  await timed(stats, 'audit events', `${user.base}/api/v1/audit/events?limit=50${pick(filters)}`, {
    headers: { cookie: user.cookie },
    expected: [200],
  });
}

/**
 * The mix (of actions, an upload being a dry run plus a commit, a dialogue edit a PATCH and
 * sometimes a GET first): providers upload 25% of the time and read otherwise, contract managers
 * edit a dialogue 25% of the time and read otherwise, municipalities read, auditors query the log.
 * With 40% providers, 40% contract managers, 10% each of the others that is 70% reads, 10% uploads,
 * 10% dialogue edits and 10% audit queries.
 */
export async function runUser(
  user: User,
  until: number,
  thinkMs: number,
  stats: Stats,
  writes: Writes,
  dialogueIds: string[],
): Promise<void> {
  // The last think time ends at the deadline: the run lasts its seconds, not seconds plus a pause.
  const think = () =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, Math.min(thinkMs * (0.5 + Math.random()), until - performance.now()))));
  await new Promise((resolve) => setTimeout(resolve, Math.random() * thinkMs)); // staggered start
  while (performance.now() < until) {
    const r = Math.random();
    if (user.role === 'auditor') await auditQuery(stats, user);
    else if (user.role === 'provider' && r < 0.25) await upload(stats, user, writes);
    else if (user.role === 'contract_manager' && r < 0.25) await editDialogue(stats, user, writes, dialogueIds);
    else await read(stats, user, writes);
    await think();
  }
}

/** How many simulated users of each role: 40% providers, 40% contract managers, 10% municipalities, 10% auditors. */
export function roleMix(users: number): Role[] {
  const auditors = Math.max(1, Math.round(users * 0.1));
  const municipalities = Math.max(1, Math.round(users * 0.1));
  const providers = Math.max(1, Math.round(users * 0.4));
  const managers = Math.max(1, users - auditors - municipalities - providers);
  return [
    ...Array<Role>(providers).fill('provider'),
    ...Array<Role>(managers).fill('contract_manager'),
    ...Array<Role>(municipalities).fill('municipality'),
    ...Array<Role>(auditors).fill('auditor'),
  ];
}
