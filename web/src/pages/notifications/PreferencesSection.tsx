/**
 * On the account page: which notifications reach the inbox and the e-mail, and the language of the
 * portal and its e-mails (saved with the user, so mails are written in it).
 */
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { useEffect, useState } from 'react';
import { notificationEventLabels } from '../../../../schemas/notifications.ts';
import { Notice } from '../../components/Notice';
import { LoadFailed, Loading } from '../../components/Status';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { TableScroll } from '../../components/TableScroll';
import { failure } from '../../data/client';
import { useNotificationPreferences, useSavePreferences, type NotificationPreferences } from '../../data/notifications';
import { useI18n } from '../../i18n';

type Choice = NotificationPreferences['events'][number];

export function PreferencesSection() {
  const { t, pick, language } = useI18n();
  const preferences = useNotificationPreferences();
  const save = useSavePreferences();
  const [choices, setChoices] = useState<Choice[] | undefined>();
  const [outcome, setOutcome] = useState<{ tone: 'success' | 'danger'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const loaded = preferences.status === 'loaded' ? preferences.data.events : undefined;
  useEffect(() => {
    if (loaded) setChoices(loaded);
  }, [loaded]);

  const change = (event: Choice['event'], field: 'inbox' | 'email', on: boolean) =>
    setChoices((current) =>
      current?.map((choice) => {
        if (choice.event !== event) return choice;
        // E-mail needs the inbox: turning the inbox off turns e-mail off, turning e-mail on turns the inbox on.
        if (field === 'inbox') return { ...choice, inbox: on, email: on ? choice.email : false };
        return { ...choice, email: on, inbox: on ? true : choice.inbox };
      }),
    );

  const submit = async () => {
    if (!choices) return;
    setBusy(true);
    setOutcome(undefined);
    try {
      await save({ events: choices, language });
      setOutcome({ tone: 'success', text: t('notifications.preferences.saved') });
    } catch (error) {
      setOutcome({ tone: 'danger', text: pick(failure(error)) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="account-notifications" className="section-block">
      <Heading level={2} id="account-notifications">
        {t('notifications.preferences.title')}
      </Heading>
      <Paragraph>{t('notifications.preferences.intro')}</Paragraph>
      {preferences.status === 'loading' && <Loading />}
      {preferences.status === 'failed' && <LoadFailed message={preferences.message} />}
      {choices && (
        <>
          <TableScroll>
            <Table>
              <TableCaption>{t('notifications.preferences.caption')}</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col">{t('notifications.preferences.event')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('notifications.preferences.inbox')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('notifications.preferences.email')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {choices.map((choice) => {
                  const label = notificationEventLabels[choice.event][language];
                  return (
                    <TableRow key={choice.event}>
                      <TableHeaderCell scope="row">{label}</TableHeaderCell>
                      <TableCell>
                        <input
                          type="checkbox"
                          aria-label={`${label}: ${t('notifications.preferences.inbox')}`}
                          checked={choice.inbox}
                          onChange={(event) => change(choice.event, 'inbox', event.currentTarget.checked)}
                        />
                      </TableCell>
                      <TableCell>
                        <input
                          type="checkbox"
                          aria-label={`${label}: ${t('notifications.preferences.email')}`}
                          checked={choice.email}
                          onChange={(event) => change(choice.event, 'email', event.currentTarget.checked)}
                        />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </TableScroll>
          <Paragraph className="hint">{t('notifications.preferences.language')}</Paragraph>
          <div className="actions actions--tight">
            <Button appearance="primary-action-button" disabled={busy} onClick={() => void submit()}>
              {t('notifications.preferences.save')}
            </Button>
          </div>
          {outcome && (
            <Notice tone={outcome.tone} live={outcome.tone === 'danger' ? 'alert' : 'status'}>
              {outcome.text}
            </Notice>
          )}
        </>
      )}
    </section>
  );
}
