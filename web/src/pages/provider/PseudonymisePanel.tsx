/**
 * Layer 1 of the pseudonymisation (SPEC §4.1) in the provider's browser: the user picks their K1
 * key file, the CSV is parsed here, the `bsn` column becomes `clientPseudonym` with Web Crypto, and
 * the result stays in memory until they download it or upload it. Neither the BSN nor the key is
 * ever sent: this component makes no request at all.
 */
import { Button, Heading, Paragraph, Table, TableBody, TableCell, TableHeader, TableRow } from '@rijkshuisstijl-community/components-react';
import Papa from 'papaparse';
import { useState } from 'react';
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
      const table = await pseudonymiseTable(csv.header, csv.rows, key);
      if (table.errors.length > 0) {
        setState({ status: 'problems', problems: table.errors });
        return;
      }
      const output = Papa.unparse({ fields: table.header, data: table.rows }, { delimiter: csv.delimiter, newline: '\r\n' });
      // A BOM so that Excel opens the UTF-8 file with the right characters; the API accepts it.
      const blob = new Blob([`\uFEFF${output}\r\n`], { type: 'text/csv;charset=utf-8' });
      setState({ status: 'done', file: { blob, name: pseudonymisedName(fileName), rowCount: table.rows.length } });
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
