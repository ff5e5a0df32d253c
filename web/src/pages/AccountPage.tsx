/** Who you are in the portal, until when your session runs, and the way out. */
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { useSession, useUser } from '../session';

export function AccountPage() {
  const { t, language } = useI18n();
  const user = useUser();
  const { state, logout } = useSession();
  const expiresAt = state.status === 'active' ? state.expiresAt : undefined;
  const rows: [string, string][] = [
    [t('account.name'), user.displayName ?? t('audit.none')],
    [t('account.email'), user.email ?? t('audit.none')],
    [t('account.role'), t(`role.${user.role}`)],
    [t('account.organisation'), user.organisation.code ? `${user.organisation.name} (${user.organisation.code})` : user.organisation.name],
    [t('account.region'), user.region],
  ];
  return (
    <div className="container section">
      <h1>{t('account.title')}</h1>
      <section aria-labelledby="account-details" className="section-block">
        <h2 id="account-details">{t('account.details')}</h2>
        <dl className="details-list">
          {rows.map(([term, value]) => (
            <div key={term}>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="account-session" className="section-block">
        <h2 id="account-session">{t('account.session')}</h2>
        {expiresAt !== undefined && <p>{t('account.session.text', { time: formatDateTime(expiresAt, language) })}</p>}
        <button type="button" className="button button--secondary" onClick={() => void logout()}>
          {t('account.logout')}
        </button>
      </section>
    </div>
  );
}
