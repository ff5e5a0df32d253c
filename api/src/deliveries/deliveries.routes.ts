import { createRoute, type z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  ContractListSchema,
  ContractParamsSchema,
  ContractSchema,
  DeliveriesQuerySchema,
  DeliveryMonitorSchema,
  OutstandingDeliveriesSchema,
  SetContractSchema,
} from '../../../schemas/deliveries.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import type { Sql } from '../db/connect.ts';
import { pickProblems } from '../http/router.ts';
import { listContracts, setContract } from './contracts.ts';
import { deliveryMonitor, outstandingDeliveries } from './monitor.ts';

const readers = requireRole(['contract_manager', 'admin', 'provider'], { scope: 'results:read' });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const listContractsRoute = createRoute({
  method: 'get',
  path: '/contracts',
  tags: ['deliveries'],
  summary: 'Contracts: which provider must deliver which product categories, from when until when (a provider sees its own)',
  operationId: 'listContracts',
  middleware: [readers] as const,
  responses: { 200: json(ContractListSchema, 'Contracts by provider'), ...pickProblems(401, 403) },
});

const setContractRoute = createRoute({
  method: 'put',
  path: '/contracts/{agb}',
  tags: ['deliveries'],
  summary: "Set a provider's contract: its whole set of product categories and the dates (administrator)",
  description: 'Replaces the categories the provider is contracted for; an empty list ends the contract.',
  operationId: 'setContract',
  middleware: [requireRole(['admin'])] as const,
  request: {
    params: ContractParamsSchema,
    body: { required: true, content: { 'application/json': { schema: SetContractSchema } } },
  },
  responses: { 200: json(ContractSchema, 'The contract as it is now'), ...pickProblems(400, 401, 403, 404, 422) },
});

const monitorRoute = createRoute({
  method: 'get',
  path: '/deliveries',
  tags: ['deliveries'],
  summary: 'Delivery monitor: per provider × product category on time, late, missing or not expected, with on-time and completeness shares',
  description:
    'Per category only whether data arrived, never a record count; the current submission’s total record count is shown as on /submissions. A provider sees only its own.',
  operationId: 'getDeliveryMonitor',
  middleware: [readers] as const,
  request: { query: DeliveriesQuerySchema },
  responses: { 200: json(DeliveryMonitorSchema, 'The monitor for the period'), ...pickProblems(401, 403, 404, 422) },
});

const outstandingRoute = createRoute({
  method: 'get',
  path: '/deliveries/outstanding',
  tags: ['deliveries'],
  summary: 'What is still expected in the open periods and by when (a provider sees its own)',
  operationId: 'getOutstandingDeliveries',
  middleware: [readers] as const,
  responses: { 200: json(OutstandingDeliveriesSchema, 'Outstanding deliveries, oldest period first'), ...pickProblems(401, 403) },
});

export function registerDeliveryRoutes(router: OpenAPIHono, deps: { sql: Sql }): void {
  const actorOf = (c: Context) => principalOf(c).actor;
  router.openapi(listContractsRoute, async (c) => c.json({ contracts: await listContracts(deps.sql, actorOf(c), originOf(c)) }, 200));
  router.openapi(setContractRoute, async (c) =>
    c.json(await setContract(deps.sql, actorOf(c), c.req.valid('param').agb, c.req.valid('json'), originOf(c)), 200),
  );
  router.openapi(outstandingRoute, async (c) =>
    c.json({ outstanding: await outstandingDeliveries(deps.sql, actorOf(c), originOf(c)) }, 200),
  );
  router.openapi(monitorRoute, async (c) => c.json(await deliveryMonitor(deps.sql, actorOf(c), c.req.valid('query'), originOf(c)), 200));
}
