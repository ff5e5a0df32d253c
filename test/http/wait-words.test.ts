import { TooManyRequests, waitInWords } from '../../api/src/errors.ts';

describe('a refusal that asks to wait says how long as people say it', () => {
  it('counts one second, seconds, and from two minutes on whole minutes rounded up', () => {
    expect(waitInWords(1)).toEqual({ nl: '1 seconde', en: '1 second' });
    expect(waitInWords(45)).toEqual({ nl: '45 seconden', en: '45 seconds' });
    expect(waitInWords(119)).toEqual({ nl: '119 seconden', en: '119 seconds' });
    expect(waitInWords(120)).toEqual({ nl: '2 minuten', en: '2 minutes' });
    expect(waitInWords(900)).toEqual({ nl: '15 minuten', en: '15 minutes' });
    expect(waitInWords(901)).toEqual({ nl: '16 minuten', en: '16 minutes' });
  });

  it('writes it into the 429 message and keeps the exact number for Retry-After', () => {
    const refusal = new TooManyRequests(1);
    expect(refusal.hints).toEqual({ retryAfterSeconds: 1 });
    expect(refusal.localized).toEqual({
      nl: 'Te veel pogingen. Probeer het over 1 seconde opnieuw.',
      en: 'Too many attempts. Try again in 1 second.',
    });
  });
});
