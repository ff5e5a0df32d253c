/**
 * A labelled textarea with hint, character count and errors, wired like Field.tsx
 * (aria-describedby, aria-invalid). Errors are bilingual texts so they follow the language switch.
 */
import type { TextareaHTMLAttributes } from 'react';
import type { LocalizedText } from '../api/client';
import { useI18n } from '../i18n';

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'value'> & {
  id: string;
  label: string;
  value: string;
  hint?: string;
  errors?: LocalizedText[];
  /** Shows "123 / 2.000 tekens" under the field. */
  maxChars?: number;
  /** Label visible only to screen readers (e.g. inside a table cell headed by the indicator). */
  hiddenLabel?: boolean;
};

export function TextAreaField({ id, label, hint, errors = [], maxChars, hiddenLabel = false, className, value, ...textarea }: TextAreaFieldProps) {
  const { t, pick, number } = useI18n();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length ? `${id}-error` : undefined;
  const countId = maxChars ? `${id}-count` : undefined;
  const length = [...value].length;
  return (
    <div className={`field${errors.length ? ' field--error' : ''}${className ? ` ${className}` : ''}`}>
      <label className={hiddenLabel ? 'visually-hidden' : 'field__label'} htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <div className="field__error" id={errorId}>
          {errors.map((error, index) => (
            <p key={index}>
              <span className="visually-hidden">{t('common.errorPrefix')}: </span>
              {pick(error)}
            </p>
          ))}
        </div>
      )}
      <textarea
        id={id}
        className="field__input field__textarea"
        aria-invalid={errors.length ? true : undefined}
        aria-describedby={[hintId, errorId, countId].filter(Boolean).join(' ') || undefined}
        value={value}
        {...textarea}
      />
      {maxChars !== undefined && (
        <p className={`field__count${length > maxChars ? ' field__count--over' : ''}`} id={countId}>
          {t('textField.count', { length: number(length), max: number(maxChars) })}
        </p>
      )}
    </div>
  );
}
