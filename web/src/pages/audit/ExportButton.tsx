import { Button, Paragraph } from '@rijkshuisstijl-community/components-react';
import { useState } from 'react';
import { downloadBlob } from '../../components/download';
import { exportAccessEvents } from '../../data/audit';
import { ApiError, type LocalizedText } from '../../data/client';
import { useI18n } from '../../i18n';
import { messages } from '../../messages';
import { apiQuery, type Filters } from './filters';

/** The API's maximum page; an export is the newest this many entries matching the filters. */
const exportLimit = 1000;

type Export = { status: 'idle' } | { status: 'busy' } | { status: 'done'; file: string } | { status: 'failed'; message: LocalizedText };

/** Downloads the filtered log as CSV through the API (which logs the export itself). */
export function ExportButton({ filters }: { filters: Filters }) {
  const { t, pick } = useI18n();
  const [state, setState] = useState<Export>({ status: 'idle' });

  const download = async () => {
    setState({ status: 'busy' });
    try {
      const { blob, filename } = await exportAccessEvents({ ...apiQuery(filters), limit: exportLimit });
      const file = filename ?? 'toegangslog.csv';
      downloadBlob(blob, file);
      setState({ status: 'done', file });
    } catch (error) {
      setState({ status: 'failed', message: error instanceof ApiError ? error.localized : messages['common.unknownError'] });
    }
  };

  return (
    <div className="export">
      <Button
        appearance="secondary-action-button"
        onClick={() => void download()}
        aria-describedby="export-hint"
        disabled={state.status === 'busy'}
      >
        {t('audit.export.button')}
      </Button>
      <Paragraph id="export-hint" className="hint">
        {t('audit.export.hint')}
      </Paragraph>
      <Paragraph role="status" className="export__status">
        {state.status === 'busy' && t('audit.export.busy')}
        {state.status === 'done' && t('audit.export.done', { file: state.file })}
        {state.status === 'failed' && pick(state.message)}
      </Paragraph>
    </div>
  );
}
