/**
 * One GET and its state (loading, loaded, failed), redone when `key` changes and abandoned when
 * the page moves on, so a slow old answer never overwrites a newer one.
 */
import { useEffect, useState } from 'react';
import { ApiError, type LocalizedText } from '../../api/client';
import { messages } from '../../messages';

export type Load<T> = { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'failed'; message: LocalizedText };

export function useLoad<T>(load: ((signal: AbortSignal) => Promise<T>) | undefined, key: string): Load<T> {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  useEffect(() => {
    if (!load) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setState({ status: 'loaded', data });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'failed', message: error instanceof ApiError ? error.localized : messages['common.unknownError'] });
      });
    return () => controller.abort();
    // `load` is a new function on every render; `key` says when it asks something else.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state;
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL only after click() has returned.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
