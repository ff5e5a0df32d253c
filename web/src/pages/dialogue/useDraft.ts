/**
 * A text being edited against a value on the server. The draft follows the server value while the
 * user has not touched it, and stays as typed once they have (also when a conflict brings in a
 * newer server value), until it is saved or the user takes the server's text over.
 */
import { useEffect, useState } from 'react';

export function useDraft(server: string) {
  const [draft, setDraft] = useState(server);
  const [base, setBase] = useState(server);
  useEffect(() => {
    if (server === base) return;
    setBase(server);
    setDraft((current) => (current === base ? server : current));
    // Only a new server value matters; `base` is read as it was then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [server]);
  return {
    draft,
    setDraft,
    dirty: draft !== server,
    /** After a save: the draft is now what the server has. */
    saved: (value: string) => {
      setBase(value);
      setDraft(value);
    },
    adopt: () => setDraft(server),
  };
}
