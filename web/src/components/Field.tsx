/**
 * A labelled input with an optional hint and error, wired together with aria-describedby and
 * aria-invalid (the NL Design System form-field pattern). Errors come as bilingual texts so they
 * follow the language switch after they are shown.
 */
import type { InputHTMLAttributes, ReactNode } from 'react';
import type { LocalizedText } from '../api/client';
import { useI18n } from '../i18n';

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: LocalizedText;
  /**
   * Render empty hint and error slots too, so that fields side by side in a grid (the access-log
   * filters) line their inputs up through CSS subgrid.
   */
  aligned?: boolean;
};

export function Field({ id, label, hint, error, className, aligned = false, ...input }: FieldProps) {
  const { t, pick } = useI18n();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : (
        aligned && <span />
      )}
      {error ? (
        <p className="field__error" id={errorId}>
          <span className="visually-hidden">{t('common.errorPrefix')}: </span>
          {pick(error)}
        </p>
      ) : (
        aligned && <span />
      )}
      <input id={id} className="field__input" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
    </div>
  );
}
