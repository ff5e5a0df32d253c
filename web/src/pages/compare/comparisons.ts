/** What the provider page has of its comparisons so far, shared by its sections. */
import type { Casemix, Funnel, Trend } from '../../figures/indicators';

export interface Comparisons {
  funnels: ReadonlyMap<string, Funnel>;
  casemix: ReadonlyMap<string, Casemix>;
  trends: ReadonlyMap<string, Trend>;
  /** Still coming in: a cell without its result shows "loading" rather than a dash. */
  pending: boolean;
  trendsPending: boolean;
}
