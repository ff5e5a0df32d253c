/**
 * The NL Design System table header cell. The React component in @rijkshuisstijl-community 11 uses
 * `scope` and `aria-sort` for its own styling but does not pass them on to the <th>, which would
 * cost screen-reader users the row and column headers and the sort order; this one draws the same
 * CSS component (Utrecht table header cell) and keeps both.
 */
import type { ThHTMLAttributes } from 'react';

export function TableHeaderCell({ className, scope, ...cell }: ThHTMLAttributes<HTMLTableCellElement>) {
  const classes = ['utrecht-table__header-cell', scope === 'row' && 'utrecht-table__header--cell-row', className].filter(Boolean).join(' ');
  return <th scope={scope} className={classes} {...cell} />;
}
