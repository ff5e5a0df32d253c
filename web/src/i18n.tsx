/**
 * Dutch first, English on request. No library: a context, the table in messages.ts and `t(key)`.
 * The chosen language is remembered in localStorage and mirrored on <html lang> so that screen
 * readers pronounce the page in the right language.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messages, type Language, type MessageKey } from './messages';

export type { Language, MessageKey };

const STORAGE_KEY = 'resultaatportaal.language';

export type Values = Record<string, string | number>;

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  /** The text for `key` in the current language, with `{name}` placeholders filled from `values`. */
  t: (key: MessageKey, values?: Values) => string;
  /** Picks the current language from a bilingual text, e.g. an API error message. */
  pick: (text: Record<Language, string>) => string;
  /** Formats a number the way the current language writes it (1.234 / 1,234). */
  number: (value: number) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function interpolate(text: string, values: Values | undefined, format: (n: number) => string): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? format(value) : value;
  });
}

/** Looks a key up by name when the name is built at run time (e.g. from a role); undefined if unknown. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(messages, key);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'nl' ? value : 'nl';
  } catch {
    return 'nl'; // storage blocked (privacy settings): fall back to Dutch
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered, still switched
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const numberFormat = new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-GB');
    const number = (n: number) => numberFormat.format(n);
    return {
      language,
      setLanguage,
      t: (key, values) => interpolate(messages[key][language], values, number),
      pick: (text) => text[language],
      number,
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n must be used inside <I18nProvider>');
  return context;
}
