import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { practicePlaces, practitioners } from '../directory/schema.ts';
import { requests } from '../requests/schema.ts';
import type { Criterion, Weights } from './domain.ts';

/** The ranking weights an admin set (one row); absent means the defaults of domain.ts. */
export const matchingSettings = pgTable('matching_settings', {
  id: text('id').primaryKey().default('default'),
  weights: jsonb('weights').$type<Weights>().notNull(),
  updatedById: uuid('updated_by_id'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * The practitioners an advisor put forward for a request, with the score and reasons as they were
 * shown then, and the client's choice.
 */
export const shortlistItems = pgTable(
  'shortlist_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    placeId: uuid('place_id').references(() => practicePlaces.id),
    score: integer('score'),
    criteria: jsonb('criteria').$type<Criterion[]>().notNull().default([]),
    status: text('status').notNull().default('proposed'),
    note: text('note'),
    addedById: uuid('added_by_id').notNull(),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    decidedById: uuid('decided_by_id'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    unique('shortlist_items_key').on(t.requestId, t.practitionerId),
    check('shortlist_items_status_check', sql`${t.status} in ('proposed','chosen','declined')`),
  ],
);
