import fc from 'fast-check';
import {
  ageBand,
  assessOverdispersion,
  binomialCdf,
  binomialPmf,
  changeSince,
  chiSquareQuantile,
  curveNs,
  flagFor,
  funnelCurve,
  funnelCurveAt,
  funnelLimit,
  funnelLimits,
  funnelLimitsFor,
  indirectStandardisation,
  mean,
  meanGrade,
  percentile,
  poissonInterval,
  randomEffectsLimits,
  stratumKey,
  tau2FromLimits,
  tQuantile,
  trend,
  wilsonInterval,
  winsorise,
} from '../../schemas/stats/index.ts';

// Reference values: R qchisq/qt/binom are reproduced with scipy.stats 1.17 (same published
// algorithms); binomial tails marked "mpmath" are 50-digit sums of exact terms.
const near = (actual: number | null | undefined, expected: number, tolerance = 5e-7) =>
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThanOrEqual(tolerance);
const round3 = (v: number) => Math.round(v * 1000) / 1000;

describe('Wilson interval', () => {
  it('matches prop.test(x, n, correct = FALSE) at the edges x = 0, x = n and n = 1', () => {
    expect(wilsonInterval(0, 10)!.lower).toBe(0);
    near(wilsonInterval(0, 10)!.upper, 0.277533);
    near(wilsonInterval(10, 10)!.lower, 0.722467);
    expect(wilsonInterval(10, 10)!.upper).toBe(1);
    near(wilsonInterval(1, 1)!.lower, 0.206549); // 1/(1 + z²)
    near(wilsonInterval(0, 1)!.upper, 0.793451);
  });

  it('matches Newcombe 1998 Table I for 56/70 and is null for n = 0', () => {
    near(wilsonInterval(56, 70)!.lower, 0.6918, 5e-5);
    near(wilsonInterval(56, 70)!.upper, 0.877, 5e-5);
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(RangeError);
  });

  it('always holds x/n and stays inside [0, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n);
        const ci = wilsonInterval(x, n)!;
        return ci.lower >= 0 && ci.upper <= 1 && ci.lower <= x / n && x / n <= ci.upper;
      }),
    );
  });
});

describe('binomial distribution', () => {
  it('matches exact tails (mpmath) for small and very large n', () => {
    near(binomialCdf(13, 20, 0.7), 0.39199018779907604, 1e-14);
    near(binomialCdf(700, 1000, 0.7), 0.51192748400714843, 1e-13);
    near(binomialCdf(300_000, 1_000_000, 0.3), 0.5004933190666696, 1e-12);
    near(binomialCdf(299_000, 1_000_000, 0.3), 0.01456821921993679, 1e-13);
    near(binomialCdf(301_500, 1_000_000, 0.3), 0.99946784275514579, 1e-13);
    near(binomialCdf(10, 1_000_000, 1e-5), 0.5830397501940281, 1e-13);
    // 0.99999 is not exact in binary: the input itself moves the answer by ~5e-12
    near(binomialCdf(999_990, 1_000_000, 0.99999), 0.54207091108187121, 1e-10);
  });

  it('agrees with the normal approximation for n = 10^6 (continuity-corrected, within 2e-3)', () => {
    const sd = Math.sqrt(1e6 * 0.3 * 0.7);
    const phi: Record<number, number> = { [-2]: 0.0227501, [-1]: 0.1586553, 0: 0.5, 1: 0.8413447, 2: 0.9772499 };
    for (const k of [-2, -1, 0, 1, 2]) {
      const r = Math.floor(300_000 + k * sd);
      near(binomialCdf(r, 1_000_000, 0.3), phi[k], 2e-3);
    }
  });

  it('handles p = 0, p = 1 and r outside 0..n', () => {
    expect(binomialCdf(0, 50, 0)).toBe(1);
    expect(binomialCdf(49, 50, 1)).toBe(0);
    expect(binomialCdf(50, 50, 1)).toBe(1);
    expect(binomialCdf(-1, 50, 0.5)).toBe(0);
    expect(binomialCdf(50, 50, 0.5)).toBe(1);
    expect(binomialPmf(0, 50, 0)).toBe(1);
    expect(binomialPmf(50, 50, 1)).toBe(1);
  });

  it('has a pmf that sums to 1 and steps the cdf', () => {
    let total = 0;
    for (let k = 0; k <= 50; k++) {
      total += binomialPmf(k, 50, 0.37);
      near(binomialCdf(k, 50, 0.37), total, 1e-13);
    }
    near(total, 1, 1e-13);
  });
});

