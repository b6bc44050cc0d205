import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients } from '../clients/schema.ts';
import { practitioners } from '../directory/schema.ts';
import { requests } from '../requests/schema.ts';
import { appointments } from '../scheduling/schema.ts';

/**
 * A consultation or act the client paid, with what the Assurance Maladie and the mutuelle should
 * pay back, as computed at entry by the rules of `rules_version` (reimbursement/rules.ts).
 */
export const careActs = pgTable(
  'care_acts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    requestId: uuid('request_id').references(() => requests.id),
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    actCode: text('act_code').notNull(),
    performedOn: date('performed_on').notNull(),
    feeCents: integer('fee_cents').notNull(),
    baseCents: integer('base_cents').notNull(),
    amoRateBp: integer('amo_rate_bp').notNull(),
    participationCents: integer('participation_cents').notNull().default(0),
    overrunCents: integer('overrun_cents').notNull().default(0),
    amoExpectedCents: integer('amo_expected_cents').notNull(),
    amcExpectedCents: integer('amc_expected_cents').notNull(),
    remainderCents: integer('remainder_cents').notNull(),
    rulesVersion: text('rules_version').notNull(),
    /** How it was computed, in words (for the client and the coordinator). */
    explanation: text('explanation').array().notNull().default(sql`'{}'::text[]`),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('care_acts_client_idx').on(t.clientId, t.performedOn)],
);

/** What one insurer (AMO or mutuelle) owes for one act, and how the chase goes. */
export const claims = pgTable(
  'claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actId: uuid('act_id')
      .notNull()
      .references(() => careActs.id, { onDelete: 'cascade' }),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    insurer: text('insurer').notNull(),
    insurerName: text('insurer_name'),
    status: text('status').notNull().default('to_send'),
    expectedCents: integer('expected_cents').notNull(),
    receivedCents: integer('received_cents').notNull().default(0),
    sentOn: date('sent_on'),
    dueOn: date('due_on'),
    paidOn: date('paid_on'),
    rejectionReason: text('rejection_reason'),
    documentIds: uuid('document_ids').array().notNull().default(sql`'{}'::uuid[]`),
    lastReminderAt: timestamp('last_reminder_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('claims_insurer_check', sql`${t.insurer} in ('amo','amc')`),
    check('claims_status_check', sql`${t.status} in ('to_send','sent','partially_paid','paid','rejected')`),
    index('claims_status_idx').on(t.status, t.dueOn),
    index('claims_client_idx').on(t.clientId),
  ],
);
