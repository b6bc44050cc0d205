import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/**
 * Practitioners of the directory. Identity and places come from the national extract (re-imported
 * idempotently); what the team adds (network status, notes, languages, fees…) is never overwritten.
 */
export const practitioners = pgTable(
  'practitioners',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    rpps: text('rpps').unique(),
    civility: text('civility'),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
    professionCode: text('profession_code').notNull(),
    profession: text('profession').notNull(),
    specialties: text('specialties').array().notNull().default(sql`'{}'::text[]`),
    languages: text('languages').array().notNull().default(sql`'{fr}'::text[]`),
    sex: text('sex'),
    sector: text('sector'),
    teleconsultation: boolean('teleconsultation').notNull().default(false),
    acceptsNewPatients: boolean('accepts_new_patients'),
    networkStatus: text('network_status').notNull().default('none'),
    teamNotes: text('team_notes'),
    source: text('source').notNull().default('rpps'),
    active: boolean('active').notNull().default(true),
    /** The import run that last saw this person: who is missing from a newer extract becomes inactive. */
    lastSeenImport: uuid('last_seen_import'),
    searchName: text('search_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('practitioners_network_check', sql`${t.networkStatus} in ('none','partner')`),
    check('practitioners_sector_check', sql`${t.sector} is null or ${t.sector} in ('1','2','optam','non_conventionne')`),
    index('practitioners_search_trgm_idx').using('gin', t.searchName.op('gin_trgm_ops')),
    index('practitioners_specialties_idx').using('gin', t.specialties),
  ],
);

export const practicePlaces = pgTable(
  'practice_places',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    /** "Identifiant technique de la structure" of the extract, or a team-made key. */
    structureKey: text('structure_key').notNull(),
    name: text('name'),
    finess: text('finess'),
    siret: text('siret'),
    street: text('street'),
    postalCode: text('postal_code'),
    communeCode: text('commune_code'),
    city: text('city'),
    phone: text('phone'),
    email: text('email'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    active: boolean('active').notNull().default(true),
    lastSeenImport: uuid('last_seen_import'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('practice_places_key').on(t.practitionerId, t.structureKey), index('practice_places_postal_idx').on(t.postalCode)],
);

export const directoryImports = pgTable('directory_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  source: text('source').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  rows: integer('rows').notNull().default(0),
  added: integer('added').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  deactivated: integer('deactivated').notNull().default(0),
  /** The first unreadable rows: line number and reason. */
  errors: jsonb('errors').$type<{ line: number; error: string }[]>().notNull().default([]),
  errorCount: integer('error_count').notNull().default(0),
});
