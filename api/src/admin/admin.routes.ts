import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  AdminApiClientSchema,
  AdminProviderSchema,
  AdminUserSchema,
  CreateApiClientRequestSchema,
  CreatedApiClientSchema,
  CreatedUserSchema,
  CreatePeriodRequestSchema,
  CreateProviderRequestSchema,
  CreateUserRequestSchema,
  PeriodSchema,
  RegionSettingsSchema,
  SecondFactorResetSchema,
  UpdateApiClientRequestSchema,
  UpdatePeriodRequestSchema,
  UpdateRegionSettingsRequestSchema,
  UpdateUserRequestSchema,
} from '../../../schemas/admin.ts';
import { periodCodePattern } from '../../../schemas/submission.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import type { Sql } from '../db/connect.ts';
import { requireContentType } from '../http/content-type.ts';
import { pickProblems } from '../http/router.ts';
import { listPeriods } from '../ingest/codes.ts';
import { createApiClient } from './api-clients.ts';
import * as manage from './manage.ts';
import { createProvider } from './organisations.ts';
import { createUser } from './users.ts';

const admin = [requireRole(['admin'])];
const adminWrite = [requireRole(['admin']), requireContentType('application/json')];
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const tags = ['admin'];

const routes = {
  listUsers: createRoute({
    method: 'get',
    path: '/admin/users',
    tags,
    summary: "The region's accounts",
    operationId: 'adminListUsers',
    middleware: admin,
    responses: { 200: json(z.object({ users: z.array(AdminUserSchema) }), 'Accounts'), ...pickProblems(401, 403) },
  }),
  createUser: createRoute({
    method: 'post',
    path: '/admin/users',
    tags,
    summary: 'Create an account (one-time password and TOTP secret in the answer)',
    operationId: 'adminCreateUser',
    middleware: adminWrite,
    request: body(CreateUserRequestSchema),
    responses: { 201: json(CreatedUserSchema, 'Created'), ...pickProblems(400, 401, 403, 409, 415, 422) },
  }),
  updateUser: createRoute({
    method: 'patch',
    path: '/admin/users/{id}',
    tags,
    summary: 'Disable or enable an account, or change its role',
    operationId: 'adminUpdateUser',
    middleware: adminWrite,
    request: { params: z.object({ id: z.string().max(20) }), ...body(UpdateUserRequestSchema) },
    responses: { 200: json(AdminUserSchema, 'Updated'), ...pickProblems(400, 401, 403, 404, 409, 415, 422) },
  }),
  resetSecondFactor: createRoute({
    method: 'post',
    path: '/admin/users/{id}/second-factor',
    tags,
    summary: 'Reset the second factor: a new TOTP secret, shown once',
    operationId: 'adminResetSecondFactor',
    middleware: admin,
    request: { params: z.object({ id: z.string().max(20) }) },
    responses: { 200: json(SecondFactorResetSchema, 'New secret'), ...pickProblems(401, 403, 404) },
  }),
  listProviders: createRoute({
    method: 'get',
    path: '/admin/providers',
    tags,
    summary: "The region's provider organisations",
    operationId: 'adminListProviders',
    middleware: admin,
    responses: { 200: json(z.object({ providers: z.array(AdminProviderSchema) }), 'Providers'), ...pickProblems(401, 403) },
  }),
  createProvider: createRoute({
    method: 'post',
    path: '/admin/providers',
    tags,
    summary: 'Add a provider organisation',
    operationId: 'adminCreateProvider',
    middleware: adminWrite,
    request: body(CreateProviderRequestSchema),
    responses: { 201: json(z.object({ agb: z.string(), name: z.string() }), 'Created'), ...pickProblems(400, 401, 403, 409, 415, 422) },
  }),
  listClients: createRoute({
    method: 'get',
    path: '/admin/api-clients',
    tags,
    summary: "Providers' API clients",
    operationId: 'adminListApiClients',
    middleware: admin,
    responses: { 200: json(z.object({ clients: z.array(AdminApiClientSchema) }), 'Clients'), ...pickProblems(401, 403) },
  }),
  createClient: createRoute({
    method: 'post',
    path: '/admin/api-clients',
    tags,
    summary: 'Create an API client for a provider (secret shown once)',
    operationId: 'adminCreateApiClient',
    middleware: adminWrite,
    request: body(CreateApiClientRequestSchema),
    responses: { 201: json(CreatedApiClientSchema, 'Created'), ...pickProblems(400, 401, 403, 404, 415, 422) },
  }),
  updateClient: createRoute({
    method: 'patch',
    path: '/admin/api-clients/{clientId}',
    tags,
    summary: 'Disable or enable an API client',
    operationId: 'adminUpdateApiClient',
    middleware: adminWrite,
    request: { params: z.object({ clientId: z.string().max(64) }), ...body(UpdateApiClientRequestSchema) },
    responses: { 200: json(AdminApiClientSchema, 'Updated'), ...pickProblems(401, 403, 404, 415, 422) },
  }),
  listPeriods: createRoute({
    method: 'get',
    path: '/admin/periods',
    tags,
    summary: 'Reporting periods',
    operationId: 'adminListPeriods',
    middleware: admin,
    responses: { 200: json(z.object({ periods: z.array(PeriodSchema) }), 'Periods'), ...pickProblems(401, 403) },
  }),
  createPeriod: createRoute({
    method: 'post',
    path: '/admin/periods',
    tags,
    summary: 'Open a reporting period with its deadline',
    operationId: 'adminCreatePeriod',
    middleware: adminWrite,
    request: body(CreatePeriodRequestSchema),
    responses: { 201: json(PeriodSchema, 'Created'), ...pickProblems(401, 403, 409, 415, 422) },
  }),
  updatePeriod: createRoute({
    method: 'patch',
    path: '/admin/periods/{code}',
    tags,
    summary: "Change a period's deadline or close it",
    operationId: 'adminUpdatePeriod',
    middleware: adminWrite,
    request: { params: z.object({ code: z.string().regex(periodCodePattern) }), ...body(UpdatePeriodRequestSchema) },
    responses: { 200: json(PeriodSchema, 'Updated'), ...pickProblems(401, 403, 404, 415, 422) },
  }),
  getRegion: createRoute({
    method: 'get',
    path: '/admin/region',
    tags,
    summary: "The region's thresholds",
    operationId: 'adminGetRegion',
    middleware: admin,
    responses: { 200: json(RegionSettingsSchema, 'Settings'), ...pickProblems(401, 403) },
  }),
  updateRegion: createRoute({
    method: 'patch',
    path: '/admin/region',
    tags,
    summary: 'Change minimum n, peer and flag thresholds, response threshold, retention',
    operationId: 'adminUpdateRegion',
    middleware: adminWrite,
    request: body(UpdateRegionSettingsRequestSchema),
    responses: { 200: json(RegionSettingsSchema, 'Updated'), ...pickProblems(401, 403, 415, 422) },
  }),
};

