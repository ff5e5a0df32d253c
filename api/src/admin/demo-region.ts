/**
 * The demo region H10 Haaglanden: municipalities, code lists, ~40 fictional providers, four
 * half-year periods and ~20,000 closed trajectories (SPEC §2, §8).
 *
 * Pure and deterministic: the same seed always yields the same region; no I/O, no clock, no
 * Math.random. The data are shaped to exercise the indicators (SPEC §3): providers differ in size
 * (a few large, many medium, some below the small-number threshold) and in latent quality (most
 * near the peer average, a few clearly better or worse), so funnel plots, case-mix adjustment,
 * response greying and re-entry all have something to show.
 *
 * Records carry a `clientKey` (a synthetic client identity such as 'c000123', never a BSN); the
 * caller turns it into a first-layer pseudonym.
 */

export interface DemoRegion {
  region: { code: 'H10'; name: string };
  municipalities: { code: string; name: string; validUntil: string | null }[];
  productCategories: string[];
  providers: { agb: string; name: string }[];
  periods: { code: string; startsOn: string; endsOn: string; deadline: string }[];
  records: DemoRecord[];
}

export interface DemoRecord {
  providerAgb: string;
  periodCode: string;
  recordId: string;
  clientKey: string;
  municipalityCode: string;
  productCategory: string;
  productCode: string | null;
  careForm: string | null;
  startDate: string;
  endDate: string;
  ageAtStart: number;
  endReason: string;
  goalAttainment: 'volledig' | 'gedeeltelijk' | 'niet' | 'onbekend'; // doelrealisatie
  youthUsefulness: number | null; // ervaren nut
  parentUsefulness: number | null;
  youthFurtherHelp: string | null; // zonder hulp verder
  parentFurtherHelp: string | null;
}

export const DEMO_SEED = 20250101;

// ---------------------------------------------------------------------------------------------
// Fixed region data (SPEC §8). `population` (thousands, rounded) weights where clients live.

const MUNICIPALITIES = [
  { code: '0518', name: 'Den Haag', population: 560, validUntil: null },
  { code: '0637', name: 'Zoetermeer', population: 127, validUntil: null },
  { code: '1783', name: 'Westland', population: 115, validUntil: null },
  { code: '0503', name: 'Delft', population: 107, validUntil: null },
  { code: '1916', name: 'Leidschendam-Voorburg', population: 78, validUntil: null },
  { code: '0603', name: 'Rijswijk', population: 58, validUntil: null },
  { code: '1926', name: 'Pijnacker-Nootdorp', population: 57, validUntil: null },
  { code: '0629', name: 'Wassenaar', population: 27, validUntil: null },
  { code: '1842', name: 'Midden-Delfland', population: 20, validUntil: null },
  { code: '0626', name: 'Voorschoten', population: 26, validUntil: '2024-12-31' },
] as const;

/** Accepted codes: 40-55 except 42 (transport), 47 and 48 (certified institutions). */
const ACCEPTED_CATEGORIES = ['40', '41', '43', '44', '45', '46', '49', '50', '51', '52', '53', '54', '55'];

const PERIODS = [
  { code: '2024-H2', startsOn: '2024-07-01', endsOn: '2024-12-31', volume: 0.96 },
  { code: '2025-H1', startsOn: '2025-01-01', endsOn: '2025-06-30', volume: 1.0 },
  { code: '2025-H2', startsOn: '2025-07-01', endsOn: '2025-12-31', volume: 1.03 },
  { code: '2026-H1', startsOn: '2026-01-01', endsOn: '2026-06-30', volume: 1.01 },
];

type Weighted<T> = readonly (readonly [T, number])[];

interface CategoryProfile {
  popularity: number; // weight when providers pick what they offer
  throughput: number; // relative number of closed trajectories per unit of a provider's capacity
  duration: { median: number; sigma: number; min: number; max: number }; // days, log-normal
  careForms: Weighted<string | null>;
  productCodes: string[];
  dropout: number; // typical share of endReason 03
  ageTilt: (age: number) => number; // multiplies the regional age profile
}

