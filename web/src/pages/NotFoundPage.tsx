import { useI18n } from '../i18n';
import { Link } from '../router';
import { startPath } from '../routes';
import { useSession } from '../session';

export function NotFoundPage() {
  const { t } = useI18n();
  const { state } = useSession();
  return (
    <div className="container section">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        {state.status === 'active' ? (
          <Link to={startPath(state.user.role)}>{t('common.toStart')}</Link>
        ) : (
          <Link to="/">{t('common.backHome')}</Link>
        )}
      </p>
    </div>
  );
}
