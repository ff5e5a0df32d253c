/**
 * Aanleveren: choose the period and the file, pseudonymise a `bsn` column here if there is one,
 * check the file with a dry run (nothing stored), read the report, and only when it has no errors
 * submit it for good. The same bytes go to the dry run and the commit.
 */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import Papa from 'papaparse';
import { useEffect, useRef, useState } from 'react';
import { ApiError, type LocalizedText } from '../../data/client';
import { decodeText, detectDelimiter } from '../../../../schemas/text-encoding.ts';
import { DataList, DataListItem, DataListKey, DataListValue } from '../../components/DataList';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { Link } from '../../router';
import { FileDrop } from './FileDrop';
import { formatBytes, formatPercent } from '../../figures/format';
import { defaultPeriod, PeriodChoice } from './PeriodChoice';
import { PseudonymisePanel, type PseudonymisedFile } from './PseudonymisePanel';
import {
  contentTypeFor,
  replacementOf,
  reportOf,
  uploadSubmission,
  type CommitResult,
  type DryRunResult,
  type Replacement,
  type ValidationReport,
} from './upload';
import { ReplacementQuestion, replaceConfirmId } from './ReplacementQuestion';
import { usePeriods } from '../../data/indicators';
import { ValidationReportView } from './ValidationReportView';
import { TemplateLinks } from './TemplateLinks';

/**
 * The chosen file, read once: the commit then sends exactly the bytes the dry run checked, even if
 * the file on disk changes in between.
 */
interface Chosen {
  bytes: ArrayBuffer;
  name: string;
  size: number;
  contentType: string;
  /** Made on this page from a file with a `bsn` column. */
  pseudonymised: boolean;
  /** The decoded CSV when it has a `bsn` column, for the pseudonymisation here. */
  bsnCsv?: { text: string; delimiter: string };
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'sending'; dryRun: boolean; loaded: number; total: number; sent: boolean }
  | { kind: 'report'; result: DryRunResult; idempotencyKey: string }
  | { kind: 'committed'; result: CommitResult }
  | {
      kind: 'refused';
      message: LocalizedText;
      status: number;
      report?: ValidationReport;
      idempotencyKey?: string;
      /** A commit refused for want of confirmation (409): the comparison, to ask and commit again. */
      replacement?: Replacement;
    };

