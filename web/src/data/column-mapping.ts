/** The provider's remembered column mapping (GET/PUT /column-mapping): column names and codes only. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ColumnMapping } from '../../../schemas/column-mapping.ts';
import { client, ok } from './client';
import { toLoad } from './load';

export function useColumnMapping() {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/column-mapping'],
      queryFn: async ({ signal }) => ok(await client.GET('/column-mapping', { signal })),
    }),
  );
}

export function useSaveColumnMapping() {
  const queryClient = useQueryClient();
  return useCallback(
    async (mapping: ColumnMapping) => {
      const saved = ok(await client.PUT('/column-mapping', { body: mapping }));
      queryClient.setQueryData(['/api/v1/column-mapping'], saved);
      return saved;
    },
    [queryClient],
  );
}
