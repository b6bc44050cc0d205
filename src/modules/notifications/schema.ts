import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    check('mail_messages_status_check', sql`${t.status} in ('pending','outbox','sent','failed')`),
    index('mail_messages_created_idx').on(t.createdAt),
  ],
);

/** In-app notifications (the bell): mentions, emergencies, assignments. Titles carry no health data. */
export const inboxItems = pgTable(
  'inbox_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    requestId: uuid('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [check('inbox_items_kind_check', sql`${t.kind} in ('mention','emergency','assigned')`), index('inbox_items_user_idx').on(t.userId, t.createdAt)],
);
