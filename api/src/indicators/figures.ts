/**
 * The figures layer: what each reader may see of the indicators, computed and cut by disclosure
 * control (SPEC §4.3-4.4), as typed objects. Contract managers see every provider of their region
 * by name; a provider sees its own figures (never suppressed for itself) and peers only as
 * anonymous points; a municipality sees its own residents plus region totals. What is hidden is
 * decided once per slice in disclosure.ts; this file only picks, per reader, what of that decision
 * it may see. No role checks, logging or caching here: comparisons.ts (the HTTP reads) and the
 * dialogue snapshot do those around it.
 */
import { indicatorById, indicatorDefinitions, type IndicatorDefinition } from '../../../schemas/indicators.ts';
import {
  assessOverdispersion,
  flagFor,
  funnelCurve,
  funnelLimitsFor,
  indirectStandardisation,
  wilsonInterval,
  type FunnelLimitsWithMethod,
  type FunnelPosition,
  type Interval,
  type Overdispersion,
  type StandardisedRatio,
} from '../../../schemas/stats/index.ts';
import type { Actor } from '../auth/actor.ts';
import type { Sql } from '../db/connect.ts';
import { ValidationFailed } from '../errors.ts';
import { countsByProviderAndStratum, type ProviderCounts } from './aggregate.ts';
import { periodFinality, type Finality } from './finality.ts';
import {
  hiddenReasonOf,
  linkageIndicators,
  providerCell,
  providerFigure,
  publicPoints,
  sliceDecision,
  totalFigure,
  viewerOf,
  type Figure,
  type HiddenReason,
  type SliceDecision,
  type Viewer,
} from './disclosure.ts';

export type { Figure, HiddenReason } from './disclosure.ts';

/** A reader of a region's figures (role, organisation and region decide what it may see). */
export type Reader = Actor & { regionCode: string };

export interface RegionRules {
  minN: number;
  minPeerProviders: number;
  flagMinN: number;
  /** Bumped by every change of the region's data: the key of remembered answers (answers.ts). */
  dataRevision: string;
}

export async function regionRules(sql: Sql, regionCode: string): Promise<RegionRules> {
  const [row] = await sql`select min_n, min_peer_providers, flag_min_n, data_revision from regions where code = ${regionCode}`;
  return {
    minN: Number(row?.minN ?? 10),
    minPeerProviders: Number(row?.minPeerProviders ?? 3),
    flagMinN: Number(row?.flagMinN ?? 30),
    dataRevision: String(row?.dataRevision ?? 0),
  };
}

/** Whether the period is closed: then its data no longer changes, and providers see their peers. */
export async function periodClosed(sql: Sql, regionCode: string, periodCode: string): Promise<boolean> {
  const [row] = await sql`select closed from periods where region_code = ${regionCode} and code = ${periodCode}`;
  return Boolean(row?.closed);
}

/** The decision for one slice and what this reader may see of it. */
export interface Reading {
  rules: RegionRules;
  /** Whether the period's figures are open, provisional or final (finality.ts); null for an unknown period. */
  finality: Finality | null;
  decision: SliceDecision;
  viewer: Viewer;
}

/** `rules` and `closed` when the caller has read them already (they are part of a cache key). */
export async function readingFor(
  sql: Sql,
  reader: Reader,
  period: string,
  productCategory: string,
  rules?: RegionRules,
  closed?: boolean,
  finality?: Finality | null,
): Promise<Reading> {
  rules ??= await regionRules(sql, reader.regionCode);
  closed ??= await periodClosed(sql, reader.regionCode, period);
  if (finality === undefined) finality = await periodFinality(sql, reader.regionCode, period);
  const decision = await sliceDecision(
    sql,
    { regionCode: reader.regionCode, periodCode: period, productCategory, dataRevision: rules.dataRevision },
    rules,
  );
  return { rules, finality, decision, viewer: viewerOf(reader, closed) };
}

export type PublicDefinition = Omit<IndicatorDefinition, 'numeratorCount' | 'denominatorCount'>;

export function publicDefinition(d: IndicatorDefinition): PublicDefinition {
  const { numeratorCount: _numerator, denominatorCount: _denominator, ...rest } = d;
  return rest;
}

export function definitionOf(id: string): IndicatorDefinition {
  const definition = indicatorById(id);
  if (!definition) {
    throw new ValidationFailed([
      { field: 'indicator', code: 'indicator_unknown', message: { nl: `Onbekende indicator "${id}".`, en: `Unknown indicator "${id}".` } },
    ]);
  }
  return definition;
}

/** The slice asked for; `municipalityCode` as the reader is held to it (comparisons.ts). */
export interface SliceQuery {
  period: string;
  productCategory: string;
  municipalityCode?: string;
}

