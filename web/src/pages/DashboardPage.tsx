/**
 * The start page after login, per role: who you are here, the pages your role can open (from the
 * route table, so new pages appear by themselves), and what is coming. No outcome data yet.
 */
import { useI18n } from '../i18n';
import { Link } from '../router';
import { navigationFor } from '../routes';
import { useUser } from '../session';

export function DashboardPage() {
  const { t } = useI18n();
  const user = useUser();
  const pages = navigationFor(user.role).filter((route) => route.path !== '/dashboard');
  return (
    <div className="container section">
      <h1>{t('dashboard.title', { name: user.displayName ?? user.email ?? user.id })}</h1>
      <p className="lead">
        {t('dashboard.who', { role: t(`role.${user.role}`).toLowerCase(), organisation: user.organisation.name, region: user.region })}
      </p>

      <section aria-labelledby="dashboard-pages" className="section-block">
        <h2 id="dashboard-pages">{t('dashboard.pages.title')}</h2>
        <ul className="cards cards--links">
          {pages.map((route) => (
            <li className="card card--link" key={route.path}>
              <h3>
                <Link to={route.path}>{t(route.navKey ?? route.titleKey)}</Link>
              </h3>
              {route.descriptionKey && <p>{t(route.descriptionKey)}</p>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="dashboard-note" className="section-block">
        <h2 id="dashboard-note">{t('dashboard.note.title')}</h2>
        <p>{t(`dashboard.note.${user.role}`)}</p>
      </section>
    </div>
  );
}
