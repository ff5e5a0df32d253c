/**
 * The delivery monitor: per provider × product category whether a period's data arrived, on time
 * or late, or is missing, against the contracts. It gives per category only delivered yes/no; the
 * one count it shows, a current submission's records, goes through the same disclosure check as
 * /submissions (submissionCountShown), since per-category or hidden counts could fall below min n.
 */
import { todayInPortal } from '../../../schemas/dates.ts';
import type { DeliveryMonitor, DeliveryStatus, DeliveryTotals } from '../../../schemas/deliveries.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Forbidden, NotFound } from '../errors.ts';
import { submissionCountShown } from '../indicators/disclosure.ts';
import { regionRules } from '../indicators/figures.ts';
import { logDeliveryAccess } from './contracts.ts';
import { expectedDeliveries, isLate } from './expected.ts';

interface PeriodRow {
  code: string;
  startsOn: string;
  endsOn: string;
  deadline: string;
  closed: boolean;
}

interface ProviderState {
  providerId: number;
  providerAgb: string;
  providerName: string;
  contracted: Set<string>;
  /** Category → when it first arrived in any version, and whether the current version holds it. */
  arrived: Map<string, { firstAt: Date; current: boolean }>;
  versions: number;
  replaced: number;
  firstSubmittedAt: Date | null;
  current: { recordCount: number; submittedAt: Date } | null;
}

/** Who the reader may see: a provider only itself; a municipality or auditor nothing. */
function scopeOf(actor: Actor): { regionCode: string; providerId: number | null } {
  if (!actor.regionCode) throw new Forbidden();
  if (actor.role === 'provider') return { regionCode: actor.regionCode, providerId: actor.organisationId };
  if (actor.role === 'contract_manager' || actor.role === 'admin' || actor.type === 'system') {
    return { regionCode: actor.regionCode, providerId: null };
  }
  throw new Forbidden();
}

async function providerStates(db: Queryable, regionCode: string, period: PeriodRow, providerId: number | null): Promise<ProviderState[]> {
  const only = providerId === null ? db`` : db`and o.id = ${providerId}`;
  const contracts = await db`select o.id, o.code, o.name, c.product_category::text as category
    from provider_contracts c join organisations o on o.id = c.provider_id and o.kind = 'provider' and o.active
    where c.region_code = ${regionCode} and c.valid_from <= ${period.endsOn}::date
      and (c.valid_until is null or c.valid_until >= ${period.startsOn}::date) ${only}`;
  const submissions = await db`select o.id, o.code, o.name,
      count(*)::int as versions, (count(*) filter (where s.status = 'replaced'))::int as replaced, min(s.submitted_at) as first_at,
      max(s.record_count) filter (where s.status = 'current') as current_records,
      max(s.submitted_at) filter (where s.status = 'current') as current_at
    from submissions s join organisations o on o.id = s.provider_id
    where s.region_code = ${regionCode} and s.period_code = ${period.code} ${only}
    group by o.id, o.code, o.name`;
  // Per category: the first version that held it, and whether the current one does.
  const arrivals = await db`select s.provider_id, r.category, min(s.submitted_at) as first_at, bool_or(s.status = 'current') as current
    from submissions s
    join organisations o on o.id = s.provider_id
    cross join lateral (select distinct product_category::text as category from outcome_records where submission_id = s.id) r
    where s.region_code = ${regionCode} and s.period_code = ${period.code} ${only}
    group by s.provider_id, r.category`;
  const states = new Map<number, ProviderState>();
  const stateOf = (row: Record<string, unknown>) => {
    const id = Number(row.id);
    let state = states.get(id);
    if (!state) {
      state = {
        providerId: id,
        providerAgb: row.code as string,
        providerName: row.name as string,
        contracted: new Set(),
        arrived: new Map(),
        versions: 0,
        replaced: 0,
        firstSubmittedAt: null,
        current: null,
      };
      states.set(id, state);
    }
    return state;
  };
  for (const row of contracts) stateOf(row).contracted.add(row.category as string);
  for (const row of submissions) {
    const state = stateOf(row);
    state.versions = Number(row.versions);
    state.replaced = Number(row.replaced);
    state.firstSubmittedAt = row.firstAt as Date;
    state.current = row.currentAt ? { recordCount: Number(row.currentRecords), submittedAt: row.currentAt as Date } : null;
  }
  for (const row of arrivals) {
    states
      .get(Number(row.providerId))
      ?.arrived.set(row.category as string, { firstAt: row.firstAt as Date, current: row.current === true });
  }
  return [...states.values()].sort((a, b) => a.providerAgb.localeCompare(b.providerAgb));
}

function categoryRows(state: ProviderState, deadline: string) {
  const categories = [...new Set([...state.contracted, ...[...state.arrived].filter(([, a]) => a.current).map(([c]) => c)])].sort();
  return categories.map((productCategory) => {
    const expected = state.contracted.has(productCategory);
    const arrival = state.arrived.get(productCategory);
    const delivered = arrival?.current === true;
    let status: DeliveryStatus;
    if (!expected) status = 'not_expected';
    else if (!delivered) status = 'missing';
    else status = isLate(arrival.firstAt, deadline) ? 'late' : 'on_time';
    return { productCategory, expected, delivered, status };
  });
}

function percentage(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((1000 * part) / whole) / 10;
}

