/**
 * What each role may see of the indicators (SPEC §4.3-4.4), computed from the aggregate cells:
 * contract managers see every provider of their region by name; a provider sees its own figures
 * (never suppressed for itself) and peers only as anonymous, suppressed-where-small points;
 * a municipality sees its own residents plus region totals; auditors see none of it.
 * Every call writes one access-log entry saying what was asked.
 */
import { indicatorById, indicatorDefinitions, type IndicatorDefinition } from '../../../schemas/indicators.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import { appendAccessEvent } from '../audit/append.ts';
import type { Sql } from '../db/connect.ts';
import { remembered, type Answer } from './answers.ts';
import { indicatorDatabases, type IndicatorDatabases } from './databases.ts';
import { Forbidden, ValidationFailed } from '../http/problems.ts';
import { addCounts, countsByProvider, countsByProviderAndMunicipality, countsByProviderAndStratum, emptyCounts, type Counts, type ProviderCounts, type Slice } from './aggregate.ts';
import { assessOverdispersion, flagFor, funnelCurve, funnelLimitsFor, indirectStandardisation, wilsonInterval } from './stats.ts';
import { peerFigureAllowed, suppressedCells } from './suppression.ts';

export interface Query {
  period: string;
  productCategory?: string;
  providerAgb?: string;
  municipalityCode?: string;
}

interface RegionRules {
  minN: number;
  minPeerProviders: number;
  flagMinN: number;
  /** Bumped by every change of the region's data: the key of remembered answers (answers.ts). */
  dataRevision: string;
}

export type Figure =
  | { indicator: string; suppressed: false; x: number; n: number; value: number | null; interval: { lower: number; upper: number } | null; meanGrade?: number | null; tooRecent?: number }
  | { indicator: string; suppressed: true; reason: 'small_n' | 'complementary' | 'too_few_providers' };

async function regionRules(sql: Sql, regionCode: string): Promise<RegionRules> {
  const [row] = await sql`select min_n, min_peer_providers, flag_min_n, data_revision from regions where code = ${regionCode}`;
  return { minN: Number(row?.minN ?? 10), minPeerProviders: Number(row?.minPeerProviders ?? 3), flagMinN: Number(row?.flagMinN ?? 30), dataRevision: String(row?.dataRevision ?? 0) };
}

/** Computes (or finds remembered) one kind of answer for this viewer and query; see answers.ts. */
async function answer<T>(
  sql: Sql,
  kind: string,
  actor: Actor & { regionCode: string },
  query: Record<string, unknown>,
  options: { subjectAgb?: string },
  compute: (rules: RegionRules) => Promise<{ body: T; returned: number }>,
): Promise<Answer<T>> {
  const rules = await regionRules(sql, actor.regionCode);
  const { dataRevision, ...settings } = rules;
  return remembered(sql, { kind, actor, regionCode: actor.regionCode, dataRevision, query, settings: { ...settings, subjectAgb: options.subjectAgb } }, () => compute(rules));
}

function requireViewer(actor: Actor): asserts actor is Actor & { regionCode: string } {
  if (!actor.regionCode || !['contract_manager', 'provider', 'municipality', 'admin'].includes(actor.role ?? '')) throw new Forbidden();
}

/** The slice a role may ask for: a municipality is held to its residents whatever it asks. */
function scopedSlice(actor: Actor & { regionCode: string }, query: Query): Slice {
  if (actor.role === 'municipality' && query.municipalityCode && query.municipalityCode !== actor.organisationCode) throw new Forbidden();
  return {
    regionCode: actor.regionCode,
    periodCode: query.period,
    productCategory: query.productCategory,
    municipalityCode: actor.role === 'municipality' ? actor.organisationCode! : query.municipalityCode,
  };
}

/**
 * Differencing between filter levels: a contract manager who sees provider X for the whole region
 * and per municipality could subtract one from the other. So a municipality view of X hides
 * what the region-wide table hides (small_n or complementary), and within X's own split over the
 * municipalities the same small-number and complementary rules apply. Product categories need no
 * such check: other providers are only ever shown per category (the peer group).
 * Returns, per indicator id, the providers to hide in the municipality view (null: no such view).
 */
