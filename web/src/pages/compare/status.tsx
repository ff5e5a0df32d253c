/** The loading line and the failure notice every comparison page shows in the same way. */
import type { LocalizedText } from '../../api/client';
import { useI18n } from '../../i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="results-status">
      {t('common.loading')}
    </p>
  );
}

export function LoadFailed({ message }: { message: LocalizedText }) {
  const { pick } = useI18n();
  return (
    <p className="notice notice--danger" role="alert">
      {pick(message)}
    </p>
  );
}
