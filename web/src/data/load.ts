/**
 * What a page sees of a query: loading, loaded or failed with a message in both languages. Every
 * hook in data/ answers in this shape, so every page shows waiting and failure the same way
 * (components/Status.tsx).
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { failure, type LocalizedText } from './client';

export type Load<T> = { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'failed'; message: LocalizedText; error: unknown };

export function toLoad<T>(query: UseQueryResult<T>): Load<T> {
  if (query.status === 'success') return { status: 'loaded', data: query.data };
  if (query.status === 'error') return { status: 'failed', message: failure(query.error), error: query.error };
  return { status: 'loading' };
}
