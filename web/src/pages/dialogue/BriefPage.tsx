/**
 * The printable brief of a dialogue (SPEC §7.5): one A4 document with the frozen figures per
 * category (each category on a new page), a funnel plot for every bespreekpunt, the provider's
 * duiding, the meeting record and the actions. On screen it has a print button and a way back;
 * in print (styles.css, `@media print`) the portal's header, navigation and footer disappear.
 */
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import type { PageProps } from '../../routes';
import { useUser } from '../../session';
import { formatPercent } from '../compare/figures';
import { LoadFailed, Loading } from '../compare/status';
import { FiguresTable } from './FiguresTable';
import { useLabels, type Labels } from './labels';
import { explanationFor, explanationsByKey, isFlagged, isOverdue, type Dialogue, type DialogueAction, type SnapshotCategory } from './model';
import { SnapshotFunnel } from './SnapshotFunnel';
import { positionText } from './snapshot-words';
import { useDialogue } from './useDialogue';

export function BriefPage({ params }: PageProps) {
  const { t } = useI18n();
  const { state } = useDialogue(params.id);
  if (state.status === 'loaded') return <Brief dialogue={state.dialogue} />;
  return (
    <div className="container section">
      <h1>{t('brief.title')}</h1>
      {state.status === 'loading' ? <Loading /> : <LoadFailed message={state.message} />}
    </div>
  );
}

function Brief({ dialogue }: { dialogue: Dialogue }) {
  const { t, language } = useI18n();
  const user = useUser();
  const snapshot = dialogue.snapshot;
  const labels = useLabels(user.region, dialogue.period, snapshot.categories[0]?.productCategory);
  const explanations = explanationsByKey(dialogue);

  return (
    <div className="brief">
      <div className="brief__toolbar container">
        <Link to={`/dialogues/${dialogue.id}`}>{t('brief.back')}</Link>
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          {t('brief.print')}
        </button>
        <p className="muted">{t('brief.printHint')}</p>
      </div>
      <article className="brief__document" aria-labelledby="brief-title">
        <header className="brief__header">
          <p className="brief__kicker">{t('brief.kicker', { portal: t('app.name') })}</p>
          <h1 id="brief-title">{t('brief.heading', { provider: dialogue.provider.name, period: dialogue.period })}</h1>
          <dl className="brief__facts">
            <div>
              <dt>{t('brief.facts.provider')}</dt>
              <dd>
                {dialogue.provider.name} (AGB {dialogue.provider.agb})
              </dd>
            </div>
            <div>
              <dt>{t('dialogues.col.period')}</dt>
              <dd>{dialogue.period}</dd>
            </div>
            <div>
              <dt>{t('dialogue.facts.categories')}</dt>
              <dd>{snapshot.categories.map((c) => labels.category(c.productCategory)).join(', ') || '—'}</dd>
            </div>
            <div>
              <dt>{t('dialogue.meetingDate')}</dt>
              <dd>{dialogue.meetingDate ?? t('dialogue.meetingDate.none')}</dd>
            </div>
            <div>
              <dt>{t('dialogue.facts.status')}</dt>
              <dd>{t(`dialogue.status.${dialogue.status}`)}</dd>
            </div>
            <div>
              <dt>{t('dialogue.facts.frozen')}</dt>
              <dd>
                {t('dialogue.facts.frozenAt', { at: formatDateTime(snapshot.frozenAt, language) })}{' '}
                {snapshot.submissions.map((s) => t('dialogue.facts.submission', { id: s.id, version: s.version })).join(', ')}
              </dd>
            </div>
            {snapshot.dataQuality && (
              <div>
                <dt>{t('dialogue.facts.quality')}</dt>
                <dd>
                  {t('dialogue.facts.qualityText', {
                    trajectories: snapshot.dataQuality.trajectories,
                    response: snapshot.dataQuality.responseRate === null ? '—' : formatPercent(snapshot.dataQuality.responseRate, language, 0),
                  })}
                </dd>
              </div>
            )}
            <div>
              <dt>{t('dialogue.facts.prepared')}</dt>
              <dd>{t('dialogue.facts.preparedBy', { name: dialogue.preparedBy.name, at: formatDateTime(dialogue.preparedAt, language) })}</dd>
            </div>
          </dl>
          <p className="brief__about">{t('brief.about', { minN: snapshot.minN, flagMinN: snapshot.flagMinN ?? '—' })}</p>
        </header>

        <section className="brief__section" aria-labelledby="brief-general">
          <h2 id="brief-general">{t('dialogue.explanation.general.title')}</h2>
          {dialogue.generalExplanation ? <p className="plain-text">{dialogue.generalExplanation}</p> : <p className="muted">{t('dialogue.explanation.general.none')}</p>}
        </section>

        {snapshot.categories.map((category) => (
          <BriefCategory key={category.productCategory} dialogue={dialogue} category={category} labels={labels} explanations={explanations} />
        ))}

        <section className="brief__section brief__closing" aria-labelledby="brief-notes">
          <h2 id="brief-notes">{t('dialogue.notes.title')}</h2>
          {dialogue.notes ? <p className="plain-text">{dialogue.notes}</p> : <p className="muted">{t('dialogue.notes.none')}</p>}
          <h2>{t('dialogue.actions.title')}</h2>
          <BriefActions actions={dialogue.actions} empty={t('dialogue.actions.none')} caption={t('dialogue.actions.caption')} />
          <h3>{t('dialogue.actions.carried.title')}</h3>
          <BriefActions actions={dialogue.carriedOverActions} empty={t('dialogue.actions.carried.none')} caption={t('dialogue.actions.carried.caption')} showPeriod />
        </section>
        <p className="brief__footer">
          {t('brief.footer', { printedAt: formatDateTime(Date.now(), language), version: dialogue.version })}
        </p>
      </article>
    </div>
  );
}

