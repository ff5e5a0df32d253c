/**
 * What the administration pages share: the one-time secrets panel, the line that says what the
 * last change did or why it was refused, and the list section. Their lists come from data/admin.ts.
 */
import {
  Button,
  Heading,
  Paragraph,
  Table,
  TableBody,
  TableCaption,
  TableHeader,
  TableRow,
  VisuallyHidden,
} from '@rijkshuisstijl-community/components-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { Load } from '../../data/load';
import { LoadFailed, Loading } from '../../components/Status';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { TableScroll } from '../../components/TableScroll';
import { failure, type LocalizedText } from '../../data/client';
import { DataList, DataListItem, DataListKey, DataListValue } from '../../components/DataList';
import { Notice } from '../../components/Notice';
import { useI18n } from '../../i18n';

/** The outcome of the last change on a page: said politely, or as an alert when refused. */
export type Outcome = { kind: 'done'; text: string } | { kind: 'failed'; message: LocalizedText } | undefined;

export function OutcomeLine({ outcome }: { outcome: Outcome }) {
  const { pick } = useI18n();
  return (
    <>
      <div role="status" className="outcome-region">
        {outcome?.kind === 'done' && <Notice tone="success">{outcome.text}</Notice>}
      </div>
      <div role="alert" className="outcome-region">
        {outcome?.kind === 'failed' && <Notice tone="danger">{pick(outcome.message)}</Notice>}
      </div>
    </>
  );
}

export function failed(error: unknown): Outcome {
  return { kind: 'failed', message: failure(error) };
}

export interface Secret {
  label: string;
  value: string;
}

/**
 * Secrets the API shows once (a new password, TOTP secret, client secret): a clear warning, the
 * values to copy, and a button to hide them once passed on. Focus moves here so that nobody misses
 * it; the values are never kept anywhere else.
 */
export function OneTimeSecrets({
  title,
  intro,
  secrets,
  onDismiss,
}: {
  title: string;
  intro: string;
  secrets: Secret[];
  onDismiss: () => void;
}) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="one-time" aria-labelledby="one-time-title">
      <Notice tone="warning">
        <Heading level={2} id="one-time-title" ref={heading} tabIndex={-1}>
          {title}
        </Heading>
        <Paragraph>{intro}</Paragraph>
        <Paragraph className="notice__emphasis">{t('admin.secrets.warning')}</Paragraph>
        <DataList className="one-time__list">
          {secrets.map((secret) => (
            <DataListItem key={secret.label}>
              <DataListKey>{secret.label}</DataListKey>
              <DataListValue>
                <code className="code code--break one-time__value">{secret.value}</code>
                <CopyButton value={secret.value} label={secret.label} />
              </DataListValue>
            </DataListItem>
          ))}
        </DataList>
        <Button appearance="secondary-action-button" onClick={onDismiss}>
          {t('admin.secrets.dismiss')}
        </Button>
      </Notice>
    </section>
  );
}

function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  // The clipboard needs a secure context; without one (plain http) the value can still be selected.
  if (!navigator.clipboard) return null;
  return (
    <Button
      appearance="secondary-action-button"
      className="button--small"
      onClick={() =>
        void navigator.clipboard.writeText(value).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {t(copied ? 'admin.secrets.copied' : 'admin.secrets.copy')}
      <VisuallyHidden> {label}</VisuallyHidden>
    </Button>
  );
}

export interface ListColumn {
  label: string;
  numeric?: boolean;
}

/**
 * A list section of an administration page: its heading, the outcome of the last change, waiting
 * and failure, and the table (caption, column headers) whose rows the page renders from the data.
 */
export function AdminListSection<T>({
  id,
  title,
  outcome,
  list,
  columns,
  rows,
}: {
  id: string;
  title: string;
  outcome: Outcome;
  list: Load<T[]>;
  columns: ListColumn[];
  rows: (items: T[]) => ReactNode;
}) {
  return (
    <section className="section-block" aria-labelledby={id}>
      <Heading level={2} id={id}>
        {title}
      </Heading>
      <OutcomeLine outcome={outcome} />
      {list.status === 'loading' && <Loading />}
      {list.status === 'failed' && <LoadFailed message={list.message} />}
      {list.status === 'loaded' && (
        <TableScroll>
          <Table className="data-table admin-table">
            <TableCaption className="visually-hidden">{title}</TableCaption>
            <TableHeader>
              <TableRow>
                {columns.map((column) => (
                  <TableHeaderCell key={column.label} scope="col" className={column.numeric ? 'numeric' : undefined}>
                    {column.label}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>{rows(list.data)}</TableBody>
          </Table>
        </TableScroll>
      )}
    </section>
  );
}
