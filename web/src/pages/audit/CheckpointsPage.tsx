/**
 * The signed checkpoints for auditors (SPEC §5): what a checkpoint is and why it matters, then the
 * list from `GET /audit/checkpoints`, newest first, paged by line of the checkpoint file. Each
 * checkpoint shows whether its signature verifies and whether the log still holds the signed
 * fingerprint at that entry; one that does not is marked, and the page says so above the table.
 */
import { Heading, Paragraph, Table, TableBody, TableCaption, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import { useEffect, useRef } from 'react';
import { useCheckpoints } from '../../data/audit';
import type { LocalizedText } from '../../data/client';
import type { components } from '../../api/schema';
import { DataList, DataListItem, DataListKey, DataListValue } from '../../components/DataList';
import { Notice } from '../../components/Notice';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { formatDateTime } from '../../figures/format';
import { useI18n } from '../../i18n';
import { ButtonLink, Link, useLocation } from '../../router';
import { Cell } from './EventTable';
import { entryPath } from './filters';

type CheckpointPage = components['schemas']['AuditCheckpointPage'];
type Checkpoint = components['schemas']['AuditCheckpoint'];

const pageSize = 50;

type Load = { status: 'loading' } | { status: 'loaded'; page: CheckpointPage } | { status: 'failed'; message: LocalizedText };

function isFlagged(checkpoint: Checkpoint): boolean {
  return !checkpoint.signatureValid || checkpoint.chainStatus !== 'matches';
}

function pathFor(beforeLine?: number): string {
  return beforeLine ? `/audit/checkpoints?beforeLine=${beforeLine}` : '/audit/checkpoints';
}

export function CheckpointsPage() {
  const { t, pick, language } = useI18n();
  const location = useLocation();
  const beforeLine = Number(location.search.get('beforeLine')) || undefined;
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const focusResults = useRef(false);

  const answer = useCheckpoints({ limit: pageSize, beforeLine });
  const load = (answer.status === 'loaded' ? { status: 'loaded', page: answer.data } : answer) as Load;
  // A new page arrived after the user asked for it: move them to it. `beforeLine` is a trigger: a
  // page already in the cache arrives without the status changing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: beforeLine triggers the effect without being read in it
  useEffect(() => {
    if (load.status !== 'loaded' || !focusResults.current) return;
    resultsHeading.current?.focus();
    focusResults.current = false;
  }, [load.status, beforeLine]);

  const page = load.status === 'loaded' ? load.page : undefined;
  const checkpoints = page?.checkpoints ?? [];
  const flagged = checkpoints.filter(isFlagged).length;
  const newest = beforeLine ? undefined : checkpoints.find((c) => c.seq !== null);

  return (
    <div className="container section">
      <Heading level={1}>{t('checkpoints.title')}</Heading>
      <Paragraph purpose="lead">{t('checkpoints.intro')}</Paragraph>

      <section aria-labelledby="checkpoints-why" className="section-block">
        <Heading level={2} id="checkpoints-why">
          {t('checkpoints.why.title')}
        </Heading>
        <Paragraph>{t('checkpoints.why')}</Paragraph>
        <Heading level={3}>{t('checkpoints.read.title')}</Heading>
        <DataList className="details-list checkpoints-read">
          <DataListItem>
            <DataListKey>{t('checkpoints.read.signature')}</DataListKey>
            <DataListValue>{t('checkpoints.read.signature.text')}</DataListValue>
          </DataListItem>
          <DataListItem>
            <DataListKey>{t('checkpoints.read.chain')}</DataListKey>
            <DataListValue>{t('checkpoints.read.chain.text')}</DataListValue>
          </DataListItem>
        </DataList>
        <Paragraph>
          {t('checkpoints.read.scope')} <Link to="/audit/verify">{t('nav.verify')}</Link>.
        </Paragraph>
      </section>

      {page && (
        <section aria-labelledby="checkpoints-summary" className="section-block">
          <Heading level={2} id="checkpoints-summary">
            {t('checkpoints.summary.title')}
          </Heading>
          <DataList className="details-list">
            <DataListItem>
              <DataListKey>{t('checkpoints.summary.total')}</DataListKey>
              <DataListValue>{page.total}</DataListValue>
            </DataListItem>
            {newest && newest.seq !== null && newest.signedAt && (
              <DataListItem>
                <DataListKey>{t('checkpoints.summary.latest')}</DataListKey>
                <DataListValue>
                  {t('checkpoints.summary.latest.value', { seq: newest.seq, time: formatDateTime(newest.signedAt, language) })}
                </DataListValue>
              </DataListItem>
            )}
            <DataListItem>
              <DataListKey>{t('checkpoints.summary.head')}</DataListKey>
              <DataListValue>
                {page.headSeq}
                {newest?.seq != null && page.headSeq > newest.seq && (
                  <span className="cell-note">{t('checkpoints.summary.head.later')}</span>
                )}
              </DataListValue>
            </DataListItem>
            <DataListItem>
              <DataListKey>{t('checkpoints.summary.keyId')}</DataListKey>
              <DataListValue>
                <span className="code code--break">{page.keyId}</span>
                <span className="cell-note">{t('checkpoints.summary.keyId.hint')}</span>
              </DataListValue>
            </DataListItem>
          </DataList>
        </section>
      )}

      <section aria-labelledby="checkpoints-results" className="section-block">
        <Heading level={2} id="checkpoints-results" ref={resultsHeading} tabIndex={-1}>
          {t('checkpoints.results.title')}
        </Heading>
        <Paragraph role="status" className="results-status">
          {load.status === 'loading' && t('checkpoints.loading')}
          {load.status === 'loaded' && checkpoints.length === 0 && t('checkpoints.empty')}
          {load.status === 'loaded' && checkpoints.length > 0 && flagged === 0 && t('checkpoints.allGood', { count: checkpoints.length })}
        </Paragraph>
        {flagged > 0 && (
          <Notice tone="danger" live="alert">
            <Heading level={3}>{t('checkpoints.flagged.title')}</Heading>
            <Paragraph>
              {t(flagged === 1 ? 'checkpoints.flagged.one' : 'checkpoints.flagged.other', { count: flagged, shown: checkpoints.length })}
            </Paragraph>
            <Paragraph>{t('verify.bad.contact')}</Paragraph>
          </Notice>
        )}
        {load.status === 'failed' && (
          <Notice tone="danger" live="alert">
            {pick(load.message)}
          </Notice>
        )}
        {checkpoints.length > 0 && <CheckpointTable checkpoints={checkpoints} />}
        {(beforeLine || page?.nextBeforeLine) && (
          <nav className="pager" aria-label={t('checkpoints.paging.label')}>
            {beforeLine && (
              <ButtonLink appearance="secondary-action-button" to={pathFor()} onClick={() => (focusResults.current = true)}>
                {t('checkpoints.paging.newest')}
              </ButtonLink>
            )}
            {page?.nextBeforeLine && (
              <ButtonLink
                appearance="secondary-action-button"
                to={pathFor(page.nextBeforeLine)}
                onClick={() => (focusResults.current = true)}
              >
                {t('checkpoints.paging.older')}
              </ButtonLink>
            )}
          </nav>
        )}
      </section>
    </div>
  );
}

function CheckpointTable({ checkpoints }: { checkpoints: Checkpoint[] }) {
  const { t, language } = useI18n();
  const columns = {
    line: t('checkpoints.col.line'),
    signedAt: t('checkpoints.col.signedAt'),
    seq: t('checkpoints.col.seq'),
    region: t('checkpoints.col.region'),
    signature: t('checkpoints.col.signature'),
    chain: t('checkpoints.col.chain'),
    hash: t('checkpoints.col.hash'),
  };
  return (
    <div className="table-wrap">
      <Table className="log-table checkpoint-table">
        <TableCaption className="visually-hidden">{t('checkpoints.table.caption')}</TableCaption>
        <TableHeader>
          <TableRow>
            {Object.values(columns).map((label) => (
              <TableHeaderCell scope="col" key={label}>
                {label}
              </TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {checkpoints.map((checkpoint) => (
            <TableRow key={checkpoint.line} className={isFlagged(checkpoint) ? 'log-row--denied' : undefined}>
              <Cell label={columns.line} className="numeric">
                {checkpoint.line}
              </Cell>
              <Cell label={columns.signedAt}>
                {checkpoint.signedAt && !Number.isNaN(Date.parse(checkpoint.signedAt)) ? (
                  <time className="nowrap" dateTime={checkpoint.signedAt}>
                    {formatDateTime(checkpoint.signedAt, language)}
                  </time>
                ) : (
                  t('audit.none')
                )}
              </Cell>
              <Cell label={columns.seq} className="numeric">
                {checkpoint.seq !== null && checkpoint.seq > 0 ? (
                  <Link to={entryPath(checkpoint.seq)} aria-label={t('checkpoints.openEntry', { seq: checkpoint.seq })}>
                    {checkpoint.seq}
                  </Link>
                ) : (
                  (checkpoint.seq ?? t('audit.none'))
                )}
              </Cell>
              <Cell label={columns.region}>
                {checkpoint.region ??
                  (checkpoint.chainStatus === 'unreadable' ? (
                    t('audit.none')
                  ) : (
                    <span className="muted">{t('checkpoints.region.all')}</span>
                  ))}
              </Cell>
              <Cell label={columns.signature}>
                <span className={`badge badge--${checkpoint.signatureValid ? 'allowed' : 'denied'}`}>
                  {t(checkpoint.signatureValid ? 'checkpoints.signature.valid' : 'checkpoints.signature.invalid')}
                </span>
                {checkpoint.keyId && (
                  <span className="cell-note checkpoint-table__key">
                    {t('checkpoints.col.keyId')} <span className="code code--break">{checkpoint.keyId}</span>
                  </span>
                )}
              </Cell>
              <Cell label={columns.chain}>
                <span className={`badge badge--${checkpoint.chainStatus === 'matches' ? 'allowed' : 'denied'}`}>
                  {t(`checkpoints.chain.${checkpoint.chainStatus}`)}
                </span>
              </Cell>
              <Cell label={columns.hash} className="checkpoint-table__hash">
                {checkpoint.hash ? <span className="code code--break">{checkpoint.hash}</span> : t('audit.none')}
                {checkpoint.chainStatus === 'unreadable' && <span className="cell-note">{t('checkpoints.unreadable')}</span>}
                {checkpoint.chainStatus === 'differs' && checkpoint.storedHash && (
                  <span className="cell-note code--break">{t('checkpoints.chain.stored', { hash: checkpoint.storedHash })}</span>
                )}
              </Cell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
