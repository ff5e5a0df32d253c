/**
 * "Bring your own columns" (issue 17): when a provider's export has its own headers, it says once
 * which of its columns holds each field of the record, whether its end reasons are written 1..5,
 * and which column holds the birth date (the tool derives the age at the start and leaves the date
 * out). The portal remembers the mapping for the provider's next export; no value of the file is
 * ever sent with it.
 */
import { Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import { type ColumnMapping, type MappableField, mappableFields } from '../../../../schemas/column-mapping.ts';
import { fieldLabels, optionalFields, type RecordField } from '../../../../schemas/record.ts';
import { Select, SelectField } from '../../components/Select';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { TableScroll } from '../../components/TableScroll';
import { useI18n } from '../../i18n';

/** End reasons written without the leading zero, as many client systems export them. */
export const endReasonsWithoutZero: Record<string, string> = { '1': '01', '2': '02', '3': '03', '4': '04', '5': '05' };

export function ColumnMappingEditor({
  header,
  mapping,
  onChange,
}: {
  header: readonly string[];
  mapping: ColumnMapping;
  onChange: (mapping: ColumnMapping) => void;
}) {
  const { t, pick } = useI18n();
  const columns = header.map((cell) => cell.replace(/^\uFEFF/, '').trim()).filter((cell) => cell !== '');
  const label = (field: MappableField) => (field === 'bsn' ? 'BSN' : pick(fieldLabels[field as RecordField]));
  const required = (field: MappableField) => field === 'bsn' || !optionalFields.has(field as RecordField);
  const setColumn = (field: MappableField, column: string) => {
    const next = { ...mapping.columns };
    if (column === '') delete next[field];
    else next[field] = column;
    onChange({ ...mapping, columns: next, birthDateColumn: field === 'ageAtStart' && column !== '' ? null : mapping.birthDateColumn });
  };
  const zeroless = mapping.values.endReason !== undefined;
  return (
    <section className="mapping" aria-labelledby="mapping-title">
      <Heading level={4} id="mapping-title">
        {t('provider.mapping.title')}
      </Heading>
      <Paragraph>{t('provider.mapping.intro')}</Paragraph>
      <TableScroll>
        <Table className="data-table mapping__table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col">{t('provider.mapping.col.field')}</TableHeaderCell>
              <TableHeaderCell scope="col">{t('provider.mapping.col.column')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {mappableFields.map((field) => (
              <TableRow key={field}>
                <TableHeaderCell scope="row">
                  <label htmlFor={`map-${field}`}>
                    {label(field)}
                    {required(field) ? '' : ` (${t('provider.mapping.optional')})`}
                  </label>
                </TableHeaderCell>
                <TableCell>
                  <Select
                    id={`map-${field}`}
                    value={mapping.columns[field] ?? ''}
                    onChange={(event) => setColumn(field, event.target.value)}
                  >
                    <option value="">
                      {t(field === 'ageAtStart' && mapping.birthDateColumn ? 'provider.mapping.fromBirthDate' : 'provider.mapping.none')}
                    </option>
                    {columns.map((column) => (
                      <option key={column} value={column}>
                        {column}
                      </option>
                    ))}
                  </Select>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableScroll>
      <div className="filters">
        <SelectField
          id="map-birth-date"
          label={t('provider.mapping.birthDate')}
          hint={t('provider.mapping.birthDate.hint')}
          value={mapping.birthDateColumn ?? ''}
          onChange={(event) => {
            const column = event.target.value;
            const { ageAtStart: _derived, ...others } = mapping.columns;
            onChange({ ...mapping, birthDateColumn: column || null, columns: column ? others : mapping.columns });
          }}
        >
          <option value="">{t('provider.mapping.none')}</option>
          {columns.map((column) => (
            <option key={column} value={column}>
              {column}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="map-end-reasons"
          label={t('provider.mapping.endReasons')}
          value={zeroless ? 'zeroless' : 'cbs'}
          onChange={(event) => {
            const { endReason: _codes, ...others } = mapping.values;
            onChange({ ...mapping, values: event.target.value === 'zeroless' ? { ...others, endReason: endReasonsWithoutZero } : others });
          }}
        >
          <option value="cbs">{t('provider.mapping.endReasons.cbs')}</option>
          <option value="zeroless">{t('provider.mapping.endReasons.zeroless')}</option>
        </SelectField>
      </div>
    </section>
  );
}
