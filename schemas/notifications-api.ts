/** The notifications inbox and preferences as the API takes and returns them (issue 17). */
import { z } from '@hono/zod-openapi';
import { notificationEvents, notificationLanguages } from './notifications.ts';

const LocalizedLine = z.object({ nl: z.string(), en: z.string() });

export const NotificationSchema = z
  .object({
    id: z.string().openapi({ example: '12' }),
    event: z.enum(notificationEvents),
    title: LocalizedLine.openapi({ description: 'One line, in Dutch and English' }),
    body: LocalizedLine.openapi({ description: 'What happened and what to do, in Dutch and English' }),
    link: z.string().openapi({ description: 'Where in the portal to act on it', example: '/provider/upload' }),
    createdAt: z.string().openapi({ format: 'date-time' }),
    read: z.boolean(),
    mailStatus: z.enum(['pending', 'sent', 'not_sent']).openapi({ description: 'Whether the e-mail went out (not_sent: inbox only)' }),
  })
  .openapi('Notification');

export const NotificationListSchema = z
  .object({
    items: z.array(NotificationSchema),
    unreadCount: z.number().int().min(0),
  })
  .openapi('NotificationList');

export const NotificationListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).optional().openapi({ description: 'How many, newest first (default 50)' }),
});

export const ReadAllResultSchema = z
  .object({ marked: z.number().int().min(0), unreadCount: z.number().int().min(0) })
  .openapi('ReadAllResult');

export const NotificationPreferenceSchema = z
  .object({
    event: z.enum(notificationEvents),
    inbox: z.boolean().openapi({ description: 'Shown in the inbox' }),
    email: z.boolean().openapi({ description: 'Also sent by e-mail (needs inbox)' }),
  })
  .openapi('NotificationPreference');

export const NotificationPreferencesSchema = z
  .object({
    language: z.enum(notificationLanguages).openapi({ description: 'The language the portal and its e-mails use for you' }),
    events: z.array(NotificationPreferenceSchema),
  })
  .openapi('NotificationPreferences');

export const UpdateNotificationPreferencesSchema = z
  .object({
    language: z.enum(notificationLanguages).optional(),
    events: z.array(NotificationPreferenceSchema).max(notificationEvents.length).optional(),
  })
  .openapi('UpdateNotificationPreferences');
