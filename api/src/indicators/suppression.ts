/**
 * Small-number rules (SPEC §4.3), pure. A figure with n below the region's minimum is shown as
 * suppressed (no value, no n, no interval) to everyone but the provider looking at its own data.
 * Where the parts of a shown total leave exactly one part suppressed, that part could be derived
 * (total minus the rest), so the next smallest part is suppressed as well.
 */

export interface CountCell {
  x: number;
  n: number;
  /** The viewer's own figure: never suppressed for it, but still a part of the total. */
  own?: boolean;
  /** Never chosen for complementary suppression (the subject of a dialogue); small n still hides it. */
  keep?: boolean;
}

export type SuppressionReason = 'small_n' | 'complementary';

/** Which cells to hide, by index. `minN`: the region's minimum n (default 10). */
export function suppressedCells(cells: readonly CountCell[], minN: number, totalShown: boolean): { hidden: Map<number, SuppressionReason>; hideTotal: boolean } {
  const hidden = new Map<number, SuppressionReason>();
  cells.forEach((cell, index) => {
    if (cell.n > 0 && cell.n < minN && !cell.own) hidden.set(index, 'small_n');
  });
  if (!totalShown) return { hidden, hideTotal: false };
  // The own cell is known to its viewer, so it cannot protect a suppressed neighbour: count it as
  // visible. With one hidden part, hide the smallest visible other part (with n > 0) too.
  const hiddenParts = [...hidden.keys()].filter((i) => cells[i].n > 0);
  if (hiddenParts.length === 1) {
    const candidates = cells
      .map((cell, index) => ({ cell, index }))
      .filter(({ cell, index }) => !hidden.has(index) && cell.n > 0 && !cell.own && !cell.keep)
      .sort((a, b) => a.cell.n - b.cell.n || a.index - b.index);
    // No other part can be hidden (only the viewer's own is left): then the total must go.
    if (candidates.length > 0) hidden.set(candidates[0].index, 'complementary');
    else return { hidden, hideTotal: true };
  }
  return { hidden, hideTotal: false };
}

/** A peer figure needs enough providers behind it (default 3), or it says too much about one. */
export function peerFigureAllowed(providersWithData: number, minPeerProviders: number): boolean {
  return providersWithData >= minPeerProviders;
}