describe('chi-square and t quantiles', () => {
  it('reproduces the published χ² table (qchisq)', () => {
    near(chiSquareQuantile(0.95, 1), 3.841459);
    near(chiSquareQuantile(0.95, 10), 18.307038);
    near(chiSquareQuantile(0.95, 39), 54.572228);
    near(chiSquareQuantile(0.95, 9), 16.918978);
    near(chiSquareQuantile(0.001, 3), 0.0242976, 1e-7);
    near(chiSquareQuantile(0.5, 1000), 999.333412, 1e-5);
  });

  it('reproduces the published t table (qt)', () => {
    near(tQuantile(0.975, 1), 12.706205);
    near(tQuantile(0.975, 2), 4.302653);
    near(tQuantile(0.975, 10), 2.228139);
    near(tQuantile(0.975, 29), 2.04523);
    near(tQuantile(0.975, 1000), 1.962339);
    near(tQuantile(0.05, 5), -2.015048);
    expect(tQuantile(0.5, 3)).toBe(0);
  });
});

describe('funnel limits (exact binomial with interpolation)', () => {
  it('reproduces the SPEC worked check: p0 = 0.70, n = 20', () => {
    const l = funnelLimits(0.7, 20)!;
    expect([l.lower998, l.lower95, l.upper95, l.upper998].map(round3)).toEqual([0.336, 0.463, 0.869, 0.949]);
  });

  it('puts every limit at p0 when p0 is 0 or 1, and has none for n = 0', () => {
    expect(funnelLimits(0, 25)).toEqual({ lower998: 0, lower95: 0, upper95: 0, upper998: 0 });
    expect(funnelLimits(1, 25)).toEqual({ lower998: 1, lower95: 1, upper95: 1, upper998: 1 });
    expect(funnelLimits(0.4, 0)).toBeNull();
    expect(funnelLimit(0.4, 0, 0.975)).toBeNull();
    expect(() => funnelLimits(1.2, 10)).toThrow(RangeError);
  });

  it('meets the normal limits for n = 10^6', () => {
    const l = funnelLimits(0.3, 1_000_000)!;
    const se = Math.sqrt(0.21 / 1e6);
    near(l.lower95, 0.3 - 1.959964 * se, 1e-5);
    near(l.upper998, 0.3 + 3.090232 * se, 1e-5);
  });

  it('keeps lower ≤ p0 ≤ upper whenever n·min(p0, 1 − p0) ≥ 0.05', () => {
    // below that the interpolated 97.5% point of a near-point-mass can fall just under p0
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 5000 }), (f, n) => {
        const edge = 0.05 / n; // p0 spans [edge, 1 − edge], so n·min(p0, 1 − p0) ≥ 0.05
        const p0 = edge + f * (1 - 2 * edge);
        const l = funnelLimits(p0, n)!;
        return l.lower998 <= l.lower95 && l.lower95 <= p0 && p0 <= l.upper95 && l.upper95 <= l.upper998;
      }),
    );
  });

  it('narrows as n grows, up to the discreteness wiggle of less than 0.1/n', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 2000 }), (p0, n) => {
        const a = funnelLimits(p0, n)!;
        const b = funnelLimits(p0, n + 1)!;
        const slack = 0.1 / n;
        return (
          b.lower998 >= a.lower998 - slack &&
          b.lower95 >= a.lower95 - slack &&
          b.upper95 <= a.upper95 + slack &&
          b.upper998 <= a.upper998 + slack
        );
      }),
    );
    // the wiggle is real (Spiegelhalter's limits are exact, not smoothed): p0 = 0.7, n 31 → 32
    expect(funnelLimits(0.7, 32)!.upper95).toBeGreaterThan(funnelLimits(0.7, 31)!.upper95);
    const ns = [10, 20, 50, 100, 200, 500, 1000].map((n) => funnelLimits(0.7, n)!);
    for (let i = 1; i < ns.length; i++) {
      expect(ns[i].lower95).toBeGreaterThan(ns[i - 1].lower95);
      expect(ns[i].upper998).toBeLessThan(ns[i - 1].upper998);
    }
  });

  it('samples a curve from n = 1 to nMax, denser at small n', () => {
    const curve = funnelCurve(0.7, 1000, 30);
    expect(curve[0].n).toBe(1);
    expect(curve[curve.length - 1].n).toBe(1000);
    expect(curve.length).toBeLessThanOrEqual(30);
    expect(curve[1].n - curve[0].n).toBeLessThan(curve[curve.length - 1].n - curve[curve.length - 2].n);
    const at = curve.find((c) => c.n === curve[5].n)!;
    expect(at).toEqual({ n: at.n, ...funnelLimits(0.7, at.n)!, method: 'exact-binomial' });
    expect(funnelCurve(0.7, 0, 30)).toEqual([]);
  });
});