const CATEGORIES: Record<string, CategoryProfile> = {
  '41': {
    popularity: 10,
    throughput: 0.8,
    duration: { median: 260, sigma: 0.45, min: 60, max: 730 },
    careForms: [
      ['03', 92],
      [null, 8],
    ],
    productCodes: ['41A01', '41A02'],
    dropout: 0.07,
    ageTilt: (a) => (a < 12 ? 2 : a < 18 ? 0.6 : 0.2),
  },
  '43': {
    popularity: 6,
    throughput: 0.5,
    duration: { median: 380, sigma: 0.55, min: 60, max: 1095 },
    careForms: [
      ['12', 30],
      ['13', 10],
      ['14', 35],
      ['11', 15],
      [null, 10],
    ],
    productCodes: ['43A01', '43A05', '43A09'],
    dropout: 0.09,
    ageTilt: (a) => (a < 4 ? 0.3 : a < 12 ? 0.8 : a < 18 ? 2 : 0.8),
  },
  '44': {
    popularity: 6,
    throughput: 0.5,
    duration: { median: 450, sigma: 0.6, min: 60, max: 1460 },
    careForms: [
      ['11', 40],
      ['12', 20],
      ['14', 30],
      [null, 10],
    ],
    productCodes: ['44A01', '44A03'],
    dropout: 0.12,
    ageTilt: (a) => (a < 12 ? 1 : a < 18 ? 1.6 : 1.2),
  },
  '45': {
    popularity: 30,
    throughput: 1,
    duration: { median: 170, sigma: 0.55, min: 21, max: 560 },
    careForms: [
      ['02', 55],
      ['04', 30],
      ['01', 8],
      [null, 7],
    ],
    productCodes: ['45A01', '45A02', '45A10', '45A11'],
    dropout: 0.095,
    ageTilt: () => 1,
  },
  '46': {
    popularity: 7,
    throughput: 1.2,
    duration: { median: 18, sigma: 0.8, min: 1, max: 120 },
    careForms: [
      ['02', 45],
      ['12', 45],
      [null, 10],
    ],
    productCodes: ['46001', '46002'],
    dropout: 0.06,
    ageTilt: (a) => (a < 12 ? 0.6 : a < 18 ? 2.2 : 0.7),
  },
  '50': {
    popularity: 10,
    throughput: 1,
    duration: { median: 240, sigma: 0.6, min: 30, max: 730 },
    careForms: [
      ['02', 25],
      ['03', 15],
      ['04', 25],
      ['12', 10],
      ['14', 10],
      [null, 15],
    ],
    productCodes: ['50A01', '50A02'],
    dropout: 0.1,
    ageTilt: () => 1,
  },
  '54': {
    popularity: 26,
    throughput: 1,
    duration: { median: 230, sigma: 0.5, min: 42, max: 640 },
    careForms: [
      ['02', 65],
      ['04', 20],
      ['01', 5],
      [null, 10],
    ],
    productCodes: ['54001', '54002', '54005'],
    dropout: 0.11,
    ageTilt: (a) => (a < 4 ? 0.2 : a < 12 ? 0.9 : a < 18 ? 1.3 : 1.1),
  },
};
const USED_CATEGORIES = Object.keys(CATEGORIES);

/** Fictional names: large first, then small practices, then the medium-sized rest. */
const LARGE_NAMES = ['Jeugdzorg De Duinen', 'Stichting Kompas Jeugd', 'Hofpoort Jeugd & Gezin', 'Zeewind Jeugdhulp'];
const SMALL_NAMES = [
  'Kinderpraktijk Zandloper',
  'Praktijk Kleine Stappen',
  'Gezinscoaching Lisdodde',
  'Praktijk Wilgenkatje',
  'Jeugdpraktijk Duinpieper',
  'Therapiepraktijk Kievitsbloem',
];
const MEDIUM_NAMES = [
  'Stichting Vlietoever Jeugd',
  'Jeugdhulp Het Lichtschip',
  'Gezinsbegeleiding De Tuinkamer',
  'Stichting Duinroos',
  'Behandelcentrum Helmgras',
  'Opvoedpunt Waterlelie',
  'Centrum Strandwal',
  'Stichting Polderlicht',
  'Zorggroep Vliervlinder',
  'Jeugdzorg Schelpenpad',
  'Stichting Landtong',
  'Jeugdhulp Lindelaan',
  'De Wadlopers Jeugdhulp',
  'Stichting Zilvermeeuw Jeugd',
  'Jeugdhulp Kraaiheide',
  'Gezinsplein Dijkzicht',
  'Stichting Mosselbank',
  'Jeugdzorg Veenweide Delta',
  'Stichting Oeverzwaluw',
  'Stichting Zandmotor Jeugd',
  'Gezinskracht Westwind',
  'Jeugdhulp De Trekvogel',
  'Stichting Boegbeeld Jeugd',
  'Praktijkhuis Zeeraket',
  'Jeugd & Co Molenwiek',
  'Stichting Korenschoof',
  'Jeugdzorg Lichtboei',
  'Gezinscentrum Tweestroom',
  'Jeugdhulp Duinvallei',
  'Opvoedhuis Hofvijver',
];

