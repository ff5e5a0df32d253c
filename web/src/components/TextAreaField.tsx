/**
 * A labelled textarea (NL Design System) with hint, character count and errors, wired like
 * Field.tsx (aria-describedby, aria-invalid). Errors are bilingual texts so they follow the
 * language switch.
 */
import { Textarea } from '@rijkshuisstijl-community/components-react';
import type { TextareaHTMLAttributes } from 'react';
import type { LocalizedText } from '../data/client';
import { useI18n } from '../i18n';
import { FormFieldShell } from './Field';

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

export function TextAreaField({
  id,
  label,
  hint,
  errors = [],
  maxChars,
  hiddenLabel = false,
  className,
  value,
  ...textarea
}: TextAreaFieldProps) {
  const { t, number } = useI18n();
  const length = [...value].length;
  const count =
    maxChars === undefined
      ? undefined
      : {
          id: `${id}-count`,
          content: (
            <span className={length > maxChars ? 'field__count field__count--over' : 'field__count'}>
              {t('textField.count', { length: number(length), max: number(maxChars) })}
            </span>
          ),
        };
  return (
    <FormFieldShell id={id} label={label} hint={hint} errors={errors} hiddenLabel={hiddenLabel} className={className} after={count}>
      {({ describedBy, invalid }) => (
        <Textarea id={id} className="field__textarea" invalid={invalid} aria-describedby={describedBy} value={value} {...textarea} />
      )}
    </FormFieldShell>
  );
}
