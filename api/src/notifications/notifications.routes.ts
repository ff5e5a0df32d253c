import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  NotificationListQuerySchema,
  NotificationListSchema,
  NotificationPreferencesSchema,
  NotificationSchema,
  ReadAllResultSchema,
  UpdateNotificationPreferencesSchema,
} from '../../../schemas/notifications-api.ts';
import { roles } from '../auth/actor.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import type { Sql } from '../db/connect.ts';
import { pickProblems } from '../http/router.ts';
import { getPreferences, listNotifications, markAllRead, markRead, setPreferences } from './inbox.ts';

// Every signed-in person has an inbox; no API client holds this scope, so machine tokens get 403.
const people = requireRole(roles, { scope: 'notifications:read' });

const idParams = z.object({ id: z.string().max(40).openapi({ example: '1' }) });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const listRoute = createRoute({
  method: 'get',
  path: '/notifications',
  tags: ['notifications'],
  summary: 'Your inbox: notifications of the reporting cycle, newest first, with the number unread',
  operationId: 'listNotifications',
  middleware: [people] as const,
  request: { query: NotificationListQuerySchema },
  responses: { 200: json(NotificationListSchema, 'Notifications, newest first'), ...pickProblems(401, 403, 422) },
});

const readAllRoute = createRoute({
  method: 'post',
  path: '/notifications/read-all',
  tags: ['notifications'],
  summary: 'Mark every notification in your inbox as read',
  operationId: 'markAllNotificationsRead',
  middleware: [people] as const,
  responses: { 200: json(ReadAllResultSchema, 'Marked'), ...pickProblems(401, 403) },
});

const preferencesRoute = createRoute({
  method: 'get',
  path: '/notifications/preferences',
  tags: ['notifications'],
  summary: 'Which notifications you receive (inbox, e-mail) and your language',
  operationId: 'getNotificationPreferences',
  middleware: [people] as const,
  responses: { 200: json(NotificationPreferencesSchema, 'Your choices'), ...pickProblems(401, 403) },
});

const updatePreferencesRoute = createRoute({
  method: 'put',
  path: '/notifications/preferences',
  tags: ['notifications'],
  summary: 'Choose per event whether it reaches your inbox and your e-mail, and the language of the portal and its e-mails',
  description: 'Events not named keep their choice. E-mail needs the inbox: a notification turned off in the inbox is not sent either.',
  operationId: 'updateNotificationPreferences',
  middleware: [people] as const,
  request: { body: { required: true, content: { 'application/json': { schema: UpdateNotificationPreferencesSchema } } } },
  responses: { 200: json(NotificationPreferencesSchema, 'Your choices'), ...pickProblems(400, 401, 403, 422) },
});

const readRoute = createRoute({
  method: 'post',
  path: '/notifications/{id}/read',
  tags: ['notifications'],
  summary: 'Mark one of your notifications as read (404 when it is not yours)',
  operationId: 'markNotificationRead',
  middleware: [people] as const,
  request: { params: idParams },
  responses: { 200: json(NotificationSchema, 'The notification, read'), ...pickProblems(401, 403, 404) },
});

export function registerNotificationRoutes(router: OpenAPIHono, deps: { sql: Sql }): void {
  const actorOf = (c: Context) => principalOf(c).actor;
  router.openapi(listRoute, async (c) => c.json(await listNotifications(deps.sql, actorOf(c), c.req.valid('query'), originOf(c)), 200));
  // Fixed paths before /notifications/{id}/read.
  router.openapi(readAllRoute, async (c) => c.json(await markAllRead(deps.sql, actorOf(c), originOf(c)), 200));
  router.openapi(preferencesRoute, async (c) => c.json(await getPreferences(deps.sql, actorOf(c), originOf(c)), 200));
  router.openapi(updatePreferencesRoute, async (c) =>
    c.json(await setPreferences(deps.sql, actorOf(c), c.req.valid('json'), originOf(c)), 200),
  );
  router.openapi(readRoute, async (c) => c.json(await markRead(deps.sql, actorOf(c), c.req.valid('param').id, originOf(c)), 200));
}
