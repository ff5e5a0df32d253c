/** Submissions (aanleveringen) as lists: the provider's own, or the region's for a contract manager; restoring a replaced version. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { paths } from '../api/schema';
import { client, ok } from './client';
import { toLoad } from './load';

export type SubmissionQuery = NonNullable<paths['/submissions']['get']['parameters']['query']>;

/** `undefined` waits. */
export function useSubmissions(query: SubmissionQuery | undefined) {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/submissions', query],
      queryFn: async ({ signal }) => ok(await client.GET('/submissions', { params: { query: query! }, signal })),
      enabled: query !== undefined,
    }),
  );
}

/**
 * Makes a replaced version current again (POST /submissions/{id}/restore); the lists are asked
 * again afterwards, since two rows changed status. Refusals throw ApiError with the server's reason.
 */
export function useRestoreSubmission() {
  const queryClient = useQueryClient();
  return useCallback(
    async (id: string) => {
      const restored = ok(await client.POST('/submissions/{id}/restore', { params: { path: { id } } }));
      await queryClient.invalidateQueries({ queryKey: ['/api/v1/submissions'] });
      return restored;
    },
    [queryClient],
  );
}
