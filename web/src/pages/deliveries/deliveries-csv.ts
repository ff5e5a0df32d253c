/**
 * The delivery monitor as a CSV file, built in the browser from the answer already shown.
 * Semicolons and a BOM for Dutch Excel; a cell a spreadsheet would read as a formula (provider
 * names come from registrations) gets a leading apostrophe (SPEC §4.6).
 */
import type { DeliveryMonitor } from '../../data/deliveries';

export function neutraliseCell(cell: string): string {
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[";\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function deliveriesCsv(monitor: DeliveryMonitor, statusWord: (status: string) => string, language: 'nl' | 'en'): string {
  const header =
    language === 'nl'
      ? ['periode', 'agb', 'aanbieder', 'productcategorie', 'verwacht', 'geleverd', 'status', 'versies', 'vervangen', 'records']
      : ['period', 'agb', 'provider', 'product category', 'expected', 'delivered', 'status', 'versions', 'replaced', 'records'];
  const yes = language === 'nl' ? 'ja' : 'yes';
  const no = language === 'nl' ? 'nee' : 'no';
  const rows = monitor.providers.flatMap((p) =>
    p.categories.map((c) => [
      monitor.period.code,
      p.providerAgb,
      p.providerName,
      c.productCategory,
      c.expected ? yes : no,
      c.delivered ? yes : no,
      statusWord(c.status),
      String(p.versions),
      String(p.replaced),
      p.recordCount === null ? '' : String(p.recordCount),
    ]),
  );
  return `\uFEFF${[header, ...rows].map((cells) => cells.map(neutraliseCell).join(';')).join('\r\n')}\r\n`;
}
