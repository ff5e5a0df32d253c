/**
 * The statistics a contract manager needs to read a difference fairly (SPEC §3): intervals for a
 * proportion and for a change, case-mix standardisation, trend, mean grades. Pure functions.
 */
import { chiSquareQuantile, tQuantile } from './distributions.ts';
import { Z95 } from './funnel.ts';

export type Interval = { lower: number; upper: number };

function assertCounts(x: number, n: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(x) || x < 0 || x > n) {
    throw new RangeError(`expected integers 0 ≤ x ≤ n, got x = ${x}, n = ${n}`);
  }
}

/**
 * Wilson score interval [2x + z² ± z·√(z² + 4x(1 − x/n))] / [2(n + z²)]; stays inside [0, 1] and
 * behaves at x = 0 and x = n, where the normal interval collapses. Null for n = 0.
 */
export function wilsonInterval(x: number, n: number, z = Z95): Interval | null {
  assertCounts(x, n);
  if (n === 0) return null;
  const centre = 2 * x + z * z;
  const spread = z * Math.sqrt(z * z + 4 * x * (1 - x / n));
  const denominator = 2 * (n + z * z);
  // at x = 0 and x = n the formula gives exactly 0 and 1, but not in floating point
  return {
    lower: x === 0 ? 0 : Math.max(0, (centre - spread) / denominator),
    upper: x === n ? 1 : Math.min(1, (centre + spread) / denominator),
  };
}

/**
 * Exact (Garwood) 95% interval for a Poisson count O: [χ²(0.025, 2O)/2, χ²(0.975, 2O + 2)/2],
 * lower 0 when O = 0.
 */
export function poissonInterval(observed: number): Interval {
  if (!Number.isInteger(observed) || observed < 0) {
    throw new RangeError(`observed must be a non-negative integer, got ${observed}`);
  }
  return {
    lower: observed === 0 ? 0 : chiSquareQuantile(0.025, 2 * observed) / 2,
    upper: chiSquareQuantile(0.975, 2 * observed + 2) / 2,
  };
}

export type AgeBand = '0-3' | '4-11' | '12-17' | '18-23';

/** Case-mix age band of `ageAtStart` (0-23, SPEC §2). */
export function ageBand(age: number): AgeBand {
  if (!(age >= 0 && age <= 23)) throw new RangeError(`age must be 0-23, got ${age}`);
  if (age <= 3) return '0-3';
  if (age <= 11) return '4-11';
  if (age <= 17) return '12-17';
  return '18-23';
}

/** Stratum of the case-mix: age band × care form; a missing or empty care form is its own stratum. */
export function stratumKey(band: AgeBand, careForm?: string | null): string {
  return `${band}|${careForm || 'onbekend'}`;
}

export type StratumCount = { stratum: string; n: number; x: number };
export type StandardisedRatio = {
  observed: number; // O = Σx
  expected: number; // E = Σ reference rate(stratum) · n(stratum)
  ratio: number; // O/E
  lower: number;
  upper: number;
  pooledStrata: string[]; // strata that fell back on the overall reference rate
};

/**
 * Indirect standardisation: what the provider would have scored with the reference rate in each
 * of its own strata. The reference is the other providers (the caller leaves the provider's own
 * records out, so that its own upload cannot move the expectation it is held against, nor be
 * used to read the others' counts back: docs/privacy.md). Reference rate = x / n of the stratum
 * when that n is at least `minStratumN`, else the overall reference rate Σx/Σn, and such a stratum
 * is listed so the figure can say so. The 95% interval is the exact Poisson interval on O divided
 * by E. Null when E = 0 (no provider trajectories, or a reference without any event).
 */
export function indirectStandardisation(
  providerStrata: StratumCount[],
  reference: Map<string, { n: number; x: number }>,
  minStratumN = 1,
): StandardisedRatio | null {
  let referenceX = 0;
  let referenceN = 0;
  for (const stratum of reference.values()) {
    assertCounts(stratum.x, stratum.n);
    referenceX += stratum.x;
    referenceN += stratum.n;
  }
  const overallRate = referenceN > 0 ? referenceX / referenceN : 0;
  let observed = 0;
  let expected = 0;
  const pooledStrata: string[] = [];
  // In one order whatever order the rows came in: the sum of the expected counts is a float, and
  // the same data must give the same answer to the last digit (the disclosure tests compare answers).
  const inOrder = [...providerStrata].sort((a, b) => (a.stratum < b.stratum ? -1 : a.stratum > b.stratum ? 1 : 0));
  for (const { stratum, n, x } of inOrder) {
    assertCounts(x, n);
    const own = reference.get(stratum);
    const usable = own !== undefined && own.n > 0 && own.n >= minStratumN;
    if (!usable && n > 0) pooledStrata.push(stratum);
    observed += x;
    expected += (usable ? own.x / own.n : overallRate) * n;
  }
  if (!(expected > 0)) return null;
  const { lower, upper } = poissonInterval(observed);
  return { observed, expected, ratio: observed / expected, lower: lower / expected, upper: upper / expected, pooledStrata };
}

