/**
 * The provider's duiding being written: the general text and one per indicator and category.
 * Only what the user touched is kept as a draft (so a newer server text shows for the rest);
 * saving sends the changed ones in one PATCH, after the same checks the API makes — plain text,
 * length, no BSN-shaped number — so a refusal is explained before anything leaves the browser.
 */
import { useState } from 'react';
import { plainTextProblems, textLimits } from '../../../../schemas/plain-text.ts';
import { ApiError, type LocalizedText } from '../../data/client';
import type { SummaryItem } from '../../components/ErrorSummary';
import { messages } from '../../messages';
import { explanationsByKey, type Dialogue, type ExplanationInput, type IndicatorId } from './model';
import type { DialogueHandle, SaveResult } from './useDialogue';

export const generalKey = 'general';

export function explanationFieldId(key: string): string {
  return `explanation-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export function useExplanations(dialogue: Dialogue, handle: DialogueHandle, indicatorName: (id: string) => LocalizedText) {
  const [drafts, setDrafts] = useState<ReadonlyMap<string, string>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, LocalizedText[]>>(new Map());
  const [result, setResult] = useState<Extract<SaveResult<unknown>, { ok: false }>>();
  const [saving, setSaving] = useState(false);
  const [savedVersion, setSavedVersion] = useState<number>();
  const server = explanationsByKey(dialogue);
  const serverValue = (key: string) => (key === generalKey ? (dialogue.generalExplanation ?? '') : (server.get(key) ?? ''));
  const value = (key: string) => drafts.get(key) ?? serverValue(key);
  const changed = [...drafts].filter(([key, text]) => text !== serverValue(key));

  const set = (key: string, text: string) => {
    setDrafts((current) => new Map(current).set(key, text));
    setSavedVersion(undefined);
  };

  const save = async () => {
    setResult(undefined);
    const found = new Map<string, LocalizedText[]>();
    const explanations: ExplanationInput[] = [];
    const sentKeys: string[] = [];
    let general: string | null | undefined;
    for (const [key, text] of changed) {
      const cleared = text.trim() === '';
      if (key === generalKey) {
        general = cleared ? null : text;
        if (!cleared)
          addProblems(found, key, plainTextProblems(text, messages['dialogue.explanation.general'], textLimits.generalExplanation));
        continue;
      }
      const [category, indicator] = key.split('/');
      const name = indicatorName(indicator);
      const label = {
        nl: `${messages['dialogue.explanation.of'].nl} ${name.nl} (${category})`,
        en: `${messages['dialogue.explanation.of'].en} ${name.en} (${category})`,
      };
      if (!cleared) addProblems(found, key, plainTextProblems(text, label, textLimits.explanation));
      explanations.push({
        indicator: indicator as IndicatorId,
        productCategory: category === '*' ? null : category,
        text: cleared ? null : text,
      });
      sentKeys.push(key);
    }
    setErrors(found);
    if (found.size > 0 || changed.length === 0) return;
    setSaving(true);
    const outcome = await handle.update({
      ...(general !== undefined ? { generalExplanation: general } : {}),
      ...(explanations.length ? { explanations } : {}),
    });
    setSaving(false);
    if (outcome.ok) {
      setDrafts(new Map());
      setSavedVersion(outcome.value.version);
      return;
    }
    // The API's own refusal of a text (422) goes beside the field it names.
    if (outcome.error instanceof ApiError && outcome.error.status === 422) {
      const fromApi = new Map<string, LocalizedText[]>();
      for (const error of outcome.error.fieldErrors) {
        const match = /^explanations\.(\d+)\.text$/.exec(error.field);
        const key = error.field === 'generalExplanation' ? generalKey : match ? sentKeys[Number(match[1])] : undefined;
        if (key) fromApi.set(key, [...(fromApi.get(key) ?? []), error.message]);
      }
      if (fromApi.size > 0) {
        setErrors(fromApi);
        return;
      }
    }
    setResult(outcome);
  };

  const summary: SummaryItem[] = [...errors].flatMap(([key, messages]) =>
    messages.map((message) => ({ message, fieldId: explanationFieldId(key) })),
  );

  return { value, set, save, errors, summary, result, saving, dirty: changed.length > 0, savedVersion };
}

function addProblems(into: Map<string, LocalizedText[]>, key: string, problems: { message: LocalizedText }[]) {
  if (problems.length)
    into.set(
      key,
      problems.map((p) => p.message),
    );
}
