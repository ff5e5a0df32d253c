import { createRoute, z } from '@hono/zod-openapi';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  ActionListQuerySchema,
  ActionListSchema,
  CreateActionSchema,
  CreateDialogueSchema,
  DialogueActionSchema,
  DialogueChangesSchema,
  DialogueHistorySchema,
  DialogueListQuerySchema,
  DialogueListSchema,
  DialogueSchema,
  DialogueSettingsSchema,
  UpdateActionSchema,
  UpdateDialogueSchema,
} from '../../../schemas/dialogue.ts';
import { originOf, principalOf, requireRole } from '../auth/middleware.ts';
import type { Sql } from '../db/connect.ts';
import { pickProblems, problemResponses } from '../http/router.ts';
import { addAction, listActions, updateAction } from './actions.ts';
import { dialogueChanges, dialogueHistory, getDialogue, listDialogues, prepareDialogue } from './dialogues.ts';
import { updateDialogue } from './update.ts';
import { getDialogueSettings, setDialogueSettings } from './settings.ts';

const readers = requireRole(['contract_manager', 'provider'], { scope: 'results:read' });
// No API client holds this scope: the dialogue is written by people.
const writers = requireRole(['contract_manager', 'provider'], { scope: 'dialogues:write' });
const managers = requireRole(['contract_manager'], { scope: 'dialogues:write' });

const idParams = z.object({ id: z.string().max(40).openapi({ example: '1' }) });
const actionParams = idParams.extend({ actionId: z.string().max(40).openapi({ example: '1' }) });
const ifMatchHeader = z.object({
  'if-match': z.string().max(40).optional().openapi({ description: 'The version you edited, as the ETag gave it ("3"); required' }),
});
const etag = { ETag: { schema: { type: 'string' as const }, description: 'The version: send it back in If-Match to change this' } };
const preconditionRequired = { 428: { description: 'If-Match missing', content: problemResponses[409].content } };
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

const listRoute = createRoute({
  method: 'get',
  path: '/dialogues',
  tags: ['dialogues'],
  summary: "Result dialogues: a contract manager sees the region's, a provider its own",
  operationId: 'listDialogues',
  middleware: [readers] as const,
  request: { query: DialogueListQuerySchema },
  responses: { 200: json(DialogueListSchema, 'Dialogues, newest period first'), ...pickProblems(401, 403, 422) },
});

const prepareRoute = createRoute({
  method: 'post',
  path: '/dialogues',
  tags: ['dialogues'],
  summary: 'Prepare a dialogue: freezes a snapshot of what the comparison engine says about the provider for the period',
  description:
    'The snapshot holds indicators with intervals, peer values, funnel positions and flags, case-mix O/E, trend and data quality, and the submission versions used; later submissions never change it.',
  operationId: 'prepareDialogue',
  middleware: [managers] as const,
  request: { body: { required: true, content: { 'application/json': { schema: CreateDialogueSchema } } } },
  responses: { 201: { ...json(DialogueSchema, 'Prepared'), headers: etag }, ...pickProblems(400, 401, 403, 404, 409, 422) },
});

const actionsListRoute = createRoute({
  method: 'get',
  path: '/dialogues/actions',
  tags: ['dialogues'],
  summary:
    'Improvement actions across dialogues; a municipality sees those of finished dialogues with providers serving its residents, if the region allows it',
  operationId: 'listDialogueActions',
  middleware: [requireRole(['contract_manager', 'provider', 'municipality'], { scope: 'results:read' })] as const,
  request: { query: ActionListQuerySchema },
  responses: { 200: json(ActionListSchema, 'Actions'), ...pickProblems(401, 403, 422) },
});

const settingsRoute = createRoute({
  method: 'get',
  path: '/dialogues/settings',
  tags: ['dialogues'],
  summary: "The region's dialogue settings",
  operationId: 'getDialogueSettings',
  middleware: [requireRole(['contract_manager', 'admin'])] as const,
  responses: { 200: json(DialogueSettingsSchema, 'Settings'), ...pickProblems(401, 403) },
});

