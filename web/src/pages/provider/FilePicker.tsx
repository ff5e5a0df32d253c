/**
 * A file input that speaks the page's language: the browser's own button and its "No file chosen"
 * follow the browser's locale, not the portal's, so the native input is kept (for keyboard, screen
 * readers and tests) but drawn as an NL Design System button, with the chosen file named beside it.
 * Hand-made around the native input: the design system's file input hides its input without a
 * label, takes several files and words its messages in Dutch only. Its parts wear the NL DS form
 * field's CSS classes.
 */
import { FormFieldErrorMessage, VisuallyHidden } from '@rijkshuisstijl-community/components-react';
import type { LocalizedText } from '../../data/client';
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
    <div className={`utrecht-form-field field file-picker${error ? ' utrecht-form-field--invalid' : ''}`}>
      <div className="utrecht-form-field__label">
        <span className="utrecht-form-label" id={`${id}-label`}>
          {label}
        </span>
      </div>
      {hint && (
        <div className="utrecht-form-field__description">
          <div className="utrecht-form-field-description" id={`${id}-hint`}>
            {hint}
          </div>
        </div>
      )}
      {error && (
        <div className="utrecht-form-field__error-message">
          <FormFieldErrorMessage id={`${id}-error`}>
            <VisuallyHidden>{t('common.errorPrefix')}: </VisuallyHidden>
            {pick(error)}
          </FormFieldErrorMessage>
        </div>
      )}
      <div className="utrecht-form-field__input file-picker__row">
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
        <label htmlFor={id} className="utrecht-button utrecht-button--secondary-action file-picker__button" aria-hidden="true">
          {button}
        </label>
        <span className="file-picker__chosen" id={`${id}-chosen`} aria-live="polite">
          {chosen}
        </span>
      </div>
    </div>
  );
}