export type PeriodCount = { period: string; x: number; n: number };
export type Trend = {
  periods: string[]; // the periods with n > 0 that entered the fit, oldest first
  slope: number; // change in proportion per period
  standardError: number;
  lower: number;
  upper: number;
  direction: 'up' | 'down' | 'flat'; // flat: the 95% interval contains 0
};

/**
 * Trend over the last `window` periods (sorted by `period`; `YYYY-H1` < `YYYY-H2` sorts in time).
 * Weighted least squares of y_t = x_t/n_t on the period index t (a period with n = 0 keeps its
 * place but drops out), weights n_t. The binomial model fixes the variance at p̄(1 − p̄)/n_t with
 * the pooled p̄, so SE = √(p̄(1 − p̄)/Σn_t(t − t̄)²) — the Cochran-Armitage trend variance — and
 * the interval uses z, not t: two periods are enough. Null with fewer than 2 periods with n > 0.
 */
export function trend(points: PeriodCount[], window = 4): Trend | null {
  const sorted = [...points].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  sorted.forEach((pt, i) => {
    assertCounts(pt.x, pt.n);
    if (i > 0 && pt.period === sorted[i - 1].period) throw new RangeError(`period ${pt.period} given twice`);
  });
  const used = sorted
    .slice(-window)
    .map((pt, t) => ({ ...pt, t }))
    .filter((pt) => pt.n > 0);
  if (used.length < 2) return null;
  const totalN = used.reduce((s, pt) => s + pt.n, 0);
  const tMean = used.reduce((s, pt) => s + pt.n * pt.t, 0) / totalN;
  const pooled = used.reduce((s, pt) => s + pt.x, 0) / totalN;
  let stt = 0;
  let sty = 0;
  for (const pt of used) {
    stt += pt.n * (pt.t - tMean) ** 2;
    sty += pt.n * (pt.t - tMean) * (pt.x / pt.n - pooled);
  }
  const slope = sty / stt;
  const standardError = Math.sqrt((pooled * (1 - pooled)) / stt);
  const lower = slope - Z95 * standardError;
  const upper = slope + Z95 * standardError;
  const direction = lower > 0 ? 'up' : upper < 0 ? 'down' : 'flat';
  return { periods: used.map((pt) => pt.period), slope, standardError, lower, upper, direction };
}

export type Change = { difference: number; lower: number; upper: number };

/**
 * Change since the last snapshot, current − previous proportion, with Newcombe's hybrid score
 * interval (Stat Med 1998;17:873, method 10), built from the two Wilson intervals so that it
 * behaves at 0% and 100% too. Null when either n = 0.
 */
export function changeSince(previous: { x: number; n: number }, current: { x: number; n: number }): Change | null {
  const before = wilsonInterval(previous.x, previous.n);
  const after = wilsonInterval(current.x, current.n);
  if (!before || !after) return null;
  const p1 = previous.x / previous.n;
  const p2 = current.x / current.n;
  const difference = p2 - p1;
  return {
    difference,
    lower: difference - Math.sqrt((p2 - after.lower) ** 2 + (before.upper - p1) ** 2),
    upper: difference + Math.sqrt((after.upper - p2) ** 2 + (p1 - before.lower) ** 2),
  };
}

/** Arithmetic mean; null for no values. */
export function mean(values: number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((s, v) => s + v, 0) / values.length;
}

export type MeanGrade = {
  n: number;
  mean: number;
  sd: number | null; // sample standard deviation (n − 1); null for one grade
  lower: number | null; // 95% t-interval, clamped to the 1-10 scale
  upper: number | null;
};

/**
 * Mean usefulness grade (ervaren nut, 1-10) with its standard deviation and 95% interval
 * mean ± t(0.975, n − 1)·sd/√n; clamped to [1, 10] because small n gives ends off the scale.
 * Null for no grades.
 */
export function meanGrade(grades: number[]): MeanGrade | null {
  for (const g of grades) {
    if (!Number.isInteger(g) || g < 1 || g > 10) throw new RangeError(`grade must be an integer 1-10, got ${g}`);
  }
  const n = grades.length;
  const average = mean(grades);
  if (average === null) return null;
  if (n === 1) return { n, mean: average, sd: null, lower: null, upper: null };
  const sd = Math.sqrt(grades.reduce((s, g) => s + (g - average) ** 2, 0) / (n - 1));
  const half = (tQuantile(0.975, n - 1) * sd) / Math.sqrt(n);
  return {
    n,
    mean: average,
    sd,
    lower: Math.max(1, average - half),
    upper: Math.min(10, average + half),
  };
}
