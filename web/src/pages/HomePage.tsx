/** The public front page: what the portal is for, who uses it, how privacy is protected. */
import { useEffect, useState } from 'react';
import { api, ApiError, type LocalizedText } from '../api/client';
import { messages } from '../messages';
import { useI18n } from '../i18n';
import { Link } from '../router';

export function HomePage() {
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
            <Link className="button button--primary" to="/login">
              {t('home.login')}
            </Link>
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

type Readiness = { state: 'checking' } | { state: 'ready' } | { state: 'unavailable'; message: LocalizedText };

/** One line: asks /readyz once and says whether the portal (and its database) answers. */
function ReadyStatus() {
  const { t, pick } = useI18n();
  const [readiness, setReadiness] = useState<Readiness>({ state: 'checking' });

  useEffect(() => {
    const controller = new AbortController();
    api
      .get('/api/v1/readyz', { signal: controller.signal })
      .then(() => setReadiness({ state: 'ready' }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setReadiness({ state: 'unavailable', message: error instanceof ApiError ? error.localized : messages['common.unknownError'] });
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
