/**
 * Sjabloon en velden: every column of the upload with its meaning, whether it is required, how it
 * may be written and which codes it takes. Built from schemas/field-guide.ts (the validation's own
 * lists); the region's municipalities and product categories come from GET /codes.
 */
import { api } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldGuide, fileRules, refusedColumns, type FieldGuideEntry } from '../../../../schemas/field-guide.ts';
import { useI18n } from '../../i18n';
import { useUser } from '../../session';
import { TemplateLinks } from './TemplateLinks';
import { formatDay } from './format';
import { useLoad } from './useLoad';
import { TableScroll } from '../../components/TableScroll';

type CodeLists = components['schemas']['CodeLists'];

export function FieldGuidePage() {
  const { t, pick } = useI18n();
  const codes = useLoad((signal) => api.get('/api/v1/codes', { signal }), 'codes');
  const refused = refusedColumns();

  return (
    <div className="container section">
      <h1>{t('provider.guide.title')}</h1>
      <p className="lead">{t('provider.guide.intro')}</p>

      <section className="section-block" aria-labelledby="guide-templates">
        <h2 id="guide-templates">{t('provider.guide.templates')}</h2>
        <p>{t('provider.guide.templates.text')}</p>
        <TemplateLinks guide={false} />
      </section>

      <section className="section-block" aria-labelledby="guide-file">
        <h2 id="guide-file">{t('provider.guide.file')}</h2>
        <ul className="plain-list">
          {fileRules.map((rule, index) => (
            <li key={index}>{pick(rule)}</li>
          ))}
        </ul>
      </section>

      <section className="section-block" aria-labelledby="guide-fields">
        <h2 id="guide-fields">{t('provider.guide.fields')}</h2>
        <p>{t('provider.guide.fields.text', { count: fieldGuide.length })}</p>
        {codes.status === 'failed' && (
          <p className="notice notice--danger" role="alert">
            {pick(codes.message)}
          </p>
        )}
        <nav aria-label={t('provider.guide.toc')}>
          <ul className="toc">
            {fieldGuide.map((entry) => (
              <li key={entry.field}>
                <a href={`#field-${entry.field}`} className="code">
                  {entry.field}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {fieldGuide.map((entry) => (
          <FieldCard key={entry.field} entry={entry} codes={codes.status === 'loaded' ? codes.data : undefined} />
        ))}
      </section>

      <section className="section-block" aria-labelledby="guide-refused">
        <h2 id="guide-refused">{t('provider.guide.refused')}</h2>
        <p>{t('provider.guide.refused.text')}</p>
        <TableScroll>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('provider.guide.refused.col.column')}</th>
                <th scope="col">{t('provider.guide.refused.col.message')}</th>
              </tr>
            </thead>
            <tbody>
              {refused.map((column) => (
                <tr key={column.column}>
                  <td>
                    <span className="code">{column.column}</span>
                    {column.kind === 'unknown_column' && <span className="cell-note">{t('provider.guide.refused.other')}</span>}
                  </td>
                  <td>{pick(column.message)}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
      <h3 id={headingId} tabIndex={-1}>
        <span className="code">{entry.field}</span>{' '}
        <span className={`badge ${entry.required ? 'badge--required' : 'badge--optional'}`}>
          {entry.required ? t('provider.guide.required') : t('provider.guide.optional')}
        </span>
      </h3>
      {pick(entry.label) !== entry.field && <p className="field-card__label">{pick(entry.label)}</p>}
      <p>{pick(entry.description)}</p>
      {entry.field === 'providerAgb' && user.organisation.code && <p>{t('provider.guide.ownAgb', { agb: user.organisation.code })}</p>}
      <h4>{t('provider.guide.formats')}</h4>
      <ul>
        {entry.formats.map((format, index) => (
          <li key={index}>{pick(format)}</li>
        ))}
      </ul>
      {entry.regionCodes && !regionCodes && <p className="muted">{t('common.loading')}</p>}
      {list && (
        <>
          <h4>{entry.regionCodes ? t('provider.guide.codes.region', { region: codes?.regionCode ?? '' }) : t('provider.guide.codes')}</h4>
          <table className="data-table code-table">
            <thead>
              <tr>
                <th scope="col">{t('provider.guide.codes.col.code')}</th>
                <th scope="col">{t('provider.guide.codes.col.meaning')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((code) => (
                <tr key={code.code}>
                  <td>
                    <span className="code">{code.code}</span>
                  </td>
                  <td>{code.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {entry.mapped && (
        <>
          <h4>{t('provider.guide.mapped')}</h4>
          <ul className="mapping">
            {entry.mapped.map(({ from, to }) => (
              <li key={from}>{t('provider.guide.mapped.item', { from, to })}</li>
            ))}
          </ul>
        </>
      )}
      {entry.refused?.map((refusal) => (
        <p key={refusal.codes.join()} className="notice notice--warning">
          {t('provider.guide.refusedCodes', { codes: refusal.codes.join(', ') })} {pick(refusal.reason)}
        </p>
      ))}
    </article>
  );
}
