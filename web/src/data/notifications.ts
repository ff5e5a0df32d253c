/**
 * The signed-in user's notifications (issue 17): the inbox with its unread count (asked again every
 * minute, so the header's count follows the reminders the server makes), marking read, and the
 * preferences with the user's language.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { components } from '../api/schema';
import { client, ok } from './client';
import { toLoad } from './load';

export type Notification = components['schemas']['Notification'];
export type NotificationPreferences = components['schemas']['NotificationPreferences'];
type UpdatePreferences = components['schemas']['UpdateNotificationPreferences'];

const inboxKey = ['/api/v1/notifications'];
const preferencesKey = ['/api/v1/notifications/preferences'];
const everyMinute = 60_000;

function useInboxQuery(enabled: boolean) {
  return useQuery({
    queryKey: inboxKey,
    queryFn: async ({ signal }) => ok(await client.GET('/notifications', { signal })),
    enabled,
    staleTime: 0,
    refetchInterval: everyMinute,
  });
}

export function useNotifications() {
  return toLoad(useInboxQuery(true));
}

/** The number unread, or undefined while unknown (or when nobody is signed in: `enabled` false). */
export function useUnreadCount(enabled: boolean): number | undefined {
  return useInboxQuery(enabled).data?.unreadCount;
}

/** Mark one (id) or all (undefined) as read; the inbox and its count are asked again. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useCallback(
    async (id?: string) => {
      if (id === undefined) ok(await client.POST('/notifications/read-all'));
      else ok(await client.POST('/notifications/{id}/read', { params: { path: { id } } }));
      await queryClient.invalidateQueries({ queryKey: inboxKey, exact: true });
    },
    [queryClient],
  );
}

export function useNotificationPreferences() {
  return toLoad(
    useQuery({
      queryKey: preferencesKey,
      queryFn: async ({ signal }) => ok(await client.GET('/notifications/preferences', { signal })),
      staleTime: 0,
    }),
  );
}

/** Saves choices (and/or the language); the cache takes the server's answer. Refusals throw ApiError. */
export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useCallback(
    async (body: UpdatePreferences) => {
      const saved = ok(await client.PUT('/notifications/preferences', { body }));
      queryClient.setQueryData(preferencesKey, saved);
      return saved;
    },
    [queryClient],
  );
}
