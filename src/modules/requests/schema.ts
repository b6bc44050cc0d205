import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients } from '../clients/schema.ts';
import { users } from '../identity/schema.ts';

export type TriageDecision = { urgency: string; specialty: string; overridden: boolean; reason: string | null; byId: string; at: string };
export type Emergency = {
  activatedAt: string;
  activatedById: string | null;
  source: 'triage' | 'staff';
  steps: { code: string; at: string; byId: string }[];
  resolvedAt: string | null;
};

export const requests = pgTable(
  'requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Shown as DM-000042. */
    number: integer('number').notNull().unique().generatedAlwaysAsIdentity(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    channel: text('channel').notNull(),
    kind: text('kind').notNull(),
    /** The person's own words: health data, sealed. */
    textSealed: text('text_sealed').notNull(),
    requester: text('requester'),
    preferredDates: text('preferred_dates'),
    constraints: text('constraints'),
    status: text('status').notNull().default('new'),
    urgency: text('urgency').notNull(),
    specialty: text('specialty'),
    /** The triage proposal (quotes the text): sealed. */
    triageSealed: text('triage_sealed').notNull(),
    triageDecision: jsonb('triage_decision').$type<TriageDecision>(),
    assigneeId: uuid('assignee_id').references(() => users.id),
    emergency: jsonb('emergency').$type<Emergency>(),
    cancelReason: text('cancel_reason'),
    firstResponseDueAt: timestamp('first_response_due_at', { withTimezone: true }),
    firstRespondedAt: timestamp('first_responded_at', { withTimezone: true }),
    /** Start of the earliest booked, completed or missed appointment: kept by a database trigger on appointments (migration 0019), read by the KPIs. */
    firstAppointmentAt: timestamp('first_appointment_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('requests_status_check', sql`${t.status} in ('new','qualified','searching','proposed','booked','follow_up','closed','cancelled')`),
    check('requests_urgency_check', sql`${t.urgency} in ('emergency','urgent','soon','routine')`),
    check('requests_channel_check', sql`${t.channel} in ('portal','public_form','phone','email')`),
    check('requests_kind_check', sql`${t.kind} in ('specialist','teleconsultation','exam','admin_help','information')`),
    index('requests_status_idx').on(t.status, t.createdAt),
    index('requests_client_idx').on(t.clientId),
    // By assignee: requests_assignee_ids_idx (assignee_id) INCLUDE (id), migration 0024 (INCLUDE is SQL only).
  ],
);

/** The request's history: every change, time-stamped, never rewritten. */
export const requestEvents = pgTable(
  'request_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    type: text('type').notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('request_events_request_idx').on(t.requestId, t.id)],
);

export const requestNotes = pgTable(
  'request_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    bodySealed: text('body_sealed').notNull(),
    mentions: uuid('mentions').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('request_notes_request_idx').on(t.requestId, t.createdAt)],
);

export const requestTasks = pgTable(
  'request_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    title: text('title').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }),
    ownerId: uuid('owner_id').references(() => users.id),
    doneAt: timestamp('done_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('request_tasks_request_idx').on(t.requestId), index('request_tasks_owner_idx').on(t.ownerId, t.doneAt)],
);
