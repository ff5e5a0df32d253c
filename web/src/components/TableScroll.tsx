/**
 * The box a wide table scrolls sideways in on a narrow screen. While the table does not fit, the box
 * is a named region in the tab order, so a keyboard user can scroll it with the arrow keys (WCAG
 * 2.1.1, 1.4.10); while it fits, it is a plain box and adds no tab stop. Its name is the table's
 * caption or label, else the heading of its section, else a generic one.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n';

export function TableScroll({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  /** The region's name while the table overflows; undefined while it fits. */
  const [name, setName] = useState<string>();
  const fallback = t('common.tableScroll');

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const update = () => setName(element.scrollWidth > element.clientWidth + 1 ? regionName(element) || fallback : undefined);
    const observer = new ResizeObserver(update);
    observer.observe(element);
    for (const child of element.children) observer.observe(child);
    update();
    return () => observer.disconnect();
  }, [fallback]);

  return (
    <div ref={box} className="table-scroll" {...(name !== undefined ? { role: 'region', tabIndex: 0, 'aria-label': name } : {})}>
      {children}
    </div>
  );
}

function regionName(element: HTMLElement): string {
  const table = element.querySelector('table');
  const caption = table?.caption?.textContent?.trim();
  if (caption) return caption;
  const tableLabel = table?.getAttribute('aria-labelledby');
  if (tableLabel) return document.getElementById(tableLabel)?.textContent?.trim() ?? '';
  const section = element.closest('section');
  const labelledBy = section?.getAttribute('aria-labelledby');
  const heading = labelledBy ? document.getElementById(labelledBy) : section?.querySelector('h2, h3, h4');
  return heading?.textContent?.trim() ?? '';
}
