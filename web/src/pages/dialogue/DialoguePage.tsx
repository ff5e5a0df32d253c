/**
 * The dialogue workspace (SPEC §7): the frozen figures per category and indicator with the
 * provider's duiding beside them, and around them what each side writes — the provider its
 * duiding until the meeting, the contract manager the status, the meeting record and the actions.
 * Every save names the version it was made on; a conflict keeps the user's text (useDialogue.ts).
 */
import type { FormEvent, ReactNode } from 'react';
import { textLimits } from '../../../../schemas/plain-text.ts';
import { ErrorSummary } from '../../components/ErrorSummary';
import { TextAreaField } from '../../components/TextAreaField';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import type { PageProps } from '../../routes';
import { useUser, type Me } from '../../session';
import { formatPercent } from '../compare/figures';
import { LoadFailed, Loading } from '../compare/status';
import { ActionsSection } from './ActionsSection';
import { ChangesNotice } from './ChangesNotice';
import { FiguresTable } from './FiguresTable';
import { HistorySection } from './HistorySection';
import { useLabels, type Labels } from './labels';
import { explanationFor, explanationKey, explanationsByKey, isFlagged, type Dialogue, type SnapshotIndicator } from './model';
import { NotesSection } from './NotesSection';
import { RefusalNotice } from './RefusalNotice';
import { SnapshotFunnel } from './SnapshotFunnel';
import { StatusSection } from './StatusSection';
import { useDialogue, type DialogueHandle } from './useDialogue';
import { explanationFieldId, generalKey, useExplanations } from './useExplanations';

export function DialoguePage({ params }: PageProps) {
  const { t } = useI18n();
  const user = useUser();
  const handle = useDialogue(params.id);
  const { state } = handle;
  if (state.status === 'loaded') return <Workspace dialogue={state.dialogue} handle={handle} user={user} />;
  return (
    <div className="container section dialogue-page">
      <p>
        <Link to="/dialogues">{t('dialogue.back')}</Link>
      </p>
      <h1>{t('dialogue.titleShort')}</h1>
      {state.status === 'loading' ? <Loading /> : <LoadFailed message={state.message} />}
    </div>
  );
}

