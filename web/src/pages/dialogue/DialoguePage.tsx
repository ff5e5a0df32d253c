/**
 * The dialogue workspace (SPEC §7): the frozen figures per category and indicator with the
 * provider's duiding beside them, and around them what each side writes — the provider its
 * duiding until the meeting, the contract manager the status, the meeting record and the actions.
 * Every save names the version it was made on; a conflict keeps the user's text (useDialogue.ts).
 */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import type { FormEvent, ReactNode } from 'react';
import { textLimits } from '../../../../schemas/plain-text.ts';
import { DataList, DataListItem, DataListKey, DataListValue } from '../../components/DataList';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Expandable } from '../../components/Expandable';
import { Notice } from '../../components/Notice';
import { TextAreaField } from '../../components/TextAreaField';
import { formatDateTime } from '../../figures/format';
import { useI18n } from '../../i18n';
import { ButtonLink, Link } from '../../router';
import type { PageProps } from '../../route-types';
import { useUser, type Me } from '../../session';
import { formatPercent } from '../../figures/format';
import { LoadFailed, Loading } from '../../components/Status';
import { ActionsSection } from './ActionsSection';
import { ChangesNotice } from './ChangesNotice';
import { FiguresTable } from './FiguresTable';
import { HistorySection } from './HistorySection';
import { useLabels, type Labels } from './labels';
import { explanationFor, explanationKey, explanationsByKey, isFlagged, type Dialogue, type SnapshotIndicator } from './model';
import { NotesSection } from './NotesSection';
import { RefusalNotice } from './RefusalNotice';
import { FinalityLabel } from '../../figures/FinalityLabel';
import { FunnelPlot } from '../../figures/FunnelPlot';
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
      <Paragraph>
        <Link to="/dialogues">{t('dialogue.back')}</Link>
      </Paragraph>
      <Heading level={1}>{t('dialogue.titleShort')}</Heading>
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
    return text ? <Paragraph className="plain-text">{text}</Paragraph> : <span className="muted">{t('dialogue.explanation.none')}</span>;
  };

  const figures = (
    <>
      <section className="section-block" aria-labelledby="dialogue-general">
        <Heading level={2} id="dialogue-general">
          {t('dialogue.explanation.general.title')}
        </Heading>
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
          <Paragraph className="plain-text">{dialogue.generalExplanation}</Paragraph>
        ) : (
          <Paragraph className="muted">{t('dialogue.explanation.general.none')}</Paragraph>
        )}
      </section>
      {labels.ready ? (
        snapshot.categories.map((category) => (
          <CategorySection
            key={category.productCategory}
            dialogue={dialogue}
            category={category}
            labels={labels}
            explanation={explanationCell(category.productCategory)}
          />
        ))
      ) : (
        <Paragraph role="status">{t('common.loading')}</Paragraph>
      )}
    </>
  );

  return (
    <div className="container section dialogue-page">
      <Paragraph>
        <Link to="/dialogues">{t('dialogue.back')}</Link>
      </Paragraph>
      <Heading level={1}>{t('dialogue.title', { provider: dialogue.provider.name, period: dialogue.period })}</Heading>
      {/* The phase the figures were frozen in: a dialogue held on provisional figures says so. */}
      <FinalityLabel finality={snapshot.finality} />
      <DataList className="facts">
        <DataListItem>
          <DataListKey>{t('dialogue.facts.status')}</DataListKey>
          <DataListValue>
            <span className={`badge badge--status badge--${dialogue.status}`}>{t(`dialogue.status.${dialogue.status}`)}</span>
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('dialogue.meetingDate')}</DataListKey>
          <DataListValue>{dialogue.meetingDate ?? t('dialogue.meetingDate.none')}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('dialogue.facts.categories')}</DataListKey>
          <DataListValue>{snapshot.categories.map((c) => labels.category(c.productCategory)).join(', ') || '—'}</DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('dialogue.facts.prepared')}</DataListKey>
          <DataListValue>
            {t('dialogue.facts.preparedBy', { name: dialogue.preparedBy.name, at: formatDateTime(dialogue.preparedAt, language) })}
          </DataListValue>
        </DataListItem>
        <DataListItem>
          <DataListKey>{t('dialogue.facts.frozen')}</DataListKey>
          <DataListValue>
            {t('dialogue.facts.frozenAt', { at: formatDateTime(snapshot.frozenAt, language) })}{' '}
            {snapshot.submissions.map((s) => t('dialogue.facts.submission', { id: s.id, version: s.version })).join(', ')}
          </DataListValue>
        </DataListItem>
        {snapshot.dataQuality && (
          <DataListItem>
            <DataListKey>{t('dialogue.facts.quality')}</DataListKey>
            <DataListValue>
              {t('dialogue.facts.qualityText', {
                trajectories: snapshot.dataQuality.trajectories,
                response: snapshot.dataQuality.responseRate === null ? '—' : formatPercent(snapshot.dataQuality.responseRate, language, 0),
              })}
              {snapshot.dataQuality.late && ` ${t('dialogue.facts.late')}`}
              {snapshot.dataQuality.replacements > 0 &&
                ` ${t('dialogue.facts.replacements', { count: snapshot.dataQuality.replacements })}`}
            </DataListValue>
          </DataListItem>
        )}
        <DataListItem>
          <DataListKey>{t('dialogue.facts.version')}</DataListKey>
          <DataListValue>{dialogue.version}</DataListValue>
        </DataListItem>
      </DataList>
      <Paragraph className="actions actions--tight">
        <ButtonLink appearance="secondary-action-button" to={`/dialogues/${dialogue.id}/brief`}>
          {t('dialogue.toBrief')}
        </ButtonLink>
        {dialogue.previousDialogue && (
          <Link to={`/dialogues/${dialogue.previousDialogue.id}`}>
            {t('dialogue.toPrevious', { period: dialogue.previousDialogue.period })}
          </Link>
        )}
      </Paragraph>

      <ChangesNotice dialogue={dialogue} labels={labels} />
      <StatusSection dialogue={dialogue} handle={handle} editable={isManager} />

      {user.role === 'provider' && <Notice>{t(writesExplanation ? 'dialogue.explanation.intro' : 'dialogue.explanation.closed')}</Notice>}
      {writesExplanation ? (
        <form onSubmit={submit} noValidate className="explanation-form">
          <ErrorSummary title={t('dialogue.explanation.errors')} items={explanations.summary} />
          {figures}
          <div className="save-bar">
            <Button appearance="primary-action-button" type="submit" disabled={explanations.saving}>
              {t(explanations.saving ? 'dialogue.saving' : 'dialogue.explanation.save')}
            </Button>
            <Paragraph className="muted save-status" role="status">
              {explanations.dirty
                ? t('dialogue.unsaved')
                : explanations.savedVersion
                  ? t('dialogue.saved', { version: explanations.savedVersion })
                  : ''}
            </Paragraph>
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

function CategorySection({
  dialogue,
  category,
  labels,
  explanation,
}: {
  dialogue: Dialogue;
  category: Dialogue['snapshot']['categories'][number];
  labels: Labels;
  explanation: (indicator: SnapshotIndicator) => ReactNode;
}) {
  const { t } = useI18n();
  const flagged = category.indicators.filter(isFlagged);
  const headingId = `category-${category.productCategory}`;
  return (
    <section className="section-block" aria-labelledby={headingId}>
      <Heading level={2} id={headingId}>
        {t('dialogue.category.title', { category: labels.category(category.productCategory) })}
      </Heading>
      {!category.hasData ? (
        <Paragraph className="muted">{t('dialogue.category.noData')}</Paragraph>
      ) : (
        <>
          <Paragraph className="muted">
            {t('dialogue.category.intro', { providers: category.regionProviders ?? 0, flags: flagged.length })}
          </Paragraph>
          <FiguresTable
            snapshot={dialogue.snapshot}
            category={category}
            labels={labels}
            explanation={explanation}
            explanationHeading={t('dialogue.figures.col.explanation')}
          />
          {flagged.length > 0 && (
            <Expandable className="funnels" headingLevel={3} label={t('dialogue.category.funnels', { count: flagged.length })}>
              <div className="funnels__grid">
                {flagged.map((indicator) => (
                  <div key={indicator.indicator}>
                    <Heading level={4}>{labels.indicator(indicator.indicator)}</Heading>
                    <FunnelPlot
                      mode="snapshot"
                      indicator={indicator}
                      label={t('dialogue.funnel.label', { indicator: labels.indicator(indicator.indicator) })}
                      name={labels.indicator(indicator.indicator)}
                      unit={labels.definition(indicator.indicator)?.unit ?? 'trajectories'}
                    />
                  </div>
                ))}
              </div>
            </Expandable>
          )}
        </>
      )}
    </section>
  );
}
