/**
 * The one TanStack Query cache of the app. No retries (a refusal is an answer, and the page says
 * so at once) and no refetch on window focus (a form being filled must not change under the
 * user); code lists and definitions are kept for the visit. Emptied whenever the session ends, so
 * another login in the same tab never sees the previous user's answers.
 */
import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 },
  },
});

/** Rarely changing lists (periods, code lists, indicator definitions): asked once per visit. */
export const forTheVisit = { staleTime: Infinity, gcTime: Infinity } as const;
