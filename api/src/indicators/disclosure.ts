/**
 * The one disclosure-control layer (SPEC §4.3, docs/privacy.md). Every figure the portal shows
 * about a period × product category (tables, municipality views, funnel and its statistics,
 * case-mix, trend, data quality, dialogue snapshots) is cut from one decision per slice, made here
 * once for all readers: which provider figures, which municipality parts of them and which region
 * total are hidden, per count that serves as a denominator. What a reader then sees differs only
 * by what it may see (its own figures, the peers, linkage figures), never by a different choice
 * of what to hide, so no two outputs can be subtracted from each other.
 *
 * Two rules on top of small numbers, both about readers who can upload (providers):
 * - linkage figures ("geen nieuwe start") depend on other providers' records through the shared
 *   pseudonym, so a provider never sees one: not its own, not a peer's, not the region's;
 * - figures that depend on other providers (region totals, peers, p0, expected counts) reach a
 *   provider only for a closed period, whose data no upload changes any more: a provider cannot
 *   compare the figures before and after an upload of its own choosing.
 */
import type { hiddenReasons } from '../../../schemas/comparisons.ts';
import { indicatorDefinitions, type CountName, type IndicatorDefinition } from '../../../schemas/indicators.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connect.ts';
import {
  addCounts,
  countsByProvider,
  countsByProviderAndMunicipality,
  emptyCounts,
  type Counts,
  type ProviderCounts,
} from './aggregate.ts';
import { wilsonInterval } from '../../../schemas/stats/index.ts';
import {
  peerFigureAllowed,
  protectEquation,
  rangesFor,
  type JointCap,
  type Part,
  type SuppressionReason,
} from '../../../schemas/stats/suppression.ts';

export interface DisclosureRules {
  minN: number;
  minPeerProviders: number;
}

export type TotalReason = SuppressionReason | 'too_few_providers';
/** Why a figure is not shown to this reader: the contract's list (schemas/comparisons.ts). */
export type HiddenReason = (typeof hiddenReasons)[number];

/** The counts that serve as a denominator: indicators sharing one are hidden together. */
export const denominatorCounts = [...new Set(indicatorDefinitions.map((d) => d.denominatorCount))] as CountName[];
/** Figures that depend on other providers' records of the same person. */
export const linkageIndicators = new Set(['noReentry']);

export interface MunicipalityPart {
  municipalityCode: string;
  counts: Counts;
}

export interface SliceDecision {
  periodCode: string;
  productCategory: string;
  minN: number;
  /** Every provider with data in the period and category, region-wide counts. */
  providers: ProviderCounts[];
  partsOf: Map<number, MunicipalityPart[]>;
  total: Counts;
  peersEnough: boolean;
  providerReason(denominator: CountName, providerId: number): SuppressionReason | undefined;
  partReason(denominator: CountName, providerId: number, municipalityCode: string): SuppressionReason | undefined;
  totalReason(denominator: CountName): TotalReason | undefined;
}

export interface Slice {
  regionCode: string;
  periodCode: string;
  productCategory: string;
  /** Bumped by every change of the region's data: decisions are remembered per revision. */
  dataRevision: string;
}

/** Decides the slice once per data revision and rules; readers asking at the same moment share it. */
export async function sliceDecision(db: Queryable, slice: Slice, rules: DisclosureRules): Promise<SliceDecision> {
  const key = JSON.stringify([
    slice.regionCode,
    slice.dataRevision,
    slice.periodCode,
    slice.productCategory,
    rules.minN,
    rules.minPeerProviders,
  ]);
  let cache = decisionCaches.get(db);
  if (!cache) decisionCaches.set(db, (cache = new Map()));
  let decision = cache.get(key);
  if (!decision) {
    decision = (async () => {
      const where = { regionCode: slice.regionCode, periodCode: slice.periodCode, productCategory: slice.productCategory };
      const providers = await countsByProvider(db, where);
      const parts = await countsByProviderAndMunicipality(db, where);
      return decideSlice(slice.periodCode, slice.productCategory, providers, parts, rules);
    })();
    if (cache.size >= decisionCacheLimit) cache.delete(cache.keys().next().value!);
    cache.set(key, decision);
    decision.catch(() => cache.get(key) === decision && cache.delete(key));
  }
  return decision;
}
const decisionCaches = new WeakMap<object, Map<string, Promise<SliceDecision>>>();
const decisionCacheLimit = 5000;

