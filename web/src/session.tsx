/**
 * Who is logged in, and for how long. The session itself is an httpOnly cookie holding a
 * short-lived JWT (15 minutes, api/src/auth/tokens.ts) that the API renews on any request once it
 * is older than 5 minutes (api/src/auth/middleware.ts); `GET /me` reports the current end as
 * `sessionExpiresAt`. This provider therefore:
 * - asks `/me` again on user activity (at most every 5 minutes), which renews an active session;
 * - warns 2 minutes before the end, with a button that renews through `/me`;
 * - logs out a few seconds before the end (so the token is revoked, not left to lapse) and sends
 *   the user to the login page, which brings them back afterwards;
 * - shares the end time with other tabs through localStorage, so one active tab keeps all alive.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, client, ok, onUnauthenticated, serverNow } from './data/client';
import type { components } from './api/schema';
import { queryClient } from './data/query-client';
import { navigate } from './router';

export type Me = components['schemas']['Me'];
export type Role = Me['role'];
export type LoginInput = components['schemas']['LoginRequest'];

export type SessionState =
  | { status: 'checking' }
  | { status: 'anonymous'; reason?: 'expired' | 'loggedOut' }
  | { status: 'active'; user: Me; expiresAt: number };

interface Session {
  state: SessionState;
  /** Server time (ms) at which the warning is due to turn into a logout, while it is shown. */
  warningUntil: number | undefined;
  login: (input: LoginInput) => Promise<Me>;
  logout: () => Promise<void>;
  /** Renews the session (the warning's "stay logged in"). */
  stayLoggedIn: () => Promise<void>;
}

