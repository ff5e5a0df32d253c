/** Expected deliveries: contracts, the delivery monitor (contract manager, admin) and what a provider still owes. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
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

export type Contract = components['schemas']['Contract'];
export type SetContractRequest = components['schemas']['SetContractRequest'];

/** The region's contracts (a provider: its own). */
export function useContracts() {
  return toLoad(
    useQuery({
      queryKey: ['/api/v1/contracts'],
      queryFn: async ({ signal }) => ok(await client.GET('/contracts', { signal })).contracts,
      staleTime: 0,
    }),
  );
}

/** Sets a provider's contract (administrator); the contract list and the monitor are asked again. Refusals throw ApiError. */
export function useSetContract() {
  const queryClient = useQueryClient();
  return useCallback(
    async (agb: string, body: SetContractRequest) => {
      const contract = ok(await client.PUT('/contracts/{agb}', { params: { path: { agb } }, body }));
      await queryClient.invalidateQueries({ queryKey: ['/api/v1/contracts'] });
      await queryClient.invalidateQueries({ queryKey: ['/api/v1/deliveries'] });
      return contract;
    },
    [queryClient],
  );
}
