/**
 * Small-number rules (SPEC §4.3, docs/privacy.md), pure. One published equation at a time:
 * a total that is shown (exactly, or known to lie in an interval) and its parts, some of which are
 * hidden. A hidden part is protected when nobody can pin its n to one value from the equation,
 * the bounds its reason gives away ('small_n': 1 … minN − 1; 'complementary': at least minN,
 * because only parts of at least minN are chosen) and what the reader knows of its own parts.
 * The readers considered: anyone without data of their own (contract manager, municipality) and
 * each owner of a hidden part (a provider sees its own figures, hidden to others or not).
 * Where that fails, the next smallest shown part is hidden too (complementary suppression), and
 * where no part is left to hide, the total goes.
 */

import type { Interval } from './intervals.ts';

export type SuppressionReason = 'small_n' | 'complementary';

export interface Part {
  key: string;
  /** Who knows this part without being shown it: the provider whose records it counts. */
  owner: string;
  n: number;
  /** A known upper bound from elsewhere (e.g. the same cell's trajectories, shown): tightens the check. */
  cap?: number;
  /** A known lower bound from elsewhere (e.g. another count of the same cell that is shown). */
  floor?: number;
}

/** The total the parts add up to, as a reader knows it: exactly when shown, else an interval. */
export type KnownTotal = { exact: number } | { lower: number; upper: number };

export interface EquationDecision {
  hidden: Map<string, SuppressionReason>;
  /** No set of parts could protect the hidden ones: the total must not be shown. */
  hideTotal: boolean;
}

/**
 * A known upper bound on the sum of some of the unknown parts: e.g. the trajectories of the
 * providers hidden in both equations add up to what the trajectories equation leaves, and every
 * other count of a trajectory is at most its number of trajectories.
 */
export interface JointCap {
  keys: ReadonlySet<string>;
  cap: number;
  /** Upper bounds of single parts in V (each at most its own trajectories' upper bound). */
  caps?: ReadonlyMap<string, number>;
  /** How much of the cap a part of V takes at least, whatever its own value (its trajectories' lower bound). */
  shares?: ReadonlyMap<string, number>;
}

/**
 * What a reader can tell of each part it does not know, from one equation: for each unknown part
 * u, min = max(l_u, S_lo − Σ_{v≠u} h_v) and max = min(h_u, S_hi − Σ_{v≠u} l_v), with S the total
 * minus the parts the reader knows. With a joint cap on a subset V of the parts, V's sum lies in
 * [Σ_V l, min(Σ_V h, cap)], which raises the minimum of the parts outside V and lowers the maximum
 * of those inside. These are the exact ranges of such a system (the LP of the disclosure audit
 * reduces to them).
 */
export function feasibleRanges(
  boxes: ReadonlyArray<{ key: string; lower: number; upper: number }>,
  total: Interval,
  joint?: JointCap,
): Map<string, Interval> {
  const unknown = boxes.map((u) => ({ ...u, upper: Math.min(u.upper, joint?.caps?.get(u.key) ?? Infinity) }));
  const inV = (key: string) => joint?.keys.has(key) ?? false;
  const sum = (list: ReadonlyArray<{ lower: number; upper: number }>, side: 'lower' | 'upper') => list.reduce((s, u) => s + u[side], 0);
  const v = unknown.filter((u) => inV(u.key));
  const w = unknown.filter((u) => !inV(u.key));
  const cap = joint ? joint.cap : Infinity;
  const vLower = sum(v, 'lower');
  const vUpper = Math.min(sum(v, 'upper'), cap);
  const wLower = sum(w, 'lower');
  const vShares = v.reduce((total_, u) => total_ + (joint?.shares?.get(u.key) ?? 0), 0);
  const wUpper = sum(w, 'upper');
  return new Map(
    unknown.map((u) => {
      if (!inV(u.key)) {
        return [
          u.key,
          {
            lower: Math.max(u.lower, total.lower - vUpper - (wUpper - u.upper)),
            upper: Math.min(u.upper, total.upper - vLower - (wLower - u.lower)),
          },
        ];
      }
      // The others in V share the cap less what u takes of it at least.
      const othersInVUpper = Math.min(sum(v, 'upper') - u.upper, cap - (joint?.shares?.get(u.key) ?? 0));
      return [
        u.key,
        {
          lower: Math.max(u.lower, total.lower - wUpper - othersInVUpper),
          // V's counts share the cap (at least their lower bounds), and so do the quantities that
          // bound them (at least their shares).
          upper: Math.min(
            u.upper,
            cap - (vLower - u.lower),
            cap - (vShares - (joint?.shares?.get(u.key) ?? 0)),
            total.upper - wLower - (vLower - u.lower),
          ),
        },
      ];
    }),
  );
}