type ProviderRef = { agb: string; name: string };

/** The providers with data in the slice (in the municipality, when one is asked) that this reader may see a row of. */
function rowsFor(reading: Reading, municipalityCode: string | undefined, providerAgb?: string): ProviderCounts[] {
  return reading.decision.providers.filter(
    (p) =>
      (reading.viewer.ownProviderId === null || p.providerId === reading.viewer.ownProviderId) &&
      (!providerAgb || p.providerAgb === providerAgb) &&
      providerCell(reading.decision, p.providerId, municipalityCode) !== undefined,
  );
}

export interface IndicatorTableFigures {
  definitions: PublicDefinition[];
  period: string;
  productCategory: string;
  municipalityCode: string | null;
  minN: number;
  computedAt: string;
  finality: Finality | null;
  rows: Array<{ provider: ProviderRef; submission: { id: string; version: number }; figures: Figure[] }>;
  region: { providers: number | null; figures: Figure[] };
}

/** A row per provider the reader may see, plus the region (peer group) total. */
export function indicatorTableFigures(reading: Reading, query: SliceQuery & { providerAgb?: string }): IndicatorTableFigures {
  const { decision, viewer, rules } = reading;
  const { municipalityCode } = query;
  const rows = rowsFor(reading, municipalityCode, query.providerAgb).map((p) => ({
    provider: { agb: p.providerAgb, name: p.providerName },
    submission: { id: p.submissionId, version: p.submissionVersion },
    figures: indicatorDefinitions.map((definition) => providerFigure(decision, viewer, definition, p.providerId, municipalityCode)),
  }));
  return {
    definitions: indicatorDefinitions.map(publicDefinition),
    period: query.period,
    productCategory: query.productCategory,
    municipalityCode: municipalityCode ?? null,
    minN: rules.minN,
    computedAt: new Date().toISOString(),
    finality: reading.finality,
    rows,
    region: {
      providers: decision.peersEnough && viewer.peers ? decision.providers.length : null,
      figures: indicatorDefinitions.map((definition) => totalFigure(decision, viewer, definition)),
    },
  };
}

export type FunnelPoint =
  | { provider: null; own: false; suppressed: true }
  | {
      provider: ProviderRef | null;
      own: boolean;
      suppressed: false;
      x: number;
      n: number;
      value: number;
      interval: Interval | null;
      position: FunnelPosition | null;
    };

export interface FunnelFigures {
  definition: PublicDefinition;
  period: string;
  productCategory: string;
  municipalityCode: string | null;
  minN: number;
  flagMinN: number;
  computedAt: string;
  finality: Finality | null;
  peer: { p0: null; providers: null; reason?: HiddenReason } | { p0: number; providers: number; x: number; n: number };
  overdispersion: (Overdispersion & { method: FunnelLimitsWithMethod['method'] }) | null;
  curve: Array<{ n: number } & FunnelLimitsWithMethod>;
  points: FunnelPoint[];
}

/** Each provider's proportion against its n, with the peer line and limits. */
export function funnelFigures(reading: Reading, query: SliceQuery, definition: IndicatorDefinition): FunnelFigures {
  const { decision, viewer, rules } = reading;
  const { municipalityCode } = query;
  const linkageHidden = linkageIndicators.has(definition.id) && !viewer.linkage;
  const total = totalFigure(decision, viewer, definition);
  const p0 = !total.suppressed && total.n > 0 ? total.x / total.n : null;
  // φ and τ² from the points every reader is shown: over hidden points they would be one more
  // equation in them (Σn² follows from Σw and τ²).
  const overdispersion = p0 === null ? null : assessOverdispersion(publicPoints(decision, definition, municipalityCode), p0);
  const points: FunnelPoint[] = linkageHidden
    ? []
    : decision.providers.flatMap((p): FunnelPoint[] => {
        const counts = providerCell(decision, p.providerId, municipalityCode);
        const n = counts?.[definition.denominatorCount] ?? 0;
        if (!counts || n === 0) return [];
        const own = viewer.ownProviderId === p.providerId;
        if (!own && !viewer.peers) return [];
        if (!own && hiddenReasonOf(decision, definition.denominatorCount, p.providerId, municipalityCode))
          return [{ provider: null, own: false, suppressed: true }];
        const x = counts[definition.numeratorCount];
        const limits = p0 === null ? null : funnelLimitsFor(p0, n, overdispersion);
        return [
          {
            provider: viewer.ownProviderId !== null && !own ? null : { agb: p.providerAgb, name: p.providerName },
            own,
            suppressed: false as const,
            x,
            n,
            value: x / n,
            interval: wilsonInterval(x, n),
            position: limits ? flagFor({ x, n }, limits, rules.flagMinN) : null,
          },
        ];
      });
  // Anonymous peers must not be recognisable by their order: sort by n, not by name.
  if (viewer.ownProviderId !== null) points.sort((a, b) => (a.suppressed || b.suppressed ? 0 : a.n - b.n));
  const nMax = Math.max(1, ...points.map((pt) => (pt.suppressed ? 0 : pt.n)));
  return {
    definition: publicDefinition(definition),
    period: query.period,
    productCategory: query.productCategory,
    municipalityCode: municipalityCode ?? null,
    minN: rules.minN,
    flagMinN: rules.flagMinN,
    computedAt: new Date().toISOString(),
    finality: reading.finality,
    peer:
      total.suppressed || p0 === null
        ? { p0: null, providers: null, ...(total.suppressed ? { reason: total.reason } : {}) }
        : { p0, providers: decision.providers.filter((p) => p.counts[definition.denominatorCount] > 0).length, x: total.x, n: total.n },
    overdispersion: overdispersion && { ...overdispersion, method: overdispersion.overdispersed ? 'random-effects' : 'exact-binomial' },
    curve: p0 === null ? [] : funnelCurve(p0, nMax, 60, overdispersion),
    points,
  };
}

