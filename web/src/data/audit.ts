/** The auditor's reads: the access log, its checkpoints, monitoring, verification and the CSV export. */
import { useQuery } from '@tanstack/react-query';
import type { paths } from '../api/schema';
import { client, download, ok } from './client';
import { toLoad } from './load';

export type AccessEventQuery = NonNullable<paths['/audit/events']['get']['parameters']['query']>;
export type MonitoringQuery = NonNullable<paths['/audit/monitoring']['get']['parameters']['query']>;
export type CheckpointQuery = NonNullable<paths['/audit/checkpoints']['get']['parameters']['query']>;

export function useAccessEvents(query: AccessEventQuery) {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/audit/events', query],
      queryFn: async ({ signal }) => ok(await client.GET('/audit/events', { params: { query }, signal })),
      staleTime: 0,
    }),
  );
}

export function useCheckpoints(query: CheckpointQuery) {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/audit/checkpoints', query],
      queryFn: async ({ signal }) => ok(await client.GET('/audit/checkpoints', { params: { query }, signal })),
      staleTime: 0,
    }),
  );
}

export function useMonitoring(query: MonitoringQuery) {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/audit/monitoring', query],
      queryFn: async ({ signal }) => ok(await client.GET('/audit/monitoring', { params: { query }, signal })),
      staleTime: 0,
    }),
  );
}

/** Checks the whole chain now (on request: it reads every entry). */
export async function verifyChain() {
  return ok(await client.GET('/audit/verify'));
}

/** The access log as CSV, with the file name the server suggests. */
export function exportAccessEvents(query: AccessEventQuery) {
  return download(client.GET('/audit/events', { params: { query }, headers: { Accept: 'text/csv' }, parseAs: 'blob' }));
}
