/**
 * A text being edited against a value on the server. The draft follows the server value while the
 * user has not touched it, and stays as typed once they have (also when a conflict brings in a
 * newer server value), until it is saved or the user takes the server's text over.
 */
import { useState } from 'react';

export function useDraft(server: string) {
  const [draft, setDraft] = useState(server);
  const [base, setBase] = useState(server);
  // A new server value, noticed while rendering (React's pattern for state that follows a prop).
  if (server !== base) {
    setBase(server);
    setDraft((current) => (current === base ? server : current));
  }
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
