/**
 * The header band (NL Design System page header): the portal's name as text, who is logged in,
 * log out, the language switch, and below it the main navigation with only the pages the user's
 * role may open. The band's colours come from theme tokens scoped to `.site-header`.
 */
import { Button, PageHeader, VisuallyHidden } from '@rijkshuisstijl-community/components-react';
import { useI18n } from '../i18n';
import { ButtonLink, Link } from '../router';
import { useNavigation } from '../navigation';
import { startPath } from '../route-types';
import { useSession } from '../session';

/** The inbox's page, whose menu item carries the unread count (issue 17). */
const inboxPath = '/meldingen';

export function Header({
  currentPath,
  unreadCount,
  onLanguageSwitch,
}: {
  currentPath: string;
  /** Unread notifications of the signed-in user; undefined while unknown. */
  unreadCount?: number;
  /** Also called when the language is switched (the shell saves it with the signed-in user). */
  onLanguageSwitch?: (language: 'nl' | 'en') => void;
}) {
  const { t, language, setLanguage } = useI18n();
  const { state, logout } = useSession();
  const user = state.status === 'active' ? state.user : undefined;
  const navigation = useNavigation();
  const other = language === 'nl' ? 'en' : 'nl';

  return (
    <PageHeader className="site-header">
      <div className="container site-header__inner">
        <Link className="site-header__brand" to={user ? startPath(user.role) : '/'}>
          <span className="site-header__logo" aria-hidden="true" />
          <span>
            <span className="site-header__name">{t('app.name')}</span>
            <span className="site-header__tagline">{t('app.tagline')}</span>
          </span>
        </Link>
        <div className="site-header__tools">
          {user && (
            <div className="site-header__user">
              <span className="site-header__user-name">
                <VisuallyHidden>{t('header.loggedInAs')} </VisuallyHidden>
                {user.displayName ?? user.email ?? user.id}
              </span>
              <span className="site-header__user-role">
                {t(`role.${user.role}`)} · {user.organisation.name}
              </span>
            </div>
          )}
          <div className="site-header__buttons">
            {user ? (
              <Button appearance="secondary-action-button" onClick={() => void logout()}>
                {t('header.logout')}
              </Button>
            ) : (
              currentPath !== '/login' && (
                <ButtonLink appearance="secondary-action-button" to="/login">
                  {t('header.login')}
                </ButtonLink>
              )
            )}
            <Button
              appearance="secondary-action-button"
              lang={other}
              aria-label={t('language.switch.label')}
              onClick={() => {
                setLanguage(other);
                onLanguageSwitch?.(other);
              }}
            >
              {t('language.switch')}
            </Button>
          </div>
        </div>
      </div>
      {user && (
        <nav className="main-nav" aria-label={t('nav.label')}>
          <ul className="container main-nav__list">
            {navigation.map((route) => (
              <li key={route.path}>
                <Link className="main-nav__link" to={route.path} aria-current={route.path === currentPath ? 'page' : undefined}>
                  {t(route.navKey ?? route.titleKey)}
                  {route.path === inboxPath && unreadCount !== undefined && unreadCount > 0 && (
                    <span className="main-nav__count">
                      <span aria-hidden="true">{unreadCount}</span>
                      <VisuallyHidden>{t('notifications.header.unread', { count: unreadCount })}</VisuallyHidden>
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
    </PageHeader>
  );
}
