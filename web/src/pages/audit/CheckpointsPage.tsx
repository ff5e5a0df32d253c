/**
 * The signed checkpoints for auditors (SPEC §5): what a checkpoint is and why it matters, then the
 * list from `GET /audit/checkpoints`, newest first, paged by line of the checkpoint file. Each
 * checkpoint shows whether its signature verifies and whether the log still holds the signed
 * fingerprint at that entry; one that does not is marked, and the page says so above the table.
 */
import { useEffect, useRef, useState } from 'react';
import { api, ApiError, type LocalizedText } from '../../api/client';
import type { components } from '../../api/schema';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { Link, useLocation } from '../../router';
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
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const focusResults = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    setLoad({ status: 'loading' });
    api
      .get('/api/v1/audit/checkpoints', { query: { limit: pageSize, beforeLine }, signal: controller.signal })
      .then((page) => {
        setLoad({ status: 'loaded', page });
        if (focusResults.current) resultsHeading.current?.focus();
        focusResults.current = false;
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLoad({ status: 'failed', message: error instanceof ApiError ? error.localized : messages['common.unknownError'] });
      });
    return () => controller.abort();
  }, [beforeLine]);

  const page = load.status === 'loaded' ? load.page : undefined;
  const checkpoints = page?.checkpoints ?? [];
  const flagged = checkpoints.filter(isFlagged).length;
  const newest = beforeLine ? undefined : checkpoints.find((c) => c.seq !== null);

  return (
    <div className="container section">
      <h1>{t('checkpoints.title')}</h1>
      <p className="lead">{t('checkpoints.intro')}</p>

      <section aria-labelledby="checkpoints-why" className="section-block">
        <h2 id="checkpoints-why">{t('checkpoints.why.title')}</h2>
        <p>{t('checkpoints.why')}</p>
        <h3>{t('checkpoints.read.title')}</h3>
        <dl className="details-list checkpoints-read">
          <div>
            <dt>{t('checkpoints.read.signature')}</dt>
            <dd>{t('checkpoints.read.signature.text')}</dd>
          </div>
          <div>
            <dt>{t('checkpoints.read.chain')}</dt>
            <dd>{t('checkpoints.read.chain.text')}</dd>
          </div>
        </dl>
        <p>
          {t('checkpoints.read.scope')} <Link to="/audit/verify">{t('nav.verify')}</Link>.
        </p>
      </section>

      {page && (
        <section aria-labelledby="checkpoints-summary" className="section-block">
          <h2 id="checkpoints-summary">{t('checkpoints.summary.title')}</h2>
          <dl className="details-list">
            <div>
              <dt>{t('checkpoints.summary.total')}</dt>
              <dd>{page.total}</dd>
            </div>
            {newest && newest.seq !== null && newest.signedAt && (
              <div>
                <dt>{t('checkpoints.summary.latest')}</dt>
                <dd>{t('checkpoints.summary.latest.value', { seq: newest.seq, time: formatDateTime(newest.signedAt, language) })}</dd>
              </div>
            )}
            <div>
              <dt>{t('checkpoints.summary.head')}</dt>
              <dd>
                {page.headSeq}
                {newest?.seq != null && page.headSeq > newest.seq && <span className="cell-note">{t('checkpoints.summary.head.later')}</span>}
              </dd>
            </div>
            <div>
              <dt>{t('checkpoints.summary.keyId')}</dt>
              <dd>
                <span className="code code--break">{page.keyId}</span>
                <span className="cell-note">{t('checkpoints.summary.keyId.hint')}</span>
              </dd>
            </div>
          </dl>
        </section>
      )}

      <section aria-labelledby="checkpoints-results" className="section-block">
        <h2 id="checkpoints-results" ref={resultsHeading} tabIndex={-1}>
          {t('checkpoints.results.title')}
        </h2>
        <p role="status" className="results-status">
          {load.status === 'loading' && t('checkpoints.loading')}
          {load.status === 'loaded' && checkpoints.length === 0 && t('checkpoints.empty')}
          {load.status === 'loaded' && checkpoints.length > 0 && flagged === 0 && t('checkpoints.allGood', { count: checkpoints.length })}
        </p>
        {flagged > 0 && (
          <div className="notice notice--danger" role="alert">
            <h3>{t('checkpoints.flagged.title')}</h3>
            <p>{t(flagged === 1 ? 'checkpoints.flagged.one' : 'checkpoints.flagged.other', { count: flagged, shown: checkpoints.length })}</p>
            <p>{t('verify.bad.contact')}</p>
          </div>
        )}
        {load.status === 'failed' && (
          <p className="notice notice--danger" role="alert">
            {pick(load.message)}
          </p>
        )}
        {checkpoints.length > 0 && <CheckpointTable checkpoints={checkpoints} />}
        {(beforeLine || page?.nextBeforeLine) && (
          <nav className="pager" aria-label={t('checkpoints.paging.label')}>
            {beforeLine && (
              <Link className="button button--secondary" to={pathFor()} onClick={() => (focusResults.current = true)}>
                {t('checkpoints.paging.newest')}
              </Link>
            )}
            {page?.nextBeforeLine && (
              <Link className="button button--secondary" to={pathFor(page.nextBeforeLine)} onClick={() => (focusResults.current = true)}>
                {t('checkpoints.paging.older')}
              </Link>
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
      <table className="log-table checkpoint-table">
        <caption className="visually-hidden">{t('checkpoints.table.caption')}</caption>
        <thead>
          <tr>
            {Object.values(columns).map((label) => (
              <th scope="col" key={label}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {checkpoints.map((checkpoint) => (
            <tr key={checkpoint.line} className={isFlagged(checkpoint) ? 'log-row--denied' : undefined}>
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
                {checkpoint.region ?? (checkpoint.chainStatus === 'unreadable' ? t('audit.none') : <span className="muted">{t('checkpoints.region.all')}</span>)}
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
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
