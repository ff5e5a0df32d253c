/** Expected deliveries: the delivery monitor (contract manager, admin) and what a provider still owes. */
import { useQuery } from '@tanstack/react-query';
import type { components } from '../api/schema';
import { client, ok } from './client';
import { toLoad } from './load';

export type DeliveryMonitor = components['schemas']['DeliveryMonitor'];
export type DeliveryStatus = components['schemas']['DeliveryStatus'];
export type OutstandingDeliveries = components['schemas']['OutstandingDeliveries'];

/** The monitor for a period; no period: the latest that has started. */
export function useDeliveryMonitor(period: string | undefined) {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/deliveries', period ?? null],
      queryFn: async ({ signal }) => ok(await client.GET('/deliveries', { params: { query: period ? { period } : {} }, signal })),
    }),
  );
}

/** What is still expected in the open periods and by when; `enabled: false` asks nothing. */
export function useOutstandingDeliveries(enabled = true) {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/deliveries/outstanding'],
      queryFn: async ({ signal }) => ok(await client.GET('/deliveries/outstanding', { signal })).outstanding,
      enabled,
    }),
  );
}
