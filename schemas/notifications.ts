/**
 * The notifications of the reporting cycle (issue 17): what can happen, to whom it is told, and
 * the short bilingual text of each. A notification carries no figures and no personal data beyond
 * the recipient's own name: only a period code, a dialogue number or a date, and a link.
 */
export const notificationEvents = [
  'deadline_approaching', // to the provider: a period's deadline is near and it has not delivered
  'deadline_passed', // to the provider: the deadline passed without a delivery
  'delivery_received', // to the provider: its upload was stored (and how many records)
  'dialogue_prepared', // to the provider: a dialogue was prepared; its duiding is asked
  'explanation_given', // to the contract managers: the provider gave its duiding
  'action_due_soon', // to the action's owner: an agreed action is due within a week
  'action_overdue', // to the action's owner: an agreed action passed its due date
  'figures_final', // to providers, contract managers and municipalities: a period's figures are final
  'lock_exception_granted', // to the provider: it may change a period whose figures are final, until a date
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

/** What a notification's text may use: codes and dates, never figures or names of others. */
export interface NotificationParams {
  period?: string;
  dialogueId?: string;
  date?: string;
  /** Only for delivery_received: the provider's own number of records stored. */
  records?: number;
}

export const notificationLanguages = ['nl', 'en'] as const;
export type NotificationLanguage = (typeof notificationLanguages)[number];

/** A date as the reader writes it: 21-01-2026 in Dutch, 2026-01-21 in English (ISO, unambiguous). */
function dateIn(language: NotificationLanguage, date: string | undefined): string {
  if (!date) return '';
  if (language === 'en') return date;
  const [y, m, d] = date.split('-');
  return `${d}-${m}-${y}`;
}

export interface NotificationText {
  /** One line: the inbox heading and the mail's subject. */
  title: string;
  /** One or two sentences: what happened and what to do. */
  body: string;
}

type TextMaker = (p: NotificationParams, language: NotificationLanguage) => NotificationText;

/**
 * The words of each event in both languages, in one place: the e-mail and the web inbox say the same.
 * Only codes, dates and (for delivery_received) the provider's own record count are used.
 */
const texts: Record<NotificationEvent, Record<NotificationLanguage, TextMaker>> = {
  deadline_approaching: {
    nl: (p) => ({
      title: `Aanlevering ${p.period} verwacht vóór ${dateIn('nl', p.date)}`,
      body: `De uiterste aanleverdatum voor periode ${p.period} is ${dateIn('nl', p.date)}. Wij hebben nog niet alles van u ontvangen. Lever uw gegevens aan via het portaal.`,
    }),
    en: (p) => ({
      title: `Delivery for ${p.period} expected by ${dateIn('en', p.date)}`,
      body: `The deadline for period ${p.period} is ${dateIn('en', p.date)}. We have not yet received everything from you. Please deliver your data through the portal.`,
    }),
  },
  deadline_passed: {
    nl: (p) => ({
      title: `Aanleverdatum ${p.period} verstreken`,
      body: `De uiterste aanleverdatum voor periode ${p.period} (${dateIn('nl', p.date)}) is verstreken zonder volledige aanlevering. Lever zo snel mogelijk aan; een late aanlevering wordt als te laat gemarkeerd.`,
    }),
    en: (p) => ({
      title: `Deadline for ${p.period} passed`,
      body: `The deadline for period ${p.period} (${dateIn('en', p.date)}) passed without a complete delivery. Please deliver as soon as possible; a late delivery is marked as late.`,
    }),
  },
  delivery_received: {
    nl: (p) => ({
      title: `Aanlevering ${p.period} ontvangen`,
      body: `Uw aanlevering voor periode ${p.period} is opgeslagen (${p.records ?? 0} trajecten). U kunt de uitkomst bekijken in het portaal.`,
    }),
    en: (p) => ({
      title: `Delivery for ${p.period} received`,
      body: `Your delivery for period ${p.period} was stored (${p.records ?? 0} records). You can see the outcome in the portal.`,
    }),
  },
  dialogue_prepared: {
    nl: (p) => ({
      title: `Resultaatdialoog ${p.period} voorbereid`,
      body: `Er is een resultaatdialoog over periode ${p.period} voorbereid. Wij vragen u uw duiding te geven vóór het gesprek.`,
    }),
    en: (p) => ({
      title: `Result dialogue for ${p.period} prepared`,
      body: `A result dialogue about period ${p.period} was prepared. Please give your explanation before the meeting.`,
    }),
  },
  explanation_given: {
    nl: (p) => ({
      title: `Duiding gegeven bij dialoog ${p.dialogueId}`,
      body: `De aanbieder heeft zijn duiding gegeven bij de resultaatdialoog over periode ${p.period}. U kunt deze lezen in het portaal.`,
    }),
    en: (p) => ({
      title: `Explanation given for dialogue ${p.dialogueId}`,
      body: `The provider gave its explanation for the result dialogue about period ${p.period}. You can read it in the portal.`,
    }),
  },
  action_due_soon: {
    nl: (p) => ({
      title: `Verbeteractie verloopt op ${dateIn('nl', p.date)}`,
      body: `Een afgesproken verbeteractie (dialoog ${p.dialogueId}) moet uiterlijk ${dateIn('nl', p.date)} klaar zijn. Leg de voortgang vast in het portaal.`,
    }),
    en: (p) => ({
      title: `Improvement action due on ${dateIn('en', p.date)}`,
      body: `An agreed improvement action (dialogue ${p.dialogueId}) is due on ${dateIn('en', p.date)}. Record its progress in the portal.`,
    }),
  },
  action_overdue: {
    nl: (p) => ({
      title: `Verbeteractie over de datum`,
      body: `Een afgesproken verbeteractie (dialoog ${p.dialogueId}) had op ${dateIn('nl', p.date)} klaar moeten zijn en staat nog open.`,
    }),
    en: (p) => ({
      title: `Improvement action overdue`,
      body: `An agreed improvement action (dialogue ${p.dialogueId}) was due on ${dateIn('en', p.date)} and is still open.`,
    }),
  },
  figures_final: {
    nl: (p) => ({
      title: `Cijfers ${p.period} zijn definitief`,
      body: `De controleperiode voor ${p.period} is voorbij: de cijfers zijn nu definitief. Wijzigen kan alleen nog met een uitzondering van de beheerder.`,
    }),
    en: (p) => ({
      title: `Figures for ${p.period} are final`,
      body: `The review window for ${p.period} has ended: the figures are now final. Changes now need an exception from the administrator.`,
    }),
  },
  lock_exception_granted: {
    nl: (p) => ({
      title: `U mag ${p.period} nog wijzigen`,
      body: `De beheerder heeft u toegestaan de gegevens van periode ${p.period} te wijzigen tot en met ${dateIn('nl', p.date)}.`,
    }),
    en: (p) => ({
      title: `You may still change ${p.period}`,
      body: `The administrator allowed you to change your data for period ${p.period} until ${dateIn('en', p.date)}.`,
    }),
  },
};

export function notificationText(event: NotificationEvent, params: NotificationParams, language: NotificationLanguage): NotificationText {
  return texts[event][language](params, language);
}

/** The event's name in a preferences list. */
export const notificationEventLabels: Record<NotificationEvent, Record<NotificationLanguage, string>> = {
  deadline_approaching: { nl: 'Aanleverdatum nadert', en: 'Deadline approaching' },
  deadline_passed: { nl: 'Aanleverdatum verstreken', en: 'Deadline passed' },
  delivery_received: { nl: 'Aanlevering ontvangen', en: 'Delivery received' },
  dialogue_prepared: { nl: 'Resultaatdialoog voorbereid', en: 'Result dialogue prepared' },
  explanation_given: { nl: 'Duiding gegeven', en: 'Explanation given' },
  action_due_soon: { nl: 'Verbeteractie verloopt binnenkort', en: 'Improvement action due soon' },
  action_overdue: { nl: 'Verbeteractie over de datum', en: 'Improvement action overdue' },
  figures_final: { nl: 'Cijfers definitief', en: 'Figures final' },
  lock_exception_granted: { nl: 'Uitzondering op de vergrendeling', en: 'Lock exception granted' },
};
