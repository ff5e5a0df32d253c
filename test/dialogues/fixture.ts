import { createProvider } from '../../api/src/admin/organisations.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { refreshRegion } from '../../api/src/indicators/refresh.ts';
import { createTestApp } from '../support/app.ts';
import { openTestDatabase, type Engine, type TestDatabase } from '../support/engines.ts';
import { keepFinalPeriodsOpen, loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';

/**
 * A hand-checked region for dialogues: four providers in category 45, two periods, known end
 * reasons (the provider account belongs to A; the municipality account to 0518).
 *   2025-H1  A 98000010: 30 records, 3×03 → dropout 3/30   (0518)
 *            B 98000020: 40 records, 4×03 → dropout 4/40   (20 in 0518, 20 in 0503)
 *            C 98000030: 12 records, 1×03 → dropout 1/12   (0503)
 *            D 98000040: 30 records, 3×03 → dropout 3/30   (0503)
 *   2025-H2  A: 20 records: 6×03, 2×04, 10×01, 2×99 → dropout 6/18 (0518)
 *            B: 40 records, 2×03 → 2/40; C: 12 records, 1×03 → 1/12; D: 30 records, 3×03 → 3/30
 *            region: 12/100
 * With `smallCell`, C has 8 records in 2025-H2 (1/8, region 12/96): hidden for its small n, and with
 * it A and D (complementary), so that neither the total nor C knowing its own 8 gives one away.
 */
type Group = { reason: string; municipality: string; count: number };
export const fixture: Record<string, Record<string, Group[]>> = {
  '2025-H1': {
    '98000010': [
      { reason: '03', municipality: '0518', count: 3 },
      { reason: '01', municipality: '0518', count: 27 },
    ],
    '98000020': [
      { reason: '03', municipality: '0518', count: 4 },
      { reason: '01', municipality: '0518', count: 16 },
      { reason: '01', municipality: '0503', count: 20 },
    ],
    '98000030': [
      { reason: '03', municipality: '0503', count: 1 },
      { reason: '01', municipality: '0503', count: 11 },
    ],
    '98000040': [
      { reason: '03', municipality: '0503', count: 3 },
      { reason: '01', municipality: '0503', count: 27 },
    ],
  },
  '2025-H2': {
    '98000010': [
      { reason: '03', municipality: '0518', count: 6 },
      { reason: '04', municipality: '0518', count: 2 },
      { reason: '01', municipality: '0518', count: 10 },
      { reason: '99', municipality: '0518', count: 2 },
    ],
    '98000020': [
      { reason: '03', municipality: '0518', count: 2 },
      { reason: '01', municipality: '0518', count: 18 },
      { reason: '01', municipality: '0503', count: 20 },
    ],
    '98000030': [
      { reason: '03', municipality: '0503', count: 1 },
      { reason: '01', municipality: '0503', count: 11 },
    ],
    '98000040': [
      { reason: '03', municipality: '0503', count: 3 },
      { reason: '01', municipality: '0503', count: 27 },
    ],
  },
};
const smallC: Group[] = [
  { reason: '03', municipality: '0503', count: 1 },
  { reason: '01', municipality: '0503', count: 7 },
];

export const roles = ['provider', 'contract_manager', 'municipality', 'auditor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface DialogueRegion {
  db: TestDatabase;
  app: ReturnType<typeof createTestApp>;
  request(
    role: Role,
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  accessLogCount(): Promise<number>;
  /** The session cookie of each role, for requests `request` cannot make (e.g. a body that is not JSON). */
  cookies: Record<Role, string>;
}

export async function openDialogueRegion(engine: Engine, options: { smallCell?: boolean } = {}): Promise<DialogueRegion> {
  const db = await openTestDatabase(engine);
  const app = createTestApp(db);
  const region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
  const actor = systemActor('test', 'H10');
  await createProvider(db.sql, actor, { agb: '98000030', name: 'Aanbieder C', regionCode: 'H10' });
  await createProvider(db.sql, actor, { agb: '98000040', name: 'Aanbieder D', regionCode: 'H10' });
  await keepFinalPeriodsOpen(db.sql);
  let serial = 0;
  for (const [period, providers] of Object.entries(fixture)) {
    for (const [agb, fixed] of Object.entries(providers)) {
      const groups = options.smallCell && period === '2025-H2' && agb === '98000030' ? smallC : fixed;
      const [org] = await db.sql`select id from organisations where code = ${agb}`;
      const total = groups.reduce((s, g) => s + g.count, 0);
      const [submission] =
        await db.sql`insert into submissions (region_code, provider_id, period_code, version, record_count, file_sha256, content_type)
        values ('H10', ${org.id}, ${period}, 1, ${total}, ${'a'.repeat(64)}, 'text/csv') returning id`;
      for (const group of groups) {
        for (let i = 0; i < group.count; i++) {
          serial++;
          await db.sql`insert into outcome_records (submission_id, region_code, provider_id, period_code, record_id, client_pseudonym, provider_agb,
              municipality_code, product_category, start_date, end_date, age_at_start, end_reason, goal_attainment)
            values (${submission.id}, 'H10', ${org.id}, ${period}, ${`R${serial}`}, ${`v1:${serial.toString(16).padStart(64, '0')}`}, ${agb},
              ${group.municipality}, '45', ${period === '2025-H1' ? '2024-10-01' : '2025-03-01'}, ${period === '2025-H1' ? '2025-03-01' : '2025-09-01'},
              ${serial % 24}, ${group.reason}, 'onbekend')`;
        }
      }
    }
  }
  await refreshRegion(db.sql, 'H10');
  const cookies = {} as Record<Role, string>;
  for (const role of roles) {
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: loginBody(region.users[role]),
    });
    cookies[role] = sessionCookieFrom(login);
  }
  return {
    db,
    app,
    cookies,
    async request(role, method, path, options = {}) {
      const headers: Record<string, string> = { cookie: cookies[role], ...options.headers };
      if (method !== 'GET') headers['x-portal-request'] = '1';
      if (options.body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await app.request(`/api/v1${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
    },
    async accessLogCount() {
      const [row] = await db.sql`select count(*)::int as n from access_log`;
      return Number(row.n);
    },
  };
}

/** Days from today as YYYY-MM-DD (due dates without a meeting date are checked against today). */
export function daysFromToday(days: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
