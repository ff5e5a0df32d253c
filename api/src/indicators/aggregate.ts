/**
 * Sums indicator_cells and reentry_cells for a slice (region, period, optional category and
 * municipality), per provider and optionally per case-mix stratum. Reads never touch raw records.
 */
import { cellCounts, reentryWindowDays, type CellCount } from '../../../schemas/indicators.ts';
import type { Queryable } from '../db/connect.ts';

export type Counts = Record<CellCount, number> & {
  usefulnessSum: number;
  noReentry: number;
  reentryEligible: number;
  /** Trajectories that ended too recently to follow for 182 days: left out of noReentry. */
  reentryTooRecent: number;
};

export interface ProviderCounts {
  providerId: number;
  providerAgb: string;
  providerName: string;
  submissionId: string;
  submissionVersion: number;
  counts: Counts;
}

export interface Slice {
  regionCode: string;
  periodCode: string;
  productCategory?: string;
  municipalityCode?: string;
  providerId?: number;
}

// The columns keep the code values they count (migration 005); the names say what they mean.
const columnOf: Record<CellCount, string> = {
  trajectories: 'trajectories',
  endKnown: 'end_known',
  endedByClient: 'end_03',
  endedUnilaterally: 'end_03_04',
  endedEarly: 'end_02_05',
  goalKnown: 'goal_known',
  goalFull: 'goal_full',
  goalFullPartial: 'goal_full_partial',
  helpAnswers: 'help_answers',
  withoutHelpAnswers: 'help_03_04',
  noFurtherHelpAnswers: 'help_04',
  usefulnessAnswers: 'usefulness_answers',
  usefulness7Plus: 'usefulness_7_plus',
  responded: 'responded',
};

const sums = [...cellCounts.map((c) => `sum(c.${columnOf[c]})::int as "${c}"`), 'sum(c.usefulness_sum)::int as "usefulnessSum"'].join(', ');

function filters(db: Queryable, slice: Slice) {
  return db`c.region_code = ${slice.regionCode} and c.period_code = ${slice.periodCode}
    ${slice.productCategory ? db`and c.product_category = ${slice.productCategory}` : db``}
    ${slice.municipalityCode ? db`and c.municipality_code = ${slice.municipalityCode}` : db``}
    ${slice.providerId !== undefined ? db`and c.provider_id = ${slice.providerId}` : db``}`;
}

function toCounts(row: Record<string, unknown>): Counts {
  const counts = { usefulnessSum: Number(row.usefulnessSum ?? 0), noReentry: 0, reentryEligible: 0, reentryTooRecent: 0 } as Counts;
  for (const c of cellCounts) counts[c] = Number(row[c] ?? 0);
  return counts;
}

export function emptyCounts(): Counts {
  const counts = { usefulnessSum: 0, noReentry: 0, reentryEligible: 0, reentryTooRecent: 0 } as Counts;
  for (const c of cellCounts) counts[c] = 0;
  return counts;
}

export function addCounts(into: Counts, other: Counts): Counts {
  for (const c of cellCounts) into[c] += other[c];
  into.usefulnessSum += other.usefulnessSum;
  into.noReentry += other.noReentry;
  into.reentryEligible += other.reentryEligible;
  into.reentryTooRecent += other.reentryTooRecent;
  return into;
}

/**
 * Sums for a slice, remembered per region data revision (bumped by every commit) and handed out as
 * copies: the ten municipality views of a category all need the same region-wide sums.
 */
async function rememberedCounts<T extends { counts: Counts }>(
  db: Queryable,
  kind: string,
  slice: Slice,
  compute: () => Promise<T[]>,
): Promise<T[]> {
  const [region] = await db`select data_revision from regions where code = ${slice.regionCode}`;
  const key = JSON.stringify([
    kind,
    slice.regionCode,
    String(region?.dataRevision ?? ''),
    slice.periodCode,
    slice.productCategory ?? null,
    slice.municipalityCode ?? null,
    slice.providerId ?? null,
  ]);
  let cache = countCaches.get(db);
  if (!cache) countCaches.set(db, (cache = new Map()));
  // The promise is remembered, not only its rows: readers asking at the same moment (the first
  // views of a new period) wait for one computation instead of each starting its own.
  let rows = cache.get(key) as Promise<T[]> | undefined;
  if (!rows) {
    rows = compute();
    if (cache.size >= countCacheLimit) cache.delete(cache.keys().next().value!);
    cache.set(key, rows);
    rows.catch(() => cache.get(key) === rows && cache.delete(key)); // a failed read is not remembered
  }
  return (await rows).map((p) => ({ ...p, counts: { ...p.counts } }));
}
const countCaches = new WeakMap<object, Map<string, Promise<Array<{ counts: Counts }>>>>();

/**
 * Per provider with data in the slice. A municipality's slice is taken from the region-wide sums
 * and their municipality parts, which every municipality view needs anyway (for its differencing
 * check): the ten municipality views of a category then cost no query of their own.
 */
