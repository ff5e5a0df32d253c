import { messages } from '../../web/src/messages.ts';

/** The interface is Dutch with an English switch: every text must exist in both, with the same blanks. */
describe('the interface texts', () => {
  const entries = Object.entries(messages) as [string, Record<string, string>][];
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('have the same keys in Dutch and English, and no empty text', () => {
    const dutch = entries.filter(([, text]) => text.nl?.trim()).map(([key]) => key);
    const english = entries.filter(([, text]) => text.en?.trim()).map(([key]) => key);
    expect(english).toEqual(dutch);
    expect(dutch).toHaveLength(entries.length);
    for (const [key, text] of entries) expect(Object.keys(text).sort(), key).toEqual(['en', 'nl']);
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of entries) expect(placeholders(text.en), key).toEqual(placeholders(text.nl));
  });
});
