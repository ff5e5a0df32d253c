/**
 * Improvement actions (verbeteracties) agreed in a dialogue: what, who (provider or region), by
 * when, and how it went. Open actions carry over into the next dialogue with the same provider and
 * are followed up there, even when the dialogue they came from is finished. Municipalities see the
 * actions of finished dialogues with providers that serve their residents, if the region allows it.
 */
import { loggableId } from '../audit/append.ts';
import { finalStatuses, plainTextProblems, textLimits } from '../../../schemas/dialogue.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import type { Queryable, Sql } from '../db/connect.ts';
import { Conflict, Forbidden, NotFound, ValidationFailed, type ProblemItem } from '../errors.ts';
import { countsByProvider } from '../indicators/aggregate.ts';
import { logDialogueAccess, withRefusalsLogged } from './access-log.ts';
import { versionFromIfMatch } from './update.ts';
import { closedDialogue, definedOnly, publicAction, today } from './view.ts';
import {
  actorRef,
  findActionFor,
  findDialogue,
  listActionRows,
  notFound,
  recordEvent,
  type ActionRow,
  type Change,
  type DialogueRow,
} from './queries.ts';
import { actionsVisibleToMunicipalities } from './settings.ts';

export interface NewAction {
  description: string;
  owner: 'provider' | 'region';
  dueDate: string;
}

export interface ActionPatch {
  description?: string;
  owner?: 'provider' | 'region';
  dueDate?: string;
  status?: 'open' | 'done' | 'dropped';
  followUp?: string | null;
}

/** A due date lies on or after the meeting (or, before a meeting date is known, today). */
function dueDateProblem(dueDate: string, meetingDate: string | null): ProblemItem | null {
  const earliest = meetingDate ?? today();
  if (dueDate >= earliest) return null;
  return {
    field: 'json.dueDate',
    code: 'due_date_before_meeting',
    message: meetingDate
      ? {
          nl: `De deadline ${dueDate} ligt vóór het gesprek van ${meetingDate}.`,
          en: `The due date ${dueDate} is before the meeting of ${meetingDate}.`,
        }
      : { nl: `De deadline ${dueDate} ligt in het verleden.`, en: `The due date ${dueDate} is in the past.` },
  };
}

async function editableDialogue(tx: Queryable, actor: Actor, dialogueId: string): Promise<DialogueRow> {
  const dialogue = await findDialogue(tx, actor, dialogueId, true);
  if (!dialogue) throw notFound();
  if (finalStatuses.includes(dialogue.status)) throw closedDialogue(dialogue);
  return dialogue;
}

export async function addAction(sql: Sql, actor: Actor, dialogueId: string, input: NewAction, origin: Origin) {
  const entry = {
    action: 'dialogue.action.create',
    actionType: 'C' as const,
    objectId: dialogueId,
    details: { owner: input.owner, dueDate: input.dueDate },
  };
  return withRefusalsLogged(sql, actor, entry, origin, async () => {
    if (actor.role !== 'contract_manager') throw new Forbidden();
    const textProblems = plainTextProblems(input.description, 'json.description', textLimits.description);
    if (textProblems.length) throw new ValidationFailed(textProblems);
    const action = await sql.begin(async (tx) => {
      const dialogue = await editableDialogue(tx, actor, dialogueId);
      const due = dueDateProblem(input.dueDate, dialogue.meetingDate);
      if (due) throw new ValidationFailed([due]);
      const [created] = await tx`insert into dialogue_actions (dialogue_id, description, owner, due_date, created_by)
        values (${dialogue.id}, ${input.description}, ${input.owner}, ${input.dueDate}, ${actorRef(actor)}) returning id`;
      const actionId = String(created.id);
      await recordEvent(tx, actor, {
        dialogueId: dialogue.id,
        event: 'action_added',
        actionId,
        version: 1,
        changes: [
          { field: 'description', from: null, to: input.description },
          { field: 'owner', from: null, to: input.owner },
          { field: 'dueDate', from: null, to: input.dueDate },
        ],
      });
      await logDialogueAccess(tx, actor, { ...entry, details: { ...entry.details, actionId } }, origin);
      return (await findActionFor(tx, dialogue, actionId))!;
    });
    return publicAction(action);
  });
}

function versionConflict(current: ActionRow, seen: number) {
  return new Conflict(
    'version_conflict',
    {
      nl: `Iemand anders heeft deze actie intussen gewijzigd (u bewerkte versie ${seen}, nu is het versie ${current.version}). Uw wijziging is niet opgeslagen; bekijk de huidige versie en probeer het opnieuw.`,
      en: `Someone else changed this action in the meantime (you edited version ${seen}, it is now version ${current.version}). Your change was not saved; review the current version and try again.`,
    },
    { currentVersion: current.version, current: publicAction(current) },
  );
}