// ---------------------------------------------------------------------------------------------
// Randomness: mulberry32, a small 32-bit PRNG, plus the draws used below.

class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.float() < p;
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.float())) * Math.cos(2 * Math.PI * this.float());
  }
  weighted<T>(entries: Weighted<T>): T {
    let total = 0;
    for (const [, w] of entries) total += w;
    let r = this.float() * total;
    for (const [value, w] of entries) if ((r -= w) < 0) return value;
    return entries[entries.length - 1][0];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

const DAY_MS = 86_400_000;
const toDay = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const fromDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));
const logit = (p: number): number => Math.log(p / (1 - p));
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

// ---------------------------------------------------------------------------------------------
// Providers

interface ProviderProfile {
  agb: string;
  name: string;
  tier: 'large' | 'medium' | 'small';
  categoryWeights: Map<string, number>;
  volume: number; // expected records per period (large and medium)
  quality: number; // latent: 0 = peer average, positive = worse outcomes
  responseRate: number; // share of trajectories with at least one measurement
  unknownRate: number; // share of endReason 99 / goal 'onbekend'
  home: string; // municipality where the provider is rooted
  homeBias: number;
}

function drawProviders(rng: Random): ProviderProfile[] {
  const agbs = new Set<string>();
  const popularity: Weighted<string> = USED_CATEGORIES.map((c) => [c, CATEGORIES[c].popularity] as const);
  const homes: Weighted<string> = MUNICIPALITIES.filter((m) => m.validUntil === null).map((m) => [m.code, m.population] as const);
  const named = [
    ...LARGE_NAMES.map((name) => ({ name, tier: 'large' as const })),
    ...SMALL_NAMES.map((name) => ({ name, tier: 'small' as const })),
    ...MEDIUM_NAMES.map((name) => ({ name, tier: 'medium' as const })),
  ];
  const providers = named.map(({ name, tier }): ProviderProfile => {
    let agb: string;
    do agb = `98${String(rng.int(0, 999_999)).padStart(6, '0')}`;
    while (agbs.has(agb));
    agbs.add(agb);
    const count =
      tier === 'large'
        ? rng.int(2, 3)
        : tier === 'small'
          ? rng.weighted([
              [1, 70],
              [2, 30],
            ])
          : rng.weighted([
              [1, 40],
              [2, 40],
              [3, 20],
            ]);
    const categoryWeights = new Map<string, number>();
    while (categoryWeights.size < count) {
      // Large providers and small practices are built around ambulant care or youth mental health.
      const primaryOnly = tier === 'small' || (tier === 'large' && categoryWeights.size === 0);
      const offered = primaryOnly ? popularity.filter(([code]) => code === '45' || code === '54') : popularity;
      const c = rng.weighted(offered.filter(([code]) => !categoryWeights.has(code)));
      categoryWeights.set(c, (categoryWeights.size === 0 ? 3 : 0.6 + rng.float()) * CATEGORIES[c].throughput);
    }
    const volume = tier === 'large' ? rng.int(450, 800) : tier === 'medium' ? clamp(70 * Math.exp(0.6 * rng.normal()), 20, 250) : 0;
    return {
      agb,
      name,
      tier,
      categoryWeights,
      volume,
      quality: 0.18 * rng.normal(),
      responseRate: 0.45 + 0.2 * rng.float(),
      unknownRate: 0.03 + 0.05 * rng.float(),
      home: rng.weighted(homes),
      homeBias: 0.6 * rng.float(),
    };
  });

  // Every used category needs a peer group: at least three providers that are not small.
  for (const c of USED_CATEGORIES) {
    const offering = () => providers.filter((p) => p.tier !== 'small' && p.categoryWeights.has(c)).length;
    while (offering() < 3) {
      const candidates = providers.filter((p) => p.tier === 'medium' && p.categoryWeights.size < 3 && !p.categoryWeights.has(c));
      rng.weighted(candidates.map((p) => [p, 1] as const)).categoryWeights.set(c, 0.8 * CATEGORIES[c].throughput);
    }
  }

  // Outliers: one large and two medium providers clearly worse, one large and two medium
  // clearly better, two with very low response, one with poor data quality.
  const large = rng.shuffle(providers.filter((p) => p.tier === 'large'));
  const medium = rng.shuffle(providers.filter((p) => p.tier === 'medium' && p.volume >= 60));
  for (const p of [large[0], medium[0], medium[1]]) p.quality = 1.2 + 0.2 * rng.float();
  for (const p of [large[1], medium[2], medium[3]]) p.quality = -1.0 - 0.2 * rng.float();
  for (const p of [medium[4], medium[5]]) p.responseRate = 0.08 + 0.08 * rng.float();
  medium[6].unknownRate = 0.2;

  // Scale so that a period holds ~4,950 records from large and medium providers.
  const total = providers.reduce((sum, p) => sum + p.volume, 0);
  for (const p of providers) p.volume *= 4950 / total;
  return providers;
}

