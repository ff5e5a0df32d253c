/**
 * The shell: skip link, header with the role's navigation and the language switch, the page the
 * route table picks (or login, not-allowed, not-found), footer, and the session-timeout warning.
 */
import { Paragraph, SkipLink } from '@rijkshuisstijl-community/components-react';
import { useCallback, useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { Footer } from './components/Footer';
import { queryClient } from './data/query-client';
import { useSavePreferences, useUnreadCount } from './data/notifications';
import { Header } from './components/Header';
import { SessionWarning } from './components/SessionWarning';
import { useI18n, type MessageKey } from './i18n';
import { ForbiddenPage } from './pages/ForbiddenPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { Redirect, safeNext, useLocation, type Location } from './router';
import { NavigationContext } from './navigation';
import { mayVisit, startPath, type RouteDef } from './route-types';
import { findRoute, navigationFor, needsSession } from './routes';
import { SessionProvider, useSession, type SessionState } from './session';

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <SessionProvider needsSession={needsSession}>
        <Shell />
      </SessionProvider>
    </QueryClientProvider>
  );
}

type View =
  | { kind: 'page'; route: RouteDef; params: Record<string, string> }
  | { kind: 'redirect'; to: string }
  | { kind: 'loading' }
  | { kind: 'forbidden' }
  | { kind: 'notFound' };

/** What to show for this location and session: the guard for every route, in one place. */
function decide(location: Location, session: SessionState): View {
  const found = findRoute(location.pathname);
  if (!found) return { kind: 'notFound' };
  const { route, params } = found;
  if (route.access === 'public') return { kind: 'page', route, params };
  if (session.status === 'checking') return { kind: 'loading' };
  if (route.access === 'guest') {
    if (session.status !== 'active') return { kind: 'page', route, params };
    return { kind: 'redirect', to: safeNext(location.search.get('next')) ?? startPath(session.user.role) };
  }
  if (session.status !== 'active') return { kind: 'redirect', to: `/login?${new URLSearchParams({ next: location.href })}` };
  return mayVisit(route, session.user.role) ? { kind: 'page', route, params } : { kind: 'forbidden' };
}

const titles: Record<Exclude<View['kind'], 'page' | 'redirect'>, MessageKey> = {
  loading: 'common.loading',
  forbidden: 'forbidden.title',
  notFound: 'notFound.title',
};

function Shell() {
  const location = useLocation();
  const { state } = useSession();
  const { t } = useI18n();
  const view = decide(location, state);
  const role = state.status === 'active' ? state.user.role : undefined;
  const navigation = useMemo(() => (role ? navigationFor(role) : []), [role]);
  const unreadCount = useUnreadCount(role !== undefined);
  const savePreferences = useSavePreferences();
  // The switch already took effect on screen; saving it for the e-mails may fail quietly and is tried again at the next switch.
  const saveLanguage = useCallback((language: 'nl' | 'en') => void savePreferences({ language }).catch(() => undefined), [savePreferences]);

  const titleKey = view.kind === 'page' ? view.route.titleKey : view.kind === 'redirect' ? undefined : titles[view.kind];
  const isHome = view.kind === 'page' && view.route.path === '/';
  useEffect(() => {
    if (!titleKey) return;
    document.title = isHome ? t('app.name') : `${t(titleKey)} · ${t('app.name')}`;
  }, [titleKey, isHome, t]);

  useFocusOnNavigation(location.pathname, view.kind);

  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    // Focus without touching the URL: a #main fragment would end up in the login's `next`.
    event.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <NavigationContext value={navigation}>
      <SkipLink href="#main" onClick={skipToMain}>
        {t('skip.main')}
      </SkipLink>
      <Header currentPath={location.pathname} unreadCount={unreadCount} onLanguageSwitch={role ? saveLanguage : undefined} />
      <main id="main" tabIndex={-1}>
        {view.kind === 'page' && <view.route.Component params={view.params} />}
        {view.kind === 'redirect' && <Redirect to={view.to} />}
        {view.kind === 'loading' && (
          <div className="container section">
            <Paragraph role="status">{t('common.loading')}</Paragraph>
          </div>
        )}
        {view.kind === 'forbidden' && <ForbiddenPage />}
        {view.kind === 'notFound' && <NotFoundPage />}
      </main>
      <Footer />
      <SessionWarning />
    </NavigationContext>
  );
}

/**
 * After an in-app navigation, focus goes to the new page's heading, as it would after a full page
 * load for a screen-reader user; the first load leaves focus where the browser puts it.
 */
function useFocusOnNavigation(pathname: string, kind: View['kind']) {
  const previous = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (kind === 'redirect' || kind === 'loading') return;
    const first = previous.current === undefined;
    const changed = previous.current !== pathname;
    previous.current = pathname;
    if (first || !changed) return;
    const heading = document.querySelector<HTMLElement>('main h1');
    const target = heading ?? document.getElementById('main');
    if (!target) return;
    if (heading && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    target.focus();
    window.scrollTo(0, 0);
  }, [pathname, kind]);
}