async function municipalityViewHidden(sql: Sql, actor: Actor, slice: Slice, definitions: readonly IndicatorDefinition[], minN: number) {
  if (!slice.municipalityCode || actor.role === 'municipality' || actor.role === 'provider') return null;
  const regionWide = await countsByProvider(sql, { ...slice, municipalityCode: undefined });
  const parts = await countsByProviderAndMunicipality(sql, { ...slice, municipalityCode: undefined });
  const partsOf = new Map<number, typeof parts>();
  for (const part of parts) {
    const own = partsOf.get(part.providerId);
    if (own) own.push(part);
    else partsOf.set(part.providerId, [part]);
  }
  const hiddenByIndicator = new Map<string, Set<number>>();
  for (const definition of definitions) {
    const hidden = new Set<number>();
    const wide = suppressedCells(regionWide.map((p) => ({ x: p.counts[definition.numeratorCount], n: p.counts[definition.denominatorCount] })), minN, true);
    regionWide.forEach((p, i) => {
      if (wide.hidden.has(i)) hidden.add(p.providerId);
    });
    for (const provider of regionWide) {
      if (hidden.has(provider.providerId)) continue;
      const own = partsOf.get(provider.providerId) ?? [];
      const split = suppressedCells(own.map((part) => ({ x: part.counts[definition.numeratorCount], n: part.counts[definition.denominatorCount] })), minN, true);
      const index = own.findIndex((part) => part.municipalityCode === slice.municipalityCode);
      if (index >= 0 && (split.hidden.has(index) || split.hideTotal)) hidden.add(provider.providerId);
    }
    hiddenByIndicator.set(definition.id, hidden);
  }
  return hiddenByIndicator;
}

/**
 * Which providers' figures to hide for one indicator, decided over the whole set the totals are
 * made of: small n, plus complementary suppression when the total is shown somewhere (the region
 * figure, the funnel's peer totals). Decided once here, so every endpoint hides the same cells.
 */
function hiddenProviders(
  providers: readonly ProviderCounts[],
  definition: IndicatorDefinition,
  minN: number,
  isOwn: (p: ProviderCounts) => boolean,
  totalShown: boolean,
  subjectAgb?: string,
): { hidden: Map<number, 'small_n' | 'complementary'>; hideTotal: boolean } {
  const cells = providers.map((p) => ({ x: p.counts[definition.numeratorCount], n: p.counts[definition.denominatorCount], own: isOwn(p), keep: p.providerAgb === subjectAgb }));
  const { hidden, hideTotal } = suppressedCells(cells, minN, totalShown);
  return { hidden: new Map([...hidden].map(([index, reason]) => [providers[index].providerId, reason])), hideTotal };
}

function figure(definition: IndicatorDefinition, counts: Counts): Figure {
  const x = counts[definition.numeratorCount];
  const n = counts[definition.denominatorCount];
  return {
    indicator: definition.id,
    suppressed: false,
    x,
    n,
    value: n > 0 ? x / n : null,
    interval: wilsonInterval(x, n),
    ...(definition.id === 'satisfaction' ? { meanGrade: counts.usefulnessAnswers > 0 ? counts.usefulnessSum / counts.usefulnessAnswers : null } : {}),
    ...(definition.id === 'noReentry' ? { tooRecent: counts.reentryTooRecent } : {}),
  };
}

async function logAccess(sql: Sql, actor: Actor, action: string, query: Record<string, unknown>, origin: Origin, returned: number) {
  await appendAccessEvent(sql, actor, {
    action,
    actionType: 'R',
    objectType: 'indicators',
    objectId: String(query.period ?? ''),
    result: 'allowed',
    purpose: 'vergelijking resultaten',
    details: { query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)), returned },
    origin,
  });
}

