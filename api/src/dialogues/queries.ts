/**
 * The dialogue tables: reading, scoping and the history. Scoping is part of every query: a provider
 * only ever finds its own dialogues (another provider's is "not found", so existence does not
 * leak), contract managers those of their region; nobody else finds any.
 */
import type { DialogueStatus, Snapshot } from '../../../schemas/dialogue.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/connect.ts';
import { Forbidden, NotFound } from '../errors.ts';

export type { DialogueStatus };

export interface Explanation {
  indicator: string;
  productCategory: string | null;
  text: string;
}

export interface DialogueRow {
  id: string;
  regionCode: string;
  providerId: number;
  providerAgb: string;
  providerName: string;
  periodCode: string;
  productCategories: string[];
  status: DialogueStatus;
  version: number;
  meetingDate: string | null;
  notes: string | null;
  generalExplanation: string | null;
  explanations: Explanation[];
  snapshot: Snapshot;
  previousDialogueId: string | null;
  preparedAt: string;
  preparedBy: string;
  updatedAt: string;
  openActions: number;
}

export interface ActionRow {
  id: string;
  dialogueId: string;
  period: string;
  providerId: number;
  providerAgb: string;
  providerName: string;
  description: string;
  owner: 'provider' | 'region';
  dueDate: string;
  status: 'open' | 'done' | 'dropped';
  followUp: string | null;
  followedUpInDialogueId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Change {
  field: string;
  from: unknown;
  to: unknown;
}

export const notFound = () =>
  new NotFound('dialogue_not_found', {
    nl: 'Deze dialoog bestaat niet of is niet voor u.',
    en: 'This dialogue does not exist or is not yours to see.',
  });

/** Which dialogues an actor may see at all. */
export function dialogueScope(db: Queryable, actor: Actor) {
  if (actor.role === 'provider' && actor.organisationId !== null) return db`d.provider_id = ${actor.organisationId}`;
  if (actor.role === 'contract_manager' && actor.regionCode) return db`d.region_code = ${actor.regionCode}`;
  throw new Forbidden();
}

function selectDialogues(db: Queryable) {
  return db`select d.id, d.region_code, d.provider_id, o.code as provider_agb, o.name as provider_name, d.period_code,
      d.product_categories, d.status, d.version, d.meeting_date, d.notes, d.general_explanation, d.explanations,
      d.snapshot, d.previous_dialogue_id, d.prepared_at, d.prepared_by, d.updated_at,
      (select count(*)::int from dialogue_actions a where a.dialogue_id = d.id and a.status = 'open') as open_actions
    from dialogues d join organisations o on o.id = d.provider_id`;
}

function toDialogueRow(row: Record<string, unknown>): DialogueRow {
  return {
    id: String(row.id),
    regionCode: row.regionCode as string,
    providerId: Number(row.providerId),
    providerAgb: row.providerAgb as string,
    providerName: row.providerName as string,
    periodCode: row.periodCode as string,
    productCategories: (row.productCategories as string[]) ?? [],
    status: row.status as DialogueStatus,
    version: Number(row.version),
    meetingDate: (row.meetingDate as string | null) ?? null,
    notes: (row.notes as string | null) ?? null,
    generalExplanation: (row.generalExplanation as string | null) ?? null,
    explanations: (row.explanations as Explanation[]) ?? [],
    snapshot: row.snapshot as Snapshot,
    previousDialogueId: row.previousDialogueId === null ? null : String(row.previousDialogueId),
    preparedAt: (row.preparedAt as Date).toISOString(),
    preparedBy: row.preparedBy as string,
    updatedAt: (row.updatedAt as Date).toISOString(),
    openActions: Number(row.openActions),
  };
}

const validId = (id: string) => /^[0-9]{1,18}$/.test(id);

/** One dialogue the actor may see, or null; `lock` holds the row for the caller's transaction. */
export async function findDialogue(db: Queryable, actor: Actor, id: string, lock = false): Promise<DialogueRow | null> {
  if (!validId(id)) return null;
  const [row] = await db`${selectDialogues(db)} where d.id = ${id} and ${dialogueScope(db, actor)} ${lock ? db`for update of d` : db``}`;
  return row ? toDialogueRow(row) : null;
}

export async function findDialogueUnscoped(db: Queryable, id: string): Promise<DialogueRow | null> {
  const [row] = await db`${selectDialogues(db)} where d.id = ${id}`;
  return row ? toDialogueRow(row) : null;
}

export async function listDialogueRows(
  db: Queryable,
  actor: Actor,
  filter: { period?: string; providerAgb?: string; status?: DialogueStatus },
): Promise<DialogueRow[]> {
  const rows = await db`${selectDialogues(db)} where ${dialogueScope(db, actor)}
    ${filter.period ? db`and d.period_code = ${filter.period}` : db``}
    ${filter.providerAgb ? db`and o.code = ${filter.providerAgb}` : db``}
    ${filter.status ? db`and d.status = ${filter.status}` : db``}
    order by d.period_code desc, o.name, d.id desc limit 1000`;
  return rows.map(toDialogueRow);
}

/** The latest live dialogue with the same provider for an earlier period: what the next one compares with. */
export async function previousDialogue(db: Queryable, providerId: number, periodCode: string): Promise<DialogueRow | null> {
  const [row] =
    await db`${selectDialogues(db)} where d.provider_id = ${providerId} and d.period_code < ${periodCode} and d.status <> 'geannuleerd'
    order by d.period_code desc, d.id desc limit 1`;
  return row ? toDialogueRow(row) : null;
}

export async function liveDialogueFor(db: Queryable, providerId: number, periodCode: string, categories: string[]): Promise<string | null> {
  const [row] = await db`select id from dialogues where provider_id = ${providerId} and period_code = ${periodCode}
    and product_categories = ${categories}::text[] and status <> 'geannuleerd'`;
  return row ? String(row.id) : null;
}

function selectActions(db: Queryable) {
  return db`select a.id, a.dialogue_id, d.period_code as period, d.provider_id, o.code as provider_agb, o.name as provider_name,
      a.description, a.owner, a.due_date, a.status, a.follow_up, a.followed_up_in_dialogue_id, a.version, a.created_at, a.updated_at
    from dialogue_actions a join dialogues d on d.id = a.dialogue_id join organisations o on o.id = d.provider_id`;
}

function toActionRow(row: Record<string, unknown>): ActionRow {
  return {
    id: String(row.id),
    dialogueId: String(row.dialogueId),
    period: row.period as string,
    providerId: Number(row.providerId),
    providerAgb: row.providerAgb as string,
    providerName: row.providerName as string,
    description: row.description as string,
    owner: row.owner as ActionRow['owner'],
    dueDate: row.dueDate as string,
    status: row.status as ActionRow['status'],
    followUp: (row.followUp as string | null) ?? null,
    followedUpInDialogueId: row.followedUpInDialogueId === null ? null : String(row.followedUpInDialogueId),
    version: Number(row.version),
    createdAt: (row.createdAt as Date).toISOString(),
    updatedAt: (row.updatedAt as Date).toISOString(),
  };
}

export async function actionsOf(db: Queryable, dialogueId: string): Promise<ActionRow[]> {
  return (await db`${selectActions(db)} where a.dialogue_id = ${dialogueId} order by a.id`).map(toActionRow);
}

/**
 * Actions carried over into a dialogue: those of earlier live dialogues with the same provider that
 * are still open, plus those closed in this dialogue (so the follow-up stays visible here).
 */
export async function carriedOverActions(db: Queryable, dialogue: { id: string; providerId: number }): Promise<ActionRow[]> {
  const rows = await db`${selectActions(db)}
    where d.provider_id = ${dialogue.providerId} and d.id < ${dialogue.id} and d.status <> 'geannuleerd'
      and (a.status = 'open' or a.followed_up_in_dialogue_id = ${dialogue.id})
    order by a.due_date, a.id`;
  return rows.map(toActionRow);
}

/** An action that may be followed up in this dialogue: its own, or one carried over into it. */
export async function findActionFor(
  db: Queryable,
  dialogue: { id: string; providerId: number },
  actionId: string,
): Promise<(ActionRow & { ownMeetingDate: string | null }) | null> {
  if (!validId(actionId)) return null;
  const [row] = await db`select a.*, d.meeting_date as own_meeting_date from (${selectActions(db)}) a
    join dialogues d on d.id = a.dialogue_id
    where a.id = ${actionId} and (a.dialogue_id = ${dialogue.id} or (d.provider_id = ${dialogue.providerId} and d.id < ${dialogue.id}
      and d.status <> 'geannuleerd' and (a.status = 'open' or a.followed_up_in_dialogue_id = ${dialogue.id})))`;
  return row ? { ...toActionRow(row), ownMeetingDate: (row.ownMeetingDate as string | null) ?? null } : null;
}

/** Actions of finished dialogues in a region (municipality view); the caller narrows to providers. */
export async function listActionRows(
  db: Queryable,
  scope: { regionCode: string; providerId?: number; finishedOnly: boolean },
  filter: { period?: string; providerAgb?: string; status?: ActionRow['status'] },
): Promise<ActionRow[]> {
  const rows = await db`${selectActions(db)} where d.region_code = ${scope.regionCode} and d.status <> 'geannuleerd'
    ${scope.providerId !== undefined ? db`and d.provider_id = ${scope.providerId}` : db``}
    ${scope.finishedOnly ? db`and d.status = 'afgerond'` : db``}
    ${filter.period ? db`and d.period_code = ${filter.period}` : db``}
    ${filter.providerAgb ? db`and o.code = ${filter.providerAgb}` : db``}
    ${filter.status ? db`and a.status = ${filter.status}` : db``}
    order by d.period_code desc, o.name, a.due_date, a.id limit 5000`;
  return rows.map(toActionRow);
}

/** Who did it, as stored on a history entry or a dialogue: `type:id:role:organisation`. */
export function actorRef(actor: Actor): string {
  return [actor.type, actor.id ?? '', actor.role ?? '', actor.organisationCode ?? ''].join(':');
}

export async function recordEvent(
  db: Queryable,
  actor: Actor,
  event: {
    dialogueId: string;
    event: 'prepared' | 'updated' | 'action_added' | 'action_updated';
    version: number;
    changes: Change[];
    actionId?: string;
  },
): Promise<void> {
  await db`insert into dialogue_events (dialogue_id, actor_type, actor_id, actor_role, actor_organisation, event, action_id, version, changes)
    values (${event.dialogueId}, ${actor.type}, ${actor.id}, ${actor.role}, ${actor.organisationCode}, ${event.event}, ${event.actionId ?? null},
      ${event.version}, ${db.json(event.changes as never)})`;
}

export interface Who {
  name: string;
  role: string | null;
  organisation: string | null;
}

/** A person's display name (or e-mail) for user actors; the system or client label otherwise. */
export async function whoIs(
  db: Queryable,
  refs: Array<{ type: string; id: string | null; role: string | null; organisation: string | null }>,
): Promise<Who[]> {
  const userIds = [...new Set(refs.filter((r) => r.type === 'user' && r.id && /^[0-9]+$/.test(r.id)).map((r) => r.id!))];
  const users = userIds.length ? await db`select id, display_name, email from users where id = any(${userIds}::bigint[])` : [];
  const names = new Map(users.map((u) => [String(u.id), (u.displayName as string) || (u.email as string)]));
  return refs.map((r) => ({
    name: (r.type === 'user' && r.id && names.get(r.id)) || `${r.type}${r.id ? ` ${r.id}` : ''}`,
    role: r.role,
    organisation: r.organisation,
  }));
}

export function parseActorRef(ref: string) {
  const [type, id, role, organisation] = ref.split(':');
  return { type, id: id || null, role: role || null, organisation: organisation || null };
}

export async function historyRows(db: Queryable, dialogueId: string) {
  return db`select id, occurred_at, actor_type, actor_id, actor_role, actor_organisation, event, action_id, version, changes
    from dialogue_events where dialogue_id = ${dialogueId} order by id`;
}

export async function dialogueHeader(db: Queryable, id: string): Promise<{ id: string; period: string; status: DialogueStatus } | null> {
  const [row] = await db`select id, period_code, status from dialogues where id = ${id}`;
  return row ? { id: String(row.id), period: row.periodCode as string, status: row.status as DialogueStatus } : null;
}
