import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every e-mail the platform produces is recorded here first. With SMTP configured it is then sent
 * and marked `sent` (or `failed`); without SMTP it stays `outbox`, readable by an admin.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    template: text('template').notNull(),
    status: text('status').notNull(),
    error: text('error'),
    /** One message per key: a reminder retried after a crash is not sent twice. */
    idempotencyKey: text('idempotency_key').unique(),
    /** RFC 5322 Message-ID, derived from the key, so a resend is recognisably the same message. */
    messageId: text('message_id'),
    attachments: jsonb('attachments').$type<{ filename: string; contentType: string; content: string; encoding?: 'base64' }[]>().notNull().default([]),
    clientId: uuid('client_id'),
    appointmentId: uuid('appointment_id'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    check('mail_messages_status_check', sql`${t.status} in ('pending','outbox','sent','failed')`),
    index('mail_messages_created_idx').on(t.createdAt),
    index('mail_messages_client_idx').on(t.clientId),
    index('mail_messages_appointment_idx').on(t.appointmentId),
  ],
);

/** Every SMS, like e-mails: recorded first, then sent by the configured provider (or kept in the outbox). */
export const smsMessages = pgTable(
  'sms_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** E.164 */
    toNumber: text('to_number').notNull(),
    body: text('body').notNull(),
    template: text('template').notNull(),
    status: text('status').notNull(),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    error: text('error'),
    idempotencyKey: text('idempotency_key').unique(),
    clientId: uuid('client_id'),
    appointmentId: uuid('appointment_id'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    check('sms_messages_status_check', sql`${t.status} in ('pending','outbox','sent','failed')`),
    index('sms_messages_client_idx').on(t.clientId),
    index('sms_messages_appointment_idx').on(t.appointmentId),
  ],
);

/** In-app notifications (the bell): mentions, emergencies, assignments, partner checks due. Titles carry no health data. */
export const inboxItems = pgTable(
  'inbox_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    requestId: uuid('request_id'),
    /** Where the item leads in the app when it is not a request (e.g. a practitioner to re-check). */
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [check('inbox_items_kind_check', sql`${t.kind} in ('mention','emergency','assigned','verification','support','result','reimbursement','feedback')`), index('inbox_items_user_idx').on(t.userId, t.createdAt)],
);