// ---------------------------------------------------------------------------------------------
// Records

interface Draft {
  provider: ProviderProfile;
  period: (typeof PERIODS)[number];
  municipalityCode: string;
  productCategory: string;
  productCode: string | null;
  careForm: string | null;
  startDay: number;
  endDay: number;
  ageAtStart: number;
  endReason: string;
  goalAttainment: DemoRecord['goalAttainment'];
  predecessor: Draft | null;
  successor: Draft | null;
}

/** Regional age profile: most clients are 4-17. */
const ageProfile = (age: number): number => (age < 4 ? 1 : age < 12 ? 3 : age < 18 ? 4 : (0.6 * (24 - age)) / 6 + 0.1);

function drawOutcome(rng: Random, p: ProviderProfile, category: string, age: number, careForm: string | null) {
  const ageShift = age < 4 ? -0.5 : age < 12 ? -0.2 : age < 18 ? 0.05 : 0.25;
  const p03 = logistic(logit(CATEGORIES[category].dropout) + 0.95 * p.quality + ageShift + (careForm === '13' ? 0.3 : 0));
  const p04 = logistic(logit(0.03) + 0.6 * p.quality);
  const p05 = category === '46' ? 0.08 : 0.04;
  const endReason = rng.weighted([
    ['01', Math.max(0.05, 1 - p03 - p04 - p05 - 0.09 - p.unknownRate)],
    ['02', 0.09],
    ['03', p03],
    ['04', p04],
    ['05', p05],
    ['99', p.unknownRate],
  ]);

  // P(volledig) and P(gedeeltelijk | not volledig) given how the trajectory ended.
  const [full, partial] = (
    { '01': [0.72, 0.8], '02': [0.35, 0.6], '03': [0.08, 0.4], '04': [0.08, 0.4], '05': [0.25, 0.55], '99': [0.45, 0.6] } as const
  )[endReason as '01'];
  let goalAttainment: DemoRecord['goalAttainment'] = 'onbekend';
  if (!rng.chance(p.unknownRate + (endReason === '99' ? 0.5 : 0))) {
    const pFull = logistic(logit(full) - 0.55 * p.quality + (careForm === '13' ? -0.4 : 0) + (age >= 18 ? -0.2 : 0));
    goalAttainment = rng.chance(pFull) ? 'volledig' : rng.chance(partial) ? 'gedeeltelijk' : 'niet';
  }
  return { endReason, goalAttainment };
}