const warnBeforeMs = 2 * 60_000;
/** Log out this long before the end, while the token is still valid and can be revoked. */
const logoutBeforeMs = 5_000;
/** Matches the API's renewal threshold: asking more often renews nothing. */
const refreshEveryMs = 5 * 60_000;
const HINT_KEY = 'resultaatportaal.sessionExpiresAt';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children, needsSession }: { children: ReactNode; needsSession: (pathname: string) => boolean }) {
  const [state, setState] = useState<SessionState>(() =>
    // Ask the server only when a session may exist or the page needs one: an anonymous visit
    // to a public page should not write a denied /me into the access log.
    readHint() !== undefined || needsSession(window.location.pathname) ? { status: 'checking' } : { status: 'anonymous' },
  );
  const [warningUntil, setWarningUntil] = useState<number | undefined>();
  const lastRefresh = useRef(0);
  const stateRef = useRef(state);
  stateRef.current = state;

  const becomeActive = useCallback((user: Me) => {
    const expiresAt = user.sessionExpiresAt ? Date.parse(user.sessionExpiresAt) : serverNow() + 15 * 60_000;
    lastRefresh.current = Date.now();
    writeHint(expiresAt);
    setState({ status: 'active', user, expiresAt });
  }, []);

  const becomeAnonymous = useCallback((reason?: 'expired' | 'loggedOut') => {
    clearHint();
    queryClient.clear(); // the next login (perhaps someone else's) starts without these answers
    setWarningUntil(undefined);
    const next: SessionState = { status: 'anonymous', reason };
    stateRef.current = next; // at once, so a second tick or a 401 during logout does not expire twice
    setState(next);
  }, []);

  const refresh = useCallback(async () => {
    lastRefresh.current = Date.now();
    try {
      becomeActive(ok(await client.GET('/me')));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) becomeAnonymous('expired');
      // a network hiccup: keep the session; the next activity or the warning tries again
    }
  }, [becomeActive, becomeAnonymous]);

  // First load: find out whether the cookie still holds a session.
  useEffect(() => {
    if (stateRef.current.status !== 'checking') return;
    client
      .GET('/me')
      .then((answer) => becomeActive(ok(answer)))
      .catch(() => becomeAnonymous());
  }, [becomeActive, becomeAnonymous]);

  const expiring = useRef(false);
  const expire = useCallback(async () => {
    if (stateRef.current.status !== 'active' || expiring.current) return;
    expiring.current = true;
    const back = window.location.pathname + window.location.search;
    // Revoke first: the login page must not say "logged out" while the session still works.
    await client.POST('/auth/logout').catch(() => undefined); // already gone on the server is fine too
    expiring.current = false;
    becomeAnonymous('expired');
    navigate(`/login?${new URLSearchParams({ next: back })}`, { replace: true });
  }, [becomeAnonymous]);

  // The server said the session is gone (another tab logged out, a revoked token, a sleeping laptop).
  useEffect(
    () =>
      onUnauthenticated(() => {
        if (stateRef.current.status === 'active') void expire();
      }),
    [expire],
  );

  // One tick a second decides: nothing, warn, or log out. Computing from the clock each time
  // (rather than one long timer) keeps it right after a laptop sleeps or a tab is throttled.
  const active = state.status === 'active';
  const expiresAt = state.status === 'active' ? state.expiresAt : 0;
  useEffect(() => {
    if (!active) return;
    const tick = () => {
      const shared = readHint();
      const end = shared !== undefined && shared > expiresAt ? shared : expiresAt; // another tab renewed
      if (end !== expiresAt && stateRef.current.status === 'active') {
        setState({ ...stateRef.current, expiresAt: end });
        return;
      }
      const left = end - serverNow();
      if (left <= logoutBeforeMs) void expire();
      else if (left <= warnBeforeMs) setWarningUntil(end);
      else setWarningUntil(undefined);
    };
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [active, expiresAt, expire]);

  // Activity renews: a click or key press after 5 quiet minutes asks /me, which renews the cookie.
  // While the warning shows, only its button renews, so an accidental key press is not consent.
  const warningShown = warningUntil !== undefined;
  useEffect(() => {
    if (!active || warningShown) return;
    const onActivity = () => {
      if (Date.now() - lastRefresh.current >= refreshEveryMs) void refresh();
    };
    document.addEventListener('pointerdown', onActivity, { capture: true, passive: true });
    document.addEventListener('keydown', onActivity, { capture: true, passive: true });
    return () => {
      document.removeEventListener('pointerdown', onActivity, { capture: true });
      document.removeEventListener('keydown', onActivity, { capture: true });
    };
  }, [active, warningShown, refresh]);

  // Another tab logged out: follow it.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === HINT_KEY && event.newValue === null && stateRef.current.status === 'active') {
        setWarningUntil(undefined);
        queryClient.clear();
        setState({ status: 'anonymous', reason: 'loggedOut' });
        navigate('/login', { replace: true });
      }
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const login = useCallback(
    async (input: LoginInput) => {
      const { user } = ok(await client.POST('/auth/login', { body: input }));
      becomeActive(user);
      return user;
    },
    [becomeActive],
  );

  const logout = useCallback(async () => {
    await client.POST('/auth/logout').catch(() => undefined);
    becomeAnonymous('loggedOut');
    navigate('/login');
  }, [becomeAnonymous]);

  const stayLoggedIn = useCallback(async () => {
    setWarningUntil(undefined);
    await refresh();
  }, [refresh]);

  const value = useMemo<Session>(
    () => ({ state, warningUntil, login, logout, stayLoggedIn }),
    [state, warningUntil, login, logout, stayLoggedIn],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession must be used inside <SessionProvider>');
  return context;
}

/** The logged-in user, for pages that are only rendered for one. */
export function useUser(): Me {
  const { state } = useSession();
  if (state.status !== 'active') throw new Error('useUser needs an active session');
  return state.user;
}

// The end time is not a secret (the token stays in its httpOnly cookie); it lets tabs agree.
function readHint(): number | undefined {
  try {
    const value = Number(window.localStorage.getItem(HINT_KEY));
    return value > serverNow() ? value : undefined;
  } catch {
    return undefined;
  }
}

function writeHint(expiresAt: number): void {
  try {
    window.localStorage.setItem(HINT_KEY, String(expiresAt));
  } catch {
    // storage blocked: tabs simply do not share the deadline
  }
}

function clearHint(): void {
  try {
    window.localStorage.removeItem(HINT_KEY);
  } catch {
    // nothing to clear
  }
}