export type CasemixRow =
  | { provider: ProviderRef; suppressed: true; reason: HiddenReason }
  | ({ provider: ProviderRef; suppressed: false; n: number } & Partial<StandardisedRatio>);

export interface CasemixFigures {
  definition: PublicDefinition;
  period: string;
  productCategory: string;
  minN: number;
  computedAt: string;
  finality: Finality | null;
  rows: CasemixRow[];
}

/**
 * Observed, expected and O/E per provider (age band × care form). Expected counts are held
 * against the other providers only (leave one out), per stratum where the others have at least
 * the minimum n there, else their overall rate: the provider's own upload then moves neither its
 * expectation nor tells it anything about the others' counts.
 */
export async function casemixFigures(
  sql: Sql,
  reader: Reader,
  reading: Reading,
  query: SliceQuery,
  definition: IndicatorDefinition,
): Promise<CasemixFigures> {
  const { decision, viewer, rules } = reading;
  const { municipalityCode } = query;
  const regionWide = { regionCode: reader.regionCode, periodCode: query.period, productCategory: query.productCategory };
  const strata = await countsByProviderAndStratum(sql, regionWide);
  const ownStrata = municipalityCode ? await countsByProviderAndStratum(sql, { ...regionWide, municipalityCode }) : strata;
  const regionRates = new Map<string, { n: number; x: number }>();
  for (const s of strata) {
    const rate = regionRates.get(s.stratum) ?? { n: 0, x: 0 };
    rate.n += s.counts[definition.denominatorCount];
    rate.x += s.counts[definition.numeratorCount];
    regionRates.set(s.stratum, rate);
  }
  const referenceFor = (providerId: number) => {
    const reference = new Map([...regionRates].map(([k, v]) => [k, { ...v }]));
    for (const s of strata.filter((st) => st.providerId === providerId)) {
      const rate = reference.get(s.stratum)!;
      rate.n -= s.counts[definition.denominatorCount];
      rate.x -= s.counts[definition.numeratorCount];
    }
    return reference;
  };
  const rows = rowsFor(reading, municipalityCode).map((p): CasemixRow => {
    const provider = { agb: p.providerAgb, name: p.providerName };
    const figure = providerFigure(decision, viewer, definition, p.providerId, municipalityCode);
    if (figure.suppressed) return { provider, suppressed: true as const, reason: figure.reason };
    if (!decision.peersEnough) return { provider, suppressed: true as const, reason: 'too_few_providers' as const };
    if (!viewer.peers) return { provider, suppressed: true as const, reason: 'period_open' as const };
    const reference = referenceFor(p.providerId);
    const referenceN = [...reference.values()].reduce((sum, r) => sum + r.n, 0);
    if (referenceN < rules.minN) return { provider, suppressed: true as const, reason: 'too_few_providers' as const };
    const own = ownStrata
      .filter((s) => s.providerId === p.providerId)
      .map((s) => ({ stratum: s.stratum, n: s.counts[definition.denominatorCount], x: s.counts[definition.numeratorCount] }));
    return { provider, suppressed: false as const, n: figure.n, ...indirectStandardisation(own, reference, rules.minN) };
  });
  return {
    definition: publicDefinition(definition),
    period: query.period,
    productCategory: query.productCategory,
    minN: rules.minN,
    computedAt: new Date().toISOString(),
    finality: reading.finality,
    rows,
  };
}
