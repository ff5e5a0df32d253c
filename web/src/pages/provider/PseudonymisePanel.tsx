/**
 * Layer 1 of the pseudonymisation (SPEC §4.1) in the provider's browser: the user picks their K1
 * key file, the CSV is parsed here, the `bsn` column becomes `clientPseudonym` with Web Crypto, and
 * the result stays in memory until they download it or upload it. Neither the BSN nor the key is
 * ever sent. An export with its own column names is first mapped onto the record here
 * (ColumnMappingEditor, schemas/column-mapping.ts): the only request is the remembered mapping,
 * which holds column names and codes, never a value of the file.
 */
import { Button, Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import Papa from 'papaparse';
import { useMemo, useState } from 'react';
import { applyColumnMapping, type ColumnMapping, suggestColumnMapping } from '../../../../schemas/column-mapping.ts';
import { optionalFields, recordFields } from '../../../../schemas/record.ts';
import { useColumnMapping, useSaveColumnMapping } from '../../data/column-mapping';
import { failure } from '../../data/client';
import { ColumnMappingEditor } from './ColumnMappingEditor';
import { importK1, KeyFileError, pseudonymiseTable, type TableProblem } from '../../../../schemas/pseudonymise-web.ts';
import { Notice } from '../../components/Notice';
import { TableHeaderCell } from '../../components/TableHeaderCell';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import type { LocalizedText } from '../../data/client';
import { FilePicker } from './FilePicker';
import { downloadBlob } from '../../components/download';
import { TableScroll } from '../../components/TableScroll';

export interface ParsedCsv {
  header: string[];
  rows: string[][];
  delimiter: string;
}

/** The pseudonymised file, ready to download or to check. */
export interface PseudonymisedFile {
  blob: Blob;
  name: string;
  rowCount: number;
}

type State =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'problems'; problems: TableProblem[] }
  | { status: 'failed'; message: LocalizedText }
  | { status: 'done'; file: PseudonymisedFile };

/** Parses CSV text with the delimiter the file uses; rows keep their position (empty ones too). */
export function parseCsv(text: string, delimiter: string): ParsedCsv {
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const [header = [], ...rows] = parsed.data;
  // A final line break gives one empty row: not a row of the file.
  if (rows.length > 0 && rows[rows.length - 1].every((cell) => cell === '')) rows.pop();
  return { header: header.map((cell) => cell.replace(/^\uFEFF/, '')), rows, delimiter };
}

export function pseudonymisedName(original: string): string {
  return `${original.replace(/\.[^.]*$/, '') || 'aanlevering'}-gepseudonimiseerd.csv`;
}