describe('funnel of a frozen snapshot (what the web draws)', () => {
  // Exact limits with interpolation from 50-digit sums of binomial terms (mpmath): p0, n, then
  // lower998, lower95, upper95, upper998.
  const exact: Array<[number, number, number[]]> = [
    [0.7, 20, [0.3363003206520327, 0.46274485340485294, 0.8688234940193241, 0.9485226833117185]],
    [0.7, 1, [0.0, 0.0, 0.9642857142857143, 0.9985714285714286]],
    [0.7, 2, [0.0, 0.0, 0.9744897959183674, 0.9989795918367347]],
    [0.5, 7, [0.0, 0.044897959183673466, 0.8122448979591836, 0.9817142857142858]],
    [0.05, 40, [0.0, 0.0, 0.11685752285368235, 0.17230923807254905]],
    [0.95, 40, [0.8026907619274509, 0.8581424771463175, 0.9951366468612377, 0.9998054658744495]],
    [0.3, 100, [0.16026074689111866, 0.20690238579107292, 0.386912014163788, 0.44156262386084943]],
    [0.12, 333, [0.06683154481498355, 0.08466607473408742, 0.15453019390159317, 0.17665277690542516]],
    [0.85, 1000, [0.813623304123929, 0.8270453503882743, 0.871305729074466, 0.8833808133372592]],
    [0.42, 5000, [0.39837817641441436, 0.4062345240283457, 0.43359511302676246, 0.44151436254931525]],
  ];
  const keys = ['lower998', 'lower95', 'upper95', 'upper998'] as const;

  it('gives the exact binomial limits to 1e-12 at every n asked for, and none for n = 0', () => {
    for (const [p0, n, expected] of exact) {
      const [point] = funnelCurveAt(p0, [n], 'exact-binomial');
      expect(point.n).toBe(n);
      expect(point.method).toBe('exact-binomial');
      keys.forEach((key, i) => near(point[key], expected[i], 1e-12));
      keys.forEach((key, i) => near(funnelLimits(p0, n)![key], expected[i], 1e-12));
    }
    expect(funnelCurveAt(0.7, [0, 20], 'exact-binomial').map((c) => c.n)).toEqual([20]);
    expect(funnelCurveAt(1, [5], 'exact-binomial')[0]).toEqual({
      n: 5,
      lower998: 1,
      lower95: 1,
      upper95: 1,
      upper998: 1,
      method: 'exact-binomial',
    });
  });

  it("draws random-effects limits with the τ² it recovers from the limits frozen at the provider's n", () => {
    const od = assessOverdispersion(
      [-6, -4, -3, -2, 0, 0, 2, 3, 4, 6].map((z) => ({ x: 50 + 5 * z, n: 100 })),
      0.5,
    )!;
    const frozen = funnelLimitsFor(0.5, 100, od)!;
    near(tau2FromLimits(0.5, 100, frozen), od.tau2, 1e-12);
    const [at] = funnelCurveAt(0.5, [37], 'random-effects', od.tau2);
    expect(at).toEqual({ n: 37, ...funnelLimitsFor(0.5, 37, od)! });
    // a limit clamped at 0 or 1 says nothing of the width: the others are used
    const clamped = randomEffectsLimits(0.9, 10, 0.05);
    expect(clamped.upper998).toBe(1);
    near(tau2FromLimits(0.9, 10, clamped), 0.05, 1e-12);
    // limits at p0 (a point mass) or of the exact method give no τ²
    expect(tau2FromLimits(1, 10, { lower998: 1, lower95: 1, upper95: 1, upper998: 1 })).toBe(0);
  });

  it('samples n from `from` to `to` evenly in log n, whole, sorted, without repeats', () => {
    const ns = curveNs(2.5, 300);
    expect(ns[0]).toBe(2);
    expect(ns[ns.length - 1]).toBe(300);
    expect(ns.length).toBeLessThanOrEqual(48);
    expect(ns.every((n, i) => Number.isInteger(n) && (i === 0 || n > ns[i - 1]))).toBe(true);
    expect(ns[1] - ns[0]).toBeLessThan(ns[ns.length - 1] - ns[ns.length - 2]);
    expect(curveNs(0, 0)).toEqual([1, 2]);
    expect(curveNs(1, 1000, 4)).toEqual([1, 10, 100, 1000]);
  });
});

