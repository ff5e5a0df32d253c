/**
 * The shell: skip link, header with the language switch, one page chosen by pathname, footer.
 * Pages are plain links between full page loads for now; no router library.
 */
import { useEffect, useState, type JSX } from 'react';
import { ApiError, apiGet, type LocalizedText } from './api/client';
import { useI18n, type MessageKey } from './i18n';

export function App() {
  const page = pageFor(window.location.pathname);
  const { t } = useI18n();

  useEffect(() => {
    document.title = page.titleKey ? `${t(page.titleKey)} · ${t('app.name')}` : t('app.name');
  }, [page.titleKey, t]);

  return (
    <>
      <a className="skip-link" href="#main">
        {t('skip.main')}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <page.Component />
      </main>
      <Footer />
    </>
  );
}

interface Page {
  Component: () => JSX.Element;
  /** Shown before the portal name in the browser tab; the home page uses the name alone. */
  titleKey?: MessageKey;
}

function pageFor(pathname: string): Page {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { Component: HomePage };
  if (path === '/login') return { Component: LoginPlaceholderPage, titleKey: 'login.title' };
  return { Component: NotFoundPage, titleKey: 'notFound.title' };
}

function Header() {
  const { t, language, setLanguage } = useI18n();
  const other = language === 'nl' ? 'en' : 'nl';
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <a className="site-header__brand" href="/">
          <span className="site-header__logo" aria-hidden="true" />
          <span>
            <span className="site-header__name">{t('app.name')}</span>
            <span className="site-header__tagline">{t('app.tagline')}</span>
          </span>
        </a>
        <button
          type="button"
          className="language-switch"
          lang={other}
          aria-label={t('language.switch.label')}
          onClick={() => setLanguage(other)}
        >
          {t('language.switch')}
        </button>
      </div>
    </header>
  );
}

function HomePage() {
  const { t } = useI18n();
  const roles = ['providers', 'contractManagers', 'municipalities', 'auditors'] as const;
  const privacyRules = ['pseudonyms', 'minimal', 'smallNumbers', 'needToKnow', 'logged'] as const;
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <div className="container">
          <h1 id="home-title">{t('home.title')}</h1>
          <p className="lead">{t('home.intro')}</p>
          <div className="actions">
            <a className="button button--primary" href="/login">
              {t('home.login')}
            </a>
            <a className="button button--secondary" href="/api/docs/">
              {t('home.apiDocs')}
            </a>
          </div>
          <ReadyStatus />
        </div>
      </section>

      <section className="container section" aria-labelledby="roles-title">
        <h2 id="roles-title">{t('home.roles.title')}</h2>
        <ul className="cards">
          {roles.map((role) => (
            <li className="card" key={role}>
              <h3>{t(`home.roles.${role}.title`)}</h3>
              <p>{t(`home.roles.${role}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>

      <section className="container section" aria-labelledby="privacy-title">
        <h2 id="privacy-title">{t('home.privacy.title')}</h2>
        <ul className="rules">
          {privacyRules.map((rule) => (
            <li key={rule}>
              <h3>{t(`home.privacy.${rule}.title`)}</h3>
              <p>{t(`home.privacy.${rule}.text`)}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

type Readiness =
  | { state: 'checking' }
  | { state: 'ready' }
  | { state: 'unavailable'; message: LocalizedText };

/** One line: asks /readyz once and says whether the portal (and its database) answers. */
function ReadyStatus() {
  const { t, pick } = useI18n();
  const [readiness, setReadiness] = useState<Readiness>({ state: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    apiGet('/readyz', { signal: controller.signal })
      .then(() => setReadiness({ state: 'ready' }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const message =
          error instanceof ApiError
            ? error.localized
            : { nl: 'Onbekende fout bij het controleren.', en: 'Unknown error while checking.' };
        setReadiness({ state: 'unavailable', message });
      });
    return () => controller.abort();
  }, []);

  return (
    <p className={`status status--${readiness.state}`} role="status">
      <span className="status__dot" aria-hidden="true" />
      <span className="visually-hidden">{t('status.label')}: </span>
      {readiness.state === 'checking' && t('status.checking')}
      {readiness.state === 'ready' && t('status.ready')}
      {readiness.state === 'unavailable' && `${t('status.unavailable')}: ${pick(readiness.message)}`}
    </p>
  );
}

function LoginPlaceholderPage() {
  const { t } = useI18n();
  return (
    <div className="container section">
      <h1>{t('login.title')}</h1>
      <p>{t('login.soon')}</p>
      <p>
        <a href="/">{t('common.backHome')}</a>
      </p>
    </div>
  );
}

function NotFoundPage() {
  const { t } = useI18n();
  return (
    <div className="container section">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <p>
        <a href="/">{t('common.backHome')}</a>
      </p>
    </div>
  );
}

function Footer() {
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <div className="container site-footer__inner">
        <p>
          <strong>{t('app.name')}</strong>
          <br />
          {t('footer.about')}
        </p>
        <ul className="site-footer__links">
          <li>
            <a href="/">{t('nav.home')}</a>
          </li>
          <li>
            <a href="/api/docs/">{t('home.apiDocs')}</a>
          </li>
        </ul>
      </div>
    </footer>
  );
}
