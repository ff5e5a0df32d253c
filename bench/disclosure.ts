import { cpus, loadavg } from 'node:os';
import { emptyCounts, type Counts, type ProviderCounts } from '../api/src/indicators/aggregate.ts';
import { decideSlice, denominatorCounts } from '../api/src/indicators/disclosure.ts';

/**
 * The cost of the one disclosure decision per period × category (api/src/indicators/disclosure.ts):
 * made once per data revision and remembered, so it is paid by the first reader after a commit.
 * Synthetic slices: N providers × 10 municipalities, half of the parts empty, a quarter small
 * (1-8 trajectories), a quarter 10-89; BENCH_SMALL_SHARE raises the share of small parts to
 * show the worst case (many small providers: many readers and equations to check).
 * Prints the time per decision (median of BENCH_REPEAT) and how much it hid.
 */
const repeat = Number(process.env.BENCH_REPEAT ?? 5);
const smallShare = Number(process.env.BENCH_SMALL_SHARE ?? 0.25);

function slice(providerCount: number, seed: number) {
  let state = seed;
  const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const cell = (n: number): Counts => {
    const c = emptyCounts();
    c.trajectories = n;
    c.endKnown = Math.round(n * (0.85 + 0.15 * random()));
    c.endedByClient = Math.round(c.endKnown * 0.15 * random());
    c.endedUnilaterally = c.endedByClient;
    c.endedEarly = c.endedByClient;
    c.goalKnown = Math.round(n * (0.6 + 0.4 * random()));
    c.helpAnswers = Math.round(2 * n * 0.6 * random());
    c.usefulnessAnswers = Math.round(2 * n * 0.6 * random());
    c.responded = Math.round(n * 0.7 * random());
    c.reentryEligible = Math.round(n * random());
    return c;
  };
  const providers: ProviderCounts[] = [];
  const parts: Array<{ providerId: number; municipalityCode: string; counts: Counts }> = [];
  for (let p = 0; p < providerCount; p++) {
    const total = emptyCounts();
    let any = false;
    for (let m = 0; m < 10; m++) {
      const roll = random();
      const n = roll < 0.5 ? 0 : roll < 0.5 + smallShare ? 1 + Math.floor(random() * 8) : 10 + Math.floor(random() * 80);
      if (n === 0) continue;
      const counts = cell(n);
      parts.push({ providerId: p, municipalityCode: String(m).padStart(4, '0'), counts });
      for (const key of Object.keys(counts) as Array<keyof Counts>) total[key] += counts[key];
      any = true;
    }
    if (any)
      providers.push({
        providerId: p,
        providerAgb: String(98_000_000 + p),
        providerName: `P${p}`,
        submissionId: String(p),
        submissionVersion: 1,
        counts: total,
      });
  }
  return { providers, parts };
}

console.log(`bench:disclosure — ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}; small parts ${(smallShare * 100).toFixed(0)}%`);
for (const providerCount of [10, 40, 200]) {
  const { providers, parts } = slice(providerCount, 7 + providerCount);
  const times: number[] = [];
  let decision = decideSlice('2026-H1', '45', providers, parts, { minN: 10, minPeerProviders: 3 });
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    decision = decideSlice('2026-H1', '45', providers, parts, { minN: 10, minPeerProviders: 3 });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const hiddenProviders = denominatorCounts.map((d) => providers.filter((p) => decision.providerReason(d, p.providerId)).length);
  const hiddenParts = denominatorCounts.map(
    (d) => parts.filter((part) => decision.partReason(d, part.providerId, part.municipalityCode)).length,
  );
  console.log(
    `${String(providerCount).padStart(4)} providers, ${String(parts.length).padStart(5)} parts: ${times[Math.floor(times.length / 2)].toFixed(1)} ms per decision` +
      ` (min ${times[0].toFixed(1)}); hidden providers per denominator ${hiddenProviders.join('/')}, parts ${hiddenParts.join('/')}`,
  );
}
