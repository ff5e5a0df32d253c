/**
 * Dutch first, English second. Every text lives once below with both languages side by side,
 * so a missing translation is a type error. No library: a context, a dictionary and `t(key)`.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type Language = 'nl' | 'en';

const STORAGE_KEY = 'resultaatportaal.language';

const dictionary = {
  'app.name': { nl: 'Resultaatportaal Jeugdhulp', en: 'Resultaatportaal Jeugdhulp' },
  'app.tagline': {
    nl: 'Resultaten van jeugdhulp in de regio',
    en: 'Youth-care outcomes in the region',
  },
  'skip.main': { nl: 'Naar hoofdinhoud', en: 'Skip to main content' },
  'language.switch': { nl: 'English', en: 'Nederlands' },
  'language.switch.label': { nl: 'Switch to English', en: 'Schakel naar Nederlands' },
  'nav.home': { nl: 'Startpagina', en: 'Home' },

  'home.title': {
    nl: 'Resultaten van jeugdhulp, samen bekijken en bespreken',
    en: 'Youth-care outcomes, reviewed and discussed together',
  },
  'home.intro': {
    nl: 'Het Resultaatportaal Jeugdhulp is het portaal van de jeugdhulpregio. Hier komen de resultaten van afgesloten jeugdhulptrajecten samen, zodat gemeenten en aanbieders kunnen sturen op wat de hulp oplevert voor jeugdigen en gezinnen, en niet alleen op wat zij kost.',
    en: 'Resultaatportaal Jeugdhulp is the portal of the youth-care region. It brings together the outcomes of closed youth-care trajectories, so that municipalities and providers can steer on what the care achieves for young people and families, not only on what it costs.',
  },
  'home.login': { nl: 'Inloggen', en: 'Log in' },
  'home.apiDocs': { nl: 'API-referentie voor koppelingen', en: 'API reference for integrations' },

  'home.roles.title': { nl: 'Wie doet wat in het portaal', en: 'Who does what in the portal' },
  'home.roles.providers.title': { nl: 'Jeugdhulpaanbieders', en: 'Youth-care providers' },
  'home.roles.providers.text': {
    nl: 'Leveren per verslagperiode één gepseudonimiseerd resultaatrecord aan per afgesloten zorgtraject. Zij zien direct het validatierapport, vergelijken hun eigen resultaten met anonieme collega-aanbieders en geven hun duiding bij de cijfers.',
    en: 'Upload one pseudonymised outcome record per closed care trajectory for each reporting period. They see the validation report straight away, compare their own results with anonymous peer providers and add their explanation of the figures.',
  },
  'home.roles.contractManagers.title': { nl: 'Contractmanagers van de regio', en: 'Regional contract managers' },
  'home.roles.contractManagers.text': {
    nl: 'Vergelijken aanbieders die dezelfde soort hulp bieden, per periode en door de tijd heen. Zij bereiden de resultaatdialoog met elke aanbieder voor en leggen de afspraken over verbeteracties en de opvolging vast.',
    en: 'Compare providers that offer the same kind of care, per period and over time. They prepare the result dialogue (resultaatdialoog) with each provider and record the agreed improvement actions and their follow-up.',
  },
  'home.roles.municipalities.title': { nl: 'Gemeenten', en: 'Municipalities' },
  'home.roles.municipalities.text': {
    nl: 'Zien de resultaten van de jeugdhulp voor hun eigen inwoners, naast de cijfers van de hele regio.',
    en: 'See the outcomes of youth care for their own residents, next to the figures for the whole region.',
  },
  'home.roles.auditors.title': { nl: 'Auditors', en: 'Auditors' },
  'home.roles.auditors.text': {
    nl: 'Controleren in het toegangslog wie wanneer welke gegevens heeft ingezien, en of dat log volledig en onveranderd is. Zelf zien zij geen resultaatgegevens.',
    en: 'Check in the access log who viewed which data and when, and whether that log is complete and unaltered. They see no outcome data themselves.',
  },

  'home.privacy.title': { nl: 'Zo beschermen we de privacy', en: 'How we protect privacy' },
  'home.privacy.pseudonyms.title': { nl: 'Twee keer gepseudonimiseerd', en: 'Pseudonymised twice' },
  'home.privacy.pseudonyms.text': {
    nl: 'Er komt geen BSN of naam in het portaal. De aanbieder vervangt het BSN op de eigen computer door een pseudoniem. Het portaal versleutelt dat pseudoniem daarna nog een keer, met een sleutel die alleen het portaal kent.',
    en: 'No citizen service number (BSN) or name ever enters the portal. The provider replaces the BSN with a pseudonym on its own computer. The portal then encrypts that pseudonym once more, with a key only the portal knows.',
  },
  'home.privacy.minimal.title': { nl: 'Alleen wat nodig is', en: 'Only what is needed' },
  'home.privacy.minimal.text': {
    nl: 'Geen geboortedatum, adres, postcode of vrije tekst: alleen de gegevens die nodig zijn om resultaten te meten.',
    en: 'No date of birth, address, postcode or free text: only the data needed to measure outcomes.',
  },
  'home.privacy.smallNumbers.title': { nl: 'Kleine aantallen blijven verborgen', en: 'Small numbers stay hidden' },
  'home.privacy.smallNumbers.text': {
    nl: 'Een cijfer dat op te weinig trajecten rust (standaard minder dan 10), tonen we niet. Zo is niemand te herkennen.',
    en: 'A figure based on too few trajectories (by default fewer than 10) is not shown, so nobody can be recognised.',
  },
  'home.privacy.needToKnow.title': { nl: 'Ieder ziet alleen het eigen deel', en: 'Everyone sees only their own part' },
  'home.privacy.needToKnow.text': {
    nl: 'Aanbieders zien hun eigen cijfers en anonieme vergelijkingen, gemeenten die van hun inwoners. Niemand ziet gegevens van een andere regio.',
    en: 'Providers see their own figures and anonymous comparisons, municipalities those of their residents. Nobody sees data of another region.',
  },
  'home.privacy.logged.title': { nl: 'Elke toegang wordt vastgelegd', en: 'Every access is logged' },
  'home.privacy.logged.text': {
    nl: 'Elke keer dat iemand gegevens inziet, aanlevert of exporteert, komt in een toegangslog dat niet ongemerkt te wijzigen is.',
    en: 'Every time someone views, uploads or exports data, it is recorded in an access log that cannot be altered unnoticed.',
  },

  'status.label': { nl: 'Status', en: 'Status' },
  'status.checking': { nl: 'Status van het portaal controleren…', en: 'Checking portal status…' },
  'status.ready': { nl: 'Portaal gereed', en: 'Portal ready' },
  'status.unavailable': { nl: 'Portaal niet beschikbaar', en: 'Portal unavailable' },

  'login.title': { nl: 'Inloggen', en: 'Log in' },
  'login.soon': {
    nl: 'Inloggen kan binnenkort. U logt hier straks in met uw e-mailadres, wachtwoord en een code uit uw authenticator-app.',
    en: 'Logging in will be available soon. You will log in here with your e-mail address, password and a code from your authenticator app.',
  },
  'notFound.title': { nl: 'Pagina niet gevonden', en: 'Page not found' },
  'notFound.text': {
    nl: 'Deze pagina bestaat niet (meer). Controleer het adres of ga naar de startpagina.',
    en: 'This page does not exist (any more). Check the address or go to the home page.',
  },
  'common.backHome': { nl: 'Terug naar de startpagina', en: 'Back to the home page' },

  'footer.about': {
    nl: 'Uitkomstgerichte jeugdhulp, op basis van de resultaatindicatoren van CBS Beleidsinformatie Jeugd.',
    en: 'Outcome-based youth care, built on the outcome indicators of CBS Beleidsinformatie Jeugd.',
  },
} satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof dictionary;

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey) => string;
  /** Picks the current language from a bilingual text, e.g. an API error message. */
  pick: (text: Record<Language, string>) => string;
}

const I18nContext = createContext<I18n | null>(null);

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

  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage,
      t: (key) => dictionary[key][language],
      pick: (text) => text[language],
    }),
    [language, setLanguage],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n must be used inside <I18nProvider>');
  return context;
}
