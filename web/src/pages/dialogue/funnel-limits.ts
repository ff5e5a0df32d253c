/**
 * The funnel around a frozen peer proportion, for drawing the snapshot's funnel plot. The snapshot
 * keeps p0 and the limits at the provider's own n, not the whole curve, so the curve is computed
 * again here with the same method as the API (SPEC §3): exact binomial limits with interpolation
 * (Spiegelhalter 2005, appendix), or — when the peers were overdispersed — p0 ± z·√(p0(1−p0)/n + τ²),
 * with τ² recovered from the frozen limits. Pure.
 */

export const Z95 = 1.959964;
export const Z998 = 3.090232;

export interface Limits {
  lower998: number;
  lower95: number;
  upper95: number;
  upper998: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** ln Γ(x) by Lanczos (g = 7): ample for binomial coefficients up to the n of a region. */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** P(X = k) for k = 0..n, X ~ Bin(n, p), 0 < p < 1. */
function binomialPmfs(n: number, p: number): number[] {
  const lnN = lnGamma(n + 1);
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  const pmf: number[] = [];
  for (let k = 0; k <= n; k++) pmf.push(Math.exp(lnN - lnGamma(k + 1) - lnGamma(n - k + 1) + k * lp + (n - k) * lq));
  return pmf;
}

/** The exact limits at n: r_P the smallest r with F(r) ≥ P, α = (F(r_P) − P)/P(X = r_P), limit (r_P − α)/n. */
export function exactLimits(p0: number, n: number): Limits {
  if (p0 <= 0 || p0 >= 1) return { lower998: p0, lower95: p0, upper95: p0, upper998: p0 };
  const pmf = binomialPmfs(n, p0);
  const cdf: number[] = [];
  pmf.reduce((sum, value, k) => (cdf[k] = sum + value), 0);
  const limit = (P: number) => {
    let r = cdf.findIndex((value) => value >= P);
    if (r < 0) r = n;
    const alpha = pmf[r] > 0 ? (cdf[r] - P) / pmf[r] : 0;
    return clamp01((r - alpha) / n);
  };
  return { lower998: limit(0.001), lower95: limit(0.025), upper95: limit(0.975), upper998: limit(0.999) };
}

/**
 * τ² as the frozen random-effects limits imply it at the provider's n: the half-width of an
 * unclamped limit is z·√(p0(1−p0)/n + τ²).
 */
export function tau2FromLimits(p0: number, n: number, limits: Limits): number {
  // A limit at 0 or 1 may have been clamped and says nothing about the width: use one inside.
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

export function randomEffectsLimits(p0: number, n: number, tau2: number): Limits {
  const sd = Math.sqrt((p0 * (1 - p0)) / n + tau2);
  return { lower998: clamp01(p0 - Z998 * sd), lower95: clamp01(p0 - Z95 * sd), upper95: clamp01(p0 + Z95 * sd), upper998: clamp01(p0 + Z998 * sd) };
}

/** About `count` integer n from `from` to `to`, spaced evenly in log n (the funnel bends most at small n). */
export function curveNs(from: number, to: number, count = 48): number[] {
  const start = Math.max(1, Math.floor(from));
  const end = Math.max(start + 1, Math.ceil(to));
  const ns = new Set<number>([start, end]);
  for (let i = 0; i < count; i++) ns.add(Math.round(Math.exp(Math.log(start) + ((Math.log(end) - Math.log(start)) * i) / (count - 1))));
  return [...ns].sort((a, b) => a - b);
}

export function funnelCurve(p0: number, ns: number[], method: 'exact-binomial' | 'random-effects', tau2: number): Array<Limits & { n: number }> {
  return ns.map((n) => ({ n, ...(method === 'random-effects' ? randomEffectsLimits(p0, n, tau2) : exactLimits(p0, n)) }));
}
