/**
 * Changing a dialogue: the contract manager records status, meeting date and notes; the provider
 * writes its duiding until the meeting. Every change names the version its writer saw (If-Match),
 * so two people editing at once never overwrite each other: the second gets 409 with what is
 * there now. A finished or cancelled dialogue is closed (409 with the reason).
 */
import { enqueueNotification } from '../notifications/outbox.ts';
import { dialogueTransitions, finalStatuses, plainTextProblems, textLimits } from '../../../schemas/dialogue.ts';
import type { Actor } from '../auth/actor.ts';
import type { Origin } from '../auth/sessions.ts';
import type { Sql } from '../db/connect.ts';
import { BadRequest, Conflict, DomainError, Forbidden, ValidationFailed, type ProblemItem } from '../errors.ts';
import { logDialogueAccess, withRefusalsLogged } from './access-log.ts';
import { actionsOf, findDialogue, notFound, recordEvent, type Change, type DialogueStatus, type Explanation } from './queries.ts';
import { closedDialogue, dialogueView, today, versionConflict, type DialogueView } from './view.ts';

export interface DialoguePatch {
  status?: DialogueStatus;
  meetingDate?: string | null;
  notes?: string | null;
  generalExplanation?: string | null;
  explanations?: Array<{ indicator: string; productCategory: string | null; text: string | null }>;
}

const managerFields = ['status', 'meetingDate', 'notes'] as const;
const providerFields = ['generalExplanation', 'explanations'] as const;

/** Who writes what: the contract manager the meeting record, the provider its duiding. */
function checkFieldsOf(actor: Actor, patch: DialoguePatch): void {
  const present = Object.keys(patch).filter((k) => patch[k as keyof DialoguePatch] !== undefined);
  if (present.length === 0) {
    throw new ValidationFailed([
      {
        field: 'json',
        code: 'nothing_to_change',
        message: { nl: 'Geef ten minste één veld om te wijzigen.', en: 'Give at least one field to change.' },
      },
    ]);
  }
  const own: readonly string[] = actor.role === 'provider' ? providerFields : managerFields;
  const foreign = present.filter((f) => !own.includes(f));
  if (foreign.length > 0) {
    throw new Forbidden(
      'dialogue_field_not_yours',
      actor.role === 'provider'
        ? {
            nl: `Als aanbieder schrijft u de duiding (generalExplanation, explanations); ${foreign.join(', ')} legt de contractmanager vast.`,
            en: `As a provider you write the duiding (generalExplanation, explanations); ${foreign.join(', ')} is recorded by the contract manager.`,
          }
        : {
            nl: `De duiding (${foreign.join(', ')}) schrijft de aanbieder zelf.`,
            en: `The duiding (${foreign.join(', ')}) is written by the provider.`,
          },
    );
  }
}

function textProblemsOf(patch: DialoguePatch): ProblemItem[] {
  const problems: ProblemItem[] = [];
  if (typeof patch.notes === 'string') problems.push(...plainTextProblems(patch.notes, 'json.notes', textLimits.notes));
  if (typeof patch.generalExplanation === 'string')
    problems.push(...plainTextProblems(patch.generalExplanation, 'json.generalExplanation', textLimits.generalExplanation));
  patch.explanations?.forEach((item, i) => {
    if (typeof item.text === 'string')
      problems.push(...plainTextProblems(item.text, `json.explanations.${i}.text`, textLimits.explanation));
  });
  return problems;
}

const explanationKey = (e: { indicator: string; productCategory: string | null }) => `${e.productCategory ?? '*'}/${e.indicator}`;

