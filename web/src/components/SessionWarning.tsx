/**
 * The session-timeout warning (WCAG 2.2.1): a modal alert dialog two minutes before the end, with
 * one button to stay logged in. The end time is said once in words (for screen readers); the
 * countdown beside it is visual only, so it does not interrupt every second. The dialog element is
 * hand-made (the NL Design System React package has no modal dialog); its content is NL DS.
 */
import { ActionGroup, Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useRef, useState } from 'react';
import { serverNow } from '../data/client';
import { formatDuration, formatTime } from '../figures/format';
import { useI18n } from '../i18n';
import { useSession } from '../session';

export function SessionWarning() {
  const { t, language } = useI18n();
  const { warningUntil, stayLoggedIn, logout } = useSession();
  const dialog = useRef<HTMLDialogElement>(null);
  const open = warningUntil !== undefined;
  const [now, setNow] = useState(serverNow);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    setNow(serverNow());
    const timer = window.setInterval(() => setNow(serverNow()), 1000);
    return () => window.clearInterval(timer);
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="session-warning"
      role="alertdialog"
      aria-labelledby="session-warning-title"
      aria-describedby="session-warning-text"
      onCancel={(event) => {
        // Escape is a deliberate answer from someone who is present: treat it as "stay".
        event.preventDefault();
        void stayLoggedIn();
      }}
    >
      {open && (
        <>
          <Heading level={2} id="session-warning-title">
            {t('session.warning.title')}
          </Heading>
          <Paragraph id="session-warning-text">{t('session.warning.text', { time: formatTime(warningUntil, language) })}</Paragraph>
          <Paragraph className="session-warning__countdown" aria-hidden="true">
            {t('session.warning.remaining', { remaining: formatDuration(warningUntil - now) })}
          </Paragraph>
          <ActionGroup>
            <Button appearance="primary-action-button" autoFocus onClick={() => void stayLoggedIn()}>
              {t('session.warning.stay')}
            </Button>
            <Button appearance="secondary-action-button" onClick={() => void logout()}>
              {t('session.warning.logout')}
            </Button>
          </ActionGroup>
        </>
      )}
    </dialog>
  );
}
