/**
 * A notice in the page (NL Design System alert): information, success, a warning or an error, on
 * a light tint with an icon. It is not a live region unless asked (`live`): most notices are part
 * of the page as it loads; one that appears in answer to an action says so with `live`.
 * The `notice--…` classes name the tone for page styles and tests.
 */
import { Alert } from '@rijkshuisstijl-community/components-react';
import type { HTMLAttributes, ReactNode } from 'react';

export type NoticeTone = 'info' | 'success' | 'warning' | 'danger';

const alertType = { info: 'info', success: 'ok', warning: 'warning', danger: 'error' } as const;

type NoticeProps = Omit<HTMLAttributes<HTMLDivElement>, 'role'> & {
  tone?: NoticeTone;
  /** Announce it when it appears: `status` politely, `alert` at once. */
  live?: 'status' | 'alert';
  children: ReactNode;
};

export function Notice({ tone = 'info', live, className, children, ...rest }: NoticeProps) {
  return (
    <Alert
      type={alertType[tone]}
      role={live ?? 'none'}
      className={['notice', `notice--${tone}`, className].filter(Boolean).join(' ')}
      {...rest}
    >
      {children}
    </Alert>
  );
}
