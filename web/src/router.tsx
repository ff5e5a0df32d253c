/**
 * A tiny client-side router on the History API: `navigate`, `useLocation`, `<Link>` and
 * `<ButtonLink>` (the NL Design System components, navigating in place) and a path matcher with
 * `:name` segments. Which page a path shows, and to whom, is in routes.tsx.
 */
import {
  ButtonLink as NldsButtonLink,
  Link as NldsLink,
  type ButtonLinkProps as NldsButtonLinkProps,
  type LinkProps as NldsLinkProps,
} from '@rijkshuisstijl-community/components-react';
import { useEffect, useSyncExternalStore, type MouseEvent } from 'react';

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

function snapshot(): string {
  return window.location.pathname + window.location.search;
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
  /** Path plus query, as a `next` target after login. */
  href: string;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { pathname: normalise(url.pathname), search: url.searchParams, href };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  listeners.forEach((listener) => listener());
}

/** Renders nothing and moves to `to`: for redirects decided while rendering. */
export function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/**
 * The click handler of an in-app link: an ordinary link (so it opens in a new tab, can be copied,
 * …) that navigates in place on a plain click.
 */
function inPlace(to: string, target: string | undefined, onClick?: (event: MouseEvent<HTMLAnchorElement>) => void) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (target && target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
}

type LinkProps = Omit<NldsLinkProps, 'href'> & { to: string };

/** The NL Design System link to a page of the portal. */
export function Link({ to, onClick, ...props }: LinkProps) {
  return <NldsLink href={to} onClick={inPlace(to, props.target, onClick)} {...props} />;
}

type ButtonLinkProps = Omit<NldsButtonLinkProps, 'href' | 'appearance'> & {
  to: string;
  appearance: 'primary-action-button' | 'secondary-action-button' | 'subtle-button';
};

/** A link to a page of the portal that looks like a button (NL Design System button link). */
export function ButtonLink({ to, onClick, ...props }: ButtonLinkProps) {
  return <NldsButtonLink href={to} onClick={inPlace(to, props.target, onClick)} {...props} />;
}

/** `/audit/events/:id` against `/audit/events/42` → `{ id: '42' }`; undefined when it does not match. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = normalise(pathname).split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      if (!have[i]) return undefined;
      params[want[i].slice(1)] = decodeURIComponent(have[i]);
    } else if (want[i] !== have[i]) {
      return undefined;
    }
  }
  return params;
}

function normalise(pathname: string): string {
  return pathname.replace(/\/+$/, '') || '/';
}

/** A `next` target is only followed when it is a path on this site (no open redirect to elsewhere). */
export function safeNext(next: string | null): string | undefined {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  return next;
}
