import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The record of an erasure (RGPD art. 17): whose, when, by whom, what was erased or anonymised
 * and what was kept because the law requires it. It names the client by number only.
 */
export const erasures = pgTable('erasures', {
  id: uuid('id').primaryKey().defaultRandom(),
  clientId: uuid('client_id').notNull(),
  clientNumber: text('client_number').notNull(),
  reason: text('reason').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  performedAt: timestamp('performed_at', { withTimezone: true }).notNull().defaultNow(),
  performedById: uuid('performed_by_id'),
  /** Counts per table erased / anonymised / kept, never values. */
  summary: jsonb('summary').$type<Record<string, { erased?: number; anonymised?: number; kept?: number }>>().notNull(),
});

/** Retention periods, in days, per kind of data (an admin setting; absent: the defaults). */
export const retentionSettings = pgTable('retention_settings', {
  kind: text('kind').primaryKey(),
  days: integer('days').notNull(),
  updatedById: uuid('updated_by_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
