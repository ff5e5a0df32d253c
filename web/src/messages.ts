/**
 * Every text of the interface, Dutch first and English beside it, so a missing translation is a
 * type error. Kept free of React so that tests can check the table without a browser.
 * `{name}` marks a value filled in by `t(key, { name })`; both languages use the same names.
 */
export type Language = 'nl' | 'en';

export const messages = {
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

  'common.loading': { nl: 'Bezig met laden…', en: 'Loading…' },
  'common.toStart': { nl: 'Naar uw startpagina', en: 'Go to your start page' },
  'common.errorPrefix': { nl: 'Er ging iets mis', en: 'Something went wrong' },
  'common.unknownError': {
    nl: 'Er ging iets onverwachts mis. Probeer het opnieuw.',
    en: 'Something unexpected went wrong. Please try again.',
  },

  'nav.label': { nl: 'Hoofdmenu', en: 'Main menu' },
  'nav.dashboard': { nl: 'Overzicht', en: 'Overview' },
  'nav.accessLog': { nl: 'Toegangslog', en: 'Access log' },
  'nav.verify': { nl: 'Log controleren', en: 'Verify the log' },
  'nav.account': { nl: 'Mijn account', en: 'My account' },
  'header.loggedInAs': { nl: 'Ingelogd als', en: 'Logged in as' },
  'header.logout': { nl: 'Uitloggen', en: 'Log out' },
  'header.login': { nl: 'Inloggen', en: 'Log in' },

  'role.provider': { nl: 'Jeugdhulpaanbieder', en: 'Youth-care provider' },
  'role.contract_manager': { nl: 'Contractmanager', en: 'Contract manager' },
  'role.municipality': { nl: 'Gemeente', en: 'Municipality' },
  'role.auditor': { nl: 'Auditor', en: 'Auditor' },
  'role.admin': { nl: 'Functioneel beheerder', en: 'Functional administrator' },

  'login.title': { nl: 'Inloggen', en: 'Log in' },
  'login.intro': {
    nl: 'Log in met uw e-mailadres, uw wachtwoord en de code uit uw authenticator-app.',
    en: 'Log in with your e-mail address, your password and the code from your authenticator app.',
  },
  'login.email': { nl: 'E-mailadres', en: 'E-mail address' },
  'login.password': { nl: 'Wachtwoord', en: 'Password' },
  'login.totp': { nl: 'Code uit de authenticator-app', en: 'Code from the authenticator app' },
  'login.totp.hint': {
    nl: '6 cijfers. De code verandert elke 30 seconden.',
    en: '6 digits. The code changes every 30 seconds.',
  },
  'login.submit': { nl: 'Inloggen', en: 'Log in' },
  'login.busy': { nl: 'Bezig met inloggen…', en: 'Logging in…' },
  'login.errors.title': { nl: 'Inloggen is niet gelukt', en: 'Logging in did not succeed' },
  'login.error.emailRequired': { nl: 'Vul uw e-mailadres in.', en: 'Enter your e-mail address.' },
  'login.error.emailInvalid': {
    nl: 'Vul een e-mailadres in zoals naam@organisatie.nl.',
    en: 'Enter an e-mail address such as name@organisation.nl.',
  },
  'login.error.passwordRequired': { nl: 'Vul uw wachtwoord in.', en: 'Enter your password.' },
  'login.error.totpRequired': {
    nl: 'Vul de code uit uw authenticator-app in.',
    en: 'Enter the code from your authenticator app.',
  },
  'login.error.totpFormat': {
    nl: 'De code bestaat uit precies 6 cijfers.',
    en: 'The code consists of exactly 6 digits.',
  },
  'login.expired': {
    nl: 'U bent automatisch uitgelogd omdat u een tijd niets heeft gedaan. Log opnieuw in; daarna gaat u terug naar de pagina waar u was.',
    en: 'You were logged out automatically because you were inactive for a while. Log in again to return to the page you were on.',
  },
  'login.loggedOut': { nl: 'U bent uitgelogd.', en: 'You have been logged out.' },
  'login.help': {
    nl: 'Geen toegang tot uw authenticator-app of uw wachtwoord vergeten? Neem contact op met de functioneel beheerder van uw regio.',
    en: 'No access to your authenticator app, or forgot your password? Contact the functional administrator of your region.',
  },

  'session.warning.title': { nl: 'Uw sessie verloopt bijna', en: 'Your session is about to expire' },
  'session.warning.text': {
    nl: 'U heeft een tijd niets gedaan in het portaal. Om de gegevens te beschermen, wordt u om {time} automatisch uitgelogd.',
    en: 'You have been inactive in the portal for a while. To protect the data, you will be logged out automatically at {time}.',
  },
  'session.warning.remaining': { nl: 'Nog {remaining}', en: '{remaining} left' },
  'session.warning.stay': { nl: 'Blijf ingelogd', en: 'Stay logged in' },
  'session.warning.logout': { nl: 'Nu uitloggen', en: 'Log out now' },

  'forbidden.title': { nl: 'Geen toegang', en: 'No access' },
  'forbidden.text': {
    nl: 'Deze pagina is niet beschikbaar voor uw rol ({role}). Hoort u hier wel toegang te hebben? Neem dan contact op met de functioneel beheerder van uw regio.',
    en: 'This page is not available for your role ({role}). If you think you should have access, contact the functional administrator of your region.',
  },

  'dashboard.title': { nl: 'Welkom, {name}', en: 'Welcome, {name}' },
  'dashboard.who': {
    nl: 'U bent ingelogd als {role} namens {organisation}, in regio {region}.',
    en: 'You are logged in as {role} on behalf of {organisation}, in region {region}.',
  },
  'dashboard.pages.title': { nl: 'Wat u hier kunt doen', en: 'What you can do here' },
  'dashboard.note.title': { nl: 'Goed om te weten', en: 'Good to know' },
  'dashboard.note.provider': {
    nl: 'Hier kunt u straks per verslagperiode uw resultaten aanleveren, het validatierapport bekijken, uw resultaten vergelijken met anonieme collega-aanbieders en uw duiding geven voor de resultaatdialoog.',
    en: 'Soon you will upload your outcomes per reporting period here, see the validation report, compare your outcomes with anonymous peer providers and add your explanation for the result dialogue.',
  },
  'dashboard.note.contract_manager': {
    nl: 'Hier kunt u straks aanbieders met hetzelfde soort hulp vergelijken en de resultaatdialoog met elke aanbieder voorbereiden en vastleggen.',
    en: 'Soon you will compare providers offering the same kind of care here, and prepare and record the result dialogue with each provider.',
  },
  'dashboard.note.municipality': {
    nl: 'Hier ziet u straks de resultaten van de jeugdhulp voor uw eigen inwoners, naast de cijfers van de hele regio.',
    en: 'Soon you will see the outcomes of youth care for your own residents here, next to the figures for the whole region.',
  },
  'dashboard.note.auditor': {
    nl: 'Als auditor ziet u in dit portaal alleen het toegangslog en de controle daarvan, geen resultaatgegevens.',
    en: 'As an auditor you see only the access log and its verification in this portal, no outcome data.',
  },
  'dashboard.note.admin': {
    nl: 'Hier beheert u straks organisaties, gebruikers, verslagperioden en drempelwaarden. Elke wijziging wordt vastgelegd in het toegangslog.',
    en: 'Soon you will manage organisations, users, reporting periods and thresholds here. Every change is recorded in the access log.',
  },

  'page.dashboard.description': { nl: 'Uw startpagina.', en: 'Your start page.' },
  'page.accessLog.description': {
    nl: 'Zien wie wanneer welke gegevens heeft ingezien of gewijzigd, filteren en exporteren.',
    en: 'See who viewed or changed which data and when; filter and export.',
  },
  'page.verify.description': {
    nl: 'Nagaan of het toegangslog compleet en onveranderd is.',
    en: 'Check that the access log is complete and unaltered.',
  },
  'page.account.description': {
    nl: 'Uw gegevens, uw rol en uw sessie; uitloggen.',
    en: 'Your details, your role and your session; log out.',
  },

  'account.title': { nl: 'Mijn account', en: 'My account' },
  'account.details': { nl: 'Uw gegevens', en: 'Your details' },
  'account.email': { nl: 'E-mailadres', en: 'E-mail address' },
  'account.name': { nl: 'Naam', en: 'Name' },
  'account.role': { nl: 'Rol', en: 'Role' },
  'account.organisation': { nl: 'Organisatie', en: 'Organisation' },
  'account.region': { nl: 'Regio', en: 'Region' },
  'account.session': { nl: 'Sessie', en: 'Session' },
  'account.session.text': {
    nl: 'Uw sessie loopt tot {time}. Zolang u actief bent in het portaal, wordt die vanzelf verlengd. Twee minuten voor het einde krijgt u een waarschuwing.',
    en: 'Your session lasts until {time}. As long as you are active in the portal, it is extended automatically. You get a warning two minutes before it ends.',
  },
  'account.logout': { nl: 'Uitloggen', en: 'Log out' },

  'audit.log.title': { nl: 'Toegangslog', en: 'Access log' },
  'audit.log.intro': {
    nl: 'Elke inzage of wijziging van gegevens, elke export, elke inlogpoging en elke geweigerde toegang in uw regio, met de nieuwste bovenaan. Ook uw eigen bezoek aan deze pagina wordt vastgelegd.',
    en: 'Every view or change of data, every export, every login attempt and every denied access in your region, newest first. Your own visit to this page is recorded too.',
  },
  'audit.filters.title': { nl: 'Filteren', en: 'Filter' },
  'audit.filters.from': { nl: 'Vanaf datum', en: 'From date' },
  'audit.filters.to': { nl: 'Tot en met datum', en: 'Up to and including date' },
  'audit.filters.actor': { nl: 'Actor', en: 'Actor' },
  'audit.filters.actor.hint': {
    nl: 'Gebruikersnummer, client-id of organisatiecode.',
    en: 'User number, client id or organisation code.',
  },
  'audit.filters.action': { nl: 'Actie', en: 'Action' },
  'audit.filters.action.hint': { nl: 'Bijvoorbeeld auth.login.', en: 'For example auth.login.' },
  'audit.filters.objectType': { nl: 'Soort object', en: 'Object type' },
  'audit.filters.objectType.hint': { nl: 'Bijvoorbeeld user of route.', en: 'For example user or route.' },
  'audit.filters.objectId': { nl: 'Object-id', en: 'Object id' },
  'audit.filters.result': { nl: 'Resultaat', en: 'Result' },
  'audit.filters.result.any': { nl: 'Alle resultaten', en: 'All results' },
  'audit.filters.apply': { nl: 'Filter toepassen', en: 'Apply filter' },
  'audit.filters.reset': { nl: 'Filters wissen', en: 'Clear filters' },
  'audit.filters.dateOrder': {
    nl: 'De datum "tot en met" ligt vóór de datum "vanaf".',
    en: 'The "up to and including" date is before the "from" date.',
  },
  'audit.results.title': { nl: 'Regels', en: 'Entries' },
  'audit.table.caption': { nl: 'Regels uit het toegangslog, nieuwste eerst', en: 'Access log entries, newest first' },
  'audit.col.seq': { nl: 'Nr.', en: 'No.' },
  'audit.col.time': { nl: 'Tijdstip (Nederlandse tijd)', en: 'Time (Dutch time)' },
  'audit.col.actor': { nl: 'Actor', en: 'Actor' },
  'audit.col.role': { nl: 'Rol', en: 'Role' },
  'audit.col.action': { nl: 'Actie', en: 'Action' },
  'audit.col.object': { nl: 'Object', en: 'Object' },
  'audit.col.result': { nl: 'Resultaat', en: 'Result' },
  'audit.col.origin': { nl: 'Herkomst', en: 'Origin' },
  'audit.actor.user': { nl: 'Gebruiker {id}', en: 'User {id}' },
  'audit.actor.client': { nl: 'Koppeling {id}', en: 'API client {id}' },
  'audit.actor.anonymous': { nl: 'Niet ingelogd', en: 'Not logged in' },
  'audit.actor.system': { nl: 'Systeem ({id})', en: 'System ({id})' },
  'audit.actor.organisation': { nl: 'organisatie {code}', en: 'organisation {code}' },
  'audit.origin.ip': { nl: 'IP {ip}', en: 'IP {ip}' },
  'audit.origin.client': { nl: 'client {id}', en: 'client {id}' },
  'audit.none': { nl: '—', en: '—' },
  'audit.reason': { nl: 'Reden: {reason}', en: 'Reason: {reason}' },
  'audit.result.allowed': { nl: 'Toegestaan', en: 'Allowed' },
  'audit.result.denied': { nl: 'Geweigerd', en: 'Denied' },
  'audit.result.error': { nl: 'Fout', en: 'Error' },
  'audit.actionType.C': { nl: 'aanmaken', en: 'create' },
  'audit.actionType.R': { nl: 'inzien', en: 'read' },
  'audit.actionType.U': { nl: 'wijzigen', en: 'update' },
  'audit.actionType.D': { nl: 'verwijderen', en: 'delete' },
  'audit.actionType.E': { nl: 'exporteren', en: 'export' },
  'audit.action.auth.login': { nl: 'Inloggen', en: 'Log in' },
  'audit.action.auth.logout': { nl: 'Uitloggen', en: 'Log out' },
  'audit.action.auth.token': { nl: 'Toegangstoken aangevraagd', en: 'Access token requested' },
  'audit.action.audit.read': { nl: 'Toegangslog bekeken', en: 'Access log viewed' },
  'audit.action.audit.export': { nl: 'Toegangslog geëxporteerd', en: 'Access log exported' },
  'audit.action.audit.verify': { nl: 'Toegangslog gecontroleerd', en: 'Access log verified' },
  'audit.action.demo.seed': { nl: 'Demogegevens geladen', en: 'Demo data loaded' },
  'audit.loginReason.totp': { nl: 'verkeerde code', en: 'wrong code' },
  'audit.loginReason.password': { nl: 'verkeerd wachtwoord', en: 'wrong password' },
  'audit.loginReason.unknown_account': { nl: 'onbekend account', en: 'unknown account' },
  'audit.loginReason.disabled': { nl: 'account uitgeschakeld', en: 'account disabled' },
  'audit.loginReason.throttled': { nl: 'te veel pogingen', en: 'too many attempts' },
  'audit.loginReason.ip_throttled': { nl: 'te veel pogingen vanaf dit IP-adres', en: 'too many attempts from this IP address' },
  'audit.loginReason.unauthenticated': { nl: 'niet ingelogd', en: 'not logged in' },
  'audit.loading': { nl: 'Toegangslog laden…', en: 'Loading the access log…' },
  'audit.summary': { nl: '{count} regels getoond, nieuwste eerst.', en: '{count} entries shown, newest first.' },
  'audit.summary.one': { nl: '1 regel getoond.', en: '1 entry shown.' },
  'audit.summary.older': { nl: 'Er zijn nog oudere regels.', en: 'There are older entries.' },
  'audit.empty': {
    nl: 'Er zijn geen regels die aan deze filters voldoen.',
    en: 'There are no entries matching these filters.',
  },
  'audit.paging.label': { nl: 'Bladeren door het toegangslog', en: 'Page through the access log' },
  'audit.paging.newest': { nl: 'Naar de nieuwste regels', en: 'To the newest entries' },
  'audit.paging.older': { nl: 'Oudere regels', en: 'Older entries' },
  'audit.export.button': { nl: 'Downloaden als CSV', en: 'Download as CSV' },
  'audit.export.hint': {
    nl: 'Met de gekozen filters, de nieuwste 1.000 regels. Ook de export wordt vastgelegd.',
    en: 'With the chosen filters, the newest 1,000 entries. The export is recorded too.',
  },
  'audit.export.busy': { nl: 'Export wordt gemaakt…', en: 'Preparing the export…' },
  'audit.export.done': { nl: 'Het bestand {file} is gedownload.', en: 'The file {file} has been downloaded.' },

  'verify.title': { nl: 'Toegangslog controleren', en: 'Verify the access log' },
  'verify.intro': {
    nl: 'Elke regel in het toegangslog bevat een digitale vingerafdruk (hash) van zichzelf en van de regel ervoor. Zo vormen de regels samen een keten. Daarnaast zet het portaal regelmatig een digitale handtekening onder de laatste regel (een controlepunt) en bewaart die buiten de database.',
    en: 'Every entry in the access log holds a digital fingerprint (hash) of itself and of the entry before it, so the entries form a chain. In addition, the portal regularly signs the latest entry digitally (a checkpoint) and keeps that outside the database.',
  },
  'verify.how': {
    nl: 'De controle rekent de hele keten opnieuw na en vergelijkt die met de controlepunten. Zo ziet u of er regels zijn gewijzigd, verwijderd of tussengevoegd. De controle zelf wordt ook vastgelegd.',
    en: 'The check recomputes the whole chain and compares it with the checkpoints. This shows whether entries were changed, removed or inserted. The check itself is recorded too.',
  },
  'verify.start': { nl: 'Controle starten', en: 'Start the check' },
  'verify.again': { nl: 'Opnieuw controleren', en: 'Check again' },
  'verify.busy': { nl: 'Bezig met controleren…', en: 'Checking…' },
  'verify.ok.title': { nl: 'Het toegangslog is compleet en onveranderd', en: 'The access log is complete and unaltered' },
  'verify.ok.text': {
    nl: 'Alle {count} regels, nummer 1 tot en met {seq}, zijn nagerekend. Elke regel past bij zijn vingerafdruk en bij de regel ervoor, en de keten klopt met {checkpoints}.',
    en: 'All {count} entries, number 1 through {seq}, were recomputed. Every entry matches its fingerprint and the entry before it, and the chain agrees with {checkpoints}.',
  },
  'verify.checkpoints.one': { nl: '1 ondertekend controlepunt', en: '1 signed checkpoint' },
  'verify.checkpoints.other': { nl: '{count} ondertekende controlepunten', en: '{count} signed checkpoints' },
  'verify.ok.noCheckpoints': {
    nl: 'Alle {count} regels, nummer 1 tot en met {seq}, zijn nagerekend. Elke regel past bij zijn vingerafdruk en bij de regel ervoor. Er was nog geen ondertekend controlepunt om mee te vergelijken; na deze controle is er wel een gemaakt.',
    en: 'All {count} entries, number 1 through {seq}, were recomputed. Every entry matches its fingerprint and the entry before it. There was no signed checkpoint to compare with yet; this check has created one.',
  },
  'verify.ok.meaning': {
    nl: 'Dit betekent dat niemand regels heeft gewijzigd, verwijderd of tussengevoegd sinds ze zijn geschreven, ook niet rechtstreeks in de database.',
    en: 'This means nobody has changed, removed or inserted entries since they were written, not even directly in the database.',
  },
  'verify.checkedAt': { nl: 'Gecontroleerd op {time}.', en: 'Checked at {time}.' },
  'verify.bad.title': { nl: 'Het toegangslog is niet in orde', en: 'The access log is not intact' },
  'verify.bad.firstBad': { nl: 'De eerste regel die niet klopt, is nummer {seq}.', en: 'The first entry that does not check out is number {seq}.' },
  'verify.bad.checkedThrough': {
    nl: 'Regel 1 tot en met {seq} zijn wel in orde.',
    en: 'Entries 1 through {seq} are intact.',
  },
  'verify.bad.noneChecked': {
    nl: 'Er kon geen enkele regel worden nagerekend.',
    en: 'No entry could be checked.',
  },
  'verify.bad.reason': { nl: 'Wat er mis is', en: 'What is wrong' },
  'verify.bad.meaning.title': { nl: 'Wat dit betekent', en: 'What this means' },
  'verify.bad.meaning': {
    nl: 'Iemand kan het toegangslog of de controlepunten hebben gewijzigd of ingekort, of er is een technische fout opgetreden.',
    en: 'Someone may have changed or truncated the access log or its checkpoints, or a technical fault has occurred.',
  },
  'verify.bad.trustFrom': {
    nl: 'Vanaf regel {seq} kunt u niet meer op het log vertrouwen.',
    en: 'From entry {seq} on, the log can no longer be relied on.',
  },
  'verify.bad.trustNone': {
    nl: 'Zolang dit niet is opgehelderd, kunt u niet op het log vertrouwen.',
    en: 'Until this is cleared up, the log cannot be relied on.',
  },
  'verify.bad.contact.title': { nl: 'Wat u nu doet', en: 'What to do now' },
  'verify.bad.contact': {
    nl: 'Wijzig niets en bewaar deze uitkomst met het tijdstip. Meld het direct bij de informatiebeveiliger (CISO) van het Servicebureau en bij de functionaris gegevensbescherming (FG). Zij beoordelen of het een beveiligingsincident of datalek is; een datalek moet binnen 72 uur worden gemeld bij de Autoriteit Persoonsgegevens.',
    en: 'Change nothing and keep this result with its time. Report it immediately to the information security officer (CISO) of the service bureau and to the data protection officer (DPO). They assess whether it is a security incident or data breach; a data breach must be reported to the Dutch Data Protection Authority within 72 hours.',
  },
  'verify.reason.missing': { nl: 'Regel {seq} ontbreekt.', en: 'Entry {seq} is missing.' },
  'verify.reason.hash': {
    nl: 'Regel {seq} past niet bij zijn vingerafdruk: de regel is gewijzigd nadat hij is geschreven.',
    en: 'Entry {seq} does not match its fingerprint: it was changed after it was written.',
  },
  'verify.reason.checkpoint': {
    nl: 'Regel {seq} wijkt af van het ondertekende controlepunt van {time}.',
    en: 'Entry {seq} differs from the signed checkpoint of {time}.',
  },
  'verify.reason.head': {
    nl: 'Het log eindigt bij regel {seq}, maar volgens de administratie van het log is regel {head} de laatste: er zijn regels verwijderd.',
    en: 'The log ends at entry {seq}, but its own record says entry {head} is the last: entries were removed.',
  },
  'verify.reason.tail': {
    nl: 'Een controlepunt van {time} gaat tot regel {covered}, maar het log eindigt bij regel {seq}: het laatste deel van het log is verwijderd.',
    en: 'A checkpoint of {time} covers entry {covered}, but the log ends at entry {seq}: the last part of the log was removed.',
  },
  'verify.reason.signature': {
    nl: 'Controlepunt {index} heeft geen geldige handtekening: het bestand met controlepunten is gewijzigd of beschadigd.',
    en: 'Checkpoint {index} has no valid signature: the checkpoint file was changed or damaged.',
  },
  'verify.reason.other': { nl: 'Technische melding (Engels): {reason}', en: 'Technical message: {reason}' },
} satisfies Record<string, Record<Language, string>>;

export type MessageKey = keyof typeof messages;