export async function updateAction(
  sql: Sql,
  actor: Actor,
  dialogueId: string,
  actionId: string,
  ifMatchHeader: string | undefined,
  patch: ActionPatch,
  origin: Origin,
) {
  const fields = Object.keys(patch).filter((k) => patch[k as keyof ActionPatch] !== undefined);
  const entry = {
    action: 'dialogue.action.update',
    actionType: 'U' as const,
    objectId: dialogueId,
    details: { actionId: loggableId(actionId, 'number'), fields, ifMatch: ifMatchHeader?.slice(0, 12) ?? null },
  };
  return withRefusalsLogged(sql, actor, entry, origin, async () => {
    const ifMatch = versionFromIfMatch(ifMatchHeader);
    if (actor.role !== 'contract_manager') throw new Forbidden();
    if (fields.length === 0) {
      throw new ValidationFailed([
        {
          field: 'json',
          code: 'nothing_to_change',
          message: { nl: 'Geef ten minste één veld om te wijzigen.', en: 'Give at least one field to change.' },
        },
      ]);
    }
    const problems: ProblemItem[] = [];
    if (patch.description !== undefined) problems.push(...plainTextProblems(patch.description, 'json.description', textLimits.description));
    if (typeof patch.followUp === 'string') problems.push(...plainTextProblems(patch.followUp, 'json.followUp', textLimits.followUp));
    if (problems.length) throw new ValidationFailed(problems);
    const action = await sql.begin(async (tx) => {
      const dialogue = await editableDialogue(tx, actor, dialogueId);
      const current = await findActionFor(tx, dialogue, actionId);
      if (!current)
        throw new NotFound('action_not_found', {
          nl: 'Deze actie hoort niet bij deze dialoog.',
          en: 'This action does not belong to this dialogue.',
        });
      if (current.version !== ifMatch) throw versionConflict(current, ifMatch);
      if (patch.dueDate !== undefined && patch.dueDate !== current.dueDate) {
        const due = dueDateProblem(patch.dueDate, current.ownMeetingDate);
        if (due) throw new ValidationFailed([due]);
      }
      const changes: Change[] = [];
      const set: Record<string, unknown> = {};
      const change = (field: string, column: string, from: unknown, to: unknown) => {
        if (to === undefined || from === to) return;
        changes.push({ field, from, to });
        set[column] = to;
      };
      change('description', 'description', current.description, patch.description);
      change('owner', 'owner', current.owner, patch.owner);
      change('dueDate', 'due_date', current.dueDate, patch.dueDate);
      change('status', 'status', current.status, patch.status);
      change('followUp', 'follow_up', current.followUp, patch.followUp);
      if (set.status !== undefined && current.dialogueId !== dialogue.id) {
        // Closed in a later dialogue: remembered there, so that dialogue keeps showing the follow-up.
        set.followed_up_in_dialogue_id = set.status === 'open' ? null : dialogue.id;
      }
      if (changes.length === 0) {
        await logDialogueAccess(tx, actor, { ...entry, details: { ...entry.details, changed: [], version: current.version } }, origin);
        return current;
      }
      const [updated] = await tx`update dialogue_actions set ${tx(set as never)}, version = version + 1, updated_at = now()
        where id = ${current.id} and version = ${ifMatch} returning version`;
      if (!updated) throw versionConflict((await findActionFor(tx, dialogue, actionId))!, ifMatch);
      await recordEvent(tx, actor, {
        dialogueId: dialogue.id,
        event: 'action_updated',
        actionId: current.id,
        version: Number(updated.version),
        changes,
      });
      await logDialogueAccess(
        tx,
        actor,
        {
          ...entry,
          details: {
            ...entry.details,
            changed: changes.map((c) => c.field),
            ...(set.status ? { statusFrom: current.status, statusTo: set.status } : {}),
            carriedOverFrom: current.dialogueId !== dialogue.id ? current.dialogueId : undefined,
            version: Number(updated.version),
          },
        },
        origin,
      );
      return (await findActionFor(tx, dialogue, actionId))!;
    });
    return publicAction(action);
  });
}

export interface ActionFilter {
  period?: string;
  providerAgb?: string;
  status?: 'open' | 'done' | 'dropped';
}

/**
 * Actions across dialogues. A contract manager sees the region's, a provider its own; a
 * municipality only the actions of finished dialogues with providers that had trajectories of its
 * residents in the dialogue's period, and only when the region has switched that on.
 */
export async function listActions(sql: Sql, actor: Actor, filter: ActionFilter, origin: Origin) {
  if (!actor.regionCode || !['contract_manager', 'provider', 'municipality'].includes(actor.role ?? '')) throw new Forbidden();
  const shared = await actionsVisibleToMunicipalities(sql, actor.regionCode);
  let actions: ActionRow[] = [];
  if (actor.role === 'contract_manager') {
    actions = await listActionRows(sql, { regionCode: actor.regionCode, finishedOnly: false }, filter);
  } else if (actor.role === 'provider') {
    actions = await listActionRows(sql, { regionCode: actor.regionCode, providerId: actor.organisationId!, finishedOnly: false }, filter);
  } else if (shared) {
    const candidates = await listActionRows(sql, { regionCode: actor.regionCode, finishedOnly: true }, filter);
    const serving = new Map<string, Set<number>>();
    for (const period of new Set(candidates.map((a) => a.period))) {
      const providers = await countsByProvider(sql, {
        regionCode: actor.regionCode,
        periodCode: period,
        municipalityCode: actor.organisationCode!,
      });
      serving.set(period, new Set(providers.filter((p) => p.counts.trajectories > 0).map((p) => p.providerId)));
    }
    actions = candidates.filter((a) => serving.get(a.period)?.has(a.providerId));
  }
  await logDialogueAccess(
    sql,
    actor,
    {
      action: 'dialogue.actions.list',
      actionType: 'R',
      objectType: 'dialogue_action',
      details: {
        filters: definedOnly(filter),
        returned: actions.length,
        ...(actor.role === 'municipality' ? { sharedWithMunicipalities: shared } : {}),
      },
    },
    origin,
  );
  return {
    actionsVisibleToMunicipalities: shared,
    actions: actions.map((a) => ({ ...publicAction(a), provider: { agb: a.providerAgb, name: a.providerName } })),
  };
}
