/**
 * Why a save did not go through, said where the user was typing: someone else saved a newer
 * version (the API's words, the version now, what the text is now, and the reassurance that the
 * user's own text is still in the field), a closed dialogue (the reason), or any other error.
 */
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { failure } from '../compare/load';
import type { SaveResult } from './useDialogue';

type Failed = Extract<SaveResult<unknown>, { ok: false }>;

export function RefusalNotice({ result, currentText, onAdopt }: { result: Failed | undefined; currentText?: string | null; onAdopt?: () => void }) {
  const { t, pick } = useI18n();
  return (
    <div role="alert" className="refusal-region">
      {result && result.refusal?.kind === 'conflict' && (
        <div className="notice notice--warning refusal">
          <h3>{t('dialogue.conflict.title')}</h3>
          <p>{pick(result.refusal.message)}</p>
          <p className="notice__emphasis">{t('dialogue.conflict.kept', { version: result.refusal.currentVersion })}</p>
          {currentText !== undefined && (
            <>
              <p>{t('dialogue.conflict.current', { version: result.refusal.currentVersion })}</p>
              <blockquote className="plain-text refusal__current">{currentText || t('dialogue.conflict.currentEmpty')}</blockquote>
              {onAdopt && (
                <button type="button" className="button button--secondary" onClick={onAdopt}>
                  {t('dialogue.conflict.adopt')}
                </button>
              )}
            </>
          )}
        </div>
      )}
      {result && result.refusal?.kind === 'closed' && (
        <div className="notice notice--danger refusal">
          <h3>{t('dialogue.closed.title')}</h3>
          <p>{pick(result.refusal.message)}</p>
        </div>
      )}
      {result && !result.refusal && (
        <div className="notice notice--danger refusal">
          <p>{pick(failure(result.error))}</p>
          {result.error instanceof ApiError && result.error.fieldErrors.length + result.error.otherErrors.length > 0 && (
            <ul>
              {[...result.error.fieldErrors.map((e) => e.message), ...result.error.otherErrors].map((message, index) => (
                <li key={index}>{pick(message)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