describe('overdispersion (Spiegelhalter 2005 §3.4-3.5)', () => {
  it('defines percentiles as R quantile type 7 and winsorises at 10%/90%', () => {
    const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    near(percentile(oneToTen, 0.1), 1.9, 1e-12); // R: quantile(1:10, 0.1)
    near(percentile(oneToTen, 0.9), 9.1, 1e-12);
    expect(winsorise([10, 1, 5])).toEqual([9, 1.8, 5]);
  });

  // Ten providers of n = 100 around p0 = 0.5 (s = 0.05), so x = 50 + 5z; hand computation below.
  const providers = (z: number[]) => z.map((zi) => ({ x: 50 + 5 * zi, n: 100 }));

  it('finds no overdispersion where the spread is binomial', () => {
    // winsorised z: ±1.24, ±1.2, ±0.8, ±0.4, 0, 0 → Σz² = 7.5552 < χ²(9) 95% = 16.918978
    const od = assessOverdispersion(providers([-1.6, -1.2, -0.8, -0.4, 0, 0, 0.4, 0.8, 1.2, 1.6]), 0.5)!;
    expect(od.I).toBe(10);
    near(od.phi, 0.75552, 1e-12);
    near(od.threshold, 16.918978);
    expect(od.overdispersed).toBe(false);
    expect(od.tau2).toBe(0);
    expect(funnelLimitsFor(0.5, 100, od)).toEqual({ ...funnelLimits(0.5, 100)!, method: 'exact-binomial' });
  });

  it('finds overdispersion and widens the limits with τ² where providers truly differ', () => {
    // winsorised z: ±4.2, ±4, ±3, ±2, 0, 0 → Σz² = 93.28; w = 400 each: Σw − Σw²/Σw = 3600;
    // τ² = (93.28 − 9)/3600 = 0.0234111; sd(100) = √(0.0025 + τ²) = 0.160969
    const od = assessOverdispersion(providers([-6, -4, -3, -2, 0, 0, 2, 3, 4, 6]), 0.5)!;
    near(od.phi, 9.328, 1e-12);
    near(od.statistic, 93.28, 1e-10);
    expect(od.overdispersed).toBe(true);
    near(od.tau2, 84.28 / 3600, 1e-12);
    const l = funnelLimitsFor(0.5, 100, od)!;
    expect(l.method).toBe('random-effects');
    near(l.lower95, 0.184506);
    near(l.upper95, 0.815494);
    near(l.lower998, 0.002568);
    near(l.upper998, 0.997432);
  });

  it('widened limits narrow monotonically in n and stay in [0, 1]', () => {
    const od = assessOverdispersion(providers([-6, -4, -3, -2, 0, 0, 2, 3, 4, 6]), 0.5)!;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (n) => {
        const a = funnelLimitsFor(0.5, n, od)!;
        const b = funnelLimitsFor(0.5, n + 1, od)!;
        return b.lower95 >= a.lower95 && b.upper998 <= a.upper998 && a.lower998 >= 0 && a.upper998 <= 1;
      }),
    );
  });

  it('cannot be assessed with fewer than two providers or p0 of 0 or 1; ignores n = 0', () => {
    expect(
      assessOverdispersion(
        [
          { x: 3, n: 10 },
          { x: 0, n: 0 },
        ],
        0.3,
      ),
    ).toBeNull();
    expect(
      assessOverdispersion(
        [
          { x: 0, n: 10 },
          { x: 0, n: 20 },
        ],
        0,
      ),
    ).toBeNull();
    expect(funnelLimitsFor(0.3, 10, null)!.method).toBe('exact-binomial');
  });
});