const updateSettingsRoute = createRoute({
  method: 'put',
  path: '/dialogues/settings',
  tags: ['dialogues'],
  summary: "Change the region's dialogue settings (administrator)",
  operationId: 'updateDialogueSettings',
  middleware: [requireRole(['admin'])] as const,
  request: { body: { required: true, content: { 'application/json': { schema: DialogueSettingsSchema } } } },
  responses: { 200: json(DialogueSettingsSchema, 'Settings'), ...pickProblems(400, 401, 403, 422) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/dialogues/{id}',
  tags: ['dialogues'],
  summary: 'One dialogue with its snapshot, duiding, record, actions and carried-over actions (404 when it is not yours)',
  operationId: 'getDialogue',
  middleware: [readers] as const,
  request: { params: idParams },
  responses: { 200: { ...json(DialogueSchema, 'The dialogue'), headers: etag }, ...pickProblems(401, 403, 404, 422) },
});

const updateRoute = createRoute({
  method: 'patch',
  path: '/dialogues/{id}',
  tags: ['dialogues'],
  summary: 'Change a dialogue: the contract manager its status, meeting date and notes; the provider its duiding (before the meeting)',
  description:
    'Needs If-Match with the version you edited; when someone changed it meanwhile, 409 carries the current version and nothing is saved. A finished or cancelled dialogue answers 409.',
  operationId: 'updateDialogue',
  middleware: [writers] as const,
  request: {
    params: idParams,
    headers: ifMatchHeader,
    body: { required: true, content: { 'application/json': { schema: UpdateDialogueSchema } } },
  },
  responses: {
    200: { ...json(DialogueSchema, 'The changed dialogue'), headers: etag },
    ...pickProblems(400, 401, 403, 404, 409, 422),
    ...preconditionRequired,
  },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/dialogues/{id}/history',
  tags: ['dialogues'],
  summary: 'Every change to the dialogue and its actions: who, when, what',
  operationId: 'getDialogueHistory',
  middleware: [readers] as const,
  request: { params: idParams },
  responses: { 200: json(DialogueHistorySchema, 'History, oldest first'), ...pickProblems(401, 403, 404, 422) },
});

const changesRoute = createRoute({
  method: 'get',
  path: '/dialogues/{id}/changes',
  tags: ['dialogues'],
  summary: 'What differs between the frozen snapshot and the figures now (newer submissions, recomputations)',
  operationId: 'getDialogueChanges',
  middleware: [readers] as const,
  request: { params: idParams },
  responses: { 200: json(DialogueChangesSchema, 'Snapshot against now'), ...pickProblems(401, 403, 404, 422) },
});

const addActionRoute = createRoute({
  method: 'post',
  path: '/dialogues/{id}/actions',
  tags: ['dialogues'],
  summary: 'Record an agreed improvement action (contract manager)',
  operationId: 'addDialogueAction',
  middleware: [managers] as const,
  request: { params: idParams, body: { required: true, content: { 'application/json': { schema: CreateActionSchema } } } },
  responses: { 201: { ...json(DialogueActionSchema, 'Recorded'), headers: etag }, ...pickProblems(400, 401, 403, 404, 409, 422) },
});

const updateActionRoute = createRoute({
  method: 'patch',
  path: '/dialogues/{id}/actions/{actionId}',
  tags: ['dialogues'],
  summary: 'Change or follow up an action of this dialogue, or one carried over from an earlier dialogue with the provider',
  operationId: 'updateDialogueAction',
  middleware: [managers] as const,
  request: {
    params: actionParams,
    headers: ifMatchHeader,
    body: { required: true, content: { 'application/json': { schema: UpdateActionSchema } } },
  },
  responses: {
    200: { ...json(DialogueActionSchema, 'The changed action'), headers: etag },
    ...pickProblems(400, 401, 403, 404, 409, 422),
    ...preconditionRequired,
  },
});

const tag = (version: number) => ({ etag: `"${version}"` });

export function registerDialogueRoutes(router: OpenAPIHono, deps: { sql: Sql }): void {
  const actorOf = (c: Context) => principalOf(c).actor;
  router.openapi(listRoute, async (c) => c.json(await listDialogues(deps.sql, actorOf(c), c.req.valid('query'), originOf(c)), 200));
  router.openapi(prepareRoute, async (c) => {
    const dialogue = await prepareDialogue(deps.sql, actorOf(c), c.req.valid('json'), originOf(c));
    c.header('location', `/api/v1/dialogues/${dialogue.id}`);
    return c.json(dialogue, 201, tag(dialogue.version));
  });
  // Fixed paths before /dialogues/{id}, so "actions" and "settings" are never taken for an id.
  router.openapi(actionsListRoute, async (c) => c.json(await listActions(deps.sql, actorOf(c), c.req.valid('query'), originOf(c)), 200));
  router.openapi(settingsRoute, async (c) => c.json(await getDialogueSettings(deps.sql, actorOf(c), originOf(c)), 200));
  router.openapi(updateSettingsRoute, async (c) =>
    c.json(await setDialogueSettings(deps.sql, actorOf(c), c.req.valid('json'), originOf(c)), 200),
  );
  router.openapi(getRoute, async (c) => {
    const dialogue = await getDialogue(deps.sql, actorOf(c), c.req.valid('param').id, originOf(c));
    return c.json(dialogue, 200, tag(dialogue.version));
  });
  router.openapi(updateRoute, async (c) => {
    const dialogue = await updateDialogue(
      deps.sql,
      actorOf(c),
      c.req.valid('param').id,
      c.req.valid('header')['if-match'],
      c.req.valid('json'),
      originOf(c),
    );
    return c.json(dialogue, 200, tag(dialogue.version));
  });
  router.openapi(historyRoute, async (c) => c.json(await dialogueHistory(deps.sql, actorOf(c), c.req.valid('param').id, originOf(c)), 200));
  router.openapi(changesRoute, async (c) => c.json(await dialogueChanges(deps.sql, actorOf(c), c.req.valid('param').id, originOf(c)), 200));
  router.openapi(addActionRoute, async (c) => {
    const action = await addAction(deps.sql, actorOf(c), c.req.valid('param').id, c.req.valid('json'), originOf(c));
    return c.json(action, 201, tag(action.version));
  });
  router.openapi(updateActionRoute, async (c) => {
    const { id, actionId } = c.req.valid('param');
    const action = await updateAction(
      deps.sql,
      actorOf(c),
      id,
      actionId,
      c.req.valid('header')['if-match'],
      c.req.valid('json'),
      originOf(c),
    );
    return c.json(action, 200, tag(action.version));
  });
}
