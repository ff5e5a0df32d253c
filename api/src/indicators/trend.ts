/**
 * Trend over the last four periods up to the one asked for, per provider the viewer may see and
 * for the region. Each period's points are cut from that period's one disclosure decision
 * (disclosure.ts), exactly as the tables show them, and a hidden point is left out of the trend
 * fit of anyone else, so it cannot be recovered. The region line is the region total for every
 * reader (a municipality's own total would be one more sum over hidden parts).
 */
import type { IndicatorDefinition } from '../../../schemas/indicators.ts';
import { trend, type Trend } from '../../../schemas/stats/index.ts';
import type { Sql } from '../db/connect.ts';
import { providerCell, providerFigure, totalFigure, type Figure, type HiddenReason } from './disclosure.ts';
import { periodFinalities, type Finality } from './finality.ts';
import { publicDefinition, readingFor, regionRules, type PublicDefinition, type Reader, type RegionRules } from './figures.ts';

const window = 4;

export type TrendPoint = {
  period: string;
  /** Whether this period's figures are provisional or final (finality.ts). */
  finality?: Finality | null;
  suppressed: boolean;
  reason?: HiddenReason;
  x?: number;
  n?: number;
  value?: number | null;
  interval?: { lower: number; upper: number } | null;
};

export interface TrendFigures {
  definition: PublicDefinition;
  periods: string[];
  minN: number;
  computedAt: string;
  region: { points: TrendPoint[]; trend: Trend | null };
  providers: Array<{ provider: { agb: string; name: string }; own: boolean; points: TrendPoint[]; trend: Trend | null }>;
}

/** `municipalityCode`: the municipality the reader is held to (comparisons.ts), if any. */
export async function trendFigures(
  sql: Sql,
  reader: Reader,
  query: { period: string; productCategory: string; providerAgb?: string; municipalityCode?: string },
  definition: IndicatorDefinition,
  rules?: RegionRules,
): Promise<TrendFigures> {
  rules ??= await regionRules(sql, reader.regionCode);
  const periods = (
    await sql`select code from periods where region_code = ${reader.regionCode} and code <= ${query.period} order by code desc limit ${window}`
  )
    .map((p) => p.code as string)
    .reverse();
  const { municipalityCode } = query;
  const finalities = await periodFinalities(sql, reader.regionCode, periods);
  const pointOf = (period: string, figure: Figure): TrendPoint => {
    const finality = finalities.get(period) ?? null;
    return figure.suppressed
      ? { period, finality, suppressed: true, reason: figure.reason }
      : { period, finality, suppressed: false, x: figure.x, n: figure.n, value: figure.value, interval: figure.interval };
  };
  const providers = new Map<string, { provider: { agb: string; name: string }; own: boolean; points: TrendPoint[] }>();
  const region: TrendPoint[] = [];
  for (const period of periods) {
    const { decision, viewer } = await readingFor(
      sql,
      reader,
      period,
      query.productCategory,
      rules,
      undefined,
      finalities.get(period) ?? null,
    );
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
  const fit = (points: TrendPoint[]) =>
    trend(
      points.filter((p) => !p.suppressed && p.n! > 0).map((p) => ({ period: p.period, x: p.x!, n: p.n! })),
      window,
    );
  return {
    definition: publicDefinition(definition),
    periods,
    minN: rules.minN,
    computedAt: new Date().toISOString(),
    region: { points: region, trend: fit(region) },
    providers: [...providers.values()].map((p) => ({ ...p, trend: fit(p.points) })),
  };
}
