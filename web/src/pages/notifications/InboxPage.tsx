/**
 * Meldingen: the signed-in user's notifications of the reporting cycle, newest first, each with
 * what to do and a link to where to do it. Opening the link or the button marks it read.
 */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { Notice } from '../../components/Notice';
import { LoadFailed, Loading } from '../../components/Status';
import { failure } from '../../data/client';
import { useMarkRead, useNotifications, type Notification } from '../../data/notifications';
import { formatDateTime } from '../../figures/format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';

export function InboxPage() {
  const { t, pick } = useI18n();
  const inbox = useNotifications();
  const markRead = useMarkRead();
  const [problem, setProblem] = useState<string | undefined>();
  const mark = (id?: string) => {
    setProblem(undefined);
    markRead(id).catch((error: unknown) => setProblem(pick(failure(error))));
  };

  return (
    <div className="container section">
      <Heading level={1}>{t('notifications.title')}</Heading>
      <Paragraph purpose="lead">{t('notifications.intro')}</Paragraph>
      {problem && (
        <Notice tone="danger" live="alert">
          {problem}
        </Notice>
      )}
      {inbox.status === 'loading' && <Loading />}
      {inbox.status === 'failed' && <LoadFailed message={inbox.message} />}
      {inbox.status === 'loaded' && (
        <>
          <Paragraph role="status">{t('notifications.unread', { count: inbox.data.unreadCount })}</Paragraph>
          {inbox.data.unreadCount > 0 && (
            <Paragraph className="actions">
              <Button appearance="secondary-action-button" onClick={() => mark()}>
                {t('notifications.readAll')}
              </Button>
            </Paragraph>
          )}
          {inbox.data.items.length === 0 ? (
            <Paragraph className="notifications-empty">{t('notifications.empty')}</Paragraph>
          ) : (
            <ul className="notification-list">
              {inbox.data.items.map((item) => (
                <NotificationItem key={item.id} item={item} onRead={() => mark(item.id)} />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

function NotificationItem({ item, onRead }: { item: Notification; onRead: () => void }) {
  const { t, pick, language } = useI18n();
  return (
    <li className={item.read ? 'notification' : 'notification notification--unread'}>
      <Heading level={2} className="notification__title">
        {!item.read && <span className="notification__badge">{t('notifications.new')} </span>}
        {pick(item.title)}
      </Heading>
      <Paragraph className="muted">{formatDateTime(item.createdAt, language)}</Paragraph>
      <Paragraph>{pick(item.body)}</Paragraph>
      <Paragraph className="actions actions--tight">
        <Link to={item.link} onClick={item.read ? undefined : onRead}>
          {t('notifications.open')}
        </Link>
        {!item.read && (
          <Button appearance="subtle-button" onClick={onRead}>
            {t('notifications.markRead')}
          </Button>
        )}
      </Paragraph>
    </li>
  );
}
