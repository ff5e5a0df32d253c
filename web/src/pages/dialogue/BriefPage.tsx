/**
 * The printable brief of a dialogue (SPEC §7.5): one A4 document with the frozen figures per
 * category (each category on a new page), a funnel plot for every bespreekpunt, the provider's
 * duiding, the meeting record and the actions. On screen it has a print button and a way back;
 * in print (styles.css, `@media print`) the portal's header, navigation and footer disappear.
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
import { DataList, DataListItem, DataListKey, DataListValue } from '../../components/DataList';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime } from '../../figures/format';
import { useI18n } from '../../i18n';
import { Link } from '../../router';
import type { PageProps } from '../../route-types';
import { useUser } from '../../session';
import { formatPercent } from '../../figures/format';
import { LoadFailed, Loading } from '../../components/Status';
import { FiguresTable } from './FiguresTable';
import { useLabels, type Labels } from './labels';
import {
  explanationFor,
  explanationsByKey,
  isFlagged,
  isOverdue,
  type Dialogue,
  type DialogueAction,
  type SnapshotCategory,
} from './model';
import { FinalityLabel } from '../../figures/FinalityLabel';
import { FunnelPlot } from '../../figures/FunnelPlot';
import { positionText } from './snapshot-words';
import { useDialogue } from './useDialogue';

export function BriefPage({ params }: PageProps) {
  const { t } = useI18n();
  const { state } = useDialogue(params.id);
  if (state.status === 'loaded') return <Brief dialogue={state.dialogue} />;
  return (
    <div className="container section">
      <Heading level={1}>{t('brief.title')}</Heading>
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
        <Button appearance="primary-action-button" onClick={() => window.print()}>
          {t('brief.print')}
        </Button>
        <Paragraph className="muted">{t('brief.printHint')}</Paragraph>
      </div>
      <article className="brief__document" aria-labelledby="brief-title">
        <header className="brief__header">
          <Paragraph className="brief__kicker">{t('brief.kicker', { portal: t('app.name') })}</Paragraph>
          <Heading level={1} id="brief-title">
            {t('brief.heading', { provider: dialogue.provider.name, period: dialogue.period })}
          </Heading>
          <FinalityLabel finality={snapshot.finality} />
          <DataList className="brief__facts">
            <DataListItem>
              <DataListKey>{t('brief.facts.provider')}</DataListKey>
              <DataListValue>
                {dialogue.provider.name} (AGB {dialogue.provider.agb})
              </DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('dialogues.col.period')}</DataListKey>
              <DataListValue>{dialogue.period}</DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('dialogue.facts.categories')}</DataListKey>
              <DataListValue>{snapshot.categories.map((c) => labels.category(c.productCategory)).join(', ') || '—'}</DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('dialogue.meetingDate')}</DataListKey>
              <DataListValue>{dialogue.meetingDate ?? t('dialogue.meetingDate.none')}</DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('dialogue.facts.status')}</DataListKey>
              <DataListValue>{t(`dialogue.status.${dialogue.status}`)}</DataListValue>
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
                    response:
                      snapshot.dataQuality.responseRate === null ? '—' : formatPercent(snapshot.dataQuality.responseRate, language, 0),
                  })}
                </DataListValue>
              </DataListItem>
            )}
            <DataListItem>
              <DataListKey>{t('dialogue.facts.prepared')}</DataListKey>
              <DataListValue>
                {t('dialogue.facts.preparedBy', { name: dialogue.preparedBy.name, at: formatDateTime(dialogue.preparedAt, language) })}
              </DataListValue>
            </DataListItem>
          </DataList>
          <Paragraph className="brief__about">{t('brief.about', { minN: snapshot.minN, flagMinN: snapshot.flagMinN ?? '—' })}</Paragraph>
        </header>

        <section className="brief__section" aria-labelledby="brief-general">
          <Heading level={2} id="brief-general">
            {t('dialogue.explanation.general.title')}
          </Heading>
          {dialogue.generalExplanation ? (
            <Paragraph className="plain-text">{dialogue.generalExplanation}</Paragraph>
          ) : (
            <Paragraph className="muted">{t('dialogue.explanation.general.none')}</Paragraph>
          )}
        </section>

        {labels.ready ? (
          snapshot.categories.map((category) => (
            <BriefCategory
              key={category.productCategory}
              dialogue={dialogue}
              category={category}
              labels={labels}
              explanations={explanations}
            />
          ))
        ) : (
          <Paragraph role="status">{t('common.loading')}</Paragraph>
        )}

        <section className="brief__section brief__closing" aria-labelledby="brief-notes">
          <Heading level={2} id="brief-notes">
            {t('dialogue.notes.title')}
          </Heading>
          {dialogue.notes ? (
            <Paragraph className="plain-text">{dialogue.notes}</Paragraph>
          ) : (
            <Paragraph className="muted">{t('dialogue.notes.none')}</Paragraph>
          )}
          <Heading level={2}>{t('dialogue.actions.title')}</Heading>
          <BriefActions actions={dialogue.actions} empty={t('dialogue.actions.none')} caption={t('dialogue.actions.caption')} />
          <Heading level={3}>{t('dialogue.actions.carried.title')}</Heading>
          <BriefActions
            actions={dialogue.carriedOverActions}
            empty={t('dialogue.actions.carried.none')}
            caption={t('dialogue.actions.carried.caption')}
            showPeriod
          />
        </section>
        <Paragraph className="brief__footer">
          {t('brief.footer', { printedAt: formatDateTime(Date.now(), language), version: dialogue.version })}
        </Paragraph>
      </article>
    </div>
  );
}

function BriefCategory({
  dialogue,
  category,
  labels,
  explanations,
}: {
  dialogue: Dialogue;
  category: SnapshotCategory;
  labels: Labels;
  explanations: ReadonlyMap<string, string>;
}) {
  const { t } = useI18n();
  const flagged = category.indicators.filter(isFlagged);
  const others = category.indicators.filter((i) => !isFlagged(i) && explanationFor(explanations, category.productCategory, i.indicator));
  return (
    <section className="brief__section brief__category" aria-labelledby={`brief-category-${category.productCategory}`}>
      <Heading level={2} id={`brief-category-${category.productCategory}`}>
        {t('dialogue.category.title', { category: labels.category(category.productCategory) })}
      </Heading>
      {!category.hasData ? (
        <Paragraph className="muted">{t('dialogue.category.noData')}</Paragraph>
      ) : (
        <>
          <Paragraph>{t('dialogue.category.intro', { providers: category.regionProviders ?? 0, flags: flagged.length })}</Paragraph>
          <FiguresTable snapshot={dialogue.snapshot} category={category} labels={labels} />
          {flagged.length > 0 && (
            <Heading level={3} className="brief__subheading">
              {t('brief.flags', { count: flagged.length })}
            </Heading>
          )}
          {flagged.map((indicator) => (
            <div className="brief__flag" key={indicator.indicator}>
              <Heading level={4}>{labels.indicator(indicator.indicator)}</Heading>
              <Paragraph className="brief__flag-position">{positionText(indicator, dialogue.snapshot.flagMinN, t)}</Paragraph>
              <FunnelPlot
                mode="snapshot"
                indicator={indicator}
                label={t('dialogue.funnel.label', { indicator: labels.indicator(indicator.indicator) })}
                name={labels.indicator(indicator.indicator)}
                unit={labels.definition(indicator.indicator)?.unit ?? 'trajectories'}
              />
              <Paragraph className="brief__explanation">
                <strong>{t('brief.explanation')}</strong>{' '}
                <span className="plain-text">
                  {explanationFor(explanations, category.productCategory, indicator.indicator) ?? t('dialogue.explanation.none')}
                </span>
              </Paragraph>
            </div>
          ))}
          {others.length > 0 && (
            <>
              <Heading level={3} className="brief__subheading">
                {t('brief.otherExplanations')}
              </Heading>
              <DataList className="brief__explanations">
                {others.map((indicator) => (
                  <DataListItem key={indicator.indicator}>
                    <DataListKey>{labels.indicator(indicator.indicator)}</DataListKey>
                    <DataListValue className="plain-text">
                      {explanationFor(explanations, category.productCategory, indicator.indicator)}
                    </DataListValue>
                  </DataListItem>
                ))}
              </DataList>
            </>
          )}
        </>
      )}
    </section>
  );
}

function BriefActions({
  actions,
  empty,
  caption,
  showPeriod = false,
}: {
  actions: DialogueAction[];
  empty: string;
  caption: string;
  showPeriod?: boolean;
}) {
  const { t } = useI18n();
  if (actions.length === 0) return <Paragraph className="muted">{empty}</Paragraph>;
  return (
    <Table className="data-table brief__actions">
      <TableCaption className="visually-hidden">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHeaderCell scope="col">{t('dialogue.actions.col.what')}</TableHeaderCell>
          {showPeriod && <TableHeaderCell scope="col">{t('dialogue.actions.col.from')}</TableHeaderCell>}
          <TableHeaderCell scope="col">{t('dialogue.actions.col.owner')}</TableHeaderCell>
          <TableHeaderCell scope="col">{t('dialogue.actions.col.due')}</TableHeaderCell>
          <TableHeaderCell scope="col">{t('dialogue.actions.col.status')}</TableHeaderCell>
          <TableHeaderCell scope="col">{t('dialogue.actions.col.followUp')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {actions.map((action) => (
          <TableRow key={action.id}>
            <TableCell className="plain-text">{action.description}</TableCell>
            {showPeriod && <TableCell>{action.period}</TableCell>}
            <TableCell>{t(`dialogue.owner.${action.owner}`)}</TableCell>
            <TableCell className="nowrap">
              {action.dueDate}
              {isOverdue(action) && ` (${t('dialogue.actions.overdue')})`}
            </TableCell>
            <TableCell>{t(`dialogue.actionStatus.${action.status}`)}</TableCell>
            <TableCell className="plain-text">{action.followUp ?? '—'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