function BriefCategory({ dialogue, category, labels, explanations }: { dialogue: Dialogue; category: SnapshotCategory; labels: Labels; explanations: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  const flagged = category.indicators.filter(isFlagged);
  const others = category.indicators.filter((i) => !isFlagged(i) && explanationFor(explanations, category.productCategory, i.indicator));
  return (
    <section className="brief__section brief__category" aria-labelledby={`brief-category-${category.productCategory}`}>
      <h2 id={`brief-category-${category.productCategory}`}>{t('dialogue.category.title', { category: labels.category(category.productCategory) })}</h2>
      {!category.hasData ? (
        <p className="muted">{t('dialogue.category.noData')}</p>
      ) : (
        <>
          <p>{t('dialogue.category.intro', { providers: category.regionProviders ?? 0, flags: flagged.length })}</p>
          <FiguresTable snapshot={dialogue.snapshot} category={category} labels={labels} />
          {flagged.length > 0 && <h3 className="brief__subheading">{t('brief.flags', { count: flagged.length })}</h3>}
          {flagged.map((indicator) => (
            <div className="brief__flag" key={indicator.indicator}>
              <h4>{labels.indicator(indicator.indicator)}</h4>
              <p className="brief__flag-position">{positionText(indicator, dialogue.snapshot.flagMinN, t)}</p>
              <SnapshotFunnel indicator={indicator} name={labels.indicator(indicator.indicator)} unit={labels.definition(indicator.indicator)?.unit ?? 'trajectories'} />
              <p className="brief__explanation">
                <strong>{t('brief.explanation')}</strong>{' '}
                <span className="plain-text">{explanationFor(explanations, category.productCategory, indicator.indicator) ?? t('dialogue.explanation.none')}</span>
              </p>
            </div>
          ))}
          {others.length > 0 && (
            <>
              <h3 className="brief__subheading">{t('brief.otherExplanations')}</h3>
              <dl className="brief__explanations">
                {others.map((indicator) => (
                  <div key={indicator.indicator}>
                    <dt>{labels.indicator(indicator.indicator)}</dt>
                    <dd className="plain-text">{explanationFor(explanations, category.productCategory, indicator.indicator)}</dd>
                  </div>
                ))}
              </dl>
            </>
          )}
        </>
      )}
    </section>
  );
}

function BriefActions({ actions, empty, caption, showPeriod = false }: { actions: DialogueAction[]; empty: string; caption: string; showPeriod?: boolean }) {
  const { t } = useI18n();
  if (actions.length === 0) return <p className="muted">{empty}</p>;
  return (
    <table className="data-table brief__actions">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('dialogue.actions.col.what')}</th>
          {showPeriod && <th scope="col">{t('dialogue.actions.col.from')}</th>}
          <th scope="col">{t('dialogue.actions.col.owner')}</th>
          <th scope="col">{t('dialogue.actions.col.due')}</th>
          <th scope="col">{t('dialogue.actions.col.status')}</th>
          <th scope="col">{t('dialogue.actions.col.followUp')}</th>
        </tr>
      </thead>
      <tbody>
        {actions.map((action) => (
          <tr key={action.id}>
            <td className="plain-text">{action.description}</td>
            {showPeriod && <td>{action.period}</td>}
            <td>{t(`dialogue.owner.${action.owner}`)}</td>
            <td className="nowrap">
              {action.dueDate}
              {isOverdue(action) && ` (${t('dialogue.actions.overdue')})`}
            </td>
            <td>{t(`dialogue.actionStatus.${action.status}`)}</td>
            <td className="plain-text">{action.followUp ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