/** The bounds a hidden part's reason gives away, tightened by what is known from elsewhere. */
export function boundsOf(part: Part, reason: SuppressionReason, minN: number, totalUpper: number): Interval {
  const cap = Math.min(part.cap ?? Infinity, totalUpper);
  const floor = part.floor ?? 0;
  return reason === 'small_n'
    ? { lower: Math.max(1, floor), upper: Math.min(minN - 1, cap) }
    : { lower: Math.max(minN, floor), upper: cap };
}

/**
 * The ranges a reader has for the hidden parts it does not know (`reader`: an owner, or null for
 * a reader without data of its own).
 */
export function rangesFor(
  parts: readonly Part[],
  hidden: ReadonlyMap<string, SuppressionReason>,
  total: KnownTotal,
  minN: number,
  reader: string | null,
  joint?: (reader: string | null, hidden: ReadonlyMap<string, SuppressionReason>) => JointCap | null,
): Map<string, Interval> {
  const totalInterval = 'exact' in total ? { lower: total.exact, upper: total.exact } : total;
  let known = 0;
  const unknown: Array<{ key: string; lower: number; upper: number }> = [];
  for (const part of parts) {
    const reason = hidden.get(part.key);
    if (!reason || part.owner === reader) known += part.n;
    else unknown.push({ key: part.key, ...boundsOf(part, reason, minN, totalInterval.upper) });
  }
  return feasibleRanges(
    unknown,
    { lower: totalInterval.lower - known, upper: totalInterval.upper - known },
    joint?.(reader, hidden) ?? undefined,
  );
}

/**
 * Decides which parts of one equation to hide. `forced`: parts hidden for a reason outside this
 * equation (they stay hidden). `extraCheck`: a further test a reader's ranges must pass (used for
 * the municipality parts of a hidden provider, whose sum is only known as a range).
 */
export function protectEquation(
  parts: readonly Part[],
  total: KnownTotal | null,
  minN: number,
  forced: ReadonlyMap<string, SuppressionReason> = new Map(),
  extraCheck: (reader: string | null, ranges: Map<string, Interval>) => boolean = () => true,
  joint?: (reader: string | null, hidden: ReadonlyMap<string, SuppressionReason>) => JointCap | null,
): EquationDecision {
  const hidden = new Map<string, SuppressionReason>(forced);
  for (const part of parts) if (part.n > 0 && part.n < minN && !hidden.has(part.key)) hidden.set(part.key, 'small_n');
  const protectedNow = () => {
    if (total === null) return extraCheck(null, rangesFor(parts, hidden, { lower: 0, upper: Infinity }, minN, null, joint));
    const readers = [null, ...new Set(parts.filter((p) => hidden.has(p.key)).map((p) => p.owner))];
    return readers.every((reader) => {
      const ranges = rangesFor(parts, hidden, total, minN, reader, joint);
      for (const range of ranges.values()) if (range.lower >= range.upper) return false;
      return extraCheck(reader, ranges);
    });
  };
  while (!protectedNow()) {
    const next = parts
      .filter((p) => p.n > 0 && !hidden.has(p.key))
      .sort((a, b) => a.n - b.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))[0];
    if (!next) return { hidden, hideTotal: total !== null };
    hidden.set(next.key, next.n < minN ? 'small_n' : 'complementary');
  }
  return { hidden, hideTotal: false };
}

/** A peer figure needs enough providers behind it (default 3), or it says too much about one. */
export function peerFigureAllowed(providersWithData: number, minPeerProviders: number): boolean {
  return providersWithData >= minPeerProviders;
}
