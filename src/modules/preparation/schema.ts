import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { appointments } from '../scheduling/schema.ts';

/**
 * What a client should know before an appointment of one kind (a consultation type code such as
 * `first_visit`, `teleconsultation`, `blood_test`): documents to bring and preparation
 * instructions, edited by the team. `type_code = 'default'` applies when no other matches.
 */
export const preparationTemplates = pgTable(
  'preparation_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    typeCode: text('type_code').notNull().unique(),
    label: text('label').notNull(),
    /** Documents to bring, one line each, in French and in English. */
    bringFr: jsonb('bring_fr').$type<string[]>().notNull().default([]),
    bringEn: jsonb('bring_en').$type<string[]>().notNull().default([]),
    instructionsFr: text('instructions_fr').notNull().default(''),
    instructionsEn: text('instructions_en').notNull().default(''),
    active: boolean('active').notNull().default(true),
    updatedById: uuid('updated_by_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('preparation_templates_code_check', sql`${t.typeCode} ~ '^[a-z_]{2,30}$'`)],
);

/**
 * The pre-appointment pack sent to the practitioner: a secret, expiring link (only its hash is
 * kept) to what the client agreed to share for this appointment.
 */
export const appointmentPacks = pgTable(
  'appointment_packs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdById: uuid('created_by_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedById: uuid('revoked_by_id'),
    openCount: integer('open_count').notNull().default(0),
    lastOpenedAt: timestamp('last_opened_at', { withTimezone: true }),
  },
  (t) => [index('appointment_packs_appointment_idx').on(t.appointmentId)],
);

/**
 * One shared item of a pack, with who recorded the client's choice and how the client gave it.
 * The content is a sealed snapshot (vault) of what was shared at that moment; `document_id` will
 * point into the medical file once it exists.
 */
export const packItems = pgTable(
  'pack_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    packId: uuid('pack_id')
      .notNull()
      .references(() => appointmentPacks.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    contentSealed: text('content_sealed').notNull(),
    documentId: uuid('document_id'),
    consentChannel: text('consent_channel').notNull(),
    sharedById: uuid('shared_by_id').notNull(),
    sharedAt: timestamp('shared_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('pack_items_kind_check', sql`${t.kind} in ('allergies','treatments','history','note','document')`),
    check('pack_items_channel_check', sql`${t.consentChannel} in ('portal','phone','email','in_person')`),
    index('pack_items_pack_idx').on(t.packId),
  ],
);
