import { refreshRegion } from '../indicators/refresh.ts';
import { addDays, todayInPortal } from '../../../schemas/dates.ts';
import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import { generateDemoRegion, type DemoRecord } from './demo-region.ts';
import type { Config } from '../config.ts';
import type { Sql } from '../db/connect.ts';
import { systemActor, type Role } from '../auth/actor.ts';
import { base32Encode } from '../auth/totp.ts';
import { appendAccessEvent } from '../audit/append.ts';
import { rekeyPseudonym } from '../ingest/pseudonymise.ts';
import { ensureDemoK1File, type Keys } from '../keys.ts';
import { createApiClient } from './api-clients.ts';
import { createProvider, upsertRegion } from './organisations.ts';
import { createUser } from './users.ts';

/**
 * Demo mode: loads the H10 region once, with synthetic records that behave like real ones
 * (varied providers, small providers, re-entry), and demo accounts for every role.
 */

export interface DemoAccount {
  email: string;
  role: Role;
  organisation: string;
  password: string;
  totpSecret: string;
}

export interface DemoSeedResult {
  loadedNow: boolean;
  records: number;
  accounts: DemoAccount[];
  k1File: string;
  k1Created: boolean;
}

const seedActor = systemActor('demo-seed', 'H10');

export async function seedDemoRegionOnce(sql: Sql, config: Config, keys: Keys, logger: Logger): Promise<DemoSeedResult> {
  const k1 = await ensureDemoK1File(config);
  const demo = generateDemoRegion();
  const accounts = demoAccounts(keys.secretBoxKey, demo.providers[0].agb, demo.providers[0].name);
  const [already] = await sql`select count(*)::int as n from outcome_records where region_code = ${demo.region.code}`;
  if (already.n > 0) {
    return { loadedNow: false, records: already.n, accounts, k1File: k1.path, k1Created: k1.created };
  }

  const started = performance.now();
  await upsertRegion(sql, seedActor, { ...demo.region, municipalities: demo.municipalities, productCategories: demo.productCategories });
  const providerIds = new Map<string, number>();
  for (const provider of demo.providers) {
    const created = await createProvider(sql, seedActor, { agb: provider.agb, name: provider.name, regionCode: demo.region.code });
    providerIds.set(provider.agb, created.id);
  }
  // Earlier half-years are closed (their figures final: providers see their peers there); the
  // latest stays open for (late) deliveries and corrections.
  const latest = demo.periods
    .map((p) => p.code)
    .sort()
    .at(-1);
  for (const period of demo.periods) {
    await sql`insert into periods (region_code, code, starts_on, ends_on, deadline, closed)
      values (${demo.region.code}, ${period.code}, ${period.startsOn}, ${period.endsOn}, ${period.deadline}, ${period.code !== latest})
      on conflict do nothing`;
  }
  await seedDemoContracts(sql, demo, providerIds);
  // The demo's half-years lie at fixed dates, so on most days even the latest one's figures are final
  // (issue 17). It stays open for corrections as before: every provider holds a lock exception for it.
  await sql`insert into lock_exceptions (region_code, provider_id, period_code, reason, valid_until, granted_by)
    select ${demo.region.code}, id, ${latest!}, 'Demo: de laatste periode blijft open voor correcties', ${addDays(todayInPortal(), 90)}, 'demo-seed'
    from organisations where region_code = ${demo.region.code} and kind = 'provider'`;
  for (const account of accounts) {
    await createUser(
      sql,
      seedActor,
      {
        email: account.email,
        role: account.role,
        regionCode: demo.region.code,
        orgCode: account.role === 'provider' ? demo.providers[0].agb : account.role === 'municipality' ? '0518' : undefined,
        displayName: account.organisation,
        password: account.password,
        totpSecret: account.totpSecret,
      },
      keys.secretBoxKey,
    );
  }
  await createApiClient(sql, seedActor, { providerAgb: demo.providers[0].agb, regionCode: demo.region.code, name: 'Demo client system' });

  // One submission per provider and period, all records in one transaction: all or nothing.
  const groups = new Map<string, DemoRecord[]>();
  for (const record of demo.records) {
    const key = `${record.providerAgb}|${record.periodCode}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(record);
  }
  await sql.begin(async (tx) => {
    for (const [key, records] of groups) {
      const [agb, periodCode] = key.split('|');
      const digest = createHmac('sha256', 'demo').update(key).digest('hex');
      // A fixed moment around the deadline, so the delivery monitor shows the same on every start:
      // about one in sixteen a few days late, the others some days before the deadline.
      const late = digest.startsWith('0');
      const deadline = demo.periods.find((p) => p.code === periodCode)!.deadline;
      const submittedAt = `${addDays(deadline, late ? 1 + (Number.parseInt(digest[1], 16) % 6) : -1 - (Number.parseInt(digest.slice(1, 3), 16) % 20))}T09:00:00Z`;
      const [submission] = await tx`insert into submissions
        (region_code, provider_id, period_code, version, record_count, file_sha256, content_type, late, submitted_at)
        values (${demo.region.code}, ${providerIds.get(agb)!}, ${periodCode}, 1, ${records.length}, ${digest}, 'text/csv', ${late}, ${submittedAt})
        returning id`;
      const rows = records.map((r) => ({
        submissionId: submission.id,
        regionCode: demo.region.code,
        providerId: providerIds.get(agb)!,
        periodCode,
        recordId: r.recordId,
        // Demo clients have no BSN; their first-layer value is made with the demo K1 all the same.
        clientPseudonym: rekeyPseudonym(
          keys.pseudonymKeys,
          `p1:${createHmac('sha256', k1.key).update(`DEMO|${r.clientKey}`).digest('hex')}`,
        ),
        providerAgb: r.providerAgb,
        municipalityCode: r.municipalityCode,
        productCategory: r.productCategory,
        productCode: r.productCode,
        careForm: r.careForm,
        startDate: r.startDate,
        endDate: r.endDate,
        ageAtStart: r.ageAtStart,
        endReason: r.endReason,
        goalAttainment: r.goalAttainment,
        youthUsefulness: r.youthUsefulness,
        parentUsefulness: r.parentUsefulness,
        youthFurtherHelp: r.youthFurtherHelp,
        parentFurtherHelp: r.parentFurtherHelp,
      }));
      for (let i = 0; i < rows.length; i += 1000) {
        await tx`insert into outcome_records ${tx(rows.slice(i, i + 1000) as never)}`;
      }
    }
    await refreshRegion(tx, demo.region.code);
    await appendAccessEvent(tx, seedActor, {
      action: 'demo.seed',
      actionType: 'C',
      objectType: 'region',
      objectId: demo.region.code,
      result: 'allowed',
      details: { submissions: groups.size, records: demo.records.length },
    });
  });
  logger.info({ records: demo.records.length, ms: Math.round(performance.now() - started) }, 'demo region loaded');
  return { loadedNow: true, records: demo.records.length, accounts, k1File: k1.path, k1Created: k1.created };
}

/** Providers contracted since the latest half-year that have not delivered yet: the monitor shows them as missing. */
const newlyContracted = [
  { agb: '98000101', name: 'Jeugdhulp Nieuwe Haven', categories: ['45'] },
  { agb: '98000102', name: 'Stichting Kustlicht Jeugd', categories: ['43', '45'] },
  { agb: '98000103', name: 'Gezinspraktijk Meeuwenduin', categories: ['54'] },
];

/**
 * Contracts (who must deliver, issue 17): every demo provider for the categories it delivers, from
 * the first half-year on, and three providers contracted from the latest half-year on without data.
 */
async function seedDemoContracts(sql: Sql, demo: ReturnType<typeof generateDemoRegion>, providerIds: Map<string, number>) {
  const periods = [...demo.periods].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const categories = new Map<string, Set<string>>();
  for (const r of demo.records)
    (categories.get(r.providerAgb) ?? categories.set(r.providerAgb, new Set()).get(r.providerAgb)!).add(r.productCategory);
  const rows = [...categories].flatMap(([agb, set]) =>
    [...set].sort().map((category) => ({ agb, category, validFrom: periods[0].startsOn })),
  );
  for (const provider of newlyContracted) {
    const created = await createProvider(sql, seedActor, { agb: provider.agb, name: provider.name, regionCode: demo.region.code });
    providerIds.set(provider.agb, created.id);
    for (const category of provider.categories) rows.push({ agb: provider.agb, category, validFrom: periods.at(-1)!.startsOn });
  }
  await sql`insert into provider_contracts ${sql(
    rows.map((r) => ({
      region_code: demo.region.code,
      provider_id: providerIds.get(r.agb)!,
      product_category: r.category,
      valid_from: r.validFrom,
    })),
  )}`;
}

/**
 * Demo passwords and TOTP secrets are derived from the portal's own secret-box key, so they can
 * be printed at every start without ever being stored anywhere.
 */
function demoAccounts(secretBoxKey: Uint8Array, providerAgb: string, providerName: string): DemoAccount[] {
  const derive = (purpose: string, email: string) => createHmac('sha256', secretBoxKey).update(`demo|${purpose}|${email}`).digest();
  const make = (email: string, role: Role, organisation: string): DemoAccount => ({
    email,
    role,
    organisation,
    password: `Demo-${derive('password', email).toString('base64url').slice(0, 14)}`,
    totpSecret: base32Encode(derive('totp', email).subarray(0, 20)),
  });
  return [
    make('aanbieder@demo.resultaatportaal.nl', 'provider', `${providerName} (AGB ${providerAgb})`),
    make('contractmanager@demo.resultaatportaal.nl', 'contract_manager', 'Servicebureau Jeugdhulp Haaglanden'),
    make('gemeente@demo.resultaatportaal.nl', 'municipality', 'Gemeente Den Haag (0518)'),
    make('auditor@demo.resultaatportaal.nl', 'auditor', 'Servicebureau Jeugdhulp Haaglanden'),
    make('beheerder@demo.resultaatportaal.nl', 'admin', 'Servicebureau Jeugdhulp Haaglanden'),
  ];
}
