/**
 * One dialogue on screen and every change to it. Each change names the version it was made on
 * (If-Match); when someone else saved first, the API answers 409 with the dialogue as it is now,
 * which replaces what is shown — the snapshot never changes, so it is kept — while the sections
 * keep the user's unsaved text in their own state, so nothing typed is lost.
 */
import { useCallback } from 'react';
import { ApiError, client, failure, ok, type LocalizedText } from '../../data/client';
import { useDialogueQuery } from '../../data/dialogues';
import { editRefusal, ifMatch, type Dialogue, type DialogueAction, type DialoguePatch, type EditRefusal } from './model';

export type DialogueState =
  | { status: 'loading' }
  | { status: 'failed'; message: LocalizedText; notFound: boolean }
  | { status: 'loaded'; dialogue: Dialogue };

/** What became of a save: done, refused for a reason the page explains, or another error. */
export type SaveResult<T> = { ok: true; value: T } | { ok: false; refusal?: EditRefusal<unknown>; error: unknown };

type CurrentDialogue = Omit<Dialogue, 'snapshot'>;

export function useDialogue(id: string) {
  const { query, change } = useDialogueQuery(id);
  const state: DialogueState =
    query.status === 'success'
      ? { status: 'loaded', dialogue: query.data }
      : query.status === 'error'
        ? { status: 'failed', message: failure(query.error), notFound: query.error instanceof ApiError && query.error.status === 404 }
        : { status: 'loading' };
  const dialogue = state.status === 'loaded' ? state.dialogue : undefined;

  /** Takes in the dialogue as the API says it is now, keeping the frozen snapshot already here. */
  const adoptCurrent = useCallback(
    (current: CurrentDialogue) => change((previous) => ({ ...previous, ...current, snapshot: previous.snapshot })),
    [change],
  );

  const update = useCallback(
    async (patch: DialoguePatch): Promise<SaveResult<Dialogue>> => {
      if (!dialogue) return { ok: false, error: new Error('not loaded') };
      try {
        const saved = ok(
          await client.PATCH('/dialogues/{id}', { params: { path: { id }, header: ifMatch(dialogue.version) }, body: patch }),
        ) as Dialogue;
        change(() => saved);
        return { ok: true, value: saved };
      } catch (error) {
        const refusal = editRefusal<CurrentDialogue>(error);
        if (refusal?.kind === 'conflict') adoptCurrent(refusal.current);
        return { ok: false, refusal, error };
      }
    },
    [dialogue, id, adoptCurrent, change],
  );

  /** Replaces one action (of this dialogue or carried over) after it was saved or found changed. */
  const replaceAction = useCallback(
    (action: DialogueAction) =>
      change((previous) => {
        const swap = (list: DialogueAction[]) => list.map((a) => (a.id === action.id ? action : a));
        const actions = swap(previous.actions);
        return {
          ...previous,
          actions,
          carriedOverActions: swap(previous.carriedOverActions),
          openActions: actions.filter((a) => a.status === 'open').length,
        };
      }),
    [change],
  );

  const addAction = useCallback(
    (action: DialogueAction) =>
      change((previous) => {
        const actions = [...previous.actions, action];
        return { ...previous, actions, openActions: actions.filter((a) => a.status === 'open').length };
      }),
    [change],
  );

  return { state, update, replaceAction, addAction };
}

export type DialogueHandle = ReturnType<typeof useDialogue>;
