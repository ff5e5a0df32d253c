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

export interface Interval {
  lower: number;
  upper: number;
}

export interface EquationDecision {
  hidden: Map<string, SuppressionReason>;
  /** No set of parts could protect the hidden ones: the total must not be shown. */
  hideTotal: boolean;
}

/**
 * What a reader can tell of each part it does not know, from one equation: for each unknown part
 * u, min = max(l_u, S_lo − Σ_{v≠u} h_v) and max = min(h_u, S_hi − Σ_{v≠u} l_v), with S the total
 * minus the parts the reader knows. This is the exact feasible range of one linear equation with
 * box bounds (the LP of the disclosure audit reduces to it).
 */
export function feasibleRanges(unknown: ReadonlyArray<{ key: string; lower: number; upper: number }>, total: Interval): Map<string, Interval> {
  const sumLower = unknown.reduce((s, u) => s + u.lower, 0);
  const sumUpper = unknown.reduce((s, u) => s + u.upper, 0);
  return new Map(
    unknown.map((u) => [
      u.key,
      { lower: Math.max(u.lower, total.lower - (sumUpper - u.upper)), upper: Math.min(u.upper, total.upper - (sumLower - u.lower)) },
    ]),
  );
}

/** The bounds a hidden part's reason gives away, tightened by what is known from elsewhere. */
export function boundsOf(part: Part, reason: SuppressionReason, minN: number, totalUpper: number): Interval {
  const cap = Math.min(part.cap ?? Infinity, totalUpper);
  const floor = part.floor ?? 0;
  return reason === 'small_n' ? { lower: Math.max(1, floor), upper: Math.min(minN - 1, cap) } : { lower: Math.max(minN, floor), upper: cap };
}

/**
 * The ranges a reader has for the hidden parts it does not know (`reader`: an owner, or null for
 * a reader without data of its own).
 */
export function rangesFor(parts: readonly Part[], hidden: ReadonlyMap<string, SuppressionReason>, total: KnownTotal, minN: number, reader: string | null): Map<string, Interval> {
  const totalInterval = 'exact' in total ? { lower: total.exact, upper: total.exact } : total;
  let known = 0;
  const unknown: Array<{ key: string; lower: number; upper: number }> = [];
  for (const part of parts) {
    const reason = hidden.get(part.key);
    if (!reason || part.owner === reader) known += part.n;
    else unknown.push({ key: part.key, ...boundsOf(part, reason, minN, totalInterval.upper) });
  }
  return feasibleRanges(unknown, { lower: totalInterval.lower - known, upper: totalInterval.upper - known });
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
): EquationDecision {
  const hidden = new Map<string, SuppressionReason>(forced);
  for (const part of parts) if (part.n > 0 && part.n < minN && !hidden.has(part.key)) hidden.set(part.key, 'small_n');
  const protectedNow = () => {
    if (total === null) return extraCheck(null, rangesFor(parts, hidden, { lower: 0, upper: Infinity }, minN, null));
    const readers = [null, ...new Set(parts.filter((p) => hidden.has(p.key)).map((p) => p.owner))];
    return readers.every((reader) => {
      const ranges = rangesFor(parts, hidden, total, minN, reader);
      for (const range of ranges.values()) if (range.lower >= range.upper) return false;
      return extraCheck(reader, ranges);
    });
  };
  while (!protectedNow()) {
    const next = parts.filter((p) => p.n > 0 && !hidden.has(p.key)).sort((a, b) => a.n - b.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))[0];
    if (!next) return { hidden, hideTotal: total !== null };
    hidden.set(next.key, next.n < minN ? 'small_n' : 'complementary');
  }
  return { hidden, hideTotal: false };
}

/** A peer figure needs enough providers behind it (default 3), or it says too much about one. */
export function peerFigureAllowed(providersWithData: number, minPeerProviders: number): boolean {
  return providersWithData >= minPeerProviders;
}
