/**
 * What each role may see of the indicators (SPEC §4.3-4.4): contract managers see every provider
 * of their region by name; a provider sees its own figures (never suppressed for itself) and
 * peers only as anonymous points; a municipality sees its own residents plus region totals;
 * auditors see none of it. What is hidden is decided once per slice in disclosure.ts; this file
 * only picks, per reader, what of that decision it may see. Every call writes one access-log entry.
 */
import { indicatorById, indicatorDefinitions, type IndicatorDefinition } from '../../../schemas/indicators.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';
import { remembered, type Answer } from './answers.ts';
import { indicatorDatabases, type IndicatorDatabases } from './databases.ts';
import { Forbidden, ValidationFailed } from '../http/problems.ts';
import { countsByProviderAndStratum, type ProviderCounts } from './aggregate.ts';
import { hiddenReasonOf, linkageIndicators, providerCell, providerFigure, publicPoints, sliceDecision, totalFigure, viewerOf, type Figure, type SliceDecision, type Viewer } from './disclosure.ts';
import { assessOverdispersion, flagFor, funnelCurve, funnelLimitsFor, indirectStandardisation, wilsonInterval } from '../../../schemas/stats/index.ts';

export type { Figure } from './disclosure.ts';

export interface Query {
  period: string;
  productCategory: string;
  providerAgb?: string;
  municipalityCode?: string;
}

export interface RegionRules {
  minN: number;
  minPeerProviders: number;
  flagMinN: number;
  /** Bumped by every change of the region's data: the key of remembered answers (answers.ts). */
  dataRevision: string;
}

export async function regionRules(sql: Sql, regionCode: string): Promise<RegionRules> {
  const [row] = await sql`select min_n, min_peer_providers, flag_min_n, data_revision from regions where code = ${regionCode}`;
  return { minN: Number(row?.minN ?? 10), minPeerProviders: Number(row?.minPeerProviders ?? 3), flagMinN: Number(row?.flagMinN ?? 30), dataRevision: String(row?.dataRevision ?? 0) };
}

/** Whether the period is closed: then its data no longer changes, and providers see their peers. */
export async function periodClosed(sql: Sql, regionCode: string, periodCode: string): Promise<boolean> {
  const [row] = await sql`select closed from periods where region_code = ${regionCode} and code = ${periodCode}`;
  return Boolean(row?.closed);
}

/** The decision for one slice and what this reader may see of it. */
export interface Reading {
  rules: RegionRules;
  decision: SliceDecision;
  viewer: Viewer;
}

export async function readingFor(sql: Sql, actor: Actor & { regionCode: string }, period: string, productCategory: string, rules?: RegionRules): Promise<Reading> {
  rules ??= await regionRules(sql, actor.regionCode);
  const decision = await sliceDecision(sql, { regionCode: actor.regionCode, periodCode: period, productCategory, dataRevision: rules.dataRevision }, rules);
  return { rules, decision, viewer: viewerOf(actor, await periodClosed(sql, actor.regionCode, period)) };
}

/** Computes (or finds remembered) one kind of answer for this viewer and query; see answers.ts. */
async function answer<T>(
  sql: Sql,
  kind: string,
  actor: Actor & { regionCode: string },
  query: Query,
  compute: (reading: Reading) => Promise<{ body: T; returned: number }>,
): Promise<Answer<T>> {
  const rules = await regionRules(sql, actor.regionCode);
  const closed = await periodClosed(sql, actor.regionCode, query.period);
  const { dataRevision, ...settings } = rules;
  // Closing a period changes what a provider sees without a new data revision: part of the key.
  return remembered(sql, { kind, actor, regionCode: actor.regionCode, dataRevision, query: { ...query }, settings: { ...settings, closed } }, async () => {
    const decision = await sliceDecision(sql, { regionCode: actor.regionCode, periodCode: query.period, productCategory: query.productCategory, dataRevision }, rules);
    return compute({ rules, decision, viewer: viewerOf(actor, closed) });
  });
}

function requireViewer(actor: Actor): asserts actor is Actor & { regionCode: string } {
  if (!actor.regionCode || !['contract_manager', 'provider', 'municipality', 'admin'].includes(actor.role ?? '')) throw new Forbidden();
}

/** The municipality a reader looks at: a municipality is held to its residents whatever it asks. */
function scopedMunicipality(actor: Actor & { regionCode: string }, query: { municipalityCode?: string }): string | undefined {
  if (actor.role === 'municipality' && query.municipalityCode && query.municipalityCode !== actor.organisationCode) throw new Forbidden();
  return actor.role === 'municipality' ? actor.organisationCode! : query.municipalityCode;
}