function drawRecords(rng: Random, providers: ProviderProfile[]): Draft[] {
  const drafts: Draft[] = [];
  for (const period of PERIODS) {
    const [first, last] = [toDay(period.startsOn), toDay(period.endsOn)];
    const valid = MUNICIPALITIES.filter((m) => m.validUntil === null || period.endsOn <= m.validUntil);
    const totalPopulation = valid.reduce((sum, m) => sum + m.population, 0);
    for (const p of providers) {
      const weightSum = [...p.categoryWeights.values()].reduce((a, b) => a + b, 0);
      const residence: Weighted<string> = valid.map(
        (m) => [m.code, m.population + (m.code === p.home ? p.homeBias * totalPopulation : 0)] as const,
      );
      for (const [category, weight] of p.categoryWeights) {
        const profile = CATEGORIES[category];
        const count =
          p.tier === 'small'
            ? rng.int(2, 9)
            : Math.max(1, Math.round(p.volume * period.volume * (weight / weightSum) * Math.exp(0.08 * rng.normal())));
        const ages: Weighted<number> = Array.from({ length: 24 }, (_, a) => [a, ageProfile(a) * profile.ageTilt(a)] as const);
        for (let i = 0; i < count; i++) {
          const endDay = rng.int(first, last);
          const { median, sigma, min, max } = profile.duration;
          const duration = Math.round(clamp(median * Math.exp(sigma * rng.normal()), min, max));
          const careForm = rng.weighted(profile.careForms);
          const ageAtStart = rng.weighted(ages);
          drafts.push({
            provider: p,
            period,
            productCategory: category,
            careForm,
            ageAtStart,
            municipalityCode: rng.weighted(residence),
            productCode: rng.chance(0.2) ? null : profile.productCodes[rng.int(0, profile.productCodes.length - 1)],
            startDay: endDay - duration,
            endDay,
            ...drawOutcome(rng, p, category, ageAtStart, careForm),
            predecessor: null,
            successor: null,
          });
        }
      }
    }
  }
  return drafts;
}

// ---------------------------------------------------------------------------------------------
// Re-entry: link a trajectory to a later one that starts within 182 days after it ended, so that
// both belong to the same client. Worse providers, dropouts, unmet goals and crisis care
// (usually followed by further care) lead to more re-entry.

const REENTRY_WINDOW_DAYS = 182;

function isValidIn(municipalityCode: string, period: (typeof PERIODS)[number]): boolean {
  const validUntil = MUNICIPALITIES.find((m) => m.code === municipalityCode)?.validUntil;
  return validUntil === null || (validUntil !== undefined && period.endsOn <= validUntil);
}

