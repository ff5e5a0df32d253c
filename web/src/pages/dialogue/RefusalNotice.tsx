/**
 * Why a save did not go through, said where the user was typing: someone else saved a newer
 * version (the API's words, the version now, what the text is now, and the reassurance that the
 * user's own text is still in the field), a closed dialogue (the reason), or any other error.
 */
import { Button, Heading, Paragraph, UnorderedList, UnorderedListItem } from '@rijkshuisstijl-community/components-react';
import { ApiError } from '../../data/client';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { failure } from '../../data/client';
import type { SaveResult } from './useDialogue';

type Failed = Extract<SaveResult<unknown>, { ok: false }>;

export function RefusalNotice({
  result,
  currentText,
  onAdopt,
}: {
  result: Failed | undefined;
  currentText?: string | null;
  onAdopt?: () => void;
}) {
  const { t, pick } = useI18n();
  return (
    <div role="alert" className="refusal-region">
      {result && result.refusal?.kind === 'conflict' && (
        <Notice tone="warning" className="refusal">
          <Heading level={3}>{t('dialogue.conflict.title')}</Heading>
          <Paragraph>{pick(result.refusal.message)}</Paragraph>
          <Paragraph className="notice__emphasis">{t('dialogue.conflict.kept', { version: result.refusal.currentVersion })}</Paragraph>
          {currentText !== undefined && (
            <>
              <Paragraph>{t('dialogue.conflict.current', { version: result.refusal.currentVersion })}</Paragraph>
              <blockquote className="plain-text refusal__current">{currentText || t('dialogue.conflict.currentEmpty')}</blockquote>
              {onAdopt && (
                <Button appearance="secondary-action-button" onClick={onAdopt}>
                  {t('dialogue.conflict.adopt')}
                </Button>
              )}
            </>
          )}
        </Notice>
      )}
      {result && result.refusal?.kind === 'closed' && (
        <Notice tone="danger" className="refusal">
          <Heading level={3}>{t('dialogue.closed.title')}</Heading>
          <Paragraph>{pick(result.refusal.message)}</Paragraph>
        </Notice>
      )}
      {result && !result.refusal && (
        <Notice tone="danger" className="refusal">
          <Paragraph>{pick(failure(result.error))}</Paragraph>
          {result.error instanceof ApiError && result.error.fieldErrors.length + result.error.otherErrors.length > 0 && (
            <UnorderedList>
              {[...result.error.fieldErrors.map((e) => e.message), ...result.error.otherErrors].map((message, index) => (
                <UnorderedListItem key={index}>{pick(message)}</UnorderedListItem>
              ))}
            </UnorderedList>
          )}
        </Notice>
      )}
    </div>
  );
}
