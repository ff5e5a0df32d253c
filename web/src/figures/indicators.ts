/**
 * The indicator figures as the API sends them, and the small rules every page reads them by (which
 * figure, its sort value, funnel flags per provider, the period and category to open with). How
 * they read in words is in format.ts. Pure: no React, no fetching.
 */
import type { components, paths } from '../api/schema';
import type { Interval } from './format';

export type { Interval };

export type IndicatorTable = components['schemas']['IndicatorTable'];
export type IndicatorRow = IndicatorTable['rows'][number];
export type Figure = components['schemas']['Figure'];
export type ShownFigure = Extract<Figure, { suppressed: false }>;
export type SuppressedFigure = Extract<Figure, { suppressed: true }>;
export type SuppressionReason = SuppressedFigure['reason'];
export type Definition = components['schemas']['IndicatorDefinition'];
export type Funnel = components['schemas']['Funnel'];
export type FunnelPoint = Funnel['points'][number];
export type ShownPoint = Extract<FunnelPoint, { suppressed: false }>;
export type FunnelPosition = NonNullable<ShownPoint['position']>;
export type Casemix = components['schemas']['Casemix'];
export type CasemixRow = Casemix['rows'][number];
export type Trend = components['schemas']['Trend'];
export type DataQuality = components['schemas']['DataQuality'];
export type Submission = components['schemas']['Submission'];
export type Period = components['schemas']['Period'];
export type Code = components['schemas']['Code'];

/** The indicator ids the comparison endpoints accept (the contract's enum). */
export type IndicatorId = NonNullable<paths['/comparisons/funnel']['get']['parameters']['query']>['indicator'];

export const suppressionReasons: readonly SuppressionReason[] = ['small_n', 'complementary', 'too_few_providers'];

/** A figure's value for sorting; undefined when it has none to show (suppressed or n = 0). */
export function sortValue(figure: Figure | undefined): number | undefined {
  if (!figure || figure.suppressed || figure.value === null) return undefined;
  return figure.value;
}

export function figureFor(figures: readonly Figure[], indicator: string): Figure | undefined {
  return figures.find((figure) => figure.indicator === indicator);
}

/** Funnel flags per provider AGB, for marking table cells. */
export function flagsByProvider(funnel: Funnel): Map<string, FunnelPosition> {
  const positions = new Map<string, FunnelPosition>();
  for (const point of funnel.points) {
    if (!point.suppressed && point.provider && point.position) positions.set(point.provider.agb, point.position);
  }
  return positions;
}

/**
 * The reporting period to open with: the newest one that has ended (its figures are complete),
 * or the newest at all when none has.
 */
export function defaultPeriod(periods: readonly Period[], today: string): string | undefined {
  const ended = periods.filter((period) => period.endsOn < today).sort((a, b) => b.code.localeCompare(a.code));
  return ended[0]?.code ?? [...periods].sort((a, b) => b.code.localeCompare(a.code))[0]?.code;
}

/**
 * The product category to open with: 45 (ambulant) when the region has it, as it holds most
 * trajectories in every Dutch region; otherwise the first of the region's list.
 */
export function defaultCategory(categories: readonly Code[]): string | undefined {
  return categories.find((category) => category.code === '45')?.code ?? categories[0]?.code;
}
