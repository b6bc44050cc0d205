import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { clients } from '../clients/schema.ts';
import { practicePlaces, practitioners, providers } from '../directory/schema.ts';
import { requests } from '../requests/schema.ts';

const tstzrange = customType<{ data: string }>({ dataType: () => 'tstzrange' });

/** Consultation types of a practitioner, with their duration (first visit, follow-up, teleconsultation, exam). */
export const consultationTypes = pgTable(
  'consultation_types',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    code: text('code').notNull(),
    label: text('label').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    mode: text('mode').notNull().default('in_person'),
    active: boolean('active').notNull().default(true),
  },
  (t) => [
    unique('consultation_types_key').on(t.practitionerId, t.code),
    check('consultation_types_mode_check', sql`${t.mode} in ('in_person','teleconsultation')`),
    check('consultation_types_duration_check', sql`${t.durationMinutes} between 5 and 480`),
  ],
);

/**
 * Weekly opening hours, in the wall-clock time of `time_zone` (so 9:00 stays 9:00 across DST).
 * Availability is computed from these rules, exceptions and appointments — never stored as slots.
 */
export const weeklyHours = pgTable(
  'weekly_hours',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    /** Null: teleconsultation hours, not tied to a place. */
    placeId: uuid('place_id').references(() => practicePlaces.id),
    /** ISO weekday, 1 = Monday … 7 = Sunday. */
    weekday: integer('weekday').notNull(),
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    modes: text('modes').array().notNull().default(sql`'{in_person}'::text[]`),
    validFrom: date('valid_from'),
    validUntil: date('valid_until'),
    timeZone: text('time_zone').notNull().default('Europe/Paris'),
  },
  (t) => [
    check('weekly_hours_weekday_check', sql`${t.weekday} between 1 and 7`),
    check('weekly_hours_time_check', sql`${t.startTime} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ${t.endTime} ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$' and ${t.startTime} < ${t.endTime}`),
    index('weekly_hours_practitioner_idx').on(t.practitionerId),
  ],
);

/** Closures (holidays, training) and extra openings, as absolute instants. */
export const scheduleExceptions = pgTable(
  'schedule_exceptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    placeId: uuid('place_id').references(() => practicePlaces.id),
    kind: text('kind').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason'),
  },
  (t) => [
    check('schedule_exceptions_kind_check', sql`${t.kind} in ('closed','open')`),
    check('schedule_exceptions_range_check', sql`${t.startsAt} < ${t.endsAt}`),
    index('schedule_exceptions_practitioner_idx').on(t.practitionerId, t.startsAt),
  ],
);

/** How a practitioner books: notice, buffers, cancellation rules. One row per practitioner (defaults otherwise). */
export const bookingRules = pgTable('booking_rules', {
  practitionerId: uuid('practitioner_id')
    .primaryKey()
    .references(() => practitioners.id),
  minNoticeMinutes: integer('min_notice_minutes').notNull().default(120),
  bufferMinutes: integer('buffer_minutes').notNull().default(0),
  slotStepMinutes: integer('slot_step_minutes').notNull().default(15),
  /** A client may cancel or move through their link until this many hours before. */
  cancellationNoticeHours: integer('cancellation_notice_hours').notNull().default(24),
  /** Reminder offsets, e.g. [{channel:'email', minutesBefore: 1440}]; null = platform defaults. */
  reminders: jsonb('reminders').$type<{ channel: 'email' | 'sms'; minutesBefore: number }[]>(),
});