export async function updateDialogue(
  sql: Sql,
  actor: Actor,
  id: string,
  ifMatchHeader: string | undefined,
  patch: DialoguePatch,
  origin: Origin,
): Promise<DialogueView> {
  const entry = {
    action: 'dialogue.update',
    actionType: 'U' as const,
    objectId: id,
    details: {
      fields: Object.keys(patch).filter((k) => patch[k as keyof DialoguePatch] !== undefined),
      ifMatch: ifMatchHeader?.slice(0, 12) ?? null,
    },
  };
  return withRefusalsLogged(sql, actor, entry, origin, async () => {
    const ifMatch = versionFromIfMatch(ifMatchHeader);
    checkFieldsOf(actor, patch);
    const textProblems = textProblemsOf(patch);
    if (textProblems.length) throw new ValidationFailed(textProblems);
    await sql.begin(async (tx) => {
      const row = await findDialogue(tx, actor, id, true);
      if (!row) throw notFound();
      if (finalStatuses.includes(row.status)) throw closedDialogue(row);
      if (row.version !== ifMatch) throw await versionConflict(tx, row, ifMatch);
      if (actor.role === 'provider' && row.status !== 'voorbereid') {
        throw new Conflict(
          'explanation_closed',
          {
            nl: `De duiding kan tot het gesprek worden geschreven; deze dialoog is al ${row.status}.`,
            en: `The duiding can be written until the meeting; this dialogue is already ${row.status} (held).`,
          },
          { dialogueStatus: row.status },
        );
      }
      const changes: Change[] = [];
      const set: Record<string, unknown> = {};
      const change = (field: string, column: string, from: unknown, to: unknown) => {
        if (to === undefined || JSON.stringify(from) === JSON.stringify(to)) return;
        changes.push({ field, from, to });
        set[column] = to;
      };

      const meetingDate = patch.meetingDate === undefined ? row.meetingDate : patch.meetingDate;
      if (patch.status !== undefined && patch.status !== row.status) {
        if (!dialogueTransitions[row.status].includes(patch.status)) {
          throw new Conflict(
            'status_transition',
            {
              nl: `Een dialoog die ${row.status} is, kan niet ${patch.status} worden. Mogelijk: ${dialogueTransitions[row.status].join(', ') || 'niets meer'}.`,
              en: `A dialogue that is ${row.status} cannot become ${patch.status}. Possible: ${dialogueTransitions[row.status].join(', ') || 'nothing further'}.`,
            },
            { dialogueStatus: row.status, allowed: dialogueTransitions[row.status] },
          );
        }
      }
      if (['gevoerd', 'afgerond'].includes(patch.status ?? row.status) && (meetingDate === null || meetingDate > today())) {
        throw new ValidationFailed([
          {
            field: 'json.meetingDate',
            code: 'meeting_date_required',
            message: {
              nl: 'Een gevoerd gesprek heeft een gespreksdatum, vandaag of eerder.',
              en: 'A meeting that was held has a meeting date, today or earlier.',
            },
          },
        ]);
      }
      if (patch.meetingDate !== undefined && patch.meetingDate !== row.meetingDate && patch.meetingDate !== null) {
        const early = (await actionsOf(tx, row.id)).filter((a) => a.status === 'open' && a.dueDate < patch.meetingDate!);
        if (early.length > 0) {
          throw new ValidationFailed([
            {
              field: 'json.meetingDate',
              code: 'meeting_after_due_dates',
              message: {
                nl: `${early.length} open actie(s) hebben een deadline vóór ${patch.meetingDate}; pas die eerst aan.`,
                en: `${early.length} open action(s) are due before ${patch.meetingDate}; change them first.`,
              },
            },
          ]);
        }
      }
      change('status', 'status', row.status, patch.status);
      change('meetingDate', 'meeting_date', row.meetingDate, patch.meetingDate);
      change('notes', 'notes', row.notes, patch.notes);
      change('generalExplanation', 'general_explanation', row.generalExplanation, patch.generalExplanation);
      if (patch.explanations) {
        const allowedCategories = new Set(row.snapshot.productCategories);
        const problems = patch.explanations
          .map((item, i) => ({ item, i }))
          .filter(({ item }) => item.productCategory !== null && !allowedCategories.has(item.productCategory))
          .map(
            ({ item, i }): ProblemItem => ({
              field: `json.explanations.${i}.productCategory`,
              code: 'product_category_not_in_dialogue',
              message: {
                nl: `Productcategorie ${item.productCategory} hoort niet bij deze dialoog (${[...allowedCategories].join(', ') || 'geen'}).`,
                en: `Product category ${item.productCategory} is not part of this dialogue (${[...allowedCategories].join(', ') || 'none'}).`,
              },
            }),
          );
        if (problems.length) throw new ValidationFailed(problems);
        const merged = new Map(row.explanations.map((e) => [explanationKey(e), e]));
        for (const item of patch.explanations) {
          const key = explanationKey(item);
          const before = merged.get(key)?.text ?? null;
          if (before === item.text) continue;
          changes.push({ field: `explanations.${key}`, from: before, to: item.text });
          if (item.text === null) merged.delete(key);
          else merged.set(key, { indicator: item.indicator, productCategory: item.productCategory, text: item.text });
        }
        const next: Explanation[] = [...merged.values()].sort((a, b) => explanationKey(a).localeCompare(explanationKey(b)));
        if (JSON.stringify(next) !== JSON.stringify(row.explanations)) set.explanations = tx.json(next as never);
      }
      if (changes.length === 0) {
        await logDialogueAccess(tx, actor, { ...entry, details: { ...entry.details, changed: [], version: row.version } }, origin);
        return;
      }
      const [updated] = await tx`update dialogues set ${tx(set as never)}, version = version + 1, updated_at = now()
        where id = ${row.id} and version = ${ifMatch} returning version`;
      await recordEvent(tx, actor, { dialogueId: row.id, event: 'updated', version: Number(updated.version), changes });
      if (actor.role === 'provider' && changes.some((c) => c.field === 'generalExplanation' || c.field.startsWith('explanations.'))) {
        // Issue 17: the contract managers hear of the duiding once per dialogue and day, however often it is saved.
        await enqueueNotification(tx, {
          regionCode: actor.regionCode!,
          event: 'explanation_given',
          recipients: { role: 'contract_manager' },
          params: { period: row.periodCode, dialogueId: row.id },
          link: `/dialogues/${row.id}`,
          dedupeKey: `explanation_given:${row.id}:${today()}`,
        });
      }
      await logDialogueAccess(
        tx,
        actor,
        {
          ...entry,
          details: {
            ...entry.details,
            changed: changes
              .map((c) => (c.field.startsWith('explanations.') ? 'explanations' : c.field))
              .filter((f, i, all) => all.indexOf(f) === i),
            ...(patch.status !== undefined && patch.status !== row.status ? { statusFrom: row.status, statusTo: patch.status } : {}),
            version: Number(updated.version),
          },
        },
        origin,
      );
    });
    return dialogueView(sql, (await findDialogue(sql, actor, id))!, actor);
  });
}

/**
 * The version named in If-Match (`"3"`, `W/"3"` or `3`): without one a change could silently
 * overwrite someone else's, so it is required (428).
 */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined) {
    throw new DomainError('precondition_required', 'if_match_required', {
      nl: 'Stuur de versie die u bewerkte mee in de kop If-Match (de ETag van de dialoog of actie).',
      en: 'Send the version you edited in the If-Match header (the ETag of the dialogue or action).',
    });
  }
  const match = /^\s*(?:W\/)?"?([0-9]{1,9})"?\s*$/.exec(header);
  if (!match)
    throw new BadRequest('if_match_invalid', {
      nl: 'If-Match moet een versienummer zijn, zoals "3".',
      en: 'If-Match must be a version number, such as "3".',
    });
  return Number(match[1]);
}
