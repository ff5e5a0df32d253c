/**
 * The access log for auditors (SPEC §5): filters in the address bar (so a view can be reloaded,
 * bookmarked and gone back to), newest first, paged by sequence number, CSV export of the same
 * filters. Times are shown in Dutch time; technical codes stay visible beside their readable names,
 * because auditors compare them with exports and other systems.
 */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useAccessEvents } from '../../data/audit';
import type { LocalizedText } from '../../data/client';
import type { components } from '../../api/schema';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/Select';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { ButtonLink, navigate, useLocation } from '../../router';
import { EventTable } from './EventTable';
import { ExportButton } from './ExportButton';
import { apiQuery, filtersFrom, knownActions, knownObjectTypes, results, searchFor, type Filters } from './filters';

type AccessEventPage = components['schemas']['AccessEventPage'];

const pageSize = 50;

type Load = { status: 'loading' } | { status: 'loaded'; page: AccessEventPage } | { status: 'failed'; message: LocalizedText };

export function AccessLogPage() {
  const { t, pick } = useI18n();
  const location = useLocation();
  const searchKey = location.search.toString();
  const applied = filtersFrom(location.search);
  const beforeSeq = Number(location.search.get('beforeSeq')) || undefined;

  const [draft, setDraft] = useState<Filters>(applied);
  const [dateError, setDateError] = useState<LocalizedText | undefined>();
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const focusResults = useRef(false);

  // Back/forward or a link changed the filters: show them in the form too.
  useEffect(() => {
    setDraft(filtersFrom(new URLSearchParams(searchKey)));
  }, [searchKey]);

  const eventsAnswer = useAccessEvents({ ...apiQuery(applied), limit: pageSize, beforeSeq });
  const load = (eventsAnswer.status === 'loaded' ? { status: 'loaded', page: eventsAnswer.data } : eventsAnswer) as Load;
  // A new page of results arrived after the user asked for it: move them to it. `searchKey` is a
  // trigger: results already in the cache arrive without the status changing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: searchKey triggers the effect without being read in it
  useEffect(() => {
    if (load.status !== 'loaded' || !focusResults.current) return;
    resultsHeading.current?.focus();
    focusResults.current = false;
  }, [load.status, searchKey]);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.to < draft.from) {
      setDateError(messages['audit.filters.dateOrder']);
      document.getElementById('filter-to')?.focus();
      return;
    }
    setDateError(undefined);
    navigate(searchFor(draft));
  };

  const reset = () => {
    setDateError(undefined);
    setDraft(filtersFrom(new URLSearchParams()));
    navigate('/audit');
  };

  const set = (name: keyof Filters) => (event: { currentTarget: HTMLInputElement | HTMLSelectElement }) => {
    const value = event.currentTarget.value;
    setDraft((current) => ({ ...current, [name]: value }));
  };

  const events = load.status === 'loaded' ? load.page.events : [];
  const next = load.status === 'loaded' ? load.page.nextBeforeSeq : null;

  return (
    <div className="container section">
      <Heading level={1}>{t('audit.log.title')}</Heading>
      <Paragraph purpose="lead">{t('audit.log.intro')}</Paragraph>

      <section aria-labelledby="filters-title" className="panel">
        <Heading level={2} id="filters-title">
          {t('audit.filters.title')}
        </Heading>
        <form className="filters" noValidate onSubmit={apply}>
          <Field aligned id="filter-from" type="date" label={t('audit.filters.from')} value={draft.from} onChange={set('from')} />
          <Field aligned id="filter-to" type="date" label={t('audit.filters.to')} value={draft.to} onChange={set('to')} error={dateError} />
          <Field
            aligned
            id="filter-actor"
            label={t('audit.filters.actor')}
            hint={t('audit.filters.actor.hint')}
            value={draft.actor}
            onChange={set('actor')}
            spellCheck={false}
            autoComplete="off"
          />
          <Field
            aligned
            id="filter-action"
            label={t('audit.filters.action')}
            hint={t('audit.filters.action.hint')}
            list="known-actions"
            value={draft.action}
            onChange={set('action')}
            spellCheck={false}
            autoComplete="off"
          />
          <Field
            aligned
            id="filter-object-type"
            label={t('audit.filters.objectType')}
            hint={t('audit.filters.objectType.hint')}
            list="known-object-types"
            value={draft.objectType}
            onChange={set('objectType')}
            spellCheck={false}
            autoComplete="off"
          />
          <Field
            aligned
            id="filter-object-id"
            label={t('audit.filters.objectId')}
            value={draft.objectId}
            onChange={set('objectId')}
            spellCheck={false}
            autoComplete="off"
          />
          <SelectField aligned id="filter-result" label={t('audit.filters.result')} value={draft.result} onChange={set('result')}>
            <option value="">{t('audit.filters.result.any')}</option>
            {results.map((result) => (
              <option key={result} value={result}>
                {t(`audit.result.${result}`)}
              </option>
            ))}
          </SelectField>
          <datalist id="known-actions">
            {knownActions.map((action) => (
              <option key={action} value={action} />
            ))}
          </datalist>
          <datalist id="known-object-types">
            {knownObjectTypes.map((type) => (
              <option key={type} value={type} />
            ))}
          </datalist>
          <div className="filters__actions">
            <Button appearance="primary-action-button" type="submit">
              {t('audit.filters.apply')}
            </Button>
            <Button appearance="secondary-action-button" onClick={reset}>
              {t('audit.filters.reset')}
            </Button>
          </div>
        </form>
      </section>

      <section aria-labelledby="results-title" className="section-block">
        <div className="results-bar">
          <Heading level={2} id="results-title" ref={resultsHeading} tabIndex={-1}>
            {t('audit.results.title')}
          </Heading>
          <ExportButton filters={applied} />
        </div>
        <Paragraph role="status" className="results-status">
          {load.status === 'loading' && t('audit.loading')}
          {load.status === 'loaded' &&
            (events.length === 0
              ? t('audit.empty')
              : `${events.length === 1 ? t('audit.summary.one') : t('audit.summary', { count: events.length })}${next ? ` ${t('audit.summary.older')}` : ''}`)}
        </Paragraph>
        {load.status === 'failed' && (
          <Notice tone="danger" live="alert">
            {pick(load.message)}
          </Notice>
        )}
        {events.length > 0 && <EventTable events={events} />}
        {(beforeSeq || next) && (
          <nav className="pager" aria-label={t('audit.paging.label')}>
            {beforeSeq && (
              <ButtonLink appearance="secondary-action-button" to={searchFor(applied)} onClick={() => (focusResults.current = true)}>
                {t('audit.paging.newest')}
              </ButtonLink>
            )}
            {next && (
              <ButtonLink appearance="secondary-action-button" to={searchFor(applied, next)} onClick={() => (focusResults.current = true)}>
                {t('audit.paging.older')}
              </ButtonLink>
            )}
          </nav>
        )}
      </section>
    </div>
  );
}