export async function countsByProvider(db: Queryable, slice: Slice): Promise<ProviderCounts[]> {
  if (slice.municipalityCode === undefined || slice.providerId !== undefined)
    return rememberedCounts(db, 'provider', slice, () => computeCountsByProvider(db, slice));
  const regionWide = { ...slice, municipalityCode: undefined };
  const [providers, parts] = [await countsByProvider(db, regionWide), await countsByProviderAndMunicipality(db, regionWide)];
  const inMunicipality = new Map(
    parts.filter((part) => part.municipalityCode === slice.municipalityCode).map((part) => [part.providerId, part.counts]),
  );
  return providers.filter((p) => inMunicipality.has(p.providerId)).map((p) => ({ ...p, counts: inMunicipality.get(p.providerId)! }));
}

/** The two queries behind countsByProvider, every time (exported for bench:indicators). */
export async function computeCountsByProvider(db: Queryable, slice: Slice): Promise<ProviderCounts[]> {
  // Raw column names: this query bypasses the camelCase transform's guesswork on aliases.
  // Sum the cells first, then name the few resulting rows by key: joined before the grouping, the
  // planner (which cannot know the grouping leaves ~one row per provider) hashes every
  // organisation and every submission in the country on each read.
  const rows = await db`select g.*, o.code as provider_agb, o.name as provider_name,
      (select s.version from submissions s where s.id = g.submission_id) as version
    from (select c.provider_id, c.submission_id, ${db.unsafe(sums)}
      from indicator_cells c where ${filters(db, slice)}
      group by c.provider_id, c.submission_id) g
    join organisations o on o.id = g.provider_id and o.region_code = ${slice.regionCode}
    order by o.name`;
  const reentry = await reentryByProvider(db, slice);
  return rows.map((row) => ({
    providerId: Number(row.providerId),
    providerAgb: row.providerAgb as string,
    providerName: row.providerName as string,
    submissionId: String(row.submissionId),
    submissionVersion: Number(row.version),
    counts: Object.assign(toCounts(row), reentry.get(reentryKey(row.providerId, null)) ?? {}),
  }));
}

/**
 * "Geen nieuwe start" (NJi 3.2), across providers from the stored pseudonyms: a trajectory counts
 * once it ended at least 182 days before the latest end date in the region, and scores when the
 * same client starts no trajectory anywhere in the region in the 182 days after its end. Summed
 * from reentry_cells (per end date, kept by the commit: refresh.ts), so no raw record is read.
 */
async function reentryByProvider(db: Queryable, slice: Slice, perMunicipality = false): Promise<ReentryCounts> {
  const rows = await db`
    select c.provider_id, ${perMunicipality ? db`c.municipality_code` : db`null as municipality_code`},
      coalesce(sum(c.trajectories) filter (where c.end_date <= g.latest_end_date - ${reentryWindowDays}::int), 0)::int as eligible,
      coalesce(sum(c.trajectories) filter (where c.end_date > g.latest_end_date - ${reentryWindowDays}::int), 0)::int as too_recent,
      coalesce(sum(c.trajectories - c.reentered) filter (where c.end_date <= g.latest_end_date - ${reentryWindowDays}::int), 0)::int as no_reentry
    from reentry_cells c join regions g on g.code = c.region_code
    where ${filters(db, slice)}
    group by c.provider_id${perMunicipality ? db`, c.municipality_code` : db``}`;
  return new Map(
    rows.map((row) => [
      reentryKey(row.providerId, row.municipalityCode),
      { noReentry: Number(row.noReentry), reentryEligible: Number(row.eligible), reentryTooRecent: Number(row.tooRecent) },
    ]),
  );
}

const reentryKey = (providerId: unknown, municipalityCode: unknown) => `${providerId}|${municipalityCode ?? ''}`;
type ReentryCounts = Map<string, { noReentry: number; reentryEligible: number; reentryTooRecent: number }>;
const countCacheLimit = 2000;

/** Per provider and case-mix stratum (age band × care form). */
export async function countsByProviderAndStratum(db: Queryable, slice: Slice) {
  const rows = await db`select c.provider_id, c.age_band, c.care_form, ${db.unsafe(sums)}
    from indicator_cells c where ${filters(db, slice)}
    group by c.provider_id, c.age_band, c.care_form`;
  return rows.map((row) => ({ providerId: Number(row.providerId), stratum: `${row.ageBand}|${row.careForm}`, counts: toCounts(row) }));
}

/**
 * Per provider and municipality (the parts of each provider's region-wide figure), "geen nieuwe
 * start" included: its parts must be checked for differencing like every other indicator's.
 */
export function countsByProviderAndMunicipality(
  db: Queryable,
  slice: Slice,
): Promise<Array<{ providerId: number; municipalityCode: string; counts: Counts }>> {
  return rememberedCounts(db, 'provider|municipality', slice, async () => {
    const rows = await db`select c.provider_id, c.municipality_code, ${db.unsafe(sums)}
      from indicator_cells c where ${filters(db, slice)}
      group by c.provider_id, c.municipality_code`;
    const reentry = await reentryByProvider(db, slice, true);
    return rows.map((row) => ({
      providerId: Number(row.providerId),
      municipalityCode: row.municipalityCode as string,
      counts: Object.assign(toCounts(row), reentry.get(reentryKey(row.providerId, row.municipalityCode)) ?? {}),
    }));
  });
}
