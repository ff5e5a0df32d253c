/**
 * Choosing the file: the file picker (keyboard and screen readers know it) inside a zone that also
 * takes a dropped file. Dropping is a convenience, never the only way.
 */
import { useState, type DragEvent } from 'react';
import { useI18n } from '../../i18n';
import { FilePicker } from './FilePicker';
import { formatBytes } from '../../figures/format';
import { xlsxContentType } from './upload';

export function FileDrop({ file, onFile }: { file: { name: string; size: number } | undefined; onFile: (file: File) => void }) {
  const { t, language } = useI18n();
  const [over, setOver] = useState(false);

  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) onFile(dropped);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-zone--over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="drop-zone"
    >
      <FilePicker
        id="upload-file"
        label={t('provider.upload.file.label')}
        hint={t('provider.upload.file.hint')}
        button={t('provider.upload.file.button')}
        accept={`.csv,.txt,.xlsx,text/csv,${xlsxContentType}`}
        chosen={
          file
            ? t('provider.upload.file.chosen', { file: file.name, size: formatBytes(file.size, language) })
            : t('provider.upload.file.none')
        }
        onFile={onFile}
      />
    </div>
  );
}
