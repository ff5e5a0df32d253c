/**
 * Trend over the last four periods up to the one asked for, per provider the viewer may see and
 * for the region. Each period's points are cut from that period's one disclosure decision
 * (disclosure.ts), exactly as the tables show them, and a hidden point is left out of the trend
 * fit of anyone else, so it cannot be recovered. The region line is the region total for every
 * reader (a municipality's own total would be one more sum over hidden parts).
 */
import { indicatorById } from '../../../schemas/indicators.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';
import { indicatorDatabases, type IndicatorDatabases } from './databases.ts';
import { Forbidden, ValidationFailed } from '../http/problems.ts';
import { readingFor, regionRules } from './comparisons.ts';
import { providerCell, providerFigure, totalFigure, type Figure, type HiddenReason } from './disclosure.ts';
import { trend } from '../../../schemas/stats/index.ts';

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
  const rules = await regionRules(sql, actor.regionCode);
  const periods = (await sql`select code from periods where region_code = ${actor.regionCode} and code <= ${query.period} order by code desc limit ${window}`)
    .map((p) => p.code as string)
    .reverse();
  const municipalityCode = actor.role === 'municipality' ? actor.organisationCode! : undefined;

  type Point = { period: string; suppressed: boolean; reason?: HiddenReason; x?: number; n?: number; value?: number | null; interval?: { lower: number; upper: number } | null };
  const pointOf = (period: string, figure: Figure): Point =>
    figure.suppressed ? { period, suppressed: true, reason: figure.reason } : { period, suppressed: false, x: figure.x, n: figure.n, value: figure.value, interval: figure.interval };
  const providers = new Map<string, { provider: { agb: string; name: string }; own: boolean; points: Point[] }>();
  const region: Point[] = [];
  for (const period of periods) {
    const { decision, viewer } = await readingFor(sql, actor as Actor & { regionCode: string }, period, query.productCategory, rules);
    region.push(pointOf(period, totalFigure(decision, viewer, definition)));
    for (const p of decision.providers) {
      const own = viewer.ownProviderId === p.providerId;
      if (viewer.ownProviderId !== null && !own) continue;
      if (query.providerAgb && p.providerAgb !== query.providerAgb) continue;
      if (!providerCell(decision, p.providerId, municipalityCode)) continue;
      const entry = providers.get(p.providerAgb) ?? { provider: { agb: p.providerAgb, name: p.providerName }, own, points: [] };
      entry.points.push(pointOf(period, providerFigure(decision, viewer, definition, p.providerId, municipalityCode)));
      providers.set(p.providerAgb, entry);
    }
  }
  const fit = (points: Point[]) => trend(points.filter((p) => !p.suppressed && p.n! > 0).map((p) => ({ period: p.period, x: p.x!, n: p.n! })), window);
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
    minN: rules.minN,
    computedAt: new Date().toISOString(),
    region: { points: region, trend: fit(region) },
    providers: [...providers.values()].map((p) => ({ ...p, trend: fit(p.points) })),
  };
}
