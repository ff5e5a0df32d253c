/**
 * The resultaatdialoog: the list, the open actions, one dialogue (kept in the cache and replaced
 * by the answer to each change, or by the current one a 409 sends back) and its newer figures.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { components } from '../api/schema';
import { client, ok } from './client';
import { toLoad } from './load';

type Dialogue = components['schemas']['Dialogue'];

export function useDialogues() {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/dialogues'],
      queryFn: async ({ signal }) => ok(await client.GET('/dialogues', { signal })),
      staleTime: 0,
    }),
  );
}

export function useOpenActions() {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/dialogues/actions', 'open'],
      queryFn: async ({ signal }) => ok(await client.GET('/dialogues/actions', { params: { query: { status: 'open' } }, signal })),
      staleTime: 0,
    }),
  );
}

const dialogueKey = (id: string) => ['/api/v1/dialogues/{id}', id];

/** One dialogue, and a setter that replaces it in the cache (after a save, or a 409's current state). */
export function useDialogueQuery(id: string) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: dialogueKey(id),
    queryFn: async ({ signal }) => ok(await client.GET('/dialogues/{id}', { params: { path: { id } }, signal })) as Dialogue,
    staleTime: 0,
  });
  const change = useCallback(
    (update: (dialogue: Dialogue) => Dialogue) => {
      queryClient.setQueryData<Dialogue>(dialogueKey(id), (current) => (current ? update(current) : current));
      // The list shows status and open actions: ask it again next time.
      void queryClient.invalidateQueries({ queryKey: ['/api/v1/dialogues'], exact: true });
    },
    [queryClient, id],
  );
  return { query, change };
}

/** What changed in the figures since the snapshot; asked only when the user opens it. */
export function useDialogueChanges(id: string, asked: boolean) {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/dialogues/{id}/changes', id],
      queryFn: async ({ signal }) => ok(await client.GET('/dialogues/{id}/changes', { params: { path: { id } }, signal })),
      enabled: asked,
    }),
  );
}

/** Every change to a dialogue, asked once the user opens the history and again for each new version. */
export function useDialogueHistory(id: string, version: number, asked: boolean) {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/dialogues/{id}/history', id, version],
      queryFn: async ({ signal }) => ok(await client.GET('/dialogues/{id}/history', { params: { path: { id } }, signal })),
      enabled: asked,
    }),
  );
}
