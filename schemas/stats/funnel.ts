/**
 * Funnel plots (Spiegelhalter, "Funnel plots for comparing institutional performance",
 * Stat Med 2005;24:1185): control limits around the peer proportion p0, the overdispersion test
 * and the random-effects widening, and where one provider lies. Pure functions; SPEC §3.
 */
import { binomialCdf, binomialPmf, chiSquareQuantile } from './distributions.ts';

/** The SPEC's two-sided normal points for 95% and 99.8% limits. */
export const Z95 = 1.959964;
export const Z998 = 3.090232;

export type FunnelLimits = { lower998: number; lower95: number; upper95: number; upper998: number };
export type CountPoint = { x: number; n: number };

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

function assertFunnelInput(p0: number, n: number): void {
  if (!(p0 >= 0 && p0 <= 1)) throw new RangeError(`p0 must be in [0, 1], got ${p0}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
}

/**
 * Exact binomial limit with interpolation (paper's appendix): r_P the smallest r with
 * F(r) ≥ P, α = (F(r_P) − P)/(F(r_P) − F(r_P − 1)), limit (r_P − α)/n clamped to [0, 1].
 * Equivalent to the P-quantile of X − U, U uniform on [0, 1): continuous in p0, but it still wiggles
 * by up to ~0.1/n between consecutive n (the discreteness of X), so it is not strictly monotone in n.
 * p0 of 0 or 1 is a point mass: every limit is p0 (the interpolation would otherwise smear the mass
 * at n over (n − 1, n] and put limits below a certain p0 = 1). n = 0 has no limits: null.
 */
export function funnelLimit(p0: number, n: number, P: number): number | null {
  assertFunnelInput(p0, n);
  if (!(P > 0 && P < 1)) throw new RangeError(`P must be in (0, 1), got ${P}`);
  if (n === 0) return null;
  if (p0 === 0 || p0 === 1) return p0;
  let lo = 0; // binary search for r_P; F(n) = 1 ≥ P always
  let hi = n;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (binomialCdf(mid, n, p0) >= P) hi = mid;
    else lo = mid + 1;
  }
  const rP = lo;
  const step = binomialPmf(rP, n, p0); // F(r_P) − F(r_P − 1), without the subtraction
  const alpha = step > 0 ? (binomialCdf(rP, n, p0) - P) / step : 0;
  return clamp01((rP - alpha) / n);
}

/** Exact limits at 99.8% and 95% (P = 0.001, 0.025, 0.975, 0.999); null for n = 0. */
export function funnelLimits(p0: number, n: number): FunnelLimits | null {
  assertFunnelInput(p0, n);
  if (n === 0) return null;
  // Every funnel read asks for the same (p0, n) pairs until the data changes, and each pair costs
  // four binary searches over the binomial CDF: remember them (the result is a pure function).
  const key = `${p0}|${n}`;
  const known = exactLimitsMemo.get(key);
  if (known) return { ...known };
  const limits = {
    lower998: funnelLimit(p0, n, 0.001)!,
    lower95: funnelLimit(p0, n, 0.025)!,
    upper95: funnelLimit(p0, n, 0.975)!,
    upper998: funnelLimit(p0, n, 0.999)!,
  };
  if (exactLimitsMemo.size >= exactLimitsMemoSize) exactLimitsMemo.delete(exactLimitsMemo.keys().next().value!);
  exactLimitsMemo.set(key, limits);
  return { ...limits };
}
const exactLimitsMemo = new Map<string, FunnelLimits>();
/** ~100 bytes an entry: a few MB at most, enough for every provider and curve point of many slices. */
const exactLimitsMemoSize = 50_000;

export type Overdispersion = {
  I: number; // providers with n > 0
  phi: number; // mean of the squared winsorised z-scores
  statistic: number; // I·φ, compared with the threshold
  threshold: number; // χ²(I − 1) 95% point
  overdispersed: boolean;
  tau2: number; // additive between-provider variance; ≥ 0, computed even when not overdispersed
};

/**
 * Percentile by linear interpolation between order statistics (R's quantile type 7, the default
 * of R and of DescTools::Winsorize): h = (I − 1)·p, value = z₍⌊h⌋₎ + (h − ⌊h⌋)(z₍⌊h⌋+1₎ − z₍⌊h⌋₎),
 * order statistics counted from 0. `sorted` must be ascending and non-empty.
 */
export function percentile(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const i = Math.floor(h);
  if (i + 1 >= sorted.length) return sorted[sorted.length - 1];
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}

/**
 * Winsorising (Spiegelhalter 2005 §3.4): values below the 10th percentile are set to it, values
 * above the 90th to it, so a few extreme providers cannot by themselves make the rest look
 * overdispersed. Percentiles as in `percentile`.
 */
export function winsorise(values: number[], lowerP = 0.1, upperP = 0.9): number[] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const low = percentile(sorted, lowerP);
  const high = percentile(sorted, upperP);
  return values.map((v) => Math.min(high, Math.max(low, v)));
}

/**
 * Overdispersion (Spiegelhalter 2005 §3.4-3.5): z_i = (y_i − p0)/√(p0(1 − p0)/n_i), winsorised;
 * φ = (1/I)Σz_i²; overdispersed when I·φ > χ²(I − 1) 95% point. τ² (DerSimonian-Laird) =
 * (Iφ − (I − 1)) / (Σw_i − Σw_i²/Σw_i), w_i = 1/s_i², s_i² = p0(1 − p0)/n_i, 0 when negative.
 * Providers with n = 0 are left out. Null when it cannot be assessed: fewer than 2 providers, or
 * p0 of 0 or 1 (no binomial variance to compare with).
 */
export function assessOverdispersion(points: CountPoint[], p0: number): Overdispersion | null {
  assertFunnelInput(p0, 0);
  const used = points.filter((pt) => pt.n > 0);
  const I = used.length;
  if (I < 2 || p0 === 0 || p0 === 1) return null;
  const unitVariance = p0 * (1 - p0);
  const z = used.map((pt) => (pt.x / pt.n - p0) / Math.sqrt(unitVariance / pt.n));
  const phi = winsorise(z).reduce((s, zi) => s + zi * zi, 0) / I;
  const statistic = I * phi;
  const threshold = chiSquareQuantile(0.95, I - 1);
  const weights = used.map((pt) => pt.n / unitVariance);
  const sumW = weights.reduce((s, w) => s + w, 0);
  const sumW2 = weights.reduce((s, w) => s + w * w, 0);
  const tau2 = Math.max(0, (statistic - (I - 1)) / (sumW - sumW2 / sumW));
  return { I, phi, statistic, threshold, overdispersed: statistic > threshold, tau2 };
}

export type FunnelLimitsWithMethod = FunnelLimits & { method: 'exact-binomial' | 'random-effects' };

/**
 * The limits to draw and flag with: exact binomial when the peers are not overdispersed (or it
 * could not be assessed), else p0 ± z·√(p0(1 − p0)/n + τ²) clamped to [0, 1] — the plot must say
 * so (SPEC §3), hence `method`. Null for n = 0.
 */
export function funnelLimitsFor(p0: number, n: number, overdispersion: Overdispersion | null): FunnelLimitsWithMethod | null {
  if (!overdispersion?.overdispersed) {
    const exact = funnelLimits(p0, n);
    return exact && { ...exact, method: 'exact-binomial' };
  }
  assertFunnelInput(p0, n);
  if (n === 0) return null;
  return { ...randomEffectsLimits(p0, n, overdispersion.tau2), method: 'random-effects' };
}

/** p0 ± z·√(p0(1 − p0)/n + τ²) clamped to [0, 1], for n ≥ 1. */
export function randomEffectsLimits(p0: number, n: number, tau2: number): FunnelLimits {
  const sd = Math.sqrt((p0 * (1 - p0)) / n + tau2);
  return {
    lower998: clamp01(p0 - Z998 * sd),
    lower95: clamp01(p0 - Z95 * sd),
    upper95: clamp01(p0 + Z95 * sd),
    upper998: clamp01(p0 + Z998 * sd),
  };
}

/**
 * Limits sampled for drawing: about `points` integer n from 1 to nMax, spaced evenly in log n
 * because the funnel bends most at small n. Integer n only: the exact limits are defined there.
 */
export function funnelCurve(
  p0: number,
  nMax: number,
  points: number,
  overdispersion: Overdispersion | null = null,
): Array<{ n: number } & FunnelLimitsWithMethod> {
  if (!Number.isInteger(nMax) || nMax < 1) return [];
  const count = Math.max(2, Math.floor(points));
  const ns = new Set<number>();
  for (let i = 0; i < count; i++) ns.add(Math.round(Math.exp((Math.log(nMax) * i) / (count - 1))));
  ns.add(1).add(nMax);
  return [...ns].sort((a, b) => a - b).map((n) => ({ n, ...funnelLimitsFor(p0, n, overdispersion)! }));
}

/**
 * τ² as frozen random-effects limits imply it at the provider's n (a snapshot keeps p0 and the
 * limits at that n, not τ²): the half-width of an unclamped limit is z·√(p0(1 − p0)/n + τ²).
 * A limit at 0 or 1 may have been clamped and says nothing about the width: one inside is used.
 */
export function tau2FromLimits(p0: number, n: number, limits: FunnelLimits): number {
  const candidates: Array<[number, number, boolean]> = [
    [limits.upper95 - p0, Z95, limits.upper95 < 1],
    [p0 - limits.lower95, Z95, limits.lower95 > 0],
    [limits.upper998 - p0, Z998, limits.upper998 < 1],
    [p0 - limits.lower998, Z998, limits.lower998 > 0],
  ];
  const binomial = (p0 * (1 - p0)) / n;
  for (const [half, z, unclamped] of candidates) {
    if (unclamped && half > 0) return Math.max(0, (half / z) ** 2 - binomial);
  }
  return 0;
}

/**
 * About `count` integer n from `from` to `to` (at least two), spaced evenly in log n because the
 * funnel bends most at small n; for drawing a curve over a chosen range.
 */
export function curveNs(from: number, to: number, count = 48): number[] {
  const start = Math.max(1, Math.floor(from));
  const end = Math.max(start + 1, Math.ceil(to));
  const ns = new Set<number>([start, end]);
  for (let i = 0; i < count; i++) ns.add(Math.round(Math.exp(Math.log(start) + ((Math.log(end) - Math.log(start)) * i) / (count - 1))));
  return [...ns].sort((a, b) => a - b);
}

/**
 * The limits at each given n (n = 0 has none and is left out) around p0 by a known method: exact
 * binomial, or random effects with the given τ² (see tau2FromLimits for a frozen funnel).
 */
export function funnelCurveAt(
  p0: number,
  ns: readonly number[],
  method: FunnelLimitsWithMethod['method'],
  tau2 = 0,
): Array<{ n: number } & FunnelLimitsWithMethod> {
  return ns
    .filter((n) => n > 0)
    .map((n) => {
      assertFunnelInput(p0, n);
      const limits = method === 'random-effects' ? randomEffectsLimits(p0, n, tau2) : funnelLimits(p0, n)!;
      return { n, ...limits, method };
    });
}

export type FunnelSide = 'above' | 'below';
export type FunnelPosition = {
  position: 'inside' | 'outside95' | 'outside998';
  side: FunnelSide | null; // which side of the limits, when outside
  flag: FunnelSide | null; // bespreekpunt: outside 99.8% with n ≥ minN
};

/**
 * Where a provider lies against its limits. A flag is a point for the dialogue, never a verdict;
 * whether above is good or bad belongs to the indicator, so only the side is given. Points on a
 * limit count as inside. `minN` is the configured minimum (SPEC default 30). Null for n = 0.
 */
export function flagFor(point: CountPoint, limits: FunnelLimits | null, minN: number): FunnelPosition | null {
  if (point.n === 0 || limits === null) return null;
  const y = point.x / point.n;
  const side: FunnelSide | null = y > limits.upper95 ? 'above' : y < limits.lower95 ? 'below' : null;
  const outside998 = y > limits.upper998 || y < limits.lower998;
  const position = outside998 ? 'outside998' : side ? 'outside95' : 'inside';
  return { position, side, flag: outside998 && point.n >= minN ? side : null };
}