function linkReentries(rng: Random, drafts: Draft[]): void {
  const byStart = (list: Draft[]) => list.sort((a, b) => a.startDay - b.startDay);
  const all = byStart([...drafts]);
  const perProvider = new Map<ProviderProfile, Draft[]>();
  for (const d of all) (perProvider.get(d.provider) ?? perProvider.set(d.provider, []).get(d.provider)!).push(d);
  const firstStartingAfter = (list: Draft[], day: number) => {
    let [lo, hi] = [0, list.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].startDay <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const findSuccessor = (r: Draft, list: Draft[]): Draft | null => {
    const lo = firstStartingAfter(list, r.endDay);
    const hi = firstStartingAfter(list, r.endDay + REENTRY_WINDOW_DAYS);
    for (let attempt = 0; attempt < 20 && hi > lo; attempt++) {
      const f = list[rng.int(lo, hi - 1)];
      if (f.predecessor || f === r) continue;
      const age = r.ageAtStart + Math.floor((f.startDay - r.startDay) / 365.25 + rng.float());
      if (age > 23) continue;
      f.ageAtStart = age;
      return f;
    }
    return null;
  };

  for (const r of [...drafts].sort((a, b) => a.endDay - b.endDay)) {
    const chance =
      0.09 *
      Math.exp(0.55 * r.provider.quality) *
      (r.endReason === '03' || r.endReason === '04' ? 1.7 : 1) *
      (r.goalAttainment === 'niet' ? 1.4 : 1) *
      (r.productCategory === '46' ? 3.5 : 1);
    if (!rng.chance(chance)) continue;
    const f = (rng.chance(0.45) ? findSuccessor(r, perProvider.get(r.provider)!) : null) ?? findSuccessor(r, all);
    if (!f) continue;
    r.successor = f;
    f.predecessor = r;
    // Clients mostly stay where they live; Voorschoten left the region after 2024.
    if (rng.chance(0.9) && isValidIn(r.municipalityCode, f.period)) f.municipalityCode = r.municipalityCode;
  }
}

// ---------------------------------------------------------------------------------------------
// Measurements (CBS 4.3-4.5): at most one youth and one parent answer per trajectory.

function drawMeasurement(rng: Random, d: Draft, informant: 'youth' | 'parent') {
  const q = d.provider.quality;
  const reasonShift = d.endReason === '01' ? 0.2 : d.endReason === '03' || d.endReason === '04' ? -1.3 : 0;
  const goalShift = d.goalAttainment === 'volledig' ? 0.4 : d.goalAttainment === 'niet' ? -0.8 : 0;
  const mean = 7.5 - 0.45 * q - (informant === 'youth' ? 0.3 : 0) + reasonShift;
  const usefulness = rng.chance(0.04) ? rng.int(1, 5) : Math.round(clamp(mean + goalShift + 1.1 * rng.normal(), 1, 10));
  const base = (
    {
      volledig: [0.1, 0.3, 0.3, 0.3],
      gedeeltelijk: [0.25, 0.4, 0.22, 0.13],
      niet: [0.5, 0.3, 0.12, 0.08],
      onbekend: [0.22, 0.33, 0.25, 0.2],
    } as const
  )[d.goalAttainment];
  const furtherHelp = rng.weighted([
    ['01', base[0] * Math.exp(0.5 * q)],
    ['02', base[1]],
    ['03', base[2]],
    ['04', base[3] * Math.exp(-0.4 * q)],
  ]);
  const missing = rng.float();
  return {
    usefulness: missing < 0.06 ? null : usefulness,
    furtherHelp: missing > 0.92 ? null : furtherHelp,
  };
}

function informants(rng: Random, age: number): { youth: boolean; parent: boolean } {
  if (age >= 18) return { youth: rng.chance(0.95), parent: rng.chance(0.2) };
  if (age >= 12) {
    const youth = rng.chance(0.75);
    const parent = rng.chance(0.6);
    return youth || parent ? { youth, parent } : rng.chance(0.55) ? { youth: true, parent } : { youth, parent: true };
  }
  return { youth: age >= 10 && rng.chance(0.08), parent: true };
}

// ---------------------------------------------------------------------------------------------

export function generateDemoRegion(seed: number = DEMO_SEED): DemoRegion {
  const rng = new Random(seed);
  const providers = drawProviders(rng);
  const drafts = drawRecords(rng, providers);
  linkReentries(rng, drafts);

  // Client keys follow chains of re-entry, in order of first start.
  const clientKeys = new Map<Draft, string>();
  let clients = 0;
  for (const d of [...drafts].sort((a, b) => a.startDay - b.startDay || a.endDay - b.endDay)) {
    if (d.predecessor) continue;
    const key = `c${String(++clients).padStart(6, '0')}`;
    for (let c: Draft | null = d; c; c = c.successor) clientKeys.set(c, key);
  }

  const records: DemoRecord[] = [];
  for (const period of PERIODS) {
    for (const p of [...providers].sort((a, b) => a.agb.localeCompare(b.agb))) {
      const own = drafts
        .filter((d) => d.period === period && d.provider === p)
        .sort((a, b) => a.endDay - b.endDay || a.startDay - b.startDay);
      own.forEach((d, i) => {
        const responds = rng.chance(
          p.responseRate * (d.endReason === '03' || d.endReason === '04' ? 0.45 : 1) * (d.productCategory === '46' ? 0.6 : 1),
        );
        const who = responds ? informants(rng, d.ageAtStart) : { youth: false, parent: false };
        const youth = who.youth ? drawMeasurement(rng, d, 'youth') : null;
        const parent = who.parent ? drawMeasurement(rng, d, 'parent') : null;
        records.push({
          providerAgb: p.agb,
          periodCode: period.code,
          recordId: `TR-${period.code.replace('-', '')}-${String(i + 1).padStart(6, '0')}`,
          clientKey: clientKeys.get(d)!,
          municipalityCode: d.municipalityCode,
          productCategory: d.productCategory,
          productCode: d.productCode,
          careForm: d.careForm,
          startDate: fromDay(d.startDay),
          endDate: fromDay(d.endDay),
          ageAtStart: d.ageAtStart,
          endReason: d.endReason,
          goalAttainment: d.goalAttainment,
          youthUsefulness: youth?.usefulness ?? null,
          parentUsefulness: parent?.usefulness ?? null,
          youthFurtherHelp: youth?.furtherHelp ?? null,
          parentFurtherHelp: parent?.furtherHelp ?? null,
        });
      });
    }
  }

  return {
    region: { code: 'H10', name: 'Haaglanden' },
    municipalities: MUNICIPALITIES.map(({ code, name, validUntil }) => ({ code, name, validUntil })),
    productCategories: [...ACCEPTED_CATEGORIES],
    providers: providers.map(({ agb, name }) => ({ agb, name })),
    periods: PERIODS.map(({ code, startsOn, endsOn }) => ({ code, startsOn, endsOn, deadline: fromDay(toDay(endsOn) + 21) })),
    records,
  };
}