export function PseudonymisePanel({
  text,
  delimiter,
  fileName,
  onUse,
}: {
  text: string;
  delimiter: string;
  fileName: string;
  onUse: (file: PseudonymisedFile) => void;
}) {
  const { t, pick, number } = useI18n();
  const [keyFile, setKeyFile] = useState<File | undefined>();
  const [keyError, setKeyError] = useState<LocalizedText | undefined>();
  const [state, setState] = useState<State>({ status: 'idle' });
  const [downloaded, setDownloaded] = useState(false);
  const header = useMemo(() => parseCsv(text, delimiter).header, [text, delimiter]);
  // The portal's own header (field names, bsn for clientPseudonym) needs no mapping.
  const ownHeader = useMemo(() => {
    const names = new Set(header.map((cell) => cell.trim().toLowerCase()));
    const required = recordFields.filter((field) => field !== 'clientPseudonym' && !optionalFields.has(field));
    return names.has('bsn') && required.every((field) => names.has(field.toLowerCase()));
  }, [header]);
  const saved = useColumnMapping();
  const saveMapping = useSaveColumnMapping();
  const [edited, setEdited] = useState<ColumnMapping | undefined>();
  const [mappingNote, setMappingNote] = useState<string | undefined>();
  // The remembered mapping when this file has every column it names, else a suggestion from the names.
  const mapping = useMemo(() => {
    if (edited) return edited;
    const remembered = saved.status === 'loaded' ? saved.data.mapping : undefined;
    const names = new Set(
      header.map((cell) =>
        cell
          .replace(/^\uFEFF/, '')
          .trim()
          .toLowerCase(),
      ),
    );
    const fits = (m: ColumnMapping) =>
      Object.values(m.columns).length > 0 &&
      [...Object.values(m.columns), ...(m.birthDateColumn ? [m.birthDateColumn] : [])].every((c) => names.has(String(c).toLowerCase()));
    return remembered && fits(remembered) ? remembered : suggestColumnMapping(header);
  }, [edited, saved, header]);

  const run = async () => {
    if (!keyFile) {
      setKeyError(messages['provider.pseudo.keyRequired']);
      document.getElementById('k1-file')?.focus();
      return;
    }
    setKeyError(undefined);
    setState({ status: 'busy' });
    try {
      const key = await importK1(await keyFile.text());
      const csv = parseCsv(text, delimiter);
      let source = { header: csv.header, rows: csv.rows };
      if (!ownHeader) {
        const mapped = applyColumnMapping(csv.header, csv.rows, mapping);
        if (mapped.errors.length > 0) {
          setState({ status: 'problems', problems: mapped.errors.map((e) => ({ ...e, code: e.code as TableProblem['code'] })) });
          return;
        }
        source = { header: mapped.header, rows: mapped.rows };
      }
      const table = await pseudonymiseTable(source.header, source.rows, key);
      if (table.errors.length > 0) {
        setState({ status: 'problems', problems: table.errors });
        return;
      }
      const output = Papa.unparse({ fields: table.header, data: table.rows }, { delimiter: csv.delimiter, newline: '\r\n' });
      // A BOM so that Excel opens the UTF-8 file with the right characters; the API accepts it.
      const blob = new Blob([`\uFEFF${output}\r\n`], { type: 'text/csv;charset=utf-8' });
      setState({ status: 'done', file: { blob, name: pseudonymisedName(fileName), rowCount: table.rows.length } });
      if (!ownHeader) {
        // Remembered only once it worked: the mapping then fits this provider's export.
        saveMapping(mapping).then(
          () => setMappingNote(t('provider.mapping.saved')),
          (error) => setMappingNote(t('provider.mapping.notSaved', { reason: pick(failure(error)) })),
        );
      }
    } catch (error) {
      if (error instanceof KeyFileError) {
        setKeyError(error.localized);
        setState({ status: 'idle' });
        document.getElementById('k1-file')?.focus();
      } else {
        setState({ status: 'failed', message: messages['provider.pseudo.failed'] });
      }
    }
  };

  return (
    <section className="panel pseudo" aria-labelledby="pseudo-title">
      <Heading level={3} id="pseudo-title">
        {t('provider.pseudo.title')}
      </Heading>
      <Paragraph>{t('provider.pseudo.intro')}</Paragraph>
      <Notice tone="success" className="pseudo__local">
        <strong>{t('provider.pseudo.local')}</strong>
      </Notice>
      {!ownHeader && <ColumnMappingEditor header={header} mapping={mapping} onChange={setEdited} />}
      <FilePicker
        id="k1-file"
        label={t('provider.pseudo.key')}
        hint={t('provider.pseudo.key.hint')}
        button={t('provider.pseudo.key.button')}
        accept=".key,.txt,.hex,text/plain"
        chosen={keyFile ? t('provider.pseudo.key.chosen', { file: keyFile.name }) : t('provider.pseudo.key.none')}
        error={keyError}
        onFile={(file) => {
          setKeyFile(file);
          setKeyError(undefined);
          setState({ status: 'idle' });
        }}
      />
      <div className="actions">
        <Button appearance="primary-action-button" onClick={() => void run()} disabled={state.status === 'busy'}>
          {t('provider.pseudo.run')}
        </Button>
      </div>
      <div role="status" className="pseudo__status">
        {state.status === 'busy' && <Paragraph>{t('provider.pseudo.busy')}</Paragraph>}
        {state.status === 'done' && <Notice tone="success">{t('provider.pseudo.done', { count: state.file.rowCount })}</Notice>}
        {state.status === 'done' && mappingNote && <Paragraph className="hint">{mappingNote}</Paragraph>}
      </div>
      {state.status === 'failed' && (
        <Notice tone="danger" live="alert">
          {pick(state.message)}
        </Notice>
      )}
      {state.status === 'problems' && (
        <Notice tone="danger" live="alert">
          <Heading level={4}>{t('provider.pseudo.problems', { count: state.problems.length })}</Heading>
          <Paragraph>{t('provider.pseudo.problems.hint')}</Paragraph>
          <TableScroll>
            <Table className="data-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell scope="col" className="numeric">
                    {t('provider.report.col.row')}
                  </TableHeaderCell>
                  <TableHeaderCell scope="col">{t('provider.report.col.column')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('provider.pseudo.col.masked')}</TableHeaderCell>
                  <TableHeaderCell scope="col">{t('provider.report.col.message')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {state.problems.map((problem, index) => (
                  <TableRow key={index}>
                    <TableCell className="numeric">{number(problem.row)}</TableCell>
                    <TableCell>
                      <span className="code">{problem.column}</span>
                    </TableCell>
                    <TableCell>
                      <span className="code">{problem.maskedValue ?? '–'}</span>
                    </TableCell>
                    <TableCell>{pick(problem.message)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableScroll>
        </Notice>
      )}
      {state.status === 'done' && (
        <div className="actions">
          <Button
            appearance="secondary-action-button"
            onClick={() => {
              downloadBlob(state.file.blob, state.file.name);
              setDownloaded(true);
            }}
          >
            {t('provider.pseudo.download', { file: state.file.name })}
          </Button>
          <Button appearance="primary-action-button" onClick={() => onUse(state.file)}>
            {t('provider.pseudo.use')}
          </Button>
          {downloaded && <Paragraph className="hint">{t('provider.pseudo.downloaded', { file: state.file.name })}</Paragraph>}
        </div>
      )}
    </section>
  );
}
