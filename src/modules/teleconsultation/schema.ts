import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients } from '../clients/schema.ts';
import { documents } from '../records/schema.ts';
import { appointments } from '../scheduling/schema.ts';

/**
 * One person's way into one teleconsultation. The link itself is a signed token naming this row;
 * revoking the row closes the door even to a token that has not expired.
 */
export const teleconsultationLinks = pgTable(
  'teleconsultation_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    role: text('role').notNull(),
    /** A guest's name (interpreter, relative); practitioners and clients are named from their records. */
    name: text('name'),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (t) => [check('teleconsultation_links_role_check', sql`${t.role} in ('practitioner','client','guest')`), index('teleconsultation_links_appointment_idx').on(t.appointmentId)],
);

/** The call of an appointment: its status and when it started and ended. */
export const teleconsultationCalls = pgTable(
  'teleconsultation_calls',
  {
    appointmentId: uuid('appointment_id')
      .primaryKey()
      .references(() => appointments.id),
    status: text('status').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('teleconsultation_calls_status_check', sql`${t.status} in ('waiting','in_progress','ended','no_show')`)],
);

/** Who was in the room, from when to when (one row per connection). */
export const teleconsultationPresence = pgTable(
  'teleconsultation_presence',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    linkId: uuid('link_id')
      .notNull()
      .references(() => teleconsultationLinks.id),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp('left_at', { withTimezone: true }),
  },
  (t) => [index('teleconsultation_presence_appointment_idx').on(t.appointmentId)],
);

/** The call's chat, sealed (it is health data). */
export const teleconsultationMessages = pgTable(
  'teleconsultation_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    linkId: uuid('link_id')
      .notNull()
      .references(() => teleconsultationLinks.id),
    bodySealed: text('body_sealed').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('teleconsultation_messages_appointment_idx').on(t.appointmentId, t.createdAt)],
);

/**
 * Who shared which document during the call (and the practitioner's report and prescription).
 * The file itself is in the client's medical file (`document_id`); early rows sealed it here.
 */
export const teleconsultationDocuments = pgTable(
  'teleconsultation_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    linkId: uuid('link_id').references(() => teleconsultationLinks.id),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** The file, in the client's medical file (records), encrypted there. */
    documentId: uuid('document_id').references(() => documents.id),
    /** Before the medical file existed: the file sealed here. */
    contentSealed: text('content_sealed'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('teleconsultation_documents_kind_check', sql`${t.kind} in ('shared','report','prescription')`), index('teleconsultation_documents_appointment_idx').on(t.appointmentId)],
);