export function UploadPage() {
  const { t, pick, number, language } = useI18n();
  const periods = usePeriods();
  const [period, setPeriod] = useState('');
  const [chosen, setChosen] = useState<Chosen | undefined>();
  const [chooseError, setChooseError] = useState<LocalizedText | undefined>();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  // The answer to the replacement question; asked again for every new report or refusal.
  const [replaceConfirmed, setReplaceConfirmed] = useState(false);
  const [replaceAsked, setReplaceAsked] = useState(false);
  const outcomeHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (periods.status === 'loaded' && !period) setPeriod(defaultPeriod(periods.data));
  }, [periods, period]);

  // A new outcome moves focus to its heading, so a screen-reader user hears the result first.
  useEffect(() => {
    if (phase.kind === 'report' || phase.kind === 'committed' || phase.kind === 'refused') outcomeHeading.current?.focus();
  }, [phase.kind]);

  const choosePeriod = (code: string) => {
    setPeriod(code);
    if (phase.kind !== 'sending') setPhase({ kind: 'idle' });
  };

  const chooseFile = async (file: File) => {
    setPhase({ kind: 'idle' });
    setChooseError(undefined);
    const contentType = contentTypeFor(file);
    const bytes = await file.arrayBuffer();
    let bsnCsv: Chosen['bsnCsv'];
    if (contentType === 'text/csv') {
      const { text } = decodeText(new Uint8Array(bytes));
      const delimiter = detectDelimiter(text);
      const header = Papa.parse<string[]>(text, { delimiter, preview: 1 }).data[0] ?? [];
      if (
        header.some((cell) =>
          cell
            .replace(/^\uFEFF/, '')
            .trim()
            .toLowerCase()
            .replace(/[\s_-]/g, '')
            .match(/^(bsn|burgerservicenummer)$/),
        )
      )
        bsnCsv = { text, delimiter };
    }
    setChosen({ bytes, name: file.name, size: file.size, contentType, pseudonymised: false, bsnCsv });
  };

  const takePseudonymised = async (file: PseudonymisedFile) => {
    setChosen({
      bytes: await file.blob.arrayBuffer(),
      name: file.name,
      size: file.blob.size,
      contentType: 'text/csv',
      pseudonymised: true,
    });
    setPhase({ kind: 'idle' });
    window.setTimeout(() => document.getElementById('check-title')?.focus());
  };

  /** Commits, unless a replacement that loses much is not confirmed yet: then the question says so. */
  const commit = (idempotencyKey: string | undefined, replacement: Replacement | null | undefined) => {
    if (replacement?.needsConfirmation && !replaceConfirmed) {
      setReplaceAsked(true);
      document.getElementById(replaceConfirmId)?.focus();
      return;
    }
    void send(false, idempotencyKey, Boolean(replacement?.needsConfirmation));
  };

  const send = async (dryRun: boolean, idempotencyKey?: string, confirmReplace = false) => {
    if (!chosen) {
      setChooseError(messages['provider.upload.file.required']);
      document.getElementById('upload-file')?.focus();
      return;
    }
    if (chosen.bsnCsv) {
      setChooseError(messages['provider.upload.file.bsnFirst']);
      document.getElementById('pseudo-title')?.focus();
      return;
    }
    setChooseError(undefined);
    setReplaceConfirmed(false);
    setReplaceAsked(false);
    setPhase({ kind: 'sending', dryRun, loaded: 0, total: chosen.size, sent: false });
    try {
      const result = await uploadSubmission(chosen.bytes, {
        period,
        dryRun,
        fileName: chosen.name,
        contentType: chosen.contentType,
        idempotencyKey,
        confirmReplace,
        onProgress: (loaded, total) => setPhase((current) => (current.kind === 'sending' ? { ...current, loaded, total } : current)),
        onSent: () => setPhase((current) => (current.kind === 'sending' ? { ...current, loaded: current.total, sent: true } : current)),
      });
      if (result.dryRun) setPhase({ kind: 'report', result, idempotencyKey: newIdempotencyKey() });
      else setPhase({ kind: 'committed', result });
    } catch (error) {
      const message = error instanceof ApiError ? error.localized : messages['common.unknownError'];
      setPhase({
        kind: 'refused',
        message,
        status: error instanceof ApiError ? error.status : 0,
        report: reportOf(error),
        idempotencyKey,
        replacement: replacementOf(error),
      });
    }
  };

  return (
    <div className="container section">
      <Heading level={1}>{t('provider.upload.title')}</Heading>
      <Paragraph purpose="lead">{t('provider.upload.intro')}</Paragraph>
      <TemplateLinks />

      <section className="section-block" aria-labelledby="step-period">
        <Heading level={2} id="step-period">
          {t('provider.upload.step.period')}
        </Heading>
        {periods.status === 'loading' && <Paragraph role="status">{t('common.loading')}</Paragraph>}
        {periods.status === 'failed' && (
          <Notice tone="danger" live="alert">
            {pick(periods.message)}
          </Notice>
        )}
        {periods.status === 'loaded' &&
          (periods.data.length === 0 ? (
            <Paragraph>{t('provider.upload.period.none')}</Paragraph>
          ) : (
            <PeriodChoice periods={periods.data} value={period} onChange={choosePeriod} />
          ))}
      </section>

      <section className="section-block" aria-labelledby="step-file">
        <Heading level={2} id="step-file">
          {t('provider.upload.step.file')}
        </Heading>
        <FileDrop file={chosen} onFile={(file) => void chooseFile(file)} />
        {chosen?.pseudonymised && <Notice tone="success">{t('provider.upload.file.pseudonymised', { file: chosen.name })}</Notice>}
        {chosen?.contentType === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' && (
          <Paragraph className="hint">{t('provider.upload.file.xlsxBsn')}</Paragraph>
        )}
        {chosen?.bsnCsv && (
          <PseudonymisePanel
            key={`${chosen.name}-${chosen.size}`}
            text={chosen.bsnCsv.text}
            delimiter={chosen.bsnCsv.delimiter}
            fileName={chosen.name}
            onUse={(file) => void takePseudonymised(file)}
          />
        )}
      </section>

      <section className="section-block" aria-labelledby="check-title">
        <Heading level={2} id="check-title" tabIndex={-1}>
          {t('provider.upload.step.check')}
        </Heading>
        <Paragraph>{t('provider.upload.check.intro')}</Paragraph>
        <div role="alert" className="error-summary-region">
          {chooseError && <Notice tone="danger">{pick(chooseError)}</Notice>}
        </div>
        <div className="actions">
          <Button appearance="primary-action-button" onClick={() => void send(true)} disabled={phase.kind === 'sending' || !period}>
            {t('provider.upload.check.button')}
          </Button>
        </div>
        <Progress phase={phase} />
      </section>

      {phase.kind === 'report' && (
        <section className="section-block" aria-labelledby="outcome-title">
          <Heading level={2} id="outcome-title" ref={outcomeHeading} tabIndex={-1}>
            {t('provider.report.title', { period: phase.result.periodCode })}
          </Heading>
          <Paragraph className="muted">
            {t('provider.report.file', {
              file: phase.result.file.name ?? chosen?.name ?? '',
              size: formatBytes(phase.result.file.sizeBytes, language),
              format: phase.result.file.format.toUpperCase(),
            })}
          </Paragraph>
          <ReportVerdict report={phase.result.report} />
          <ValidationReportView report={phase.result.report} period={phase.result.periodCode} fileName={chosen?.name ?? ''} />
          {phase.result.report.errorCount === 0 && phase.result.report.acceptedRowCount > 0 && (
            <div className="commit-box">
              <Paragraph>
                {t('provider.commit.intro', { count: phase.result.report.acceptedRowCount, period: phase.result.periodCode })}
              </Paragraph>
              {phase.result.replacement?.needsConfirmation && (
                <ReplacementQuestion
                  replacement={phase.result.replacement}
                  confirmed={replaceConfirmed}
                  onConfirmedChange={setReplaceConfirmed}
                  showRequired={replaceAsked}
                />
              )}
              <Button appearance="primary-action-button" onClick={() => commit(phase.idempotencyKey, phase.result.replacement)}>
                {t('provider.commit.button')}
              </Button>
            </div>
          )}
        </section>
      )}

      {phase.kind === 'committed' && (
        <section className="section-block" aria-labelledby="outcome-title">
          <Notice tone="success">
            <Heading level={2} id="outcome-title" ref={outcomeHeading} tabIndex={-1}>
              {phase.result.existing ? t('provider.commit.existing.title') : t('provider.commit.done.title')}
            </Heading>
            <DataList className="details-list">
              <DataListItem>
                <DataListKey>{t('provider.history.col.period')}</DataListKey>
                <DataListValue>{phase.result.submission.periodCode}</DataListValue>
              </DataListItem>
              <DataListItem>
                <DataListKey>{t('provider.history.col.version')}</DataListKey>
                <DataListValue>{number(phase.result.submission.version)}</DataListValue>
              </DataListItem>
              <DataListItem>
                <DataListKey>{t('provider.history.col.rows')}</DataListKey>
                <DataListValue>
                  {phase.result.submission.recordCount === null ? '–' : number(phase.result.submission.recordCount)}
                </DataListValue>
              </DataListItem>
            </DataList>
            <Paragraph>
              {phase.result.existing
                ? t('provider.commit.existing.text', { version: phase.result.submission.version })
                : phase.result.submission.version > 1
                  ? t('provider.commit.replaced', { previous: phase.result.submission.version - 1 })
                  : t('provider.commit.first')}
            </Paragraph>
            {phase.result.submission.late && <Paragraph>{t('provider.commit.late')}</Paragraph>}
            <Paragraph>
              <Link to="/provider/submissions">{t('provider.commit.toHistory')}</Link>
            </Paragraph>
          </Notice>
        </section>
      )}

      {phase.kind === 'refused' && (
        <section className="section-block" aria-labelledby="outcome-title">
          <Notice tone="danger" live="alert">
            <Heading level={2} id="outcome-title" ref={outcomeHeading} tabIndex={-1}>
              {t('provider.refused.title')}
            </Heading>
            <Paragraph>{pick(phase.message)}</Paragraph>
            {phase.status === 0 && phase.idempotencyKey && (
              <Button appearance="secondary-action-button" onClick={() => void send(false, phase.idempotencyKey)}>
                {t('provider.commit.retry')}
              </Button>
            )}
          </Notice>
          {phase.replacement && (
            <div className="commit-box">
              <ReplacementQuestion
                replacement={phase.replacement}
                confirmed={replaceConfirmed}
                onConfirmedChange={setReplaceConfirmed}
                showRequired={replaceAsked}
              />
              <Button appearance="primary-action-button" onClick={() => commit(phase.idempotencyKey, phase.replacement)}>
                {t('provider.commit.button')}
              </Button>
            </div>
          )}
          {phase.report && <ValidationReportView report={phase.report} period={period} fileName={chosen?.name ?? ''} />}
        </section>
      )}
    </div>
  );
}