export function registerAdminRoutes(router: OpenAPIHono, deps: { sql: Sql; secretBoxKey: Uint8Array }): void {
  const { sql } = deps;
  const actorOf = (c: Parameters<typeof principalOf>[0]) => principalOf(c).actor;
  const listed = async <T>(
    c: Parameters<typeof principalOf>[0],
    what: Parameters<typeof manage.logAdminRead>[2],
    rows: T[],
  ): Promise<T[]> => {
    await manage.logAdminRead(sql, actorOf(c), what, rows.length, originOf(c));
    return rows;
  };
  router.openapi(routes.listUsers, async (c) => c.json({ users: await listed(c, 'users', await manage.listUsers(sql, actorOf(c))) }, 200));
  router.openapi(routes.createUser, async (c) => {
    const actor = actorOf(c);
    const input = c.req.valid('json');
    const created = await createUser(sql, actor, { ...input, regionCode: actor.regionCode! }, deps.secretBoxKey);
    const user = (await manage.listUsers(sql, actor)).find((u) => u.id === String(created.id))!;
    return c.json({ user, password: created.password, totpSecret: created.totpSecret, otpauthUri: created.otpauthUri }, 201);
  });
  router.openapi(routes.updateUser, async (c) =>
    c.json(await manage.updateUser(sql, actorOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
  router.openapi(routes.resetSecondFactor, async (c) =>
    c.json(await manage.resetSecondFactor(sql, actorOf(c), c.req.valid('param').id, deps.secretBoxKey), 200),
  );
  router.openapi(routes.listProviders, async (c) =>
    c.json({ providers: await listed(c, 'providers', await manage.listProviders(sql, actorOf(c))) }, 200),
  );
  router.openapi(routes.createProvider, async (c) => {
    const actor = actorOf(c);
    const created = await createProvider(sql, actor, { ...c.req.valid('json'), regionCode: actor.regionCode! });
    return c.json({ agb: created.code!, name: created.name }, 201);
  });
  router.openapi(routes.listClients, async (c) =>
    c.json({ clients: await listed(c, 'api_clients', await manage.listApiClients(sql, actorOf(c))) }, 200),
  );
  router.openapi(routes.createClient, async (c) => {
    const actor = actorOf(c);
    return c.json(await createApiClient(sql, actor, { ...c.req.valid('json'), regionCode: actor.regionCode! }), 201);
  });
  router.openapi(routes.updateClient, async (c) =>
    c.json(await manage.setApiClientDisabled(sql, actorOf(c), c.req.valid('param').clientId, c.req.valid('json').disabled), 200),
  );
  router.openapi(routes.listPeriods, async (c) => c.json({ periods: await listed(c, 'periods', await listPeriods(sql, actorOf(c))) }, 200));
  router.openapi(routes.createPeriod, async (c) => c.json(await manage.createPeriod(sql, actorOf(c), c.req.valid('json')), 201));
  router.openapi(routes.updatePeriod, async (c) =>
    c.json(await manage.updatePeriod(sql, actorOf(c), c.req.valid('param').code, c.req.valid('json')), 200),
  );
  router.openapi(routes.getRegion, async (c) => {
    const settings = await manage.regionSettings(sql, actorOf(c));
    await manage.logAdminRead(sql, actorOf(c), 'region', 1, originOf(c));
    return c.json(settings, 200);
  });
  router.openapi(routes.updateRegion, async (c) => c.json(await manage.updateRegionSettings(sql, actorOf(c), c.req.valid('json')), 200));
}
