import { createApiClient } from '../../api/src/admin/api-clients.ts';
import { createProvider, upsertRegion } from '../../api/src/admin/organisations.ts';
import { createUser } from '../../api/src/admin/users.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import type { Sql } from '../../api/src/db/connect.ts';
import { addDays, todayInPortal } from '../../schemas/dates.ts';
import { unusedTotpCode } from './totp.ts';

/** A small region by hand: two providers, one account per role, one API client. */
export async function seedTestRegion(sql: Sql, secretBoxKey: Uint8Array, regionCode = 'H10') {
  const actor = systemActor('test', regionCode);
  await upsertRegion(sql, actor, {
    code: regionCode,
    name: `Testregio ${regionCode}`,
    municipalities: [
      { code: '0518', name: 'Den Haag', validUntil: null },
      { code: '0503', name: 'Delft', validUntil: null },
    ],
    productCategories: ['45', '54'],
  });
  await sql`insert into periods (region_code, code, starts_on, ends_on, deadline, closed) values
    (${regionCode}, '2025-H1', '2025-01-01', '2025-06-30', '2025-07-21', true),
    (${regionCode}, '2025-H2', '2025-07-01', '2025-12-31', '2026-01-21', false),
    (${regionCode}, '2026-H2', '2026-07-01', '2026-12-31', '2027-01-21', false)`;
  const agbA = regionCode === 'H10' ? '98000010' : '98000090';
  await createProvider(sql, actor, { agb: agbA, name: 'Aanbieder A', regionCode });
  await createProvider(sql, actor, { agb: regionCode === 'H10' ? '98000020' : '98000091', name: 'Aanbieder B', regionCode });
  const users: Record<string, { email: string; password: string; totpSecret: string }> = {};
  for (const role of ['provider', 'contract_manager', 'municipality', 'auditor', 'admin']) {
    const email = `${role}@${regionCode.toLowerCase()}.test.nl`;
    const created = await createUser(
      sql,
      actor,
      { email, role, regionCode, orgCode: role === 'provider' ? agbA : role === 'municipality' ? '0518' : undefined },
      secretBoxKey,
    );
    users[role] = { email, password: created.password, totpSecret: created.totpSecret };
  }
  const client = await createApiClient(sql, actor, { providerAgb: agbA, regionCode });
  await keepFinalPeriodsOpen(sql, regionCode);
  return { users, client, agbA };
}

/**
 * The fixture's periods lie at fixed dates, so on the day tests run 2025-H2's figures are final
 * (issue 17: its deadline 2026-01-21 plus the review window) and a commit for it would be refused.
 * Tests that upload are about other things: every provider of the region gets a standing lock
 * exception for each period that is not closed and whose deadline has passed. Call it again after
 * adding providers or periods; test/cycle/ removes them where finality itself is tested.
 */
export async function keepFinalPeriodsOpen(sql: Sql, regionCode = 'H10'): Promise<void> {
  const today = todayInPortal();
  await sql`insert into lock_exceptions (region_code, provider_id, period_code, reason, valid_until, granted_by)
    select ${regionCode}, o.id, p.code, 'test fixture: uploads for a final period', ${addDays(today, 90)}, 'test'
    from organisations o join periods p on p.region_code = o.region_code
    where o.region_code = ${regionCode} and o.kind = 'provider' and not p.closed and p.deadline < ${today}
      and not exists (select 1 from lock_exceptions e where e.provider_id = o.id and e.period_code = p.code)`;
}

export function loginBody(user: { email: string; password: string; totpSecret: string }) {
  return JSON.stringify({ email: user.email, password: user.password, totp: unusedTotpCode(user.totpSecret) });
}

export function sessionCookieFrom(response: Response): string {
  const cookie = response.headers.get('set-cookie') ?? '';
  const match = cookie.match(/rp_session=([^;]+)/);
  if (!match) throw new Error(`no session cookie in ${cookie}`);
  return `rp_session=${match[1]}`;
}

/**
 * The test region with an API client for each of its two providers, and a bearer token for each
 * (client credentials through the real token endpoint), by provider AGB.
 */
export async function seedRegionWithTwoProviderClients(
  db: { sql: Sql },
  app: { keys: { secretBoxKey: Uint8Array }; request: (path: string, init?: RequestInit) => Response | Promise<Response> },
) {
  const region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
  const clientB = await createApiClient(db.sql, systemActor('test', 'H10'), { providerAgb: '98000020', regionCode: 'H10' });
  const bearer: Record<string, string> = {};
  for (const [agb, client] of [
    ['98000010', region.client],
    ['98000020', clientB],
  ] as const) {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    const answer = await app.request('/api/v1/auth/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    bearer[agb] = `Bearer ${(await answer.json()).access_token}`;
  }
  return { region, bearer };
}
