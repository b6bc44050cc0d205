import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients } from '../clients/schema.ts';
import { practitioners } from '../directory/schema.ts';
import { requests } from '../requests/schema.ts';
import { appointments } from '../scheduling/schema.ts';

/**
 * A satisfaction survey sent after a consultation or at a request's closure: a secret link (only
 * its hash kept), CSAT 1–5, NPS 0–10 and a comment (sealed: people write about their health).
 */
export const surveys = pgTable(
  'surveys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    trigger: text('trigger').notNull(),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    requestId: uuid('request_id').references(() => requests.id),
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    tokenHash: text('token_hash').notNull().unique(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    csat: integer('csat'),
    nps: integer('nps'),
    commentSealed: text('comment_sealed'),
  },
  (t) => [
    check('surveys_trigger_check', sql`${t.trigger} in ('appointment','request_closed')`),
    check('surveys_csat_check', sql`${t.csat} is null or ${t.csat} between 1 and 5`),
    check('surveys_nps_check', sql`${t.nps} is null or ${t.nps} between 0 and 10`),
    index('surveys_answered_idx').on(t.answeredAt),
    index('surveys_client_idx').on(t.clientId),
  ],
);
