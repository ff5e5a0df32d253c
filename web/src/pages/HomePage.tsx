/** The public front page: what the portal is for, who uses it, how privacy is protected. */
import {
  ActionGroup,
  ButtonLink as NldsButtonLink,
  Card,
  Heading,
  Paragraph,
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import type { LocalizedText } from '../data/client';
import { useReadiness } from '../data/status';
import { useI18n } from '../i18n';
import { ButtonLink } from '../router';

export function HomePage() {
  const { t } = useI18n();
  const roles = ['providers', 'contractManagers', 'municipalities', 'auditors'] as const;
  const privacyRules = ['pseudonyms', 'minimal', 'smallNumbers', 'needToKnow', 'logged'] as const;
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <div className="container">
          <Heading level={1} id="home-title">
            {t('home.title')}
          </Heading>
          <Paragraph purpose="lead">{t('home.intro')}</Paragraph>
          <ActionGroup className="actions">
            <ButtonLink appearance="primary-action-button" to="/login">
              {t('home.login')}
            </ButtonLink>
            <NldsButtonLink appearance="secondary-action-button" href="/api/docs/">
              {t('home.apiDocs')}
            </NldsButtonLink>
          </ActionGroup>
          <ReadyStatus />
        </div>
      </section>

      <section className="container section" aria-labelledby="roles-title">
        <Heading level={2} id="roles-title">
          {t('home.roles.title')}
        </Heading>
        <ul className="cards">
          {roles.map((role) => (
            <li key={role}>
              <Card className="card" heading={t(`home.roles.${role}.title`)} headingLevel={3} description={t(`home.roles.${role}.text`)} />
            </li>
          ))}
        </ul>
      </section>

      <section className="container section" aria-labelledby="privacy-title">
        <Heading level={2} id="privacy-title">
          {t('home.privacy.title')}
        </Heading>
        <ul className="rules">
          {privacyRules.map((rule) => (
            <li key={rule}>
              <Heading level={3}>{t(`home.privacy.${rule}.title`)}</Heading>
              <Paragraph>{t(`home.privacy.${rule}.text`)}</Paragraph>
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
  const answer = useReadiness();
  const readiness: Readiness =
    answer.status === 'loaded'
      ? { state: 'ready' }
      : answer.status === 'failed'
        ? { state: 'unavailable', message: answer.message }
        : { state: 'checking' };

  return (
    <Paragraph className={`status status--${readiness.state}`} role="status">
      <span className="status__dot" aria-hidden="true" />
      <VisuallyHidden>{t('status.label')}: </VisuallyHidden>
      {readiness.state === 'checking' && t('status.checking')}
      {readiness.state === 'ready' && t('status.ready')}
      {readiness.state === 'unavailable' && `${t('status.unavailable')}: ${pick(readiness.message)}`}
    </Paragraph>
  );
}
