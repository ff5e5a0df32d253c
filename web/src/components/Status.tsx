/** The loading line and the failure notice every comparison page shows in the same way. */
import { Paragraph } from '@rijkshuisstijl-community/components-react';
import type { LocalizedText } from '../data/client';
import { Notice } from './Notice';
import { useI18n } from '../i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <Paragraph role="status" className="results-status">
      {t('common.loading')}
    </Paragraph>
  );
}

export function LoadFailed({ message }: { message: LocalizedText }) {
  const { pick } = useI18n();
  return (
    <Notice tone="danger" live="alert">
      {pick(message)}
    </Notice>
  );
}
