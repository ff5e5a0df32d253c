/**
 * Probability distributions the comparison engine needs, written out because the portal ships no
 * statistics library: binomial (funnel limits), chi-square (overdispersion test, Poisson interval)
 * and Student t (interval of a mean grade). Pure functions, double precision throughout.
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

// Lanczos approximation (g = 7, 9 terms), relative error ~1e-15 for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (reflection below 0.5 keeps the Lanczos sum in its accurate range). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + 7.5;
  return LN_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Stirling's error ln Γ(a+1) − [(a + ½) ln a − a + ln √(2π)] (Loader 2000). Kept separate so that
 * the large, nearly cancelling parts of ln n! never meet in floating point.
 */
function stirlingError(a: number): number {
  if (a > 15) {
    const aa = a * a;
    return (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / 1188 / aa) / aa) / aa) / aa) / a;
  }
  return lnGamma(a + 1) - (a + 0.5) * Math.log(a) + a - LN_SQRT_2PI;
}

/** Deviance term x·ln(x/m) + m − x (Loader 2000), by a series when x ≈ m to avoid cancellation. */
function devianceTerm(x: number, m: number): number {
  if (Math.abs(x - m) < 0.1 * (x + m)) {
    const v = (x - m) / (x + m);
    let sum = (x - m) * v;
    let term = 2 * x * v;
    for (let j = 1; j < 1000; j++) {
      term *= v * v;
      const next = sum + term / (2 * j + 1);
      if (next === sum) break;
      sum = next;
    }
    return sum;
  }
  return x * Math.log(x / m) + m - x;
}

/** Poisson-like density x^a e^−x / Γ(a+1) for real a ≥ 0, x > 0, in Loader's stable form. */
function poissonDensity(a: number, x: number): number {
  if (a === 0) return Math.exp(-x);
  return Math.exp(-stirlingError(a) - devianceTerm(a, x)) / Math.sqrt(2 * Math.PI * a);
}

function assertBinomial(n: number, p: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
}

/** P(X = k) for X ~ Bin(n, p), by Loader's saddle-point form: accurate to ~1e-14 for n up to 1e9. */
export function binomialPmf(k: number, n: number, p: number): number {
  assertBinomial(n, p);
  if (!Number.isInteger(k) || k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const q = 1 - p;
  if (k === 0) return Math.exp(p < 0.1 ? -devianceTerm(n, n * q) - n * p : n * Math.log(q));
  if (k === n) return Math.exp(q < 0.1 ? -devianceTerm(n, n * p) - n * q : n * Math.log(p));
  const logCore = stirlingError(n) - stirlingError(k) - stirlingError(n - k) - devianceTerm(k, n * p) - devianceTerm(n - k, n * q);
  return Math.exp(logCore) / Math.sqrt(2 * Math.PI * k * (1 - k / n));
}

const TAIL_EPS = 1e-17;

/**
 * P(X ≤ r) for X ~ Bin(n, p). Sums the *smaller* tail outward from r: from r down when r lies
 * below the mean, else 1 − (sum from r + 1 up). On that side of the mode the terms only fall, so
 * the sum stops once a term no longer changes it — O(√n) terms, exact to ~1e-14 for n ~ 10^6.
 */
export function binomialCdf(r: number, n: number, p: number): number {
  assertBinomial(n, p);
  const k0 = Math.floor(r);
  if (k0 < 0) return 0;
  if (k0 >= n) return 1;
  if (p === 0) return 1;
  if (p === 1) return 0;
  const q = 1 - p;
  if (k0 < n * p) {
    let term = binomialPmf(k0, n, p);
    let sum = term;
    for (let k = k0; k > 0; k--) {
      term *= (k / (n - k + 1)) * (q / p); // pmf(k − 1) / pmf(k)
      sum += term;
      if (term <= sum * TAIL_EPS) break;
    }
    return Math.min(1, sum);
  }
  let term = binomialPmf(k0 + 1, n, p);
  let sum = term;
  for (let k = k0 + 1; k < n; k++) {
    term *= ((n - k) / (k + 1)) * (p / q); // pmf(k + 1) / pmf(k)
    sum += term;
    if (term <= sum * TAIL_EPS) break;
  }
  return Math.max(0, 1 - sum);
}

const MAX_ITERATIONS = 1_000_000;
const FPMIN = 1e-300;

/**
 * Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a): the series below x < a + 1, the
 * Lentz continued fraction for Q = 1 − P above (Numerical Recipes §6.2), each where it converges fast.
 */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`a must be > 0, got ${a}`);
  if (!(x > 0)) return 0;
  if (x === Infinity) return 1;
  if (x < a + 1) {
    let term = 1;
    let sum = 1;
    for (let k = 1; k < MAX_ITERATIONS; k++) {
      term *= x / (a + k);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return Math.min(1, poissonDensity(a, x) * sum);
  }
  let b = x + 1 - a;
  let c = 1 / FPMIN;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = b + an / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - a * poissonDensity(a, x) * h); // e^−x x^a / Γ(a) = a · poissonDensity
}

/** Lentz continued fraction for the incomplete beta (Numerical Recipes §6.4, betacf). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < FPMIN) d = FPMIN;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < FPMIN) d = FPMIN;
    c = 1 + aa / c;
    if (Math.abs(c) < FPMIN) c = FPMIN;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b), using the fraction on the side where it converges. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`a and b must be > 0, got ${a}, ${b}`);
  if (!(x > 0)) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Inverts an increasing cdf on [0, ∞): doubles the upper end until it brackets p, then bisects
 * to ~1e-14 relative. Slower than Newton but cannot diverge, and the callers are not hot paths.
 */
function invertCdf(cdf: (x: number) => number, p: number, start: number): number {
  let lo = 0;
  let hi = start;
  while (cdf(hi) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  for (let i = 0; i < 2000 && hi - lo > 1e-14 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function assertProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], got ${p}`);
}

/** P(X ≤ q) for X ~ χ²(df). */
export function chiSquareCdf(q: number, df: number): number {
  return regularizedGammaP(df / 2, q / 2);
}

/** The p-quantile of χ²(df) (R: qchisq(p, df)). */
export function chiSquareQuantile(p: number, df: number): number {
  assertProbability(p);
  if (!(df > 0)) throw new RangeError(`df must be > 0, got ${df}`);
  if (p === 0) return 0;
  if (p === 1) return Infinity;
  return invertCdf((q) => chiSquareCdf(q, df), p, Math.max(1, df));
}

/** P(T ≤ t) for Student's T with df degrees of freedom, through I_{df/(df+t²)}(df/2, ½). */
export function tCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`df must be > 0, got ${df}`);
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (R: qt(p, df)); symmetric, so solved on t ≥ 0. */
export function tQuantile(p: number, df: number): number {
  assertProbability(p);
  if (!(df > 0)) throw new RangeError(`df must be > 0, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  if (p === 1) return Infinity;
  return invertCdf((t) => tCdf(t, df), p, 2);
}