function ReportVerdict({ report }: { report: ValidationReport }) {
  const { t } = useI18n();
  if (report.errorCount === 0 && report.acceptedRowCount === 0) return <Notice tone="warning">{t('provider.report.verdict.empty')}</Notice>;
  if (report.errorCount === 0) return <Notice tone="success">{t('provider.report.verdict.ok', { count: report.acceptedRowCount })}</Notice>;
  return <Notice tone="danger">{t('provider.report.verdict.errors', { errors: report.errorCount, rows: report.rejectedRowCount })}</Notice>;
}

/**
 * The upload's progress: a bar for the eye, and a polite status line that speaks only at each
 * quarter, so a screen reader is not interrupted by every progress event.
 */
function Progress({ phase }: { phase: Phase }) {
  const { t, language } = useI18n();
  const sending = phase.kind === 'sending' ? phase : undefined;
  const fraction = sending && sending.total > 0 ? Math.min(1, sending.loaded / sending.total) : 0;
  const quarter = Math.floor(fraction * 4) / 4;
  return (
    <div className="upload-progress">
      {sending && (
        <progress
          className="upload-progress__bar"
          aria-labelledby="upload-progress-text"
          max={1}
          // Without a value the bar is indeterminate: the bytes are sent, the server is checking.
          value={sending.sent ? undefined : fraction}
        />
      )}
      <Paragraph role="status" id="upload-progress-text" className="upload-progress__text">
        {sending &&
          (sending.sent
            ? t(sending.dryRun ? 'provider.upload.progress.checking' : 'provider.upload.progress.storing')
            : t('provider.upload.progress.sending', {
                percent: formatPercent(quarter, language, 0),
                size: formatBytes(sending.total, language),
              }))}
      </Paragraph>
    </div>
  );
}

/** A random key for one intended commit; getRandomValues works outside secure contexts too. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