describe('flags (bespreekpunten)', () => {
  const limits = { lower998: 0.5, lower95: 0.6, upper95: 0.8, upper998: 0.9 };

  it('flags a side only outside 99.8% and only from minN on', () => {
    expect(flagFor({ x: 70, n: 100 }, limits, 30)).toEqual({ position: 'inside', side: null, flag: null });
    expect(flagFor({ x: 80, n: 100 }, limits, 30)).toEqual({ position: 'inside', side: null, flag: null });
    expect(flagFor({ x: 85, n: 100 }, limits, 30)).toEqual({ position: 'outside95', side: 'above', flag: null });
    expect(flagFor({ x: 95, n: 100 }, limits, 30)).toEqual({ position: 'outside998', side: 'above', flag: 'above' });
    expect(flagFor({ x: 40, n: 100 }, limits, 30)).toEqual({ position: 'outside998', side: 'below', flag: 'below' });
    expect(flagFor({ x: 4, n: 10 }, limits, 30)).toEqual({ position: 'outside998', side: 'below', flag: null });
    expect(flagFor({ x: 0, n: 0 }, limits, 30)).toBeNull();
  });
});

describe('case-mix: indirect standardisation', () => {
  it('bands ages and names strata, unknown care form included', () => {
    expect([0, 3, 4, 11, 12, 17, 18, 23].map(ageBand)).toEqual(['0-3', '0-3', '4-11', '4-11', '12-17', '12-17', '18-23', '18-23']);
    expect(() => ageBand(24)).toThrow(RangeError);
    expect(stratumKey('4-11', '02')).toBe('4-11|02');
    expect(stratumKey('4-11', null)).toBe('4-11|onbekend');
    expect(stratumKey('4-11')).toBe('4-11|onbekend');
  });

  it('gives the Garwood Poisson interval for O = 0, 1 and 10', () => {
    expect(poissonInterval(0).lower).toBe(0);
    near(poissonInterval(0).upper, 3.688879); // −ln 0.025
    near(poissonInterval(1).lower, 0.025318);
    near(poissonInterval(1).upper, 5.571643);
    near(poissonInterval(10).lower, 4.795389);
    near(poissonInterval(10).upper, 18.390356);
  });

  it('computes O/E with peer rates per stratum and the overall rate where peers are missing', () => {
    const peers = new Map([
      ['0-3|01', { n: 100, x: 10 }], // rate 0.1
      ['4-11|02', { n: 200, x: 40 }], // rate 0.2; overall 50/300 = 1/6
      ['12-17|03', { n: 0, x: 0 }],
    ]);
    const result = indirectStandardisation(
      [
        { stratum: '0-3|01', n: 10, x: 2 }, // E 1
        { stratum: '4-11|02', n: 20, x: 6 }, // E 4
        { stratum: '12-17|onbekend', n: 3, x: 1 }, // E 3/6
        { stratum: '12-17|03', n: 2, x: 0 }, // E 2/6
      ],
      peers,
    )!;
    expect(result.observed).toBe(9);
    near(result.expected, 35 / 6, 1e-12);
    near(result.ratio, 1.542857);
    near(result.lower, 0.705493); // qchisq(0.025, 18)/2 / E
    near(result.upper, 2.928823); // qchisq(0.975, 20)/2 / E
    expect(result.pooledStrata).toEqual(['12-17|03', '12-17|onbekend']);
    // A stratum below the minimum n of the reference pools too: 0-3|01 (n 100) is not enough at 150.
    const pooled = indirectStandardisation(
      [
        { stratum: '0-3|01', n: 10, x: 2 },
        { stratum: '4-11|02', n: 20, x: 6 },
      ],
      peers,
      150,
    )!;
    expect(pooled.pooledStrata).toEqual(['0-3|01']);
    near(pooled.expected, 10 / 6 + 4, 1e-12);
    expect(indirectStandardisation([], peers)).toBeNull();
  });
});

