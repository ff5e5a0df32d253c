/**
 * Fetching for the comparison pages: one load's state (loading, loaded, failed), redone when its
 * key changes and abandoned when the page moves on, so a slow old answer never replaces a newer one.
 * Code lists, periods and indicator definitions change rarely: they are asked once per page load.
 */
import { useEffect, useState } from 'react';
import { api, ApiError, type LocalizedText } from '../../api/client';
import { messages } from '../../messages';
import type { Code, Definition, IndicatorTable, Period } from '../../figures/indicators';

export type Load<T> = { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'failed'; message: LocalizedText };

export function failure(error: unknown): LocalizedText {
  return error instanceof ApiError ? error.localized : messages['common.unknownError'];
}

/** Runs `load` whenever `key` changes; `key` undefined waits (e.g. until the selection is known). */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: string | undefined): Load<T> {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  useEffect(() => {
    if (key === undefined) {
      setState({ status: 'loading' }); // not yet askable: show no stale answer meanwhile
      return;
    }
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setState({ status: 'loaded', data });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'failed', message: failure(error) });
      });
    return () => controller.abort();
    // `load` is a new function on every render; `key` says when it asks something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}

/** Period and product-category choices of the caller's region. */
export interface Choices {
  periods: Period[];
  categories: Code[];
}

const choicesByRegion = new Map<string, Promise<Choices>>();

/** Asked once per region (kept per region: another login in this tab may be in another region). */
export function loadChoices(region: string): Promise<Choices> {
  let choices = choicesByRegion.get(region);
  if (!choices) {
    choices = Promise.all([api.get('/api/v1/periods'), api.get('/api/v1/codes')]).then(([periods, codes]) => ({
      periods: periods.periods,
      categories: codes.productCategories,
    }));
    // A failure is not remembered: the next page visit asks again.
    choices.catch(() => choicesByRegion.delete(region));
    choicesByRegion.set(region, choices);
  }
  return choices;
}

let definitionsSeen: Definition[] | undefined;

/** Every indicator table carries the definitions; the funnel page's indicator list reuses them. */
export function rememberDefinitions(table: IndicatorTable): IndicatorTable {
  definitionsSeen = table.definitions;
  return table;
}

export async function loadDefinitions(period: string, productCategory: string, signal?: AbortSignal): Promise<Definition[]> {
  if (definitionsSeen) return definitionsSeen;
  const table = await api.get('/api/v1/indicators', { query: { period, productCategory }, signal });
  return rememberDefinitions(table).definitions;
}

/** Results of one request per id, filled in as they arrive. */
export interface Each<T> {
  results: ReadonlyMap<string, T>;
  failed: ReadonlySet<string>;
  done: boolean;
}

/**
 * One request per id, `concurrency` at a time, each result shown as soon as it is in: the
 * comparisons of a provider take a while in total (the server answers them one by one on the
 * embedded database), and the first ones are useful before the last arrive. `key` undefined waits.
 */
export function useEach<T>(ids: readonly string[], load: (id: string, signal: AbortSignal) => Promise<T>, key: string | undefined, concurrency = 3): Each<T> {
  const [state, setState] = useState<Each<T>>({ results: new Map(), failed: new Set(), done: false });
  useEffect(() => {
    setState({ results: new Map(), failed: new Set(), done: false });
    if (key === undefined) return;
    const controller = new AbortController();
    const queue = [...ids];
    let running = 0;
    const next = () => {
      if (controller.signal.aborted) return;
      if (queue.length === 0) {
        if (running === 0) setState((current) => ({ ...current, done: true }));
        return;
      }
      const id = queue.shift()!;
      running++;
      load(id, controller.signal)
        .then((result) => {
          if (!controller.signal.aborted) setState((current) => ({ ...current, results: new Map(current.results).set(id, result) }));
        })
        .catch(() => {
          if (!controller.signal.aborted) setState((current) => ({ ...current, failed: new Set(current.failed).add(id) }));
        })
        .finally(() => {
          running--;
          next();
        });
    };
    for (let i = 0; i < Math.min(concurrency, ids.length); i++) next();
    if (ids.length === 0) setState((current) => ({ ...current, done: true }));
    return () => controller.abort();
    // `ids` and `load` follow `key` (the caller builds them from the same selection).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}
