/**
 * One dialogue on screen and every change to it. Each change names the version it was made on
 * (If-Match); when someone else saved first, the API answers 409 with the dialogue as it is now,
 * which replaces what is shown — the snapshot never changes, so it is kept — while the sections
 * keep the user's unsaved text in their own state, so nothing typed is lost.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type LocalizedText } from '../../api/client';
import { failure } from '../compare/load';
import { editRefusal, ifMatch, type Dialogue, type DialogueAction, type DialoguePatch, type EditRefusal } from './model';

export type DialogueState = { status: 'loading' } | { status: 'failed'; message: LocalizedText; notFound: boolean } | { status: 'loaded'; dialogue: Dialogue };

/** What became of a save: done, refused for a reason the page explains, or another error. */
export type SaveResult<T> = { ok: true; value: T } | { ok: false; refusal?: EditRefusal<unknown>; error: unknown };

type CurrentDialogue = Omit<Dialogue, 'snapshot'>;

export function useDialogue(id: string) {
  const [state, setState] = useState<DialogueState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    api
      .get('/api/v1/dialogues/{id}', { path: { id }, signal: controller.signal })
      .then((dialogue) => {
        if (!controller.signal.aborted) setState({ status: 'loaded', dialogue });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'failed', message: failure(error), notFound: error instanceof ApiError && error.status === 404 });
      });
    return () => controller.abort();
  }, [id]);

  const dialogue = state.status === 'loaded' ? state.dialogue : undefined;

  /** Takes in the dialogue as the API says it is now, keeping the frozen snapshot already here. */
  const adoptCurrent = useCallback((current: CurrentDialogue) => {
    setState((previous) => (previous.status === 'loaded' ? { status: 'loaded', dialogue: { ...previous.dialogue, ...current, snapshot: previous.dialogue.snapshot } } : previous));
  }, []);

  const update = useCallback(
    async (patch: DialoguePatch): Promise<SaveResult<Dialogue>> => {
      if (!dialogue) return { ok: false, error: new Error('not loaded') };
      try {
        const saved = await api.patch('/api/v1/dialogues/{id}', { path: { id }, header: ifMatch(dialogue.version), body: patch });
        setState({ status: 'loaded', dialogue: saved });
        return { ok: true, value: saved };
      } catch (error) {
        const refusal = editRefusal<CurrentDialogue>(error);
        if (refusal?.kind === 'conflict') adoptCurrent(refusal.current);
        return { ok: false, refusal, error };
      }
    },
    [dialogue, id, adoptCurrent],
  );

  /** Replaces one action (of this dialogue or carried over) after it was saved or found changed. */
  const replaceAction = useCallback((action: DialogueAction) => {
    setState((previous) => {
      if (previous.status !== 'loaded') return previous;
      const swap = (list: DialogueAction[]) => list.map((a) => (a.id === action.id ? action : a));
      const actions = swap(previous.dialogue.actions);
      return {
        status: 'loaded',
        dialogue: { ...previous.dialogue, actions, carriedOverActions: swap(previous.dialogue.carriedOverActions), openActions: actions.filter((a) => a.status === 'open').length },
      };
    });
  }, []);

  const addAction = useCallback((action: DialogueAction) => {
    setState((previous) => {
      if (previous.status !== 'loaded') return previous;
      const actions = [...previous.dialogue.actions, action];
      return { status: 'loaded', dialogue: { ...previous.dialogue, actions, openActions: actions.filter((a) => a.status === 'open').length } };
    });
  }, []);

  return { state, update, replaceAction, addAction };
}

export type DialogueHandle = ReturnType<typeof useDialogue>;
