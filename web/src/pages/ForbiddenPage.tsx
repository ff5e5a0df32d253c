/** A page that exists but not for this role. The API refuses the data anyway (403); this says so kindly. */
import { useI18n } from '../i18n';
import { Link } from '../router';
import { startPath } from '../routes';
import { useUser } from '../session';

export function ForbiddenPage() {
  const { t } = useI18n();
  const user = useUser();
  return (
    <div className="container section">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.text', { role: t(`role.${user.role}`) })}</p>
      <p>
        <Link to={startPath(user.role)}>{t('common.toStart')}</Link>
      </p>
    </div>
  );
}
