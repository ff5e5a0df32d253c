/**
 * The result dialogues of the region (contract manager) or of the own organisation (provider):
 * upcoming ones by meeting date, improvement actions past their due date, and finished ones.
 * The contract manager prepares a new dialogue from here.
 */
import {
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHeader,
  TableRow,
} from '@rijkshuisstijl-community/components-react';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useI18n } from '../../i18n';
import { ButtonLink, Link } from '../../router';
import { useUser } from '../../session';
import { useDialogues, useOpenActions } from '../../data/dialogues';
import { LoadFailed, Loading } from '../../components/Status';
import { byMeetingDate, isOverdue, isUpcoming, todayInRegion, type ActionWithProvider, type DialogueSummary } from './model';
import { TableScroll } from '../../components/TableScroll';

export function DialoguesPage() {
  const { t } = useI18n();
  const user = useUser();
  const isManager = user.role === 'contract_manager';
  const dialogues = useDialogues();
  const actions = useOpenActions();

  return (
    <div className="container section dialogue-page">
      <Heading level={1}>{t('dialogues.title')}</Heading>
      <Paragraph purpose="lead">{t(isManager ? 'dialogues.intro.manager' : 'dialogues.intro.provider')}</Paragraph>
      {isManager && (
        <Paragraph className="actions">
          <ButtonLink appearance="primary-action-button" to="/dialogues/new">
            {t('dialogues.prepare')}
          </ButtonLink>
        </Paragraph>
      )}
      {dialogues.status === 'loading' && <Loading />}
      {dialogues.status === 'failed' && <LoadFailed message={dialogues.message} />}
      {dialogues.status === 'loaded' && (
        <>
          <section className="section-block" aria-labelledby="dialogues-upcoming">
            <Heading level={2} id="dialogues-upcoming">
              {t('dialogues.upcoming')}
            </Heading>
            <DialogueTable
              dialogues={dialogues.data.dialogues.filter((d) => isUpcoming(d.status)).sort(byMeetingDate)}
              caption={t('dialogues.upcoming')}
              empty={t('dialogues.upcoming.none')}
              showProvider={isManager}
            />
          </section>
          <section className="section-block" aria-labelledby="dialogues-overdue">
            <Heading level={2} id="dialogues-overdue">
              {t('dialogues.overdue')}
            </Heading>
            {actions.status === 'loading' && <Loading />}
            {actions.status === 'failed' && <LoadFailed message={actions.message} />}
            {actions.status === 'loaded' && <OverdueActions actions={actions.data.actions} showProvider={isManager} />}
          </section>
          <section className="section-block" aria-labelledby="dialogues-finished">
            <Heading level={2} id="dialogues-finished">
              {t('dialogues.finished')}
            </Heading>
            <DialogueTable
              dialogues={dialogues.data.dialogues.filter((d) => !isUpcoming(d.status))}
              caption={t('dialogues.finished')}
              empty={t('dialogues.finished.none')}
              showProvider={isManager}
            />
          </section>
        </>
      )}
    </div>
  );
}

function DialogueTable({
  dialogues,
  caption,
  empty,
  showProvider,
}: {
  dialogues: DialogueSummary[];
  caption: string;
  empty: string;
  showProvider: boolean;
}) {
  const { t } = useI18n();
  if (dialogues.length === 0) return <Paragraph className="muted">{empty}</Paragraph>;
  return (
    <TableScroll>
      <Table className="data-table dialogue-table">
        <TableCaption className="visually-hidden">{caption}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t(showProvider ? 'dialogues.col.provider' : 'dialogues.col.dialogue')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogues.col.period')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogues.col.categories')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.meetingDate')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.facts.status')}</TableHeaderCell>
            <TableHeaderCell scope="col" className="numeric">
              {t('dialogues.col.openActions')}
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {dialogues.map((dialogue) => (
            <TableRow key={dialogue.id}>
              <TableHeaderCell scope="row">
                <Link to={`/dialogues/${dialogue.id}`}>
                  {showProvider ? dialogue.provider.name : t('dialogues.link', { period: dialogue.period })}
                </Link>
                {showProvider && <span className="figure__detail">AGB {dialogue.provider.agb}</span>}
              </TableHeaderCell>
              <TableCell>{dialogue.period}</TableCell>
              <TableCell>{dialogue.productCategories.join(', ') || t('dialogues.allCategories')}</TableCell>
              <TableCell>{dialogue.meetingDate ?? '—'}</TableCell>
              <TableCell>
                <span className={`badge badge--status badge--${dialogue.status}`}>{t(`dialogue.status.${dialogue.status}`)}</span>
              </TableCell>
              <TableCell className="numeric">{dialogue.openActions}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableScroll>
  );
}

function OverdueActions({ actions, showProvider }: { actions: ActionWithProvider[]; showProvider: boolean }) {
  const { t } = useI18n();
  const today = todayInRegion();
  const overdue = actions.filter((action) => isOverdue(action, today)).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  if (overdue.length === 0) return <Paragraph className="muted">{t('dialogues.overdue.none')}</Paragraph>;
  return (
    <TableScroll>
      <Table className="data-table">
        <TableCaption className="visually-hidden">{t('dialogues.overdue')}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col">{t('dialogue.actions.col.what')}</TableHeaderCell>
            {showProvider && <TableHeaderCell scope="col">{t('dialogues.col.provider')}</TableHeaderCell>}
            <TableHeaderCell scope="col">{t('dialogue.actions.col.owner')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogue.actions.col.due')}</TableHeaderCell>
            <TableHeaderCell scope="col">{t('dialogues.col.dialogue')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {overdue.map((action) => (
            <TableRow key={action.id} className="row--overdue">
              <TableCell className="plain-text">{action.description}</TableCell>
              {showProvider && <TableCell>{action.provider.name}</TableCell>}
              <TableCell>{t(`dialogue.owner.${action.owner}`)}</TableCell>
              <TableCell className="nowrap">{action.dueDate}</TableCell>
              <TableCell>
                <Link to={`/dialogues/${action.dialogueId}`}>{t('dialogues.link', { period: action.period })}</Link>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableScroll>
  );
}
