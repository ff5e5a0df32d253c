/**
 * The result dialogues of the region (contract manager) or of the own organisation (provider):
 * upcoming ones by meeting date, improvement actions past their due date, and finished ones.
 * The contract manager prepares a new dialogue from here.
 */
import { api } from '../../api/client';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import { useUser } from '../../session';
import { useLoad } from '../compare/load';
import { LoadFailed, Loading } from '../compare/status';
import { byMeetingDate, isOverdue, isUpcoming, todayInRegion, type ActionWithProvider, type DialogueSummary } from './model';
import { TableScroll } from '../../components/TableScroll';

export function DialoguesPage() {
  const { t } = useI18n();
  const user = useUser();
  const isManager = user.role === 'contract_manager';
  const dialogues = useLoad((signal) => api.get('/api/v1/dialogues', { signal }), 'all');
  const actions = useLoad((signal) => api.get('/api/v1/dialogues/actions', { query: { status: 'open' }, signal }), 'open');

  return (
    <div className="container section dialogue-page">
      <h1>{t('dialogues.title')}</h1>
      <p className="lead">{t(isManager ? 'dialogues.intro.manager' : 'dialogues.intro.provider')}</p>
      {isManager && (
        <p className="actions">
          <Link className="button button--primary" to="/dialogues/new">
            {t('dialogues.prepare')}
          </Link>
        </p>
      )}
      {dialogues.status === 'loading' && <Loading />}
      {dialogues.status === 'failed' && <LoadFailed message={dialogues.message} />}
      {dialogues.status === 'loaded' && (
        <>
          <section className="section-block" aria-labelledby="dialogues-upcoming">
            <h2 id="dialogues-upcoming">{t('dialogues.upcoming')}</h2>
            <DialogueTable
              dialogues={dialogues.data.dialogues.filter((d) => isUpcoming(d.status)).sort(byMeetingDate)}
              caption={t('dialogues.upcoming')}
              empty={t('dialogues.upcoming.none')}
              showProvider={isManager}
            />
          </section>
          <section className="section-block" aria-labelledby="dialogues-overdue">
            <h2 id="dialogues-overdue">{t('dialogues.overdue')}</h2>
            {actions.status === 'loading' && <Loading />}
            {actions.status === 'failed' && <LoadFailed message={actions.message} />}
            {actions.status === 'loaded' && <OverdueActions actions={actions.data.actions} showProvider={isManager} />}
          </section>
          <section className="section-block" aria-labelledby="dialogues-finished">
            <h2 id="dialogues-finished">{t('dialogues.finished')}</h2>
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

function DialogueTable({ dialogues, caption, empty, showProvider }: { dialogues: DialogueSummary[]; caption: string; empty: string; showProvider: boolean }) {
  const { t } = useI18n();
  if (dialogues.length === 0) return <p className="muted">{empty}</p>;
  return (
    <TableScroll>
      <table className="data-table dialogue-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t(showProvider ? 'dialogues.col.provider' : 'dialogues.col.dialogue')}</th>
            <th scope="col">{t('dialogues.col.period')}</th>
            <th scope="col">{t('dialogues.col.categories')}</th>
            <th scope="col">{t('dialogue.meetingDate')}</th>
            <th scope="col">{t('dialogue.facts.status')}</th>
            <th scope="col" className="numeric">
              {t('dialogues.col.openActions')}
            </th>
          </tr>
        </thead>
        <tbody>
          {dialogues.map((dialogue) => (
            <tr key={dialogue.id}>
              <th scope="row">
                <Link to={`/dialogues/${dialogue.id}`}>{showProvider ? dialogue.provider.name : t('dialogues.link', { period: dialogue.period })}</Link>
                {showProvider && <span className="figure__detail">AGB {dialogue.provider.agb}</span>}
              </th>
              <td>{dialogue.period}</td>
              <td>{dialogue.productCategories.join(', ') || t('dialogues.allCategories')}</td>
              <td>{dialogue.meetingDate ?? '—'}</td>
              <td>
                <span className={`badge badge--status badge--${dialogue.status}`}>{t(`dialogue.status.${dialogue.status}`)}</span>
              </td>
              <td className="numeric">{dialogue.openActions}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function OverdueActions({ actions, showProvider }: { actions: ActionWithProvider[]; showProvider: boolean }) {
  const { t } = useI18n();
  const today = todayInRegion();
  const overdue = actions.filter((action) => isOverdue(action, today)).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  if (overdue.length === 0) return <p className="muted">{t('dialogues.overdue.none')}</p>;
  return (
    <TableScroll>
      <table className="data-table">
        <caption className="visually-hidden">{t('dialogues.overdue')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dialogue.actions.col.what')}</th>
            {showProvider && <th scope="col">{t('dialogues.col.provider')}</th>}
            <th scope="col">{t('dialogue.actions.col.owner')}</th>
            <th scope="col">{t('dialogue.actions.col.due')}</th>
            <th scope="col">{t('dialogues.col.dialogue')}</th>
          </tr>
        </thead>
        <tbody>
          {overdue.map((action) => (
            <tr key={action.id} className="row--overdue">
              <td className="plain-text">{action.description}</td>
              {showProvider && <td>{action.provider.name}</td>}
              <td>{t(`dialogue.owner.${action.owner}`)}</td>
              <td className="nowrap">{action.dueDate}</td>
              <td>
                <Link to={`/dialogues/${action.dialogueId}`}>{t('dialogues.link', { period: action.period })}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
