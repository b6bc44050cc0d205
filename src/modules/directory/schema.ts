import { sql } from 'drizzle-orm';
import { boolean, date, check, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export type Fees = { first?: number; followup?: number; teleconsultation?: number };

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
    /** Usual fees in cents per consultation type, as the team knows them. */
    fees: jsonb('fees').$type<Fees>().notNull().default({}),
    /** Running totals of reviews, kept with each review so ranking never aggregates on the fly. */
    ratingCount: integer('rating_count').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
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
    /** Where the coordinates came from: 'ban' (national address API), 'manual', 'demo'; null when unknown. */
    geocodeSource: text('geocode_source'),
    /** Step-free access (accessibilité PMR); null when unknown. */
    accessible: boolean('accessible'),
    active: boolean('active').notNull().default(true),
    lastSeenImport: uuid('last_seen_import'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('practice_places_key').on(t.practitionerId, t.structureKey),
    index('practice_places_postal_idx').on(t.postalCode),
    index('practice_places_practitioner_idx').on(t.practitionerId),
    // Matching looks up places in a box around the client before ranking by exact distance.
    index('practice_places_location_idx').using('gist', sql`point(${t.longitude}, ${t.latitude})`),
  ],
);

export const directoryImports = pgTable('directory_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  source: text('source').notNull(),
  /** running → done, or failed (e.g. an interrupted upload: nobody is deactivated then). */
  status: text('status').notNull().default('running'),
  startedById: uuid('started_by_id'),
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

/**
 * Providers (prestataires): clinics, hospitals, laboratories, imaging centres, pharmacies, transport,
 * lodging. Entered by the team; searchable next to practitioners.
 */
export const providers = pgTable(
  'providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    finess: text('finess'),
    siret: text('siret'),
    street: text('street'),
    postalCode: text('postal_code').notNull(),
    city: text('city').notNull(),
    phone: text('phone'),
    email: text('email'),
    website: text('website'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    geocodeSource: text('geocode_source'),
    /** What they offer, in the team's words (e.g. "IRM", "taxi conventionné CPAM", "chambre PMR"). */
    services: text('services').array().notNull().default(sql`'{}'::text[]`),
    networkStatus: text('network_status').notNull().default('none'),
    teamNotes: text('team_notes'),
    ratingCount: integer('rating_count').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    active: boolean('active').notNull().default(true),
    searchName: text('search_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('providers_kind_check', sql`${t.kind} in ('clinic','hospital','laboratory','imaging','pharmacy','taxi','vsl','ambulance','lodging')`),
    check('providers_network_check', sql`${t.networkStatus} in ('none','partner')`),
    unique('providers_finess_key').on(t.finess),
    index('providers_search_trgm_idx').using('gin', t.searchName.op('gin_trgm_ops')),
    index('providers_postal_idx').on(t.postalCode),
  ],
);

/**
 * Verification of a network partner: who checked the RPPS/licence and certifications, when, on what
 * evidence, and until when it holds. The latest record is the one that counts.
 */
export const practitionerVerifications = pgTable(
  'practitioner_verifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practitionerId: uuid('practitioner_id')
      .notNull()
      .references(() => practitioners.id),
    checkedById: uuid('checked_by_id').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    rppsChecked: boolean('rpps_checked').notNull(),
    licenceChecked: boolean('licence_checked').notNull(),
    certifications: text('certifications'),
    evidence: text('evidence').notNull(),
    expiresOn: date('expires_on').notNull(),
    /** When the team was reminded that it needs re-checking (once per record). */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [index('practitioner_verifications_idx').on(t.practitionerId, t.checkedAt)],
);

/** Ratings: staff feedback now, satisfaction surveys later (source). Never invented. */
export const directoryReviews = pgTable(
  'directory_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    practitionerId: uuid('practitioner_id').references(() => practitioners.id),
    providerId: uuid('provider_id').references(() => providers.id),
    source: text('source').notNull(),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    authorId: uuid('author_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('directory_reviews_rating_check', sql`${t.rating} between 1 and 5`),
    check('directory_reviews_source_check', sql`${t.source} in ('staff','survey')`),
    check('directory_reviews_target_check', sql`num_nonnulls(${t.practitionerId}, ${t.providerId}) = 1`),
    index('directory_reviews_practitioner_idx').on(t.practitionerId),
    index('directory_reviews_provider_idx').on(t.providerId),
  ],
);

/** Geocoding answers, so an address is asked of the national API once (misses are kept too, for a while). */
export const geocodeCache = pgTable('geocode_cache', {
  key: text('key').primaryKey(),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  label: text('label'),
  score: doublePrecision('score'),
  source: text('source').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