function Workspace({ dialogue, handle, user }: { dialogue: Dialogue; handle: DialogueHandle; user: Me }) {
  const { t, language } = useI18n();
  const snapshot = dialogue.snapshot;
  const labels = useLabels(user.region, dialogue.period, snapshot.categories[0]?.productCategory);
  const isManager = user.role === 'contract_manager';
  const writesExplanation = user.role === 'provider' && dialogue.status === 'voorbereid';
  const explanations = useExplanations(dialogue, handle, labels.indicatorText);
  const written = explanationsByKey(dialogue);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void explanations.save();
  };

  const explanationCell = (category: string) => (indicator: SnapshotIndicator) => {
    if (writesExplanation) {
      const key = explanationKey(category, indicator.indicator);
      return (
        <TextAreaField
          id={explanationFieldId(key)}
          label={t('dialogue.explanation.fieldLabel', { indicator: labels.indicator(indicator.indicator), category })}
          hiddenLabel
          value={explanations.value(key)}
          onChange={(event) => explanations.set(key, event.currentTarget.value)}
          rows={isFlagged(indicator) ? 4 : 2}
          maxChars={textLimits.explanation}
          errors={explanations.errors.get(key)}
        />
      );
    }
    const text = explanationFor(written, category, indicator.indicator);
    return text ? <p className="plain-text">{text}</p> : <span className="muted">{t('dialogue.explanation.none')}</span>;
  };

  const figures = (
    <>
      <section className="section-block" aria-labelledby="dialogue-general">
        <h2 id="dialogue-general">{t('dialogue.explanation.general.title')}</h2>
        {writesExplanation ? (
          <TextAreaField
            id={explanationFieldId(generalKey)}
            label={t('dialogue.explanation.general.label')}
            hint={t('dialogue.explanation.general.hint')}
            value={explanations.value(generalKey)}
            onChange={(event) => explanations.set(generalKey, event.currentTarget.value)}
            rows={6}
            maxChars={textLimits.generalExplanation}
            errors={explanations.errors.get(generalKey)}
          />
        ) : dialogue.generalExplanation ? (
          <p className="plain-text">{dialogue.generalExplanation}</p>
        ) : (
          <p className="muted">{t('dialogue.explanation.general.none')}</p>
        )}
      </section>
      {snapshot.categories.map((category) => (
        <CategorySection key={category.productCategory} dialogue={dialogue} category={category} labels={labels} explanation={explanationCell(category.productCategory)} />
      ))}
    </>
  );

  return (
    <div className="container section dialogue-page">
      <p>
        <Link to="/dialogues">{t('dialogue.back')}</Link>
      </p>
      <h1>{t('dialogue.title', { provider: dialogue.provider.name, period: dialogue.period })}</h1>
      <dl className="facts">
        <div>
          <dt>{t('dialogue.facts.status')}</dt>
          <dd>
            <span className={`badge badge--status badge--${dialogue.status}`}>{t(`dialogue.status.${dialogue.status}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('dialogue.meetingDate')}</dt>
          <dd>{dialogue.meetingDate ?? t('dialogue.meetingDate.none')}</dd>
        </div>
        <div>
          <dt>{t('dialogue.facts.categories')}</dt>
          <dd>{snapshot.categories.map((c) => labels.category(c.productCategory)).join(', ') || '—'}</dd>
        </div>
        <div>
          <dt>{t('dialogue.facts.prepared')}</dt>
          <dd>{t('dialogue.facts.preparedBy', { name: dialogue.preparedBy.name, at: formatDateTime(dialogue.preparedAt, language) })}</dd>
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
              {snapshot.dataQuality.late && ` ${t('dialogue.facts.late')}`}
              {snapshot.dataQuality.replacements > 0 && ` ${t('dialogue.facts.replacements', { count: snapshot.dataQuality.replacements })}`}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('dialogue.facts.version')}</dt>
          <dd>{dialogue.version}</dd>
        </div>
      </dl>
      <p className="actions actions--tight">
        <Link className="button button--secondary" to={`/dialogues/${dialogue.id}/brief`}>
          {t('dialogue.toBrief')}
        </Link>
        {dialogue.previousDialogue && <Link to={`/dialogues/${dialogue.previousDialogue.id}`}>{t('dialogue.toPrevious', { period: dialogue.previousDialogue.period })}</Link>}
      </p>

      <ChangesNotice dialogue={dialogue} labels={labels} />
      <StatusSection dialogue={dialogue} handle={handle} editable={isManager} />

      {user.role === 'provider' && (
        <p className="notice">{t(writesExplanation ? 'dialogue.explanation.intro' : 'dialogue.explanation.closed')}</p>
      )}
      {writesExplanation ? (
        <form onSubmit={submit} noValidate className="explanation-form">
          <ErrorSummary title={t('dialogue.explanation.errors')} items={explanations.summary} />
          {figures}
          <div className="save-bar">
            <button type="submit" className="button button--primary" disabled={explanations.saving}>
              {t(explanations.saving ? 'dialogue.saving' : 'dialogue.explanation.save')}
            </button>
            <p className="muted save-status" role="status">
              {explanations.dirty ? t('dialogue.unsaved') : explanations.savedVersion ? t('dialogue.saved', { version: explanations.savedVersion }) : ''}
            </p>
          </div>
          <RefusalNotice result={explanations.result} />
        </form>
      ) : (
        figures
      )}

      <NotesSection dialogue={dialogue} handle={handle} editable={isManager} />
      <ActionsSection dialogue={dialogue} handle={handle} editable={isManager} />
      <HistorySection dialogueId={dialogue.id} version={dialogue.version} />
    </div>
  );
}

function CategorySection({ dialogue, category, labels, explanation }: { dialogue: Dialogue; category: Dialogue['snapshot']['categories'][number]; labels: Labels; explanation: (indicator: SnapshotIndicator) => ReactNode }) {
  const { t } = useI18n();
  const flagged = category.indicators.filter(isFlagged);
  const headingId = `category-${category.productCategory}`;
  return (
    <section className="section-block" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('dialogue.category.title', { category: labels.category(category.productCategory) })}</h2>
      {!category.hasData ? (
        <p className="muted">{t('dialogue.category.noData')}</p>
      ) : (
        <>
          <p className="muted">
            {t('dialogue.category.intro', { providers: category.regionProviders ?? 0, flags: flagged.length })}
          </p>
          <FiguresTable snapshot={dialogue.snapshot} category={category} labels={labels} explanation={explanation} explanationHeading={t('dialogue.figures.col.explanation')} />
          {flagged.length > 0 && (
            <details className="funnels">
              <summary>{t('dialogue.category.funnels', { count: flagged.length })}</summary>
              <div className="funnels__grid">
                {flagged.map((indicator) => (
                  <div key={indicator.indicator}>
                    <h3>{labels.indicator(indicator.indicator)}</h3>
                    <SnapshotFunnel indicator={indicator} name={labels.indicator(indicator.indicator)} unit={labels.definition(indicator.indicator)?.unit ?? 'trajectories'} />
                  </div>
                ))}
              </div>
            </details>
          )}
        </>
      )}
    </section>
  );
}