type Hidden = Map<string, SuppressionReason>;
const partKey = (providerId: number, municipalityCode: string) => `${providerId}|${municipalityCode}`;

/**
 * The decision itself, pure. Per denominator: the providers' figures are the parts of the region
 * total; each provider's municipality parts are the parts of its figure. Run twice: the second
 * run knows, from the first, the bounds that the other counts of the same cell give away (a
 * shown number of trajectories caps every other n of that provider) and keeps what the first hid.
 */
export function decideSlice(
  periodCode: string,
  productCategory: string,
  providers: ProviderCounts[],
  parts: Array<{ providerId: number; municipalityCode: string; counts: Counts }>,
  rules: DisclosureRules,
): SliceDecision {
  const partsOf = new Map<number, MunicipalityPart[]>();
  for (const part of parts) {
    const list = partsOf.get(part.providerId) ?? [];
    list.push({ municipalityCode: part.municipalityCode, counts: part.counts });
    partsOf.set(part.providerId, list);
  }
  const total = providers.reduce((sum, p) => addCounts(sum, p.counts), emptyCounts());
  const peersEnough = peerFigureAllowed(providers.filter((p) => p.counts.trajectories > 0).length, rules.minPeerProviders);

  // Trajectories first: every other count of a trajectory is bounded by it (joint caps below).
  const ordered = ['trajectories' as CountName, ...denominatorCounts.filter((d) => d !== 'trajectories')];
  const run = (earlier: Map<CountName, DenominatorDecision> | null) => {
    const decisions = new Map<CountName, DenominatorDecision>();
    for (const d of ordered)
      decisions.set(d, decideDenominator(d, providers, partsOf, total, peersEnough, rules, earlier, decisions.get('trajectories')));
    return decisions;
  };
  const first = run(null);
  const second = run(first);
  return {
    periodCode,
    productCategory,
    minN: rules.minN,
    providers,
    partsOf,
    total,
    peersEnough,
    providerReason: (d, providerId) => second.get(d)?.providers.get(String(providerId)),
    partReason: (d, providerId, m) => second.get(d)?.parts.get(partKey(providerId, m)),
    totalReason: (d) => second.get(d)?.total,
  };
}

interface DenominatorDecision {
  providers: Hidden;
  parts: Hidden;
  total: TotalReason | undefined;
}

/** How many of a count one trajectory can hold (youth and parent answer apart). */
const perTrajectory = (d: CountName) => (d === 'helpAnswers' || d === 'usefulnessAnswers' ? 2 : 1);

