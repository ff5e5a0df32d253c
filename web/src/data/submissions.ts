/** Submissions (aanleveringen) as lists: the provider's own, or the region's for a contract manager. */
import { useQuery } from '@tanstack/react-query';
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