describe('trend and change', () => {
  const series = (xs: number[], n = 100) => xs.map((x, i) => ({ period: `${2024 + (i >> 1)}-H${(i % 2) + 1}`, x, n }));

  it('fits a weighted slope per period and reads up, down and flat from its 95% interval', () => {
    // y = .4 .5 .6 .7: slope 0.1, p̄ = 0.55, Σn(t − t̄)² = 500 → SE = √(0.2475/500) = 0.0222486
    const up = trend(series([40, 50, 60, 70]))!;
    near(up.slope, 0.1, 1e-12);
    near(up.standardError, 0.0222486);
    expect(up.direction).toBe('up');
    expect(up.periods).toEqual(['2024-H1', '2024-H2', '2025-H1', '2025-H2']);
    expect(trend(series([70, 60, 50, 40]))!.direction).toBe('down');
    expect(trend(series([50, 52, 48, 51]))!.direction).toBe('flat');
  });

  it('weights by n (matches the WLS normal equations) and uses only the last four periods', () => {
    // numpy: solve(XᵀWX, XᵀWy) with W = diag(50, 80, 120, 100), y = 20/50, 36/80, 60/120, 58/100
    const points = [
      { period: '2025-H1', x: 60, n: 120 },
      { period: '2023-H1', x: 1, n: 100 },
      { period: '2024-H1', x: 20, n: 50 },
      { period: '2025-H2', x: 58, n: 100 },
      { period: '2024-H2', x: 36, n: 80 },
    ];
    const t = trend(points)!;
    expect(t.periods).toEqual(['2024-H1', '2024-H2', '2025-H1', '2025-H2']);
    near(t.slope, 0.0601896);
    near(t.standardError, 0.0262894);
    near(t.lower, 0.0086634);
    near(t.upper, 0.1117158);
  });

  it('needs two periods with n > 0; an empty period keeps its place', () => {
    expect(trend(series([40]))).toBeNull();
    expect(trend([...series([40]), { period: '2024-H2', x: 0, n: 0 }])).toBeNull();
    const gap = trend([
      { period: '2024-H1', x: 40, n: 100 },
      { period: '2024-H2', x: 0, n: 0 },
      { period: '2025-H1', x: 60, n: 100 },
    ])!;
    near(gap.slope, 0.1, 1e-12);
    expect(() => trend([...series([40]), ...series([41])])).toThrow(RangeError);
  });

  it('gives the change since the last snapshot with the Newcombe interval (1998, Table II, method 10)', () => {
    const change = changeSince({ x: 48, n: 80 }, { x: 56, n: 70 })!;
    near(change.difference, 0.2, 1e-12);
    near(change.lower, 0.0524, 5e-5);
    near(change.upper, 0.3339, 5e-5);
    const none = changeSince({ x: 0, n: 10 }, { x: 0, n: 10 })!;
    expect(none.difference).toBe(0);
    expect(none.lower).toBeGreaterThan(-1);
    expect(changeSince({ x: 0, n: 0 }, { x: 1, n: 2 })).toBeNull();
  });
});

describe('mean grades (ervaren nut)', () => {
  it('gives mean, sd and a t-based 95% interval', () => {
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
    const g = meanGrade([7, 8, 6, 9, 7, 8, 5, 10])!;
    expect(g.mean).toBe(7.5);
    near(g.sd, 1.603567);
    near(g.lower, 6.159384); // 7.5 ∓ qt(0.975, 7)·sd/√8
    near(g.upper, 8.840616);
  });

  it('handles one grade, clamps to the 1-10 scale and refuses other values', () => {
    expect(meanGrade([])).toBeNull();
    expect(meanGrade([8])).toEqual({ n: 1, mean: 8, sd: null, lower: null, upper: null });
    expect(meanGrade([1, 10])).toMatchObject({ lower: 1, upper: 10 });
    expect(() => meanGrade([0, 5])).toThrow(RangeError);
    expect(() => meanGrade([7.5])).toThrow(RangeError);
  });
});
