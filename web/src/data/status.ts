/** Whether the portal answers: the public start page says so. */
import { useQuery } from '@tanstack/react-query';
import { client } from './client';
import { toLoad } from './load';

export function useReadiness() {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/readyz'],
      queryFn: async ({ signal }) => {
        await client.GET('/readyz', { signal });
        return true;
      },
    }),
  );
}
