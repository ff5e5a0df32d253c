/**
 * Labelled form controls on the NL Design System form field: label, optional hint, error and the
 * control (in the form field's own slots, so its CSS orders them), wired together with
 * aria-describedby and aria-invalid. `FormFieldShell` is the frame;
 * `Field` puts a text box in it. Errors come as bilingual texts so they follow the language switch
 * after they are shown.
 */
import { FormField, FormFieldErrorMessage, TextInput, VisuallyHidden } from '@rijkshuisstijl-community/components-react';
import type { InputHTMLAttributes, ReactNode } from 'react';
import type { LocalizedText } from '../data/client';
import { useI18n } from '../i18n';

interface ShellProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: LocalizedText[];
  /** Label visible only to screen readers (e.g. inside a table cell headed by the indicator). */
  hiddenLabel?: boolean;
  /**
   * Render empty hint and error slots too, so that fields side by side in a grid (the access-log
   * filters) line their inputs up through CSS subgrid.
   */
  aligned?: boolean;
  className?: string;
  /** The control, given the ids it must name in aria-describedby and whether it is invalid. */
  children: (wiring: { describedBy: string | undefined; invalid: boolean }) => ReactNode;
  /** Anything below the control (a character count), with its id for aria-describedby. */
  after?: { id: string; content: ReactNode };
  /** Announce an error the moment it appears (a form without an error summary). */
  announceErrors?: boolean;
}

export function FormFieldShell({
  id,
  label,
  hint,
  errors = [],
  hiddenLabel = false,
  aligned = false,
  className,
  children,
  after,
  announceErrors = false,
}: ShellProps) {
  const { t, pick } = useI18n();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId, after?.id].filter(Boolean).join(' ') || undefined;
  const invalid = errors.length > 0;
  return (
    <FormField
      id={id}
      className={['field', className].filter(Boolean).join(' ')}
      invalid={invalid}
      label={hiddenLabel ? <VisuallyHidden>{label}</VisuallyHidden> : label}
      description={
        hint ? (
          <div className="utrecht-form-field-description" id={hintId}>
            {hint}
          </div>
        ) : undefined
      }
      input={undefined}
      descriptionId={hintId ?? ''}
      errorMessageId={errorId ?? ''}
      statusId=""
    >
      {!hint && aligned && <span className="field__slot field__slot--hint" />}
      {invalid ? (
        <div className="utrecht-form-field__error-message" role={announceErrors ? 'alert' : undefined}>
          <FormFieldErrorMessage id={errorId}>
            {errors.map((error, index) => (
              <span className="field__error-line" key={index}>
                <VisuallyHidden>{t('common.errorPrefix')}: </VisuallyHidden>
                {pick(error)}
              </span>
            ))}
          </FormFieldErrorMessage>
        </div>
      ) : (
        aligned && <span className="field__slot field__slot--error" />
      )}
      <div className="utrecht-form-field__input">{children({ describedBy, invalid })}</div>
      {after && (
        <div className="utrecht-form-field-description field__after" id={after.id}>
          {after.content}
        </div>
      )}
    </FormField>
  );
}

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: LocalizedText;
  aligned?: boolean;
  /** Class of the field as a whole (layout); the input itself is the NL Design System text box. */
  className?: string;
};

export function Field({ id, label, hint, error, className, aligned = false, ...input }: FieldProps) {
  return (
    <FormFieldShell id={id} label={label} hint={hint} errors={error ? [error] : []} aligned={aligned} className={className}>
      {({ describedBy, invalid }) => <TextInput id={id} invalid={invalid} aria-describedby={describedBy} {...input} />}
    </FormFieldShell>
  );
}
