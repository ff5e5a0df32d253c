/**
 * The error summary above a form: always present as a role="alert" region, so that screen readers
 * announce the errors the moment they appear; each field error links to its input.
 */
import type { LocalizedText } from '../api/client';
import { useI18n } from '../i18n';

export interface SummaryItem {
  message: LocalizedText;
  /** The input this error belongs to, if any. */
  fieldId?: string;
}

export function ErrorSummary({ title, items }: { title: string; items: SummaryItem[] }) {
  const { pick } = useI18n();
  return (
    <div role="alert" className="error-summary-region">
      {items.length > 0 && (
        <div className="error-summary">
          <h2 className="error-summary__title">{title}</h2>
          <ul className="error-summary__list">
            {items.map((item, index) => (
              <li key={index}>
                {item.fieldId ? (
                  <a
                    href={`#${item.fieldId}`}
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(item.fieldId!)?.focus();
                    }}
                  >
                    {pick(item.message)}
                  </a>
                ) : (
                  pick(item.message)
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
