/**
 * Contracts (functional administrator): which provider must deliver which product categories, from
 * when until when. Setting a provider's contract replaces its whole category set; an empty set ends
 * it. The server checks the categories against the region's and the dates, and says what is wrong.
 */
import { Button, Heading, Paragraph, TableCell, TableRow } from '@rijkshuisstijl-community/components-react';
import { useState, type FormEvent } from 'react';
import { ErrorSummary, type SummaryItem } from '../../components/ErrorSummary';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useAdminProviders } from '../../data/admin';
import { ApiError } from '../../data/client';
import { useContracts, useSetContract } from '../../data/deliveries';
import { formatDay } from '../../figures/format';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { AdminListSection, type Outcome } from '../admin/common';

const fieldIds: Record<string, string> = {
  productCategories: 'contract-categories',
  validFrom: 'contract-from',
  validUntil: 'contract-until',
};

export function ContractsPage() {
  const { t, language } = useI18n();
  const contracts = useContracts();
  const [providers] = useAdminProviders();
  const setContract = useSetContract();
  const [agb, setAgb] = useState('');
  const [categories, setCategories] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [errors, setErrors] = useState<SummaryItem[]>([]);
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setOutcome(undefined);
    if (!agb) {
      setErrors([{ message: messages['contracts.provider.required'], fieldId: 'contract-provider' }]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const productCategories = categories
        .split(/[\s,;]+/)
        .map((c) => c.trim())
        .filter(Boolean);
      const saved = await setContract(agb, {
        productCategories,
        ...(from ? { validFrom: from } : {}),
        validUntil: until || null,
      });
      setOutcome({
        kind: 'done',
        text:
          saved.productCategories.length === 0
            ? t('contracts.ended', { name: saved.providerName })
            : t('contracts.saved', { name: saved.providerName, categories: saved.productCategories.join(', ') }),
      });
    } catch (error) {
      const items =
        error instanceof ApiError
          ? [
              ...error.fieldErrors.map((e) => ({ message: e.message, fieldId: fieldIds[e.field.split('.')[0]] })),
              ...(error.fieldErrors.length ? [] : [{ message: error.localized }]),
            ]
          : [{ message: messages['common.unknownError'] }];
      setErrors(items);
    } finally {
      setBusy(false);
    }
  };
  const errorOf = (id: string) => errors.find((e) => e.fieldId === id)?.message;

  return (
    <div className="container section admin">
      <Heading level={1}>{t('contracts.title')}</Heading>
      <Paragraph purpose="lead">{t('contracts.intro')}</Paragraph>
      <section className="panel" aria-labelledby="contract-form-title">
        <Heading level={2} id="contract-form-title">
          {t('contracts.form.title')}
        </Heading>
        <form className="form form--tight" onSubmit={submit} noValidate>
          <ErrorSummary title={t('admin.errors')} items={errors} />
          <SelectField
            id="contract-provider"
            label={t('contracts.provider')}
            value={agb}
            error={errorOf('contract-provider')}
            onChange={(event) => setAgb(event.currentTarget.value)}
          >
            <option value="">{t('contracts.provider.choose')}</option>
            {providers.status === 'loaded' &&
              providers.data.map((p) => (
                <option key={p.agb} value={p.agb}>
                  {p.name} ({p.agb})
                </option>
              ))}
          </SelectField>
          <div className="form-row">
            <Field
              id="contract-categories"
              label={t('contracts.categories')}
              hint={t('contracts.categories.hint')}
              value={categories}
              maxLength={200}
              error={errorOf('contract-categories')}
              onChange={(event) => setCategories(event.currentTarget.value)}
            />
            <Field
              id="contract-from"
              type="date"
              label={t('contracts.from')}
              hint={t('contracts.from.hint')}
              value={from}
              error={errorOf('contract-from')}
              onChange={(event) => setFrom(event.currentTarget.value)}
            />
            <Field
              id="contract-until"
              type="date"
              label={t('contracts.until')}
              hint={t('contracts.until.hint')}
              value={until}
              error={errorOf('contract-until')}
              onChange={(event) => setUntil(event.currentTarget.value)}
            />
          </div>
          <Button appearance="primary-action-button" type="submit" disabled={busy}>
            {t('contracts.save')}
          </Button>
        </form>
      </section>
      <AdminListSection
        id="contracts-list"
        title={t('contracts.list')}
        outcome={outcome}
        list={contracts}
        columns={[
          { label: t('contracts.provider') },
          { label: t('contracts.categories') },
          { label: t('contracts.from') },
          { label: t('contracts.until') },
        ]}
        rows={(items) =>
          items.map((contract) => (
            <TableRow key={`${contract.providerAgb}-${contract.validFrom}`}>
              <TableHeaderCell scope="row">
                {contract.providerName} <span className="muted">({contract.providerAgb})</span>
              </TableHeaderCell>
              <TableCell>{contract.productCategories.join(', ')}</TableCell>
              <TableCell className="nowrap">{formatDay(contract.validFrom, language)}</TableCell>
              <TableCell className="nowrap">
                {contract.validUntil ? formatDay(contract.validUntil, language) : t('contracts.openEnded')}
              </TableCell>
            </TableRow>
          ))
        }
      />
    </div>
  );
}
