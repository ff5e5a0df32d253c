/**
 * The figures every role reads: the region's choices (periods, product categories), the indicator
 * table, funnels, case-mix, trends and data quality. One query key per path and parameters, so
 * two pages (or two sections) asking the same are answered once.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import type { paths } from '../api/schema';
import type { Casemix, Code, Definition, Funnel, Trend, IndicatorId, IndicatorTable, Period } from '../figures/indicators';
import { flagsByProvider, type FunnelPosition } from '../figures/indicators';
import { client, failure, ok } from './client';
import { toLoad, type Load } from './load';
import { forTheVisit } from './query-client';

export type ComparisonQuery = NonNullable<paths['/comparisons/funnel']['get']['parameters']['query']>;
export type TrendQuery = NonNullable<paths['/comparisons/trend']['get']['parameters']['query']>;
export type DataQualityQuery = NonNullable<paths['/data-quality']['get']['parameters']['query']>;
/** Period and product category of a figures page. */
export interface Slice {
  period: string;
  category: string;
}

export function usePeriods(): Load<Period[]> {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/periods'],
      queryFn: async ({ signal }) => ok(await client.GET('/periods', { signal })).periods,
      ...forTheVisit,
    }),
  );
}

export function useCodes() {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/codes'],
      queryFn: async ({ signal }) => ok(await client.GET('/codes', { signal })),
      ...forTheVisit,
    }),
  );
}

/** Period and product-category choices of the caller's region. */
export interface Choices {
  periods: Period[];
  categories: Code[];
}

/** Kept per region: another login in this tab may be in another region. */
export function useChoices(region: string): Load<Choices> {
  return toLoad(
    useQuery({
      queryKey: ['choices', region],
      queryFn: async ({ signal }) => {
        const [periods, codes] = await Promise.all([client.GET('/periods', { signal }), client.GET('/codes', { signal })]);
        return { periods: ok(periods).periods, categories: ok(codes).productCategories };
      },
      ...forTheVisit,
    }),
  );
}

const indicatorTable = (slice: Slice | undefined) => ({
  queryKey: ['/api/v1/indicators', slice?.period, slice?.category],
  queryFn: async ({ signal }: { signal: AbortSignal }) =>
    ok(await client.GET('/indicators', { params: { query: { period: slice!.period, productCategory: slice!.category } }, signal })),
  enabled: slice !== undefined,
});

/** The region's table of providers × indicators; `undefined` waits (e.g. until the selection is known). */
export function useIndicatorTable(slice: Slice | undefined): Load<IndicatorTable> {
  return toLoad(useQuery(indicatorTable(slice)));
}

/** The indicator definitions, as every indicator table carries them. */
export function useDefinitions(slice: Slice | undefined): Load<Definition[]> {
  return toLoad(useQuery({ ...indicatorTable(slice), select: (table: IndicatorTable) => table.definitions, staleTime: Infinity }));
}

const funnel = (query: ComparisonQuery | undefined) => ({
  queryKey: ['/api/v1/comparisons/funnel', query],
  // As the schema names it: openapi-fetch's reading of `provider: null` drops the key.
  queryFn: async ({ signal }: { signal: AbortSignal }) =>
    ok(await client.GET('/comparisons/funnel', { params: { query: query! }, signal })) as Funnel,
  enabled: query !== undefined,
});

const casemix = (query: ComparisonQuery) => ({
  queryKey: ['/api/v1/comparisons/casemix', query],
  queryFn: async ({ signal }: { signal: AbortSignal }) =>
    ok(await client.GET('/comparisons/casemix', { params: { query }, signal })) as Casemix,
});

const trend = (query: TrendQuery | undefined) => ({
  queryKey: ['/api/v1/comparisons/trend', query],
  queryFn: async ({ signal }: { signal: AbortSignal }) =>
    ok(await client.GET('/comparisons/trend', { params: { query: query! }, signal })) as Trend,
  enabled: query !== undefined,
});

export function useFunnel(query: ComparisonQuery | undefined): Load<Funnel> {
  return toLoad(useQuery(funnel(query)));
}

export function useTrend(query: TrendQuery | undefined) {
  return toLoad(useQuery(trend(query)));
}

export function useDataQuality(query: DataQualityQuery | undefined) {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/data-quality', query],
      queryFn: async ({ signal }) => ok(await client.GET('/data-quality', { params: { query: query! }, signal })),
      enabled: query !== undefined,
    }),
  );
}

export type Positions = Map<string, Map<string, FunnelPosition>>;

/**
 * The funnel flags of every indicator of a table (indicator → provider AGB → position). A funnel
 * that fails only costs its flags; failed when none could be loaded.
 */
export function useRegionFlags(table: IndicatorTable | undefined): Load<{ positions: Positions; failed: number }> {
  const queries = useQueries({
    queries: (table?.definitions ?? []).map((definition) =>
      funnel({ period: table!.period, productCategory: table!.productCategory!, indicator: definition.id as IndicatorId }),
    ),
  });
  if (!table || queries.some((query) => query.isPending)) return { status: 'loading' };
  const positions: Positions = new Map();
  let failed = 0;
  queries.forEach((query, index) => {
    if (query.data) positions.set(table.definitions[index].id, flagsByProvider(query.data));
    else failed++;
  });
  if (queries.length > 0 && failed === queries.length)
    return { status: 'failed', message: failure(queries[0].error), error: queries[0].error };
  return { status: 'loaded', data: { positions, failed } };
}

/** Results of one request per indicator, filled in as they arrive. */
export interface Each<T> {
  results: ReadonlyMap<string, T>;
  failed: number;
  done: boolean;
}

function each<T>(ids: readonly string[], queries: ReadonlyArray<{ data?: T; isError: boolean; isPending: boolean }>): Each<T> {
  const results = new Map<string, T>();
  queries.forEach((query, index) => query.data !== undefined && results.set(ids[index], query.data));
  return { results, failed: queries.filter((query) => query.isError).length, done: queries.every((query) => !query.isPending) };
}

/**
 * Funnel, case-mix and trend of one provider for every indicator, each shown as soon as it is in:
 * the first are useful before the last arrive. Trends are the slowest and are asked once the
 * funnels and case-mix are complete. `slice` undefined waits.
 */
export function useProviderComparisons(agb: string, slice: Slice | undefined, ids: readonly string[]) {
  const query = (indicator: string): ComparisonQuery => ({
    period: slice!.period,
    productCategory: slice!.category,
    indicator: indicator as IndicatorId,
  });
  const ready = slice !== undefined ? ids : [];
  const funnels = each<Funnel>(ready, useQueries({ queries: ready.map((id) => funnel(query(id))) }));
  const casemixes = each<Casemix>(ready, useQueries({ queries: ready.map((id) => casemix(query(id))) }));
  const trendsReady = funnels.done && casemixes.done ? ready : [];
  const trends = each<Trend>(trendsReady, useQueries({ queries: trendsReady.map((id) => trend({ ...query(id), providerAgb: agb })) }));
  return { funnels, casemix: casemixes, trends: { ...trends, done: trends.done && trendsReady.length === ready.length } };
}