/** The providers with data in the slice (in the municipality, when one is asked) that this reader may see a row of. */
function rowsFor(reading: Reading, municipalityCode: string | undefined, providerAgb?: string): ProviderCounts[] {
  return reading.decision.providers.filter(
    (p) =>
      (reading.viewer.ownProviderId === null || p.providerId === reading.viewer.ownProviderId) &&
      (!providerAgb || p.providerAgb === providerAgb) &&
      providerCell(reading.decision, p.providerId, municipalityCode) !== undefined,
  );
}

async function logAccess(sql: Sql, actor: Actor, action: string, query: object, origin: Origin, returned: number) {
  await appendAccessEvent(sql, actor, {
    action,
    actionType: 'R',
    objectType: 'indicators',
    objectId: String((query as { period?: string }).period ?? ''),
    result: 'allowed',
    purpose: 'vergelijking resultaten',
    details: { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), returned },
    origin,
  });
}

/** GET /indicators: a row per provider the viewer may see, plus the region (peer group) total. */
export async function indicatorTable(db: Sql | IndicatorDatabases, actor: Actor, query: Query, origin: Origin) {
  return (await indicatorTableAnswer(db, actor, query, origin)).body();
}

export async function indicatorTableAnswer(db: Sql | IndicatorDatabases, actor: Actor, query: Query, origin: Origin) {
  requireViewer(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const result = await answer(sql, 'indicators', actor, query, async (reading) => computeIndicatorTable(actor, query, reading));
  await logAccess(log, actor, 'indicators.read', query, origin, result.returned);
  return result;
}

function computeIndicatorTable(actor: Actor & { regionCode: string }, query: Query, reading: Reading) {
  const { decision, viewer, rules } = reading;
  const municipalityCode = scopedMunicipality(actor, query);
  const rows = rowsFor(reading, municipalityCode, query.providerAgb).map((p) => ({
    provider: { agb: p.providerAgb, name: p.providerName },
    submission: { id: p.submissionId, version: p.submissionVersion },
    figures: indicatorDefinitions.map((definition) => providerFigure(decision, viewer, definition, p.providerId, municipalityCode)),
  }));
  const body = {
    definitions: indicatorDefinitions.map(publicDefinition),
    period: query.period,
    productCategory: query.productCategory,
    municipalityCode: municipalityCode ?? null,
    minN: rules.minN,
    computedAt: new Date().toISOString(),
    rows,
    region: {
      providers: decision.peersEnough && viewer.peers ? decision.providers.length : null,
      figures: indicatorDefinitions.map((definition) => totalFigure(decision, viewer, definition)),
    },
  };
  return Promise.resolve({ body, returned: rows.length });
}

export function publicDefinition(d: IndicatorDefinition) {
  const { numeratorCount: _numerator, denominatorCount: _denominator, ...rest } = d;
  return rest;
}

export function definitionOf(id: string): IndicatorDefinition {
  const definition = indicatorById(id);
  if (!definition) {
    throw new ValidationFailed([{ field: 'indicator', code: 'indicator_unknown', message: { nl: `Onbekende indicator "${id}".`, en: `Unknown indicator "${id}".` } }]);
  }
  return definition;
}

type ComparisonQuery = Query & { indicator: string };

/** GET /comparisons/funnel: each provider's proportion against its n, with the peer line and limits. */
export async function funnel(db: Sql | IndicatorDatabases, actor: Actor, query: ComparisonQuery, origin: Origin) {
  return (await funnelAnswer(db, actor, query, origin)).body();
}

export async function funnelAnswer(db: Sql | IndicatorDatabases, actor: Actor, query: ComparisonQuery, origin: Origin) {
  requireViewer(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const definition = definitionOf(query.indicator);
  const result = await answer(sql, 'funnel', actor, query, async (reading) => computeFunnel(actor, query, definition, reading));
  await logAccess(log, actor, 'comparisons.funnel', query, origin, result.returned);
  return result;
}

function computeFunnel(actor: Actor & { regionCode: string }, query: ComparisonQuery, definition: IndicatorDefinition, reading: Reading) {
  const { decision, viewer, rules } = reading;
  const municipalityCode = scopedMunicipality(actor, query);
  const linkageHidden = linkageIndicators.has(definition.id) && !viewer.linkage;
  const total = totalFigure(decision, viewer, definition);
  const p0 = !total.suppressed && total.n > 0 ? total.x / total.n : null;
  // φ and τ² from the points every reader is shown: over hidden points they would be one more
  // equation in them (Σn² follows from Σw and τ²).
  const overdispersion = p0 === null ? null : assessOverdispersion(publicPoints(decision, definition, municipalityCode), p0);
  type Point =
    | { provider: null; own: false; suppressed: true }
    | { provider: { agb: string; name: string } | null; own: boolean; suppressed: false; x: number; n: number; value: number; interval: { lower: number; upper: number } | null; position: ReturnType<typeof flagFor> };
  const points: Point[] = linkageHidden
    ? []
    : decision.providers.flatMap((p): Point[] => {
        const counts = providerCell(decision, p.providerId, municipalityCode);
        const n = counts?.[definition.denominatorCount] ?? 0;
        if (!counts || n === 0) return [];
        const own = viewer.ownProviderId === p.providerId;
        if (!own && !viewer.peers) return [];
        if (!own && hiddenReasonOf(decision, definition.denominatorCount, p.providerId, municipalityCode)) return [{ provider: null, own: false, suppressed: true }];
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
  const body = {
    definition: publicDefinition(definition),
    period: query.period,
    productCategory: query.productCategory,
    municipalityCode: municipalityCode ?? null,
    minN: rules.minN,
    flagMinN: rules.flagMinN,
    computedAt: new Date().toISOString(),
    peer: total.suppressed || p0 === null
      ? { p0: null, providers: null, ...(total.suppressed ? { reason: total.reason } : {}) }
      : { p0, providers: decision.providers.filter((p) => p.counts[definition.denominatorCount] > 0).length, x: total.x, n: total.n },
    overdispersion: overdispersion && { ...overdispersion, method: overdispersion.overdispersed ? 'random-effects' : 'exact-binomial' },
    curve: p0 === null ? [] : funnelCurve(p0, nMax, 60, overdispersion),
    points,
  };
  return Promise.resolve({ body, returned: points.length });
}

/** GET /comparisons/casemix: observed, expected and O/E per provider (age band × care form). */
export async function casemix(db: Sql | IndicatorDatabases, actor: Actor, query: ComparisonQuery, origin: Origin) {
  return (await casemixAnswer(db, actor, query, origin)).body();
}

export async function casemixAnswer(db: Sql | IndicatorDatabases, actor: Actor, query: ComparisonQuery, origin: Origin) {
  requireViewer(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const definition = definitionOf(query.indicator);
  const result = await answer(sql, 'casemix', actor, query, (reading) => computeCasemix(sql, actor, query, definition, reading));
  await logAccess(log, actor, 'comparisons.casemix', query, origin, result.returned);
  return result;
}

/**
 * Expected counts are held against the other providers only (leave one out), per stratum where the
 * others have at least the minimum n there, else their overall rate: the provider's own upload
 * then moves neither its expectation nor tells it anything about the others' counts.
 */
async function computeCasemix(sql: Sql, actor: Actor & { regionCode: string }, query: ComparisonQuery, definition: IndicatorDefinition, reading: Reading) {
  const { decision, viewer, rules } = reading;
  const municipalityCode = scopedMunicipality(actor, query);
  const regionWide = { regionCode: actor.regionCode, periodCode: query.period, productCategory: query.productCategory };
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
  const rows = rowsFor(reading, municipalityCode).map((p) => {
    const provider = { agb: p.providerAgb, name: p.providerName };
    const figure = providerFigure(decision, viewer, definition, p.providerId, municipalityCode);
    if (figure.suppressed) return { provider, suppressed: true as const, reason: figure.reason };
    if (!decision.peersEnough) return { provider, suppressed: true as const, reason: 'too_few_providers' as const };
    if (!viewer.peers) return { provider, suppressed: true as const, reason: 'period_open' as const };
    const reference = referenceFor(p.providerId);
    const referenceN = [...reference.values()].reduce((sum, r) => sum + r.n, 0);
    if (referenceN < rules.minN) return { provider, suppressed: true as const, reason: 'too_few_providers' as const };
    const own = ownStrata.filter((s) => s.providerId === p.providerId).map((s) => ({ stratum: s.stratum, n: s.counts[definition.denominatorCount], x: s.counts[definition.numeratorCount] }));
    return { provider, suppressed: false as const, n: figure.n, ...indirectStandardisation(own, reference, rules.minN) };
  });
  return { body: { definition: publicDefinition(definition), period: query.period, productCategory: query.productCategory, minN: rules.minN, computedAt: new Date().toISOString(), rows }, returned: rows.length };
}
