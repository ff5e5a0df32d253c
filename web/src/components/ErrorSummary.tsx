/**
 * The error summary above a form: always present as a role="alert" region, so that screen readers
 * announce the errors the moment they appear; inside it an NL Design System alert with each field
 * error linking to its input.
 */
import { Heading, Link, UnorderedList, UnorderedListItem } from '@rijkshuisstijl-community/components-react';
import type { LocalizedText } from '../data/client';
import { useI18n } from '../i18n';
import { Notice } from './Notice';

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
        <Notice tone="danger" className="error-summary">
          <Heading level={2} appearanceLevel={4}>
            {title}
          </Heading>
          <UnorderedList className="error-summary__list">
            {items.map((item, index) => (
              <UnorderedListItem key={index}>
                {item.fieldId ? (
                  <Link
                    href={`#${item.fieldId}`}
                    inline
                    onClick={(event) => {
                      event.preventDefault();
                      document.getElementById(item.fieldId!)?.focus();
                    }}
                  >
                    {pick(item.message)}
                  </Link>
                ) : (
                  pick(item.message)
                )}
              </UnorderedListItem>
            ))}
          </UnorderedList>
        </Notice>
      )}
    </div>
  );
}