function decideDenominator(
  denominator: CountName,
  providers: ProviderCounts[],
  partsOf: Map<number, MunicipalityPart[]>,
  total: Counts,
  peersEnough: boolean,
  rules: DisclosureRules,
  first: Map<CountName, DenominatorDecision> | null,
  trajectories: DenominatorDecision | undefined,
): DenominatorDecision {
  const { minN } = rules;
  // Bounds from the other counts of the same cell, as the first run showed them.
  const shown = (d: CountName, key: string, level: 'providers' | 'parts') => !first?.get(d)?.[level].has(key);
  const boundsFor = (
    counts: Counts,
    key: string,
    level: 'providers' | 'parts',
    of: CountName = denominator,
  ): Pick<Part, 'cap' | 'floor'> => {
    if (!first) return {};
    if (of !== 'trajectories') return shown('trajectories', key, level) ? { cap: counts.trajectories * perTrajectory(of) } : {};
    let floor = 0;
    for (const d of denominatorCounts)
      if (d !== 'trajectories' && shown(d, key, level)) floor = Math.max(floor, Math.ceil(counts[d] / perTrajectory(d)));
    return { floor };
  };
  const providerParts: Part[] = providers.map((p) => ({
    key: String(p.providerId),
    owner: String(p.providerId),
    n: p.counts[denominator],
    ...boundsFor(p.counts, String(p.providerId), 'providers'),
  }));
  const municipalityParts = (providerId: number): Part[] =>
    (partsOf.get(providerId) ?? []).map((part) => {
      const key = partKey(providerId, part.municipalityCode);
      return { key, owner: String(providerId), n: part.counts[denominator], ...boundsFor(part.counts, key, 'parts') };
    });
  const allHidden = (list: Part[]): Hidden =>
    new Map(list.filter((p) => p.n > 0).map((p) => [p.key, p.n < minN ? 'small_n' : 'complementary']));
  const earlier = first?.get(denominator);

  /**
   * The providers hidden from a reader in this equation and in the trajectories equation (where
   * the response figure, and so its count of responding trajectories, is hidden too): their
   * trajectories — for answers, their responding trajectories, two answers each at most — add up
   * to what that equation leaves, less the least the others there must have. So their counts here
   * share a known cap. Without this, a shown number of trajectories, or the region's number of
   * responding trajectories, next to a hidden count can pin a small count elsewhere.
   */
  const answers: CountName[] = ['helpAnswers', 'usefulnessAnswers'];
  const bounding: CountName = answers.includes(denominator) ? 'responded' : 'trajectories';
  const jointCap = (reader: string | null, hidden: ReadonlyMap<string, SuppressionReason>): JointCap | null => {
    if (denominator === 'trajectories' || !trajectories || trajectories.total) return null;
    const unknown = new Set([...trajectories.providers.keys()].filter((key) => key !== reader));
    const both = new Set([...unknown].filter((key) => hidden.has(key)));
    if (both.size === 0) return null;
    const trajectoryParts: Part[] = providers.map((p) => ({
      key: String(p.providerId),
      owner: String(p.providerId),
      n: p.counts.trajectories,
      ...boundsFor(p.counts, String(p.providerId), 'providers', 'trajectories'),
    }));
    const trajectoryRanges = rangesFor(trajectoryParts, trajectories.providers, { exact: total.trajectories }, minN, reader);
    // The least a reader knows a count of a provider to be: shown, or what its hiding reason says.
    const atLeast = (p: ProviderCounts, count: CountName) => {
      const key = String(p.providerId);
      const reason = count === denominator ? hidden.get(key) : first?.get(count)?.providers.get(key);
      if (count !== denominator && !first) return 0;
      return !reason ? p.counts[count] : reason === 'small_n' ? 1 : minN;
    };
    const boundingAtLeast = (p: ProviderCounts) =>
      bounding === 'trajectories'
        ? (trajectoryRanges.get(String(p.providerId))?.lower ?? 0)
        : Math.max(0, ...answers.map((c) => Math.ceil(atLeast(p, c) / 2)));
    let left = total[bounding];
    for (const p of providers) {
      const key = String(p.providerId);
      if (!unknown.has(key)) left -= p.counts[bounding];
      else if (!both.has(key)) left -= boundingAtLeast(p);
    }
    const k = perTrajectory(denominator);
    const inBoth = providers.filter((p) => both.has(String(p.providerId)));
    const caps = new Map(inBoth.map((p) => [String(p.providerId), k * (trajectoryRanges.get(String(p.providerId))?.upper ?? Infinity)]));
    const shares = new Map(inBoth.map((p) => [String(p.providerId), k * boundingAtLeast(p)]));
    return { keys: both, cap: k * left, caps, shares };
  };

  const n = total[denominator];
  let totalReason: TotalReason | undefined = !peersEnough ? 'too_few_providers' : n > 0 && n < minN ? 'small_n' : undefined;
  // A total that one provider dominates tells it the sum of all the others: hidden when that sum
  // is below the minimum (the dominance rule of statistical offices).
  if (!totalReason && providers.some((p) => p.counts[denominator] > 0 && n - p.counts[denominator] > 0 && n - p.counts[denominator] < minN))
    totalReason = 'complementary';
  const forced: Hidden = new Map(earlier?.providers ?? []);
  for (;;) {
    // A hidden provider's municipality parts are all hidden; their sum is known only as the range
    // the region equation leaves for the provider's figure. No reader may pin a part from it.
    const partsProtected = (reader: string | null, ranges: Map<string, { lower: number; upper: number }>) => {
      for (const [key, range] of ranges) {
        const list = municipalityParts(Number(key));
        if (list.length < 2) continue; // the one part is the provider's figure itself
        const partRanges = rangesFor(list, allHidden(list), range, minN, reader);
        for (const r of partRanges.values()) if (r.lower >= r.upper) return false;
      }
      return true;
    };
    const level1 = protectEquation(providerParts, totalReason ? null : { exact: n }, minN, forced, partsProtected, jointCap);
    if (level1.hideTotal) totalReason = 'complementary';
    const parts: Hidden = new Map();
    let widened = false;
    for (const provider of providers) {
      const list = municipalityParts(provider.providerId);
      const key = String(provider.providerId);
      if (level1.hidden.has(key)) {
        for (const [k, reason] of allHidden(list)) parts.set(k, reason);
        continue;
      }
      const earlierParts: Hidden = new Map(list.filter((p) => earlier?.parts.has(p.key)).map((p) => [p.key, earlier!.parts.get(p.key)!]));
      const level2 = protectEquation(list, { exact: provider.counts[denominator] }, minN, earlierParts);
      if (level2.hideTotal) {
        // The parts cannot protect each other under a shown figure: hide the figure too.
        forced.set(key, provider.counts[denominator] < minN ? 'small_n' : 'complementary');
        widened = true;
        break;
      }
      for (const [k, reason] of level2.hidden) parts.set(k, reason);
    }
    if (!widened) return { providers: level1.hidden, parts, total: totalReason };
  }
}

