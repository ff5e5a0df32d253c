/**
 * Chain verification for auditors (SPEC §5): runs `GET /audit/verify` on request and explains the
 * answer in plain language — how far the chain checks out and against how many signed
 * checkpoints, or which entry is the first bad one, what that means and whom to tell.
 */
import { Button, Heading, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { verifyChain } from '../../data/audit';
import { ApiError, type LocalizedText } from '../../data/client';
import type { components } from '../../api/schema';
import { Notice } from '../../components/Notice';
import { formatDateTime } from '../../figures/format';
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
  {
    pattern: /^entry (\d+) differs from the signed checkpoint of (\S+)/,
    key: 'verify.reason.checkpoint',
    values: (m) => ({ seq: m[1], time: m[2] }),
  },
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
      const result = await verifyChain();
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
      <Heading level={1}>{t('verify.title')}</Heading>
      <Paragraph purpose="lead">{t('verify.intro')}</Paragraph>
      <Paragraph>{t('verify.how')}</Paragraph>
      <div className="actions">
        <Button appearance="primary-action-button" onClick={() => void run()} disabled={check.status === 'busy'}>
          {check.status === 'idle' ? t('verify.start') : t('verify.again')}
        </Button>
      </div>
      <Paragraph role="status" className="results-status">
        {check.status === 'busy' && t('verify.busy')}
      </Paragraph>
      {check.status === 'done' && <Outcome result={check.result} at={check.at} headingRef={resultHeading} />}
      {check.status === 'failed' && (
        <Notice tone="danger" live="alert">
          <Heading level={2} ref={resultHeading} tabIndex={-1}>
            {t('common.errorPrefix')}
          </Heading>
          <Paragraph>{pick(check.message)}</Paragraph>
        </Notice>
      )}
    </div>
  );
}

function Outcome({ result, at, headingRef }: { result: VerifyResult; at: number; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const { t, language } = useI18n();
  const checkedAt = <Paragraph className="muted">{t('verify.checkedAt', { time: formatDateTime(at, language) })}</Paragraph>;

  if (result.ok) {
    return (
      <section aria-labelledby="verify-outcome">
        <Notice tone="success">
          <Heading level={2} id="verify-outcome" ref={headingRef} tabIndex={-1}>
            {t('verify.ok.title')}
          </Heading>
          <Paragraph>
            {t(result.checkpoints > 0 ? 'verify.ok.text' : 'verify.ok.noCheckpoints', {
              count: result.checkedThrough,
              seq: result.checkedThrough,
              checkpoints:
                result.checkpoints === 1 ? t('verify.checkpoints.one') : t('verify.checkpoints.other', { count: result.checkpoints }),
            })}
          </Paragraph>
          <Paragraph>{t('verify.ok.meaning')}</Paragraph>
          {checkedAt}
        </Notice>
      </section>
    );
  }

  const reason = explain(result.reason, t, language);
  return (
    <section aria-labelledby="verify-outcome">
      <Notice tone="danger" live="alert">
        <Heading level={2} id="verify-outcome" ref={headingRef} tabIndex={-1}>
          {t('verify.bad.title')}
        </Heading>
        {result.firstBadSeq !== undefined && (
          <Paragraph className="notice__emphasis">{t('verify.bad.firstBad', { seq: result.firstBadSeq })}</Paragraph>
        )}
        <Paragraph>
          {result.checkedThrough > 0 ? t('verify.bad.checkedThrough', { seq: result.checkedThrough }) : t('verify.bad.noneChecked')}
        </Paragraph>
        {reason && (
          <>
            <Heading level={3}>{t('verify.bad.reason')}</Heading>
            <Paragraph>{reason}</Paragraph>
          </>
        )}
        <Heading level={3}>{t('verify.bad.meaning.title')}</Heading>
        <Paragraph>
          {t('verify.bad.meaning')}{' '}
          {result.firstBadSeq !== undefined ? t('verify.bad.trustFrom', { seq: result.firstBadSeq }) : t('verify.bad.trustNone')}
        </Paragraph>
        <Heading level={3}>{t('verify.bad.contact.title')}</Heading>
        <Paragraph>{t('verify.bad.contact')}</Paragraph>
        {checkedAt}
      </Notice>
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
