/**
 * Notification e-mail (issue 17): a nodemailer SMTP transport from SMTP_URL, and the message for
 * one notification. A mail carries no figures and no personal data beyond the recipient's own
 * name: the event's short text in the recipient's language (schemas/notifications.ts, the same
 * words as the inbox) and a link into the portal.
 */
import nodemailer from 'nodemailer';
import {
  notificationText,
  type NotificationEvent,
  type NotificationLanguage,
  type NotificationParams,
} from '../../../schemas/notifications.ts';

/** What the sender needs of a transport: nodemailer's, or any stand-in with the same call. */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    headers?: Record<string, string>;
    messageId?: string;
  }): Promise<unknown>;
  close(): void;
}

export interface Mailer {
  transport: MailTransport;
  from: string;
  /** The portal's address as users reach it; links are made from it. */
  baseUrl: string;
  /** The right-hand side of Message-IDs: the portal's host name. */
  messageIdDomain: string;
}

/** A mailer for the configured SMTP server, or undefined (no SMTP_URL: notifications stay in the inbox). */
export function createMailer(config: {
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string | undefined;
  port: number;
}): Mailer | undefined {
  if (!config.smtpUrl) return undefined;
  // pool: one connection serves many messages; a few in parallel drain a backlog without flooding the server.
  const transport = nodemailer.createTransport({
    url: config.smtpUrl,
    pool: true,
    maxConnections: 4,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  const baseUrl = portalBaseUrl(config);
  return { transport: transport as unknown as MailTransport, from: config.mailFrom, baseUrl, messageIdDomain: new URL(baseUrl).hostname };
}

export function portalBaseUrl(config: { publicUrl: string | undefined; port: number }): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
}

export interface MailInput {
  event: NotificationEvent;
  params: NotificationParams;
  link: string;
  displayName: string;
  language: NotificationLanguage;
}

const greeting = { nl: 'Beste', en: 'Dear' } as const;
const anonymousGreeting = { nl: 'Beste gebruiker', en: 'Dear user' } as const;
const footer = {
  nl: 'Dit bericht is automatisch verstuurd door het Resultaatportaal Jeugdhulp. U kiest zelf welke meldingen u ontvangt onder Account.',
  en: 'This message was sent automatically by the Resultaatportaal Jeugdhulp. You choose which notifications you receive under Account.',
} as const;

/** Subject and plain-text body: greeting with the recipient's own name, the event's text, the link. */
export function composeMail(input: MailInput, baseUrl: string): { subject: string; text: string } {
  const text = notificationText(input.event, input.params, input.language);
  // A display name is free text: one line, no control characters, so it cannot add lines to the mail.
  const name = input.displayName
    .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
    .trim()
    .slice(0, 100);
  const hello = name ? `${greeting[input.language]} ${name},` : `${anonymousGreeting[input.language]},`;
  return {
    subject: text.title,
    text: `${hello}\n\n${text.body}\n\n${baseUrl}${input.link}\n\n-- \n${footer[input.language]}\n`,
  };
}

/** An SMTP error as it may be stored: no credentials, no line breaks, at most 500 characters. */
export function safeMailError(error: unknown): string {
  const message = error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
  return message
    .replace(/[a-z][a-z0-9+.-]*:\/\/[^\s@/]*@/gi, (match) => `${match.slice(0, match.indexOf('//') + 2)}***@`)
    .replace(/(auth|pass(word)?|user)\S*/gi, '$1…')
    .replace(/[\r\n\t]+/g, ' ')
    .slice(0, 500);
}
