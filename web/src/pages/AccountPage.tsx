/** Who you are in the portal, until when your session runs, and the way out. */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { DataList, DataListItem, DataListKey, DataListValue } from '../components/DataList';
import { formatDateTime } from '../figures/format';
import { useI18n } from '../i18n';
import { useSession, useUser } from '../session';
import { PreferencesSection } from './notifications/PreferencesSection';

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
      <Heading level={1}>{t('account.title')}</Heading>
      <section aria-labelledby="account-details" className="section-block">
        <Heading level={2} id="account-details">
          {t('account.details')}
        </Heading>
        <DataList className="details-list">
          {rows.map(([term, value]) => (
            <DataListItem key={term}>
              <DataListKey>{term}</DataListKey>
              <DataListValue>{value}</DataListValue>
            </DataListItem>
          ))}
        </DataList>
      </section>
      <PreferencesSection />
      <section aria-labelledby="account-session" className="section-block">
        <Heading level={2} id="account-session">
          {t('account.session')}
        </Heading>
        {expiresAt !== undefined && <Paragraph>{t('account.session.text', { time: formatDateTime(expiresAt, language) })}</Paragraph>}
        <Button appearance="secondary-action-button" onClick={() => void logout()}>
          {t('account.logout')}
        </Button>
      </section>
    </div>
  );
}
