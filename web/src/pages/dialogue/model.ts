/**
 * The resultaatdialoog (SPEC §7) as the pages see it: the contract's types, the status rules,
 * today's date in the region, and what a refusal of an edit says (someone else's version, a closed
 * dialogue). Pure: no React, no fetching.
 */
import { ApiError, type LocalizedText } from '../../data/client';
import type { components } from '../../api/schema';
import { todayInPortal } from '../../../../schemas/dates.ts';

export type Dialogue = components['schemas']['Dialogue'];
export type DialogueSummary = components['schemas']['DialogueSummary'];
export type DialogueStatus = components['schemas']['DialogueStatus'];
export type DialogueAction = components['schemas']['DialogueAction'];
export type ActionWithProvider = components['schemas']['DialogueActionWithProvider'];
export type Snapshot = components['schemas']['DialogueSnapshot'];
export type SnapshotCategory = Snapshot['categories'][number];
export type SnapshotIndicator = components['schemas']['SnapshotIndicator'];
export type DialogueChanges = components['schemas']['DialogueChanges'];
export type DialogueEvent = components['schemas']['DialogueEvent'];
export type DialoguePatch = components['schemas']['UpdateDialogue'];
export type ExplanationInput = NonNullable<DialoguePatch['explanations']>[number];
export type IndicatorId = ExplanationInput['indicator'];
export type ActionOwner = DialogueAction['owner'];
export type ActionStatus = DialogueAction['status'];

/** voorbereid → gevoerd → afgerond; voorbereid or gevoerd → geannuleerd (as schemas/dialogue.ts). */
export const transitions: Readonly<Record<DialogueStatus, readonly DialogueStatus[]>> = {
  voorbereid: ['gevoerd', 'geannuleerd'],
  gevoerd: ['afgerond', 'geannuleerd'],
  afgerond: [],
  geannuleerd: [],
};

export function isFinal(status: DialogueStatus): boolean {
  return status === 'afgerond' || status === 'geannuleerd';
}

/** Upcoming: still to be held or to be finished. */
export function isUpcoming(status: DialogueStatus): boolean {
  return status === 'voorbereid' || status === 'gevoerd';
}

/** The calendar day in the region (YYYY-MM-DD): due dates and meeting dates are Dutch days. */
export function todayInRegion(now = new Date()): string {
  return todayInPortal(now);
}

export function isOverdue(action: Pick<DialogueAction, 'status' | 'dueDate'>, today = todayInRegion()): boolean {
  return action.status === 'open' && action.dueDate < today;
}

/** Upcoming dialogues by meeting date (undated last), then by provider. */
export function byMeetingDate(a: DialogueSummary, b: DialogueSummary): number {
  if (a.meetingDate !== b.meetingDate) {
    if (a.meetingDate === null) return 1;
    if (b.meetingDate === null) return -1;
    return a.meetingDate.localeCompare(b.meetingDate);
  }
  return a.provider.name.localeCompare(b.provider.name, 'nl');
}

/** The If-Match value for a version: the ETag the API sends is the quoted version. */
export function ifMatch(version: number): { 'if-match': string } {
  return { 'if-match': `"${version}"` };
}

/** Someone else saved first: the API's words, and the dialogue or action as it is now. */
export interface VersionConflict<T> {
  kind: 'conflict';
  message: LocalizedText;
  currentVersion: number;
  current: T;
}

/** A finished or cancelled dialogue (or duiding after the meeting): the API's reason. */
export interface Closed {
  kind: 'closed';
  message: LocalizedText;
}

export type EditRefusal<T> = VersionConflict<T> | Closed;

/** Reads a 409 of an edit; undefined for any other error. */
export function editRefusal<T>(error: unknown): EditRefusal<T> | undefined {
  if (!(error instanceof ApiError) || error.status !== 409) return undefined;
  const problem = error.problem as (typeof error.problem & { currentVersion?: unknown; current?: unknown }) | undefined;
  if (error.code === 'version_conflict' && typeof problem?.currentVersion === 'number' && problem.current) {
    return { kind: 'conflict', message: error.localized, currentVersion: problem.currentVersion, current: problem.current as T };
  }
  if (error.code === 'dialogue_closed' || error.code === 'explanation_closed') {
    return { kind: 'closed', message: error.localized };
  }
  return undefined;
}

/** The dialogue a 409 `dialogue_exists` points at, when preparing one that is already there. */
export function existingDialogueId(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.code !== 'dialogue_exists') return undefined;
  const id = (error.problem as { dialogueId?: unknown } | undefined)?.dialogueId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** Key of one duiding: per category and indicator (null category: about every category). */
export function explanationKey(category: string | null, indicator: string): string {
  return `${category ?? '*'}/${indicator}`;
}

export function explanationsByKey(dialogue: Pick<Dialogue, 'explanations'>): Map<string, string> {
  return new Map(dialogue.explanations.map((e) => [explanationKey(e.productCategory, e.indicator), e.text]));
}

/** The duiding for an indicator in a category, falling back to one written for every category. */
export function explanationFor(explanations: ReadonlyMap<string, string>, category: string, indicator: string): string | undefined {
  return explanations.get(explanationKey(category, indicator)) ?? explanations.get(explanationKey(null, indicator));
}

export function isFlagged(indicator: SnapshotIndicator): boolean {
  return Boolean(indicator.funnel.position?.flag);
}
