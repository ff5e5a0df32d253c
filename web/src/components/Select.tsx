/**
 * The NL Design System select box and a labelled field around it. The React package exports only
 * the form-field version of its select (which makes its own id), so the select itself is drawn
 * here with the component's CSS classes (Utrecht "select"); the field is FormFieldShell.
 */
import type { ReactNode, SelectHTMLAttributes } from 'react';
import type { LocalizedText } from '../data/client';
import { FormFieldShell } from './Field';

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { invalid?: boolean };

export function Select({ invalid, className, ...select }: SelectProps) {
  const classes = ['utrecht-select', 'utrecht-select--html-select', invalid && 'utrecht-select--invalid', className]
    .filter(Boolean)
    .join(' ');
  return <select className={classes} aria-invalid={invalid || undefined} {...select} />;
}

type SelectFieldProps = Omit<SelectProps, 'id'> & {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: LocalizedText;
  /** Empty hint and error slots, for fields side by side in a grid (see FormFieldShell). */
  aligned?: boolean;
  /** Class of the field as a whole (layout). */
  className?: string;
  children: ReactNode;
};

export function SelectField({ id, label, hint, error, aligned, className, children, ...select }: SelectFieldProps) {
  return (
    <FormFieldShell id={id} label={label} hint={hint} errors={error ? [error] : []} aligned={aligned} className={className}>
      {({ describedBy, invalid }) => (
        <Select id={id} invalid={invalid} aria-describedby={describedBy} {...select}>
          {children}
        </Select>
      )}
    </FormFieldShell>
  );
}
