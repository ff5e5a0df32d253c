/**
 * Trend over the last four periods up to the one asked for, per provider the viewer may see and
 * for the region. A period cell below the minimum n is suppressed (except for the provider's own),
 * and a suppressed period is left out of the trend fit of anyone else, so it cannot be recovered.
 */
import { indicatorById } from '../../../schemas/indicators.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';
import { indicatorDatabases, type IndicatorDatabases } from './databases.ts';
import { Forbidden, ValidationFailed } from '../http/problems.ts';
import { addCounts, countsByProvider, emptyCounts } from './aggregate.ts';
import { trend, wilsonInterval } from './stats.ts';

const window = 4;

export async function trendSeries(
  db: Sql | IndicatorDatabases,
  actor: Actor,
  query: { period: string; productCategory: string; indicator: string; providerAgb?: string },
  origin: Origin,
) {
  if (!actor.regionCode || !['provider', 'contract_manager', 'municipality', 'admin'].includes(actor.role ?? '')) throw new Forbidden();
  const { read: sql, log } = indicatorDatabases(db);
  const definition = indicatorById(query.indicator);
  if (!definition) throw new ValidationFailed([{ field: 'indicator', code: 'indicator_unknown', message: { nl: 'Onbekende indicator.', en: 'Unknown indicator.' } }]);
  const [rules] = await sql`select min_n from regions where code = ${actor.regionCode}`;
  const minN = Number(rules?.minN ?? 10);
  const periods = (await sql`select code from periods where region_code = ${actor.regionCode} and code <= ${query.period} order by code desc limit ${window}`)
    .map((p) => p.code as string)
    .reverse();
  const municipalityCode = actor.role === 'municipality' ? actor.organisationCode! : undefined;

  type Point = { period: string; suppressed: boolean; x?: number; n?: number; value?: number | null; interval?: { lower: number; upper: number } | null };
  const providers = new Map<string, { provider: { agb: string; name: string }; own: boolean; points: Point[] }>();
  const region: Point[] = [];
  for (const period of periods) {
    const all = await countsByProvider(sql, { regionCode: actor.regionCode, periodCode: period, productCategory: query.productCategory, municipalityCode });
    const total = all.reduce((sum, p) => addCounts(sum, p.counts), emptyCounts());
    const rx = total[definition.numeratorCount];
    const rn = total[definition.denominatorCount];
    const regionProviders = all.filter((p) => p.counts.trajectories > 0).length;
    region.push(rn > 0 && rn < minN || regionProviders < 3 ? { period, suppressed: true } : { period, suppressed: false, x: rx, n: rn, value: rn > 0 ? rx / rn : null, interval: wilsonInterval(rx, rn) });
    for (const p of all) {
      const own = actor.role === 'provider' && p.providerId === actor.organisationId;
      if (actor.role === 'provider' && !own) continue;
      if (query.providerAgb && p.providerAgb !== query.providerAgb) continue;
      const entry = providers.get(p.providerAgb) ?? { provider: { agb: p.providerAgb, name: p.providerName }, own, points: [] };
      const x = p.counts[definition.numeratorCount];
      const n = p.counts[definition.denominatorCount];
      entry.points.push(n > 0 && n < minN && !own ? { period, suppressed: true } : { period, suppressed: false, x, n, value: n > 0 ? x / n : null, interval: wilsonInterval(x, n) });
      providers.set(p.providerAgb, entry);
    }
  }
  const fit = (points: Point[]) => trend(points.filter((p) => !p.suppressed).map((p) => ({ period: p.period, x: p.x!, n: p.n! })), window);
  await appendAccessEvent(log, actor, {
    action: 'comparisons.trend',
    actionType: 'R',
    objectType: 'indicators',
    objectId: query.period,
    result: 'allowed',
    details: { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), returned: providers.size },
    origin,
  });
  const { numeratorCount: _n, denominatorCount: _d, ...publicDefinition } = definition;
  return {
    definition: publicDefinition,
    periods,
    minN,
    computedAt: new Date().toISOString(),
    region: { points: region, trend: fit(region) },
    providers: [...providers.values()].map((p) => ({ ...p, trend: fit(p.points) })),
  };
}
