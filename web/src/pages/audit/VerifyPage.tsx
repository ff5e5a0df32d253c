/**
 * Chain verification for auditors (SPEC §5): runs `GET /audit/verify` on request and explains the
 * answer in plain language — how far the chain checks out and against how many signed
 * checkpoints, or which entry is the first bad one, what that means and whom to tell.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { api, ApiError, type LocalizedText } from '../../api/client';
import type { components } from '../../api/schema';
import { formatDateTime } from '../../format';
import { useI18n, type MessageKey, type Values } from '../../i18n';
import { messages } from '../../messages';

type VerifyResult = components['schemas']['AuditVerifyResult'];

type Check =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; result: VerifyResult; at: number }
  | { status: 'failed'; message: LocalizedText };

/**
 * The API states its reason in English for engineers (api/src/audit/verify.ts); these patterns turn
 * the known ones into a sentence in the reader's language. An unknown reason is shown as sent.
 */
const reasons: { pattern: RegExp; key: MessageKey; values: (match: RegExpExecArray) => Values }[] = [
  { pattern: /^entry (\d+) is missing/, key: 'verify.reason.missing', values: (m) => ({ seq: m[1] }) },
  { pattern: /^entry (\d+) does not match its hash/, key: 'verify.reason.hash', values: (m) => ({ seq: m[1] }) },
  { pattern: /^entry (\d+) differs from the signed checkpoint of (\S+)/, key: 'verify.reason.checkpoint', values: (m) => ({ seq: m[1], time: m[2] }) },
  { pattern: /^the log ends at (\d+) but its head says (\d+)/, key: 'verify.reason.head', values: (m) => ({ seq: m[1], head: m[2] }) },
  {
    pattern: /^a checkpoint signed (\S+) covers entry (\d+), but the log ends at (\d+)/,
    key: 'verify.reason.tail',
    values: (m) => ({ time: m[1], covered: m[2], seq: m[3] }),
  },
  { pattern: /^checkpoint (\d+) in .* has no valid signature/, key: 'verify.reason.signature', values: (m) => ({ index: m[1] }) },
];

export function VerifyPage() {
  const { t, pick } = useI18n();
  const [check, setCheck] = useState<Check>({ status: 'idle' });
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const run = async () => {
    setCheck({ status: 'busy' });
    try {
      const result = await api.get('/api/v1/audit/verify');
      setCheck({ status: 'done', result, at: Date.now() });
    } catch (error) {
      setCheck({ status: 'failed', message: error instanceof ApiError ? error.localized : messages['common.unknownError'] });
    }
  };

  // Move the reader to the outcome once it is on screen: it is what they came for.
  useEffect(() => {
    if (check.status === 'done' || check.status === 'failed') resultHeading.current?.focus();
  }, [check]);

  return (
    <div className="container section">
      <h1>{t('verify.title')}</h1>
      <p className="lead">{t('verify.intro')}</p>
      <p>{t('verify.how')}</p>
      <div className="actions">
        <button type="button" className="button button--primary" onClick={() => void run()} disabled={check.status === 'busy'}>
          {check.status === 'idle' ? t('verify.start') : t('verify.again')}
        </button>
      </div>
      <p role="status" className="results-status">
        {check.status === 'busy' && t('verify.busy')}
      </p>
      {check.status === 'done' && <Outcome result={check.result} at={check.at} headingRef={resultHeading} />}
      {check.status === 'failed' && (
        <div className="notice notice--danger" role="alert">
          <h2 ref={resultHeading} tabIndex={-1}>
            {t('common.errorPrefix')}
          </h2>
          <p>{pick(check.message)}</p>
        </div>
      )}
    </div>
  );
}

function Outcome({ result, at, headingRef }: { result: VerifyResult; at: number; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { t, language } = useI18n();
  const checkedAt = <p className="muted">{t('verify.checkedAt', { time: formatDateTime(at, language) })}</p>;

  if (result.ok) {
    return (
      <section className="notice notice--success" aria-labelledby="verify-outcome">
        <h2 id="verify-outcome" ref={headingRef} tabIndex={-1}>
          {t('verify.ok.title')}
        </h2>
        <p>
          {t(result.checkpoints > 0 ? 'verify.ok.text' : 'verify.ok.noCheckpoints', {
            count: result.checkedThrough,
            seq: result.checkedThrough,
            checkpoints:
              result.checkpoints === 1 ? t('verify.checkpoints.one') : t('verify.checkpoints.other', { count: result.checkpoints }),
          })}
        </p>
        <p>{t('verify.ok.meaning')}</p>
        {checkedAt}
      </section>
    );
  }

  const reason = explain(result.reason, t, language);
  return (
    <section className="notice notice--danger" role="alert" aria-labelledby="verify-outcome">
      <h2 id="verify-outcome" ref={headingRef} tabIndex={-1}>
        {t('verify.bad.title')}
      </h2>
      {result.firstBadSeq !== undefined && <p className="notice__emphasis">{t('verify.bad.firstBad', { seq: result.firstBadSeq })}</p>}
      <p>{result.checkedThrough > 0 ? t('verify.bad.checkedThrough', { seq: result.checkedThrough }) : t('verify.bad.noneChecked')}</p>
      {reason && (
        <>
          <h3>{t('verify.bad.reason')}</h3>
          <p>{reason}</p>
        </>
      )}
      <h3>{t('verify.bad.meaning.title')}</h3>
      <p>
        {t('verify.bad.meaning')}{' '}
        {result.firstBadSeq !== undefined ? t('verify.bad.trustFrom', { seq: result.firstBadSeq }) : t('verify.bad.trustNone')}
      </p>
      <h3>{t('verify.bad.contact.title')}</h3>
      <p>{t('verify.bad.contact')}</p>
      {checkedAt}
    </section>
  );
}

function explain(reason: string | undefined, t: ReturnType<typeof useI18n>['t'], language: 'nl' | 'en'): string | undefined {
  if (!reason) return undefined;
  for (const known of reasons) {
    const match = known.pattern.exec(reason);
    if (!match) continue;
    const values = known.values(match);
    // Timestamps in the reason are UTC ISO strings: show them in Dutch time like everything else.
    if (typeof values.time === 'string' && !Number.isNaN(Date.parse(values.time))) values.time = formatDateTime(values.time, language);
    return t(known.key, values);
  }
  return t('verify.reason.other', { reason });
}
