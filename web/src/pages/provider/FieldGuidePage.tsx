/**
 * Sjabloon en velden: every column of the upload with its meaning, whether it is required, how it
 * may be written and which codes it takes. Built from schemas/field-guide.ts (the validation's own
 * lists); the region's municipalities and product categories come from GET /codes.
 */
import {
  Heading,
  Link as NldsLink,
  Paragraph,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableRow,
  UnorderedList,
  UnorderedListItem,
} from '@rijkshuisstijl-community/components-react';
import type { components } from '../../api/schema';
import { fieldGuide, fileRules, refusedColumns, type FieldGuideEntry } from '../../../../schemas/field-guide.ts';
import { Notice } from '../../components/Notice';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useI18n } from '../../i18n';
import { useUser } from '../../session';
import { TemplateLinks } from './TemplateLinks';
import { formatDay } from '../../figures/format';
import { useCodes } from '../../data/indicators';
import { TableScroll } from '../../components/TableScroll';

type CodeLists = components['schemas']['CodeLists'];

export function FieldGuidePage() {
  const { t, pick } = useI18n();
  const codes = useCodes();
  const refused = refusedColumns();

  return (
    <div className="container section">
      <Heading level={1}>{t('provider.guide.title')}</Heading>
      <Paragraph purpose="lead">{t('provider.guide.intro')}</Paragraph>

      <section className="section-block" aria-labelledby="guide-templates">
        <Heading level={2} id="guide-templates">
          {t('provider.guide.templates')}
        </Heading>
        <Paragraph>{t('provider.guide.templates.text')}</Paragraph>
        <TemplateLinks guide={false} />
      </section>

      <section className="section-block" aria-labelledby="guide-file">
        <Heading level={2} id="guide-file">
          {t('provider.guide.file')}
        </Heading>
        <UnorderedList className="plain-list">
          {fileRules.map((rule, index) => (
            <UnorderedListItem key={index}>{pick(rule)}</UnorderedListItem>
          ))}
        </UnorderedList>
      </section>

      <section className="section-block" aria-labelledby="guide-fields">
        <Heading level={2} id="guide-fields">
          {t('provider.guide.fields')}
        </Heading>
        <Paragraph>{t('provider.guide.fields.text', { count: fieldGuide.length })}</Paragraph>
        {codes.status === 'failed' && (
          <Notice tone="danger" live="alert">
            {pick(codes.message)}
          </Notice>
        )}
        <nav aria-label={t('provider.guide.toc')}>
          <ul className="toc">
            {fieldGuide.map((entry) => (
              <li key={entry.field}>
                <NldsLink href={`#field-${entry.field}`} className="code">
                  {entry.field}
                </NldsLink>
              </li>
            ))}
          </ul>
        </nav>
        {fieldGuide.map((entry) => (
          <FieldCard key={entry.field} entry={entry} codes={codes.status === 'loaded' ? codes.data : undefined} />
        ))}
      </section>

      <section className="section-block" aria-labelledby="guide-refused">
        <Heading level={2} id="guide-refused">
          {t('provider.guide.refused')}
        </Heading>
        <Paragraph>{t('provider.guide.refused.text')}</Paragraph>
        <TableScroll>
          <Table className="data-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('provider.guide.refused.col.column')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('provider.guide.refused.col.message')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {refused.map((column) => (
                <TableRow key={column.column}>
                  <TableCell>
                    <span className="code">{column.column}</span>
                    {column.kind === 'unknown_column' && <span className="cell-note">{t('provider.guide.refused.other')}</span>}
                  </TableCell>
                  <TableCell>{pick(column.message)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableScroll>
      </section>
    </div>
  );
}

function FieldCard({ entry, codes }: { entry: FieldGuideEntry; codes: CodeLists | undefined }) {
  const { t, pick, language } = useI18n();
  const user = useUser();
  const headingId = `field-${entry.field}`;
  const regionCodes =
    entry.regionCodes === 'municipalities'
      ? codes?.municipalities.map((m) => ({
          code: m.code,
          name: m.validUntil ? t('provider.guide.municipality.until', { name: m.name, date: formatDay(m.validUntil, language) }) : m.name,
        }))
      : entry.regionCodes === 'productCategories'
        ? codes?.productCategories.map((c) => ({ code: c.code, name: pick(c) }))
        : undefined;
  const fixedCodes = entry.codes?.map((c) => ({ code: c.code, name: pick(c) }));
  const list = fixedCodes ?? regionCodes;

  return (
    <article className="field-card" aria-labelledby={headingId}>
      <Heading level={3} id={headingId} tabIndex={-1}>
        <span className="code">{entry.field}</span>{' '}
        <span className={`badge ${entry.required ? 'badge--required' : 'badge--optional'}`}>
          {entry.required ? t('provider.guide.required') : t('provider.guide.optional')}
        </span>
      </Heading>
      {pick(entry.label) !== entry.field && <Paragraph className="field-card__label">{pick(entry.label)}</Paragraph>}
      <Paragraph>{pick(entry.description)}</Paragraph>
      {entry.field === 'providerAgb' && user.organisation.code && (
        <Paragraph>{t('provider.guide.ownAgb', { agb: user.organisation.code })}</Paragraph>
      )}
      <Heading level={4}>{t('provider.guide.formats')}</Heading>
      <UnorderedList>
        {entry.formats.map((format, index) => (
          <UnorderedListItem key={index}>{pick(format)}</UnorderedListItem>
        ))}
      </UnorderedList>
      {entry.regionCodes && !regionCodes && <Paragraph className="muted">{t('common.loading')}</Paragraph>}
      {list && (
        <>
          <Heading level={4}>
            {entry.regionCodes ? t('provider.guide.codes.region', { region: codes?.regionCode ?? '' }) : t('provider.guide.codes')}
          </Heading>
          <Table className="data-table code-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell scope="col">{t('provider.guide.codes.col.code')}</TableHeaderCell>
                <TableHeaderCell scope="col">{t('provider.guide.codes.col.meaning')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.map((code) => (
                <TableRow key={code.code}>
                  <TableCell>
                    <span className="code">{code.code}</span>
                  </TableCell>
                  <TableCell>{code.name}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
      {entry.mapped && (
        <>
          <Heading level={4}>{t('provider.guide.mapped')}</Heading>
          <UnorderedList className="mapping">
            {entry.mapped.map(({ from, to }) => (
              <UnorderedListItem key={from}>{t('provider.guide.mapped.item', { from, to })}</UnorderedListItem>
            ))}
          </UnorderedList>
        </>
      )}
      {entry.refused?.map((refusal) => (
        <Notice tone="warning" key={refusal.codes.join()}>
          {t('provider.guide.refusedCodes', { codes: refusal.codes.join(', ') })} {pick(refusal.reason)}
        </Notice>
      ))}
    </article>
  );
}