// ---------------------------------------------------------------------------------------------
// What one reader sees of a decision

export interface Viewer {
  /** The reader's own provider (its figures are never hidden from it), if it is one. */
  ownProviderId: number | null;
  /** May see figures that depend on other providers' records of the same person. */
  linkage: boolean;
  /** May see figures that depend on other providers (totals, peers, p0, expected counts). */
  peers: boolean;
}

/** Providers can upload and hold K1: no linkage figures, and peers only for a closed period. */
export function viewerOf(actor: Actor, periodClosed: boolean): Viewer {
  if (actor.role === 'provider') return { ownProviderId: actor.organisationId ?? null, linkage: false, peers: periodClosed };
  return { ownProviderId: null, linkage: true, peers: true };
}

export type Figure =
  | {
      indicator: string;
      suppressed: false;
      x: number;
      n: number;
      value: number | null;
      interval: { lower: number; upper: number } | null;
      meanGrade?: number | null;
      tooRecent?: number;
    }
  | { indicator: string; suppressed: true; reason: HiddenReason };

/** The counts and the hiding reason of one provider's figure (region-wide or one municipality part). */
export function providerCell(decision: SliceDecision, providerId: number, municipalityCode?: string): Counts | undefined {
  if (municipalityCode === undefined) return decision.providers.find((p) => p.providerId === providerId)?.counts;
  return decision.partsOf.get(providerId)?.find((part) => part.municipalityCode === municipalityCode)?.counts;
}

/** Why a provider's figure is hidden from everyone but the provider, or undefined when it is shown. */
export function hiddenReasonOf(
  decision: SliceDecision,
  denominator: CountName,
  providerId: number,
  municipalityCode?: string,
): SuppressionReason | undefined {
  return municipalityCode === undefined
    ? decision.providerReason(denominator, providerId)
    : decision.partReason(denominator, providerId, municipalityCode);
}

/** One provider's figure as this reader may see it. */
export function providerFigure(
  decision: SliceDecision,
  viewer: Viewer,
  definition: IndicatorDefinition,
  providerId: number,
  municipalityCode?: string,
): Figure {
  if (linkageIndicators.has(definition.id) && !viewer.linkage) return { indicator: definition.id, suppressed: true, reason: 'linkage' };
  const own = viewer.ownProviderId === providerId;
  if (!own && !viewer.peers) return { indicator: definition.id, suppressed: true, reason: 'period_open' };
  const counts = providerCell(decision, providerId, municipalityCode) ?? emptyCounts();
  const reason = own ? undefined : hiddenReasonOf(decision, definition.denominatorCount, providerId, municipalityCode);
  if (reason) return { indicator: definition.id, suppressed: true, reason };
  // "Too recent" is trajectories minus the n of re-entry: shown only where trajectories are.
  const trajectoriesShown = own || !hiddenReasonOf(decision, 'trajectories', providerId, municipalityCode);
  return figureOf(definition, counts, trajectoriesShown);
}

