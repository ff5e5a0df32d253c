/**
 * The question before a replacement that loses much: far fewer rows than the current submission,
 * or product categories that disappear (the API refuses such a commit unless it is confirmed).
 * The same comparison comes from the dry run and from a refused commit (409).
 */
import { FormFieldCheckboxOption, FormFieldErrorMessage, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { Notice } from '../../components/Notice';
import { formatDateTime, formatPercent } from '../../figures/format';
import { useI18n } from '../../i18n';
import type { Replacement } from './upload';

export const replaceConfirmId = 'replace-confirm';

export function ReplacementQuestion({
  replacement,
  confirmed,
  onConfirmedChange,
  showRequired,
}: {
  replacement: Replacement;
  confirmed: boolean;
  onConfirmedChange: (confirmed: boolean) => void;
  /** The provider tried to submit without ticking the box. */
  showRequired: boolean;
}) {
  const { t, language } = useI18n();
  const dropped = replacement.categoriesDropped;
  // The exact share, as the API compares it: 79.6% is below 80%, not "80%".
  const share = replacement.currentRows === 0 ? 1 : replacement.newRows / replacement.currentRows;
  return (
    <div role="group" aria-labelledby="replace-title" className="replace-question">
      <Notice tone="warning">
        <Heading level={3} id="replace-title">
          {t('provider.replace.title')}
        </Heading>
        <Paragraph id="replace-summary">
          {t('provider.replace.rows', {
            current: replacement.currentRows,
            rows: replacement.newRows,
            percent: formatPercent(share, language, 0),
          })}{' '}
          {dropped.length > 0 &&
            t(dropped.length === 1 ? 'provider.replace.droppedOne' : 'provider.replace.droppedMany', {
              categories: dropped.join(', '),
            })}{' '}
          {t('provider.replace.sure')}
        </Paragraph>
        <Paragraph className="muted">
          {t('provider.replace.current', {
            version: replacement.currentVersion,
            date: formatDateTime(replacement.currentSubmittedAt, language),
          })}{' '}
          {t('provider.replace.restoreHint')}
        </Paragraph>
        <div role="alert">
          {showRequired && !confirmed && (
            <FormFieldErrorMessage id="replace-required">{t('provider.replace.required')}</FormFieldErrorMessage>
          )}
        </div>
        <FormFieldCheckboxOption
          id={replaceConfirmId}
          className="choice"
          label={t('provider.replace.confirm', { version: replacement.currentVersion })}
          checked={confirmed}
          aria-describedby={showRequired && !confirmed ? 'replace-summary replace-required' : 'replace-summary'}
          onChange={(event) => onConfirmedChange(event.currentTarget.checked)}
        />
      </Notice>
    </div>
  );
}
