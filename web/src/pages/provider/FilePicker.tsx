/**
 * A file input that speaks the page's language: the browser's own button and its "No file chosen"
 * follow the browser's locale, not the portal's, so the native input is kept (for keyboard, screen
 * readers and tests) but drawn as our button, with the chosen file named beside it.
 */
import type { LocalizedText } from '../../api/client';
import { useI18n } from '../../i18n';

interface FilePickerProps {
  id: string;
  label: string;
  hint?: string;
  button: string;
  accept: string;
  /** What is chosen now, in words ("Gekozen: x.csv"). */
  chosen: string;
  error?: LocalizedText;
  onFile: (file: File) => void;
}

export function FilePicker({ id, label, hint, button, accept, chosen, error, onFile }: FilePickerProps) {
  const { t, pick } = useI18n();
  const describedBy = [hint ? `${id}-hint` : '', `${id}-chosen`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field file-picker${error ? ' field--error' : ''}`}>
      <span className="field__label" id={`${id}-label`}>
        {label}
      </span>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">{t('common.errorPrefix')}: </span>
          {pick(error)}
        </p>
      )}
      <div className="file-picker__row">
        <input
          id={id}
          type="file"
          className="file-picker__input"
          accept={accept}
          aria-labelledby={`${id}-label`}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) onFile(file);
            // Cleared so that choosing the same (corrected) file again still counts as a choice.
            event.currentTarget.value = '';
          }}
        />
        {/* The visible button; clicking it opens the input's file dialog. Hidden from screen readers,
            which reach the input itself. */}
        <label htmlFor={id} className="button button--secondary file-picker__button" aria-hidden="true">
          {button}
        </label>
        <span className="file-picker__chosen" id={`${id}-chosen`} aria-live="polite">
          {chosen}
        </span>
      </div>
    </div>
  );
}
