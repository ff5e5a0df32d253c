/**
 * The administration lists: loaded once per visit of a page, then kept up to date with the API's
 * answers to each change (no reload flicker) through the cache.
 */
import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback } from 'react';
import { client, ok } from './client';
import { toLoad, type Load } from './load';

type Update<T> = (change: (data: T) => T) => void;

function useList<T>(queryKey: QueryKey, queryFn: (signal: AbortSignal) => Promise<T>): [Load<T>, Update<T>] {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey, queryFn: ({ signal }) => queryFn(signal), staleTime: 0 });
  const update = useCallback<Update<T>>(
    (change) => queryClient.setQueryData<T>(queryKey, (current) => (current === undefined ? current : change(current))),
    [queryClient, queryKey],
  );
  return [toLoad(query), update];
}

const byCodeDescending = (a: { code: string }, b: { code: string }) => b.code.localeCompare(a.code);

export const useAdminUsers = () =>
  useList(['/api/v1/admin/users'], async (signal) => ok(await client.GET('/admin/users', { signal })).users);
export const useAdminProviders = () =>
  useList(['/api/v1/admin/providers'], async (signal) => ok(await client.GET('/admin/providers', { signal })).providers);
export const useApiClients = () =>
  useList(['/api/v1/admin/api-clients'], async (signal) => ok(await client.GET('/admin/api-clients', { signal })).clients);
export const useAdminPeriods = () =>
  useList(['/api/v1/admin/periods'], async (signal) => ok(await client.GET('/admin/periods', { signal })).periods.sort(byCodeDescending));
export const useRegionSettings = () =>
  useList(['/api/v1/admin/region'], async (signal) => ok(await client.GET('/admin/region', { signal })));
export const useLockExceptions = () =>
  useList(['/api/v1/admin/lock-exceptions'], async (signal) => ok(await client.GET('/admin/lock-exceptions', { signal })).exceptions);
export const useDialogueSettings = () =>
  useList(['/api/v1/dialogues/settings'], async (signal) => ok(await client.GET('/dialogues/settings', { signal })));
