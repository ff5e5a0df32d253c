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