/** The region total (the peer group) as this reader may see it. */
export function totalFigure(decision: SliceDecision, viewer: Viewer, definition: IndicatorDefinition): Figure {
  if (linkageIndicators.has(definition.id) && !viewer.linkage) return { indicator: definition.id, suppressed: true, reason: 'linkage' };
  if (!viewer.peers) return { indicator: definition.id, suppressed: true, reason: 'period_open' };
  const reason = decision.totalReason(definition.denominatorCount);
  if (reason) return { indicator: definition.id, suppressed: true, reason };
  return figureOf(definition, decision.total, !decision.totalReason('trajectories'));
}

export function figureOf(definition: IndicatorDefinition, counts: Counts, trajectoriesShown: boolean): Figure {
  const x = counts[definition.numeratorCount];
  const n = counts[definition.denominatorCount];
  return {
    indicator: definition.id,
    suppressed: false,
    x,
    n,
    value: n > 0 ? x / n : null,
    interval: wilsonInterval(x, n),
    ...(definition.id === 'satisfaction'
      ? { meanGrade: counts.usefulnessAnswers > 0 ? counts.usefulnessSum / counts.usefulnessAnswers : null }
      : {}),
    ...(definition.id === 'noReentry' && trajectoriesShown ? { tooRecent: counts.reentryTooRecent } : {}),
  };
}

/**
 * The points a statistic over the peers (p0's spread: φ, τ²) may be computed from: those shown to
 * every reader. A statistic over hidden points would be one more equation in them.
 */
export function publicPoints(
  decision: SliceDecision,
  definition: IndicatorDefinition,
  municipalityCode?: string,
): Array<{ providerId: number; x: number; n: number }> {
  const points: Array<{ providerId: number; x: number; n: number }> = [];
  for (const provider of decision.providers) {
    const counts = providerCell(decision, provider.providerId, municipalityCode);
    if (!counts || counts[definition.denominatorCount] === 0) continue;
    if (hiddenReasonOf(decision, definition.denominatorCount, provider.providerId, municipalityCode)) continue;
    points.push({ providerId: provider.providerId, x: counts[definition.numeratorCount], n: counts[definition.denominatorCount] });
  }
  return points;
}

/**
 * Data quality reaches others than the provider itself only for the categories in which every
 * figure it is made of is shown: a total over categories minus the shown ones would give away a
 * hidden one. These are the denominators data quality can be turned back into.
 */
export const dataQualityDenominators: readonly CountName[] = ['trajectories', 'endKnown', 'goalKnown', 'helpAnswers', 'usefulnessAnswers'];

export function dataQualityShown(decision: SliceDecision, providerId: number): boolean {
  if (!decision.providers.some((p) => p.providerId === providerId)) return false;
  return dataQualityDenominators.every((d) => !decision.providerReason(d, providerId));
}

/**
 * A submission's number of records is every category's trajectories together: for anyone but the
 * provider itself it is one more sum over the provider's figures. The current submission's count
 * is shown only where no category of the provider hides its trajectories; a replaced one's (whose
 * parts nobody sees any more) only at or above the minimum.
 */
export async function submissionCountShown(
  db: Queryable,
  submission: { regionCode: string; periodCode: string; providerId: number; status: string; recordCount: number },
  rules: DisclosureRules & { dataRevision: string },
): Promise<boolean> {
  if (submission.status !== 'current') return submission.recordCount === 0 || submission.recordCount >= rules.minN;
  const categories = await db`select distinct product_category from indicator_cells
    where region_code = ${submission.regionCode} and period_code = ${submission.periodCode} and provider_id = ${submission.providerId}`;
  for (const { productCategory } of categories) {
    const decision = await sliceDecision(
      db,
      {
        regionCode: submission.regionCode,
        periodCode: submission.periodCode,
        productCategory: productCategory as string,
        dataRevision: rules.dataRevision,
      },
      rules,
    );
    if (decision.providerReason('trajectories', submission.providerId)) return false;
  }
  return true;
}
