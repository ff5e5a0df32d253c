/**
 * A part of the page folded away until asked for: the NL Design System accordion with a single
 * section (a heading with a button that says whether it is open). It draws its own chevron: the
 * library's repeats the same element ids each time it is used on a page.
 */
import { Accordion, AccordionSection } from '@rijkshuisstijl-community/components-react';
import { useState, type ReactNode } from 'react';

interface ExpandableProps {
  label: string;
  headingLevel: 2 | 3 | 4;
  /** Called each time it is opened (e.g. to fetch what it shows). */
  onOpen?: () => void;
  className?: string;
  children: ReactNode;
}

export function Expandable({ label, headingLevel, onOpen, className, children }: ExpandableProps) {
  const [open, setOpen] = useState(false);
  return (
    <Accordion className={className}>
      <AccordionSection
        section
        headingLevel={headingLevel}
        label={label}
        icon={<Chevron />}
        body={undefined} // for the provider variant of the accordion; a section takes its children
        expanded={open}
        onActivate={() => {
          if (!open) onOpen?.();
          setOpen(!open);
        }}
      >
        {children}
      </AccordionSection>
    </Accordion>
  );
}

function Chevron() {
  return (
    <svg width="14" height="8" viewBox="0 0 14 8" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="m7,8c-.26,0-.51-.1-.71-.29L.29,1.71C-.1,1.32-.1.68.29.29S1.32-.1,1.71.29l5.29,5.29L12.29.29c.39-.39,1.02-.39,1.41,0s.39,1.02,0,1.41l-6,6c-.2.2-.45.29-.71.29Z"
      />
    </svg>
  );
}
