/**
 * The start page after login, per role: who you are here, the pages your role can open (from the
 * route table, so new pages appear by themselves), and what is coming. No outcome data yet.
 */
import { Card, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useNavigation } from '../navigation';
import { useUser } from '../session';
import { OutstandingDeliveries } from './deliveries/OutstandingDeliveries';

export function DashboardPage() {
  const { t } = useI18n();
  const user = useUser();
  const pages = useNavigation().filter((route) => route.path !== '/dashboard');
  return (
    <div className="container section">
      <Heading level={1}>{t('dashboard.title', { name: user.displayName ?? user.email ?? user.id })}</Heading>
      <Paragraph purpose="lead">
        {t('dashboard.who', { role: t(`role.${user.role}`).toLowerCase(), organisation: user.organisation.name, region: user.region })}
      </Paragraph>
      {user.role === 'provider' && <OutstandingDeliveries />}

      <section aria-labelledby="dashboard-pages" className="section-block">
        <Heading level={2} id="dashboard-pages">
          {t('dashboard.pages.title')}
        </Heading>
        <ul className="cards cards--links">
          {pages.map((route) => (
            <li key={route.path}>
              <Card
                className="card card--link"
                headingLevel={3}
                heading={<Link to={route.path}>{t(route.navKey ?? route.titleKey)}</Link>}
                description={route.descriptionKey && t(route.descriptionKey)}
              />
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="dashboard-note" className="section-block">
        <Heading level={2} id="dashboard-note">
          {t('dashboard.note.title')}
        </Heading>
        <Paragraph>{t(`dashboard.note.${user.role}`)}</Paragraph>
      </section>
    </div>
  );
}