function totalsOf(rows: Array<{ status: DeliveryStatus }>): DeliveryTotals {
  const count = (status: DeliveryStatus) => rows.filter((r) => r.status === status).length;
  const [onTime, late, missing, notExpected] = [count('on_time'), count('late'), count('missing'), count('not_expected')];
  const expected = onTime + late + missing;
  return {
    expected,
    onTime,
    late,
    missing,
    notExpected,
    onTimePercentage: percentage(onTime, expected),
    completenessPercentage: percentage(onTime + late, expected),
  };
}

async function regionPeriods(db: Queryable, regionCode: string): Promise<PeriodRow[]> {
  const rows =
    await db`select code, starts_on, ends_on, deadline, closed from periods where region_code = ${regionCode} order by starts_on`;
  return rows.map((r) => ({
    code: r.code as string,
    startsOn: r.startsOn as string,
    endsOn: r.endsOn as string,
    deadline: r.deadline as string,
    closed: r.closed === true,
  }));
}

/** The monitor for one period (default: the latest that has started), with the two shares for every period. */
export async function deliveryMonitor(sql: Sql, actor: Actor, query: { period?: string }, origin?: Origin): Promise<DeliveryMonitor> {
  const { regionCode, providerId } = scopeOf(actor);
  const today = todayInPortal();
  const periods = await regionPeriods(sql, regionCode);
  const period = query.period
    ? periods.find((p) => p.code === query.period)
    : (periods.filter((p) => p.startsOn <= today).at(-1) ?? periods.at(-1));
  if (!period) {
    await logDeliveryAccess(
      sql,
      actor,
      {
        action: 'delivery.monitor',
        actionType: 'R',
        objectType: 'period',
        objectId: query.period ?? null,
        details: { refused: 'period_not_found' },
      },
      origin,
      'denied',
    );
    throw new NotFound('period_not_found', {
      nl: `Periode ${query.period ?? ''} bestaat niet in deze regio. Kies een periode uit de lijst (bijvoorbeeld 2025-H2).`,
      en: `Period ${query.period ?? ''} does not exist in this region. Choose a period from the list (for example 2025-H2).`,
    });
  }
  const states = await providerStates(sql, regionCode, period, providerId);
  const rules = providerId === null ? await regionRules(sql, regionCode) : null;
  const providers = [];
  for (const state of states) {
    let recordCount = state.current?.recordCount ?? null;
    if (recordCount !== null && rules) {
      const shown = await submissionCountShown(
        sql,
        { regionCode, periodCode: period.code, providerId: state.providerId, status: 'current', recordCount },
        rules,
      );
      if (!shown) recordCount = null;
    }
    providers.push({
      providerAgb: state.providerAgb,
      providerName: state.providerName,
      versions: state.versions,
      replaced: state.replaced,
      firstSubmittedAt: state.firstSubmittedAt ? new Date(state.firstSubmittedAt).toISOString() : null,
      currentSubmittedAt: state.current ? new Date(state.current.submittedAt).toISOString() : null,
      recordCount,
      categories: categoryRows(state, period.deadline),
    });
  }
  const trend = [];
  for (const p of periods) {
    const rows =
      p.code === period.code
        ? providers
        : (await providerStates(sql, regionCode, p, providerId)).map((s) => ({ categories: categoryRows(s, p.deadline) }));
    trend.push({
      period: p.code,
      deadline: p.deadline,
      deadlinePassed: today > p.deadline,
      totals: totalsOf(rows.flatMap((r) => r.categories)),
    });
  }
  await logDeliveryAccess(
    sql,
    actor,
    {
      action: 'delivery.monitor',
      actionType: 'R',
      objectType: 'period',
      objectId: period.code,
      details: { providers: providers.length, periods: periods.length },
    },
    origin,
  );
  return {
    period: {
      code: period.code,
      startsOn: period.startsOn,
      endsOn: period.endsOn,
      deadline: period.deadline,
      deadlinePassed: today > period.deadline,
    },
    totals: totalsOf(providers.flatMap((p) => p.categories)),
    providers,
    trend,
  };
}

export interface OutstandingDelivery {
  period: string;
  deadline: string;
  deadlinePassed: boolean;
  providerAgb: string;
  providerName: string;
  /** Contracted categories the current submission does not hold (all of them when nothing arrived). */
  productCategories: string[];
}

/** What is still expected in the periods that are not closed: a provider its own, the region every provider's. */
export async function outstandingDeliveries(sql: Sql, actor: Actor, origin?: Origin): Promise<OutstandingDelivery[]> {
  const { regionCode, providerId } = scopeOf(actor);
  const today = todayInPortal();
  const outstanding: OutstandingDelivery[] = [];
  for (const period of (await regionPeriods(sql, regionCode)).filter((p) => !p.closed)) {
    for (const expected of await expectedDeliveries(sql, regionCode, period.code)) {
      if (providerId !== null && expected.providerId !== providerId) continue;
      const left = expected.productCategories.filter((c) => !expected.deliveredCategories.includes(c));
      if (left.length === 0) continue;
      outstanding.push({
        period: period.code,
        deadline: period.deadline,
        deadlinePassed: today > period.deadline,
        providerAgb: expected.providerAgb,
        providerName: expected.providerName,
        productCategories: left,
      });
    }
  }
  await logDeliveryAccess(
    sql,
    actor,
    { action: 'delivery.outstanding', actionType: 'R', objectType: 'provider', details: { returned: outstanding.length } },
    origin,
  );
  return outstanding;
}