/**
 * Proposals: several slots offered to a client, held until expires_at, answered through a secure link.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id').references(() => requests.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    tokenHash: text('token_hash').notNull().unique(),
    status: text('status').notNull().default('open'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdById: uuid('created_by_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [check('proposals_status_check', sql`${t.status} in ('open','accepted','expired','cancelled')`)],
);

/**
 * Appointments, including slots held by an open proposal. The database itself refuses two live
 * appointments of one practitioner that overlap (exclusion constraint, migration 0008).
 */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: bigserial('number', { mode: 'number' }).notNull().unique(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    placeId: uuid('place_id').references(() => practicePlaces.id),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    requestId: uuid('request_id').references(() => requests.id),
    proposalId: uuid('proposal_id').references(() => proposals.id),
    typeCode: text('type_code').notNull(),
    mode: text('mode').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    during: tstzrange('during')
      .notNull()
      .generatedAlwaysAs(sql`tstzrange(starts_at, ends_at, '[)')`),
    /** held (by a proposal) → booked → completed / no_show; or cancelled / released. */
    status: text('status').notNull(),
    holdExpiresAt: timestamp('hold_expires_at', { withTimezone: true }),
    /** platform: booked in Parcours' agenda; phone: obtained from the practitioner's secretariat. */
    source: text('source').notNull().default('platform'),
    externalNote: text('external_note'),
    bookedById: uuid('booked_by_id'),
    cancelReason: text('cancel_reason'),
    cancelledById: uuid('cancelled_by_id'),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    rescheduledFromId: uuid('rescheduled_from_id'),
    /** The client's own link to see, move or cancel (hash of the token). */
    clientTokenHash: text('client_token_hash').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('appointments_status_check', sql`${t.status} in ('held','booked','completed','no_show','cancelled','released')`),
    check('appointments_mode_check', sql`${t.mode} in ('in_person','teleconsultation')`),
    check('appointments_source_check', sql`${t.source} in ('platform','phone')`),
    check('appointments_range_check', sql`${t.startsAt} < ${t.endsAt}`),
    check('appointments_length_check', sql`${t.endsAt} <= ${t.startsAt} + interval '480 minutes'`),
    index('appointments_client_idx').on(t.clientId, t.startsAt),
    index('appointments_practitioner_idx').on(t.practitionerId, t.startsAt),
    index('appointments_request_idx').on(t.requestId),
    // releaseExpiredHolds runs before every insert: without it, it reads every live appointment of the practitioner.
    index('appointments_held_idx')
      .on(t.practitionerId, t.holdExpiresAt)
      .where(sql`${t.status} = 'held'`),
  ],
);

/** Secret calendar feed URLs (ICS), one per owner; regenerating replaces the hash. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerType: text('owner_type').notNull(),
    ownerId: uuid('owner_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('calendar_feeds_owner_key').on(t.ownerType, t.ownerId), check('calendar_feeds_owner_check', sql`${t.ownerType} in ('practitioner','client','user')`)],
);

/** A client waiting for an earlier slot with a practitioner; offered one when it frees up. */
export const waitlistEntries = pgTable(
  'waitlist_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    requestId: uuid('request_id').references(() => requests.id),
    earliest: timestamp('earliest', { withTimezone: true }),
    latest: timestamp('latest', { withTimezone: true }),
    status: text('status').notNull().default('waiting'),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    offeredAt: timestamp('offered_at', { withTimezone: true }),
  },
  (t) => [check('waitlist_entries_status_check', sql`${t.status} in ('waiting','offered','done','cancelled')`), index('waitlist_entries_practitioner_idx').on(t.practitionerId, t.status)],
);

/** Transport and lodging around an appointment, followed by the coordinator. */
export const logistics = pgTable(
  'logistics',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    kind: text('kind').notNull(),
    providerId: uuid('provider_id').references(() => providers.id),
    details: text('details'),
    startsAt: timestamp('starts_at', { withTimezone: true }),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    costCents: integer('cost_cents'),
    status: text('status').notNull().default('requested'),
    createdById: uuid('created_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('logistics_kind_check', sql`${t.kind} in ('taxi','vsl','ambulance','train','lodging','other')`),
    check('logistics_status_check', sql`${t.status} in ('requested','confirmed','done','cancelled')`),
    index('logistics_appointment_idx').on(t.appointmentId),
  ],
);

/**
 * The team's default reminder schedule per appointment mode (one row per mode); absent means the
 * defaults of reminders.ts. A practitioner's own list (`booking_rules.reminders`) wins over it.
 */
export const reminderPolicies = pgTable(
  'reminder_policies',
  {
    mode: text('mode').primaryKey(),
    rules: jsonb('rules').$type<{ channel: 'email' | 'sms'; minutesBefore: number }[]>().notNull(),
    updatedById: uuid('updated_by_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('reminder_policies_mode_check', sql`${t.mode} in ('in_person','teleconsultation')`)],
);
