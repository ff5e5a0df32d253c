/**
 * The session-timeout warning (WCAG 2.2.1): a modal alert dialog two minutes before the end, with
 * one button to stay logged in. The end time is said once in words (for screen readers); the
 * countdown beside it is visual only, so it does not interrupt every second.
 */
import { useEffect, useRef, useState } from 'react';
import { serverNow } from '../api/client';
import { formatDuration, formatTime } from '../format';
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
          <h2 id="session-warning-title">{t('session.warning.title')}</h2>
          <p id="session-warning-text">{t('session.warning.text', { time: formatTime(warningUntil, language) })}</p>
          <p className="session-warning__countdown" aria-hidden="true">
            {t('session.warning.remaining', { remaining: formatDuration(warningUntil - now) })}
          </p>
          <div className="actions">
            <button type="button" className="button button--primary" autoFocus onClick={() => void stayLoggedIn()}>
              {t('session.warning.stay')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => void logout()}>
              {t('session.warning.logout')}
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