/** GET /indicators: a row per provider the viewer may see, plus the region (peer group) total. */
/** `options.subjectAgb`: the provider a dialogue is about; another provider is hidden in its place where one must be. */
export async function indicatorTable(db: Sql | IndicatorDatabases, actor: Actor, query: Query, origin: Origin, options: { subjectAgb?: string } = {}) {
  return (await indicatorTableAnswer(db, actor, query, origin, options)).body();
}

export async function indicatorTableAnswer(db: Sql | IndicatorDatabases, actor: Actor, query: Query, origin: Origin, options: { subjectAgb?: string } = {}) {
  requireViewer(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const result = await answer(sql, 'indicators', actor, { ...query }, options, (rules) => computeIndicatorTable(sql, actor, query, rules, options));
  await logAccess(log, actor, 'indicators.read', { ...query }, origin, result.returned);
  return result;
}

async function computeIndicatorTable(sql: Sql, actor: Actor & { regionCode: string }, query: Query, rules: RegionRules, options: { subjectAgb?: string }) {
  const slice = scopedSlice(actor, query);
  const providers = await countsByProvider(sql, slice);
  // The peer group: every provider of the region in this period and category, all municipalities
  // (without a municipality filter that is the slice just read).
  const peers = slice.municipalityCode ? await countsByProvider(sql, { regionCode: actor.regionCode, periodCode: query.period, productCategory: query.productCategory }) : providers;
  const isOwn = (p: ProviderCounts) => actor.role === 'provider' && p.providerId === actor.organisationId;
  // Asking for one provider must not skip the suppression of the whole table: filter after deciding.
  const visible = providers.filter((p) => (actor.role !== 'provider' || isOwn(p)) && (!query.providerAgb || p.providerAgb === query.providerAgb));
  const peerTotal = peers.reduce((total, p) => addCounts(total, p.counts), emptyCounts());
  const peersEnough = peerFigureAllowed(peers.filter((p) => p.counts.trajectories > 0).length, rules.minPeerProviders);
  // Rows partition the region total only when no municipality filter narrows them.
  const rowsPartitionTotal = actor.role !== 'provider' && !slice.municipalityCode;
  const viewHidden = await municipalityViewHidden(sql, actor, slice, indicatorDefinitions, rules.minN);

  const rows = visible.map((p) => ({ provider: { agb: p.providerAgb, name: p.providerName }, submission: { id: p.submissionId, version: p.submissionVersion }, figures: [] as Figure[] }));
  const region: Figure[] = [];
  for (const definition of indicatorDefinitions) {
    const { hidden, hideTotal } = hiddenProviders(actor.role === 'provider' ? providers.filter(isOwn) : providers, definition, rules.minN, isOwn, rowsPartitionTotal, options.subjectAgb);
    visible.forEach((p, i) => {
      const reason = hidden.get(p.providerId) ?? (viewHidden?.get(definition.id)?.has(p.providerId) ? 'complementary' : undefined);
      rows[i].figures.push(reason ? { indicator: definition.id, suppressed: true, reason } : figure(definition, p.counts));
    });
    const total = figure(definition, peerTotal);
    region.push(
      !peersEnough
        ? { indicator: definition.id, suppressed: true, reason: 'too_few_providers' }
        : hideTotal || (total.suppressed === false && total.n > 0 && total.n < rules.minN)
          ? { indicator: definition.id, suppressed: true, reason: hideTotal ? 'complementary' : 'small_n' }
          : total,
    );
  }
  const body = {
    definitions: indicatorDefinitions.map(publicDefinition),
    period: query.period,
    productCategory: query.productCategory ?? null,
    municipalityCode: slice.municipalityCode ?? null,
    minN: rules.minN,
    computedAt: new Date().toISOString(),
    rows,
    region: { providers: peersEnough ? peers.length : null, figures: region },
  };
  return { body, returned: rows.length };
}

function publicDefinition(d: IndicatorDefinition) {
  const { numeratorCount: _numerator, denominatorCount: _denominator, ...rest } = d;
  return rest;
}

function definitionOf(id: string): IndicatorDefinition {
  const definition = indicatorById(id);
  if (!definition) {
    throw new ValidationFailed([{ field: 'indicator', code: 'indicator_unknown', message: { nl: `Onbekende indicator "${id}".`, en: `Unknown indicator "${id}".` } }]);
  }
  return definition;
}

/** GET /comparisons/funnel: each provider's proportion against its n, with the peer line and limits. */
export async function funnel(db: Sql | IndicatorDatabases, actor: Actor, query: Query & { indicator: string; productCategory: string }, origin: Origin, options: { subjectAgb?: string } = {}) {
  return (await funnelAnswer(db, actor, query, origin, options)).body();
}

export async function funnelAnswer(db: Sql | IndicatorDatabases, actor: Actor, query: Query & { indicator: string; productCategory: string }, origin: Origin, options: { subjectAgb?: string } = {}) {
  requireViewer(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const definition = definitionOf(query.indicator);
  const result = await answer(sql, 'funnel', actor, { ...query }, options, (rules) => computeFunnel(sql, actor, query, definition, rules, options));
  await logAccess(log, actor, 'comparisons.funnel', { ...query }, origin, result.returned);
  return result;
}

async function computeFunnel(sql: Sql, actor: Actor & { regionCode: string }, query: Query & { productCategory: string }, definition: IndicatorDefinition, rules: RegionRules, options: { subjectAgb?: string }) {
  const slice = scopedSlice(actor, query);
  const peers = await countsByProvider(sql, { regionCode: actor.regionCode, periodCode: query.period, productCategory: query.productCategory });
  const points = (slice.municipalityCode ? await countsByProvider(sql, slice) : peers).map((p) => ({
    p,
    x: p.counts[definition.numeratorCount],
    n: p.counts[definition.denominatorCount],
  }));
  const peerPoints = peers.map((p) => ({ x: p.counts[definition.numeratorCount], n: p.counts[definition.denominatorCount] })).filter((pt) => pt.n > 0);
  const sumX = peerPoints.reduce((s, pt) => s + pt.x, 0);
  const sumN = peerPoints.reduce((s, pt) => s + pt.n, 0);
  const enough = peerFigureAllowed(peerPoints.length, rules.minPeerProviders) && sumN > 0;
  const p0 = enough ? sumX / sumN : null;
  const overdispersion = p0 === null ? null : assessOverdispersion(peerPoints, p0);
  const isOwn = (p: ProviderCounts) => actor.role === 'provider' && p.providerId === actor.organisationId;
  const viewHidden = (await municipalityViewHidden(sql, actor, slice, [definition], rules.minN))?.get(definition.id);
  // The peer totals (x, n) are part of the answer: a single hidden point would be their remainder.
  const { hidden } = hiddenProviders(points.map((pt) => pt.p), definition, rules.minN, isOwn, !slice.municipalityCode, options.subjectAgb);

  const shown = points
    .filter((pt) => pt.n > 0)
    .map((pt) => {
      const own = isOwn(pt.p);
      if ((hidden.has(pt.p.providerId) || viewHidden?.has(pt.p.providerId)) && !own) {
        return { provider: null, own: false, suppressed: true as const };
      }
      const limits = p0 === null ? null : funnelLimitsFor(p0, pt.n, overdispersion);
      const identity = actor.role === 'provider' && !own ? null : { agb: pt.p.providerAgb, name: pt.p.providerName };
      return {
        provider: identity,
        own,
        suppressed: false as const,
        x: pt.x,
        n: pt.n,
        value: pt.x / pt.n,
        interval: wilsonInterval(pt.x, pt.n),
        position: limits ? flagFor({ x: pt.x, n: pt.n }, limits, rules.flagMinN) : null,
      };
    });
  // Anonymous peers must not be recognisable by their order: sort by n, not by name.
  if (actor.role === 'provider') shown.sort((a, b) => (a.suppressed || b.suppressed ? 0 : a.n - b.n));
  const nMax = Math.max(1, ...points.map((pt) => pt.n));
  const body = {
    definition: publicDefinition(definition),
    period: query.period,
    productCategory: query.productCategory,
    municipalityCode: slice.municipalityCode ?? null,
    minN: rules.minN,
    flagMinN: rules.flagMinN,
    computedAt: new Date().toISOString(),
    peer: enough ? { p0, providers: peerPoints.length, x: sumX, n: sumN } : { p0: null, providers: null, reason: 'too_few_providers' as const },
    overdispersion: overdispersion && { ...overdispersion, method: overdispersion.overdispersed ? 'random-effects' : 'exact-binomial' },
    curve: p0 === null ? [] : funnelCurve(p0, nMax, 60, overdispersion),
    points: shown,
  };
  return { body, returned: shown.length };
}

/** GET /comparisons/casemix: observed, expected and O/E per provider (age band × care form). */
export async function casemix(db: Sql | IndicatorDatabases, actor: Actor, query: Query & { indicator: string; productCategory: string }, origin: Origin, options: { subjectAgb?: string } = {}) {
  return (await casemixAnswer(db, actor, query, origin, options)).body();
}

export async function casemixAnswer(db: Sql | IndicatorDatabases, actor: Actor, query: Query & { indicator: string; productCategory: string }, origin: Origin, options: { subjectAgb?: string } = {}) {
  requireViewer(actor);
  const { read: sql, log } = indicatorDatabases(db);
  const definition = definitionOf(query.indicator);
  const result = await answer(sql, 'casemix', actor, { ...query }, options, (rules) => computeCasemix(sql, actor, query, definition, rules, options));
  await logAccess(log, actor, 'comparisons.casemix', { ...query }, origin, result.returned);
  return result;
}

async function computeCasemix(sql: Sql, actor: Actor & { regionCode: string }, query: Query & { productCategory: string }, definition: IndicatorDefinition, rules: RegionRules, options: { subjectAgb?: string }) {
  const slice = scopedSlice(actor, query);
  const providers = await countsByProvider(sql, slice);
  const strata = await countsByProviderAndStratum(sql, { regionCode: actor.regionCode, periodCode: query.period, productCategory: query.productCategory });
  const peerRates = new Map<string, { n: number; x: number }>();
  for (const s of strata) {
    const rate = peerRates.get(s.stratum) ?? { n: 0, x: 0 };
    rate.n += s.counts[definition.denominatorCount];
    rate.x += s.counts[definition.numeratorCount];
    peerRates.set(s.stratum, rate);
  }
  const enough = peerFigureAllowed(new Set(strata.filter((s) => s.counts.trajectories > 0).map((s) => s.providerId)).size, rules.minPeerProviders);
  const isOwn = (p: ProviderCounts) => actor.role === 'provider' && p.providerId === actor.organisationId;
  const viewHidden = (await municipalityViewHidden(sql, actor, slice, [definition], rules.minN))?.get(definition.id);
  // Observed counts and n are shown, and the totals are public in /indicators: hide as the table does.
  const { hidden } = hiddenProviders(providers, definition, rules.minN, isOwn, !slice.municipalityCode, options.subjectAgb);
  const rows = providers
    .filter((p) => actor.role !== 'provider' || isOwn(p))
    .map((p) => {
      const n = p.counts[definition.denominatorCount];
      if (!enough) return { provider: { agb: p.providerAgb, name: p.providerName }, suppressed: true as const, reason: 'too_few_providers' as const };
      const reason = hidden.get(p.providerId) ?? (viewHidden?.has(p.providerId) ? 'complementary' : undefined);
      if (reason && !isOwn(p)) return { provider: { agb: p.providerAgb, name: p.providerName }, suppressed: true as const, reason };
      const own = strata.filter((s) => s.providerId === p.providerId).map((s) => ({ stratum: s.stratum, n: s.counts[definition.denominatorCount], x: s.counts[definition.numeratorCount] }));
      return { provider: { agb: p.providerAgb, name: p.providerName }, suppressed: false as const, n, ...indirectStandardisation(own, peerRates) };
    });
  return { body: { definition: publicDefinition(definition), period: query.period, productCategory: query.productCategory, minN: rules.minN, computedAt: new Date().toISOString(), rows }, returned: rows.length };
}
