import { sql } from 'drizzle-orm';
import { check, date, doublePrecision, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { clients } from '../clients/schema.ts';
import { practitioners } from '../directory/schema.ts';
import { requests } from '../requests/schema.ts';
import { appointments } from '../scheduling/schema.ts';

/**
 * A document of the client's medical file. Each version is a row: a corrected report points to
 * the version it replaces (`previous_id`), which is kept and marked `superseded_at`. The file is
 * in the blob store, encrypted with its own data key (AES-256-GCM); the data key is stored here
 * wrapped by the master key's key-encryption key (`key_id` names which one, for rotation).
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    type: text('type').notNull(),
    title: text('title').notNull(),
    documentDate: date('document_date'),
    /** Who wrote it, as written on it ("Dr Claire KLEIN", "Laboratoire Bio-Est"). */
    author: text('author'),
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    requestId: uuid('request_id').references(() => requests.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    /** SHA-256 of the plaintext: integrity check after decryption. */
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    wrappedKey: text('wrapped_key').notNull(),
    keyId: text('key_id').notNull(),
    version: integer('version').notNull().default(1),
    previousId: uuid('previous_id'),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    /** Lower-case, unaccented title + author + type words, for trigram search. */
    searchText: text('search_text').notNull().default(''),
    uploadedById: uuid('uploaded_by_id'),
    /** 'staff', 'client' (portal), 'practitioner', 'teleconsultation', 'import'. */
    source: text('source').notNull().default('staff'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
  },
  (t) => [
    check('documents_type_check', sql`${t.type} in ('report','result','prescription','imaging','care_sheet','administrative')`),
    index('documents_client_idx').on(t.clientId, t.createdAt),
    index('documents_search_trgm_idx').using('gin', t.searchText.op('gin_trgm_ops')),
  ],
);

/**
 * A measurement: lab result, vital sign, device reading, with its unit and reference range.
 * `code` is ours (glucose, hba1c, weight…), with its LOINC code when known.
 */
export const observations = pgTable(
  'observations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    code: text('code').notNull(),
    loinc: text('loinc'),
    label: text('label').notNull(),
    value: doublePrecision('value').notNull(),
    unit: text('unit').notNull(),
    referenceLow: doublePrecision('reference_low'),
    referenceHigh: doublePrecision('reference_high'),
    observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
    /** 'staff', 'lab', 'device'. */
    source: text('source').notNull(),
    documentId: uuid('document_id').references(() => documents.id),
    enteredById: uuid('entered_by_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('observations_source_check', sql`${t.source} in ('staff','lab','device')`), index('observations_client_idx').on(t.clientId, t.code, t.observedAt)],
);

/** An observation outside its reference range: the client's coordinator must acknowledge it. */
export const resultAlerts = pgTable(
  'result_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    observationId: uuid('observation_id')
      .notNull()
      .references(() => observations.id),
    /** 'low' or 'high'. */
    direction: text('direction').notNull(),
    assigneeId: uuid('assignee_id'),
    status: text('status').notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedById: uuid('acknowledged_by_id'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    note: text('note'),
  },
  (t) => [
    check('result_alerts_status_check', sql`${t.status} in ('open','acknowledged')`),
    check('result_alerts_direction_check', sql`${t.direction} in ('low','high')`),
    index('result_alerts_status_idx').on(t.status, t.createdAt),
  ],
);

/**
 * The client's consent to share their file: with a named practitioner or the concierge team, for
 * some document types (null: all), a purpose and a period. Revocation takes effect at once.
 * `channel` says how the client expressed it; `recorded_by_id` who recorded it (the client
 * themself in the portal, or staff on their explicit instruction).
 */
export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    granteeType: text('grantee_type').notNull(),
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    documentTypes: text('document_types').array(),
    purpose: text('purpose').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull().defaultNow(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    channel: text('channel').notNull(),
    recordedById: uuid('recorded_by_id'),
    instruction: text('instruction'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedById: uuid('revoked_by_id'),
  },
  (t) => [
    check('consents_grantee_check', sql`(${t.granteeType} = 'practitioner' and ${t.practitionerId} is not null) or (${t.granteeType} = 'team' and ${t.practitionerId} is null)`),
    check('consents_channel_check', sql`${t.channel} in ('portal','phone','email','in_person','paper')`),
    index('consents_client_idx').on(t.clientId),
    index('consents_practitioner_idx').on(t.practitionerId),
  ],
);
